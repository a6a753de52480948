/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — proxy: forwarding between two sockets, plain and steerable
 * (libzmq's proxy and its control protocol, without losing the message in
 * flight when a signal interrupts it). */
#ifndef ZMQX_PROXY_H
#define ZMQX_PROXY_H

#include <stdint.h>

#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_proxy_s zmqx_proxy_t; /* tags end in _s: in C++ a tag named like the function zmqx_proxy would be shadowed by it */

/* What the STATISTICS command reports, in libzmq's order. A message of
 * several parts counts once; bytes are the sum of its parts. */
typedef struct zmqx_proxy_stats_s {
    uint64_t frontend_msgs_in;   /* received by the frontend */
    uint64_t frontend_bytes_in;
    uint64_t frontend_msgs_out;  /* sent out of the frontend */
    uint64_t frontend_bytes_out;
    uint64_t backend_msgs_in;    /* received by the backend */
    uint64_t backend_bytes_in;
    uint64_t backend_msgs_out;   /* sent out of the backend */
    uint64_t backend_bytes_out;
} zmqx_proxy_stats_t;

/* Run a proxy on this thread: move messages frontend -> backend and back
 * (frontend may equal backend), copying each part to capture (may be
 * NULL). Blocks until the context is shut down, then returns 0. A signal
 * never costs a message: an EINTR while a message is in flight is retried
 * inside, within the socket's send timeout. -1 with errno: EINVAL (NULL
 * socket), ENOTSOCK (closed socket), EINTR (a signal came while it waited
 * with no message in flight: nothing is lost, call again to go on), or
 * what a forwarding send/receive failed with: EAGAIN with
 * zmqx_error_is_timeout() when a send (to the other side or to capture)
 * timed out, EHOSTUNREACH ... (the message being forwarded is then lost).
 * The sockets belong to this thread from now on (it takes them over as
 * zmqx_socket_handover does). */
ZMQX_EXPORT int zmqx_proxy(zmqx_socket_t *frontend, zmqx_socket_t *backend,
                           zmqx_socket_t *capture);

/* A steerable proxy over these sockets (capture may be NULL), with a
 * private inproc control pair in the frontend's context. The sockets must
 * outlive it. NULL with errno (EINVAL, ENOTSOCK, ETERM, ENOMEM) on failure. */
ZMQX_EXPORT zmqx_proxy_t *zmqx_proxy_new(zmqx_socket_t *frontend, zmqx_socket_t *backend,
                                         zmqx_socket_t *capture);

/* Run the proxy on the calling thread (start a thread for it), which takes
 * the three sockets over; control commands are never copied to capture.
 * Returns 0 after zmqx_proxy_terminate or a context shutdown (a later run
 * starts afresh: forwarding, counters at 0); -1 with errno as for
 * zmqx_proxy (after EINTR, call again: the pause state and the counters
 * carry on), or EBUSY if it is already running. Control commands sent
 * before it starts take effect when it does. */
ZMQX_EXPORT int zmqx_proxy_run(zmqx_proxy_t *p);

/* From any thread: stop forwarding (messages wait in the sockets' queues)
 * or forward again. Each returns 0 once the proxy has applied the command,
 * -1 with EAGAIN (zmqx_error_is_timeout) if it did not confirm within the
 * control timeout (not running? the command stays queued for run), ETERM,
 * EINTR (a retry keeps the deadline of the interrupted call), ENOTSOCK,
 * EINVAL (NULL). */
ZMQX_EXPORT int zmqx_proxy_pause(zmqx_proxy_t *p);
ZMQX_EXPORT int zmqx_proxy_resume(zmqx_proxy_t *p);

/* From any thread: ask run() to return 0. Returns once the command is
 * queued (it cannot be confirmed: join the proxy thread); a terminate sent
 * before run() starts makes it return at once. -1 with ETERM, ENOTSOCK,
 * EINVAL (NULL). */
ZMQX_EXPORT int zmqx_proxy_terminate(zmqx_proxy_t *p);

/* From any thread: fill *stats with the running proxy's counters. -1 with
 * EAGAIN (timeout, as for pause), ETERM, EINTR, EPROTO (malformed reply),
 * ENOTSOCK, EINVAL (NULL p), EFAULT (NULL stats). */
ZMQX_EXPORT int zmqx_proxy_stats(zmqx_proxy_t *p, zmqx_proxy_stats_t *stats);

/* The longest a control call (pause, resume, stats) waits for the proxy,
 * in ms (>= 0; there is no "forever"). Default ZMQX_PROXY_TIMEOUT_MS. */
ZMQX_EXPORT int zmqx_proxy_set_timeout(zmqx_proxy_t *p, int ms);

/* Free the proxy and set *pp to NULL; safe twice and on NULL. If run() is
 * still going, terminate it first and wait up to the control timeout for
 * it to return (if it does not, the proxy is left allocated rather than
 * freed under it). Join the proxy thread before destroying its sockets.
 * In a forked child, on a proxy made before the fork, it only frees
 * zmqx's memory, at once: the libzmq state and run()'s thread are the
 * parent's. */
ZMQX_EXPORT void zmqx_proxy_destroy(zmqx_proxy_t **pp);

/* Default control timeout of a steerable proxy. */
#define ZMQX_PROXY_TIMEOUT_MS 1000

#ifdef __cplusplus
}
#endif
#endif
