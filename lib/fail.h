/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — filling this thread's error (lib/error.c) (private). */
#ifndef ZMQX_FAIL_H
#define ZMQX_FAIL_H

#include "base.h"

/* Fill this thread's error with op, endpoint (may be NULL) and a message
 * "op endpoint: detail" (detail: strerror(code) when fmt is NULL); set
 * errno = code; return -1. */
ZMQX_HIDDEN int zmqx__fail(const char *op, const char *endpoint, int code,
                           const char *fmt, ...) ZMQX_PRINTF(4, 5);
/* The same with code = zmq_errno() and libzmq's message. */
ZMQX_HIDDEN int zmqx__fail_zmq(const char *op, const char *endpoint);
/* A timeout of timeout_ms expired: EAGAIN with timed_out set. */
ZMQX_HIDDEN int zmqx__fail_timeout(const char *op, const char *endpoint, int timeout_ms);
/* Like zmqx__fail for socket s (naming its endpoint, if any, without
 * measuring it again) with a static detail text, formatted only when the
 * error is read (the paths event loops live on: EAGAIN, EINTR); and
 * zmqx__fail_timeout for socket s. */
ZMQX_HIDDEN int zmqx__fail_sock_text(const char *op, const struct zmqx_socket *s, int code,
                                     const char *text);
ZMQX_HIDDEN int zmqx__fail_sock_timeout(const char *op, const struct zmqx_socket *s,
                                        int timeout_ms);
/* The socket's own send (send = 1) or receive timeout expired: the message
 * also says which one and where it was set. */
ZMQX_HIDDEN int zmqx__fail_sock_io_timeout(const char *op, const struct zmqx_socket *s, int send);
/* Like zmqx__fail but returns NULL. */
ZMQX_HIDDEN void *zmqx__fail_null(const char *op, const char *endpoint, int code,
                                  const char *fmt, ...) ZMQX_PRINTF(4, 5);
/* Copy this thread's error, its message written, into *out (for another
 * thread: an actor's body leaves its error to the caller). */
ZMQX_HIDDEN void zmqx__error_save(zmqx_error_t *out);
/* Make *saved (from zmqx__error_save) this thread's error; errno = its code. */
ZMQX_HIDDEN void zmqx__error_restore(const zmqx_error_t *saved);
/* Add printf-formatted text to the end of this thread's error message
 * (cut to fit): a hint after the reason. */
ZMQX_HIDDEN void zmqx__error_append(const char *fmt, ...) ZMQX_PRINTF(1, 2);
/* Record how many parts zmqx_send_msg sent before it failed. */
ZMQX_HIDDEN void zmqx__error_set_parts(size_t parts);

#endif
