/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — monitor: a socket's connection events (libzmq's socket monitor). */
#ifndef ZMQX_MONITOR_H
#define ZMQX_MONITOR_H

#include <stdint.h>

#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_monitor zmqx_monitor_t;

/* One decoded event (libzmq's event version 1). */
typedef struct zmqx_monitor_event {
    int event;           /* ZMQ_EVENT_CONNECTED ... (one bit) */
    int64_t value;       /* fd, errno, reconnect interval (ms) or status, per event */
    char endpoint[256];  /* the address involved ("" for MONITOR_STOPPED), truncated */
} zmqx_monitor_event_t;

/* Watch s for the ZMQ_EVENT_* bits in events (0 = ZMQ_EVENT_ALL) over a
 * private inproc pair; only tcp, ipc and tipc endpoints report events. One
 * monitor per socket: a second is EBUSY. NULL with errno (EINVAL: NULL
 * socket or a mask outside ZMQ_EVENT_ALL; ENOTSOCK; ETERM ...) on failure. */
ZMQX_EXPORT zmqx_monitor_t *zmqx_monitor_new(zmqx_socket_t *s, int events);

/* Receive the next event into *ev, waiting up to timeout_ms (-1 = forever,
 * 0 = do not wait). -1 with EAGAIN and zmqx_error_is_timeout() on timeout;
 * EPIPE once monitoring has stopped (MONITOR_STOPPED came: the watched
 * socket was closed; it is returned as an event only if it was asked for);
 * EINVAL/EFAULT for NULL arguments; ETERM; EINTR (a retry with the same
 * timeout keeps the deadline); ENOTSOCK after
 * zmqx_ctx_destroy; EPERM under ZMQX_CTX_THREAD_CHECK from a thread that
 * does not own zmqx_monitor_socket(m) (see zmqx_socket_handover). */
ZMQX_EXPORT int zmqx_monitor_recv(zmqx_monitor_t *m, zmqx_monitor_event_t *ev, int timeout_ms);

/* The name of one event code without its prefix ("CONNECTED",
 * "HANDSHAKE_SUCCEEDED" ...); NULL with EINVAL for anything else. */
ZMQX_EXPORT const char *zmqx_monitor_event_name(int event);

/* The name of a ZMQ_PROTOCOL_ERROR_* value, the value a
 * HANDSHAKE_FAILED_PROTOCOL event carries, without its prefix
 * ("ZMTP_CRYPTOGRAPHIC", "ZAP_BAD_VERSION" ...); NULL with EINVAL for
 * anything else. */
ZMQX_EXPORT const char *zmqx_monitor_protocol_error_name(int64_t value);

/* The monitor's receiving PAIR socket, to add to a poller (then call
 * zmqx_monitor_recv with timeout 0). NULL with EINVAL for NULL. */
ZMQX_EXPORT zmqx_socket_t *zmqx_monitor_socket(zmqx_monitor_t *m);

/* Stop monitoring (if the watched socket still exists), drain pending events
 * until MONITOR_STOPPED or ZMQX_MONITOR_STOP_MS pass, close the pair, free
 * and set *mp to NULL. Safe twice, on NULL, and after the watched socket or
 * the context was destroyed. Call it on the thread that uses the watched
 * socket (or after that socket is gone). In a forked child, on a monitor
 * made before the fork, it only frees zmqx's memory, at once: the libzmq
 * state is the parent's, whose monitor goes on. */
ZMQX_EXPORT void zmqx_monitor_destroy(zmqx_monitor_t **mp);

/* The longest zmqx_monitor_destroy waits for MONITOR_STOPPED. */
#define ZMQX_MONITOR_STOP_MS 500

#ifdef __cplusplus
}
#endif
#endif
