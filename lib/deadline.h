/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — deadlines kept across EINTR, and the monotonic clock (lib/deadline.c) (private). */
#ifndef ZMQX_DEADLINE_H
#define ZMQX_DEADLINE_H

#include "base.h"

/* Kinds of wait, so that a retry is recognised as the same call. */
enum { ZMQX__WAIT_RECV, ZMQX__WAIT_SEND, ZMQX__WAIT_SOCKET, ZMQX__WAIT_POLLER,
       ZMQX__WAIT_CONTROL, ZMQX__WAIT_RECV_OWN, ZMQX__WAIT_SEND_OWN /* socket's timeout */ };
/* The deadline of a wait of timeout_ms (-1: none, INT64_MAX; 0: 0, no
 * clock read) of this kind on obj: the interrupted call's when this one
 * retries it (same thread, object, kind and timeout, next waiting call),
 * else now + timeout_ms. Consumes what was pending. */
ZMQX_HIDDEN int64_t zmqx__deadline_start(const void *obj, int kind, long timeout_ms);
/* Only the retried deadline, or 0 when this call retries nothing. */
ZMQX_HIDDEN int64_t zmqx__deadline_pending(const void *obj, int kind, long timeout_ms);
/* This wait failed with EINTR: a retry keeps deadline. */
ZMQX_HIDDEN void zmqx__deadline_interrupted(const void *obj, int kind, long timeout_ms,
                                            int64_t deadline);
/* What is left of deadline, for zmq_poll: -1 (INT64_MAX), 0 when due. */
ZMQX_HIDDEN long zmqx__deadline_left(int64_t deadline);

/* Monotonic clock in ms. */
ZMQX_HIDDEN int64_t zmqx__now_ms(void);

#endif
