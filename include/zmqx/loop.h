/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — loop: a reactor over sockets, plain file descriptors and timers.
 *
 * Handlers are level-triggered: a socket's handler is called once per pass
 * while the socket has an event it asked for, whatever its ZMQ_FD does
 * underneath (docs/loop-and-actors.md, "The readiness rule"). */
#ifndef ZMQX_LOOP_H
#define ZMQX_LOOP_H

#include <zmqx/poller.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_loop zmqx_loop_t;

/* Handlers return 0 to go on, -1 to end zmqx_loop_run with -1 (the error
 * the handler left stays this thread's error). events: what is ready now,
 * among what the item asked for. */
typedef int zmqx_loop_socket_fn(zmqx_loop_t *loop, zmqx_socket_t *s, int events, void *arg);
typedef int zmqx_loop_fd_fn(zmqx_loop_t *loop, int fd, int events, void *arg);
typedef int zmqx_loop_timer_fn(zmqx_loop_t *loop, int timer_id, void *arg);

/* A new, empty loop. NULL with errno (ENOMEM; EMFILE: no fd for the
 * backend or the wake-up channel). Not thread-safe, except zmqx_loop_stop. */
ZMQX_EXPORT zmqx_loop_t *zmqx_loop_new(void);

/* Remove every item (not closing the sockets or fds), free the loop and set
 * *loopp to NULL. Safe twice and on NULL; not from inside a handler. A
 * forked child may destroy a loop made before the fork (every other call on
 * it fails with ESTALE). */
ZMQX_EXPORT void zmqx_loop_destroy(zmqx_loop_t **loopp);

/* Call fn whenever s has one of events (ZMQX_POLLIN | ZMQX_POLLOUT). Every
 * zmqx call on s then leaves the inline fast path, so that the loop sees
 * it. 0, or -1: EINVAL (NULL, bad events, a thread-safe draft socket: it
 * has no ZMQ_FD), EEXIST (s is in the loop), ENOTSOCK, EPERM, ENOMEM. */
ZMQX_EXPORT int zmqx_loop_add(zmqx_loop_t *loop, zmqx_socket_t *s, int events,
                              zmqx_loop_socket_fn *fn, void *arg);

/* Call fn whenever fd is readable (ZMQX_POLLIN) or writable (ZMQX_POLLOUT);
 * fn also gets ZMQX_POLLERR for an error or hang-up. 0, or -1: EINVAL
 * (NULL, fd < 0, bad events), EBADF (fd not open), EEXIST, ENOMEM.
 * Remove an fd before closing it. */
ZMQX_EXPORT int zmqx_loop_add_fd(zmqx_loop_t *loop, int fd, int events, zmqx_loop_fd_fn *fn,
                                 void *arg);

/* Stop watching s / fd, at once (also inside any handler: a removed item's
 * handler is not called again, not even later in the same pass). 0, or -1
 * with EINVAL (NULL) or ENOENT (not in the loop). Destroying a socket
 * removes it from every loop. */
ZMQX_EXPORT int zmqx_loop_remove(zmqx_loop_t *loop, zmqx_socket_t *s);
ZMQX_EXPORT int zmqx_loop_remove_fd(zmqx_loop_t *loop, int fd);

/* A timer: fn is called every interval_ms, times times (0: until
 * cancelled), on a grid that starts now (no drift; a late tick fires once,
 * the ticks missed meanwhile are skipped). The timer's id (> 0), or -1 with
 * EINVAL (NULL, interval <= 0 or above 2^40 ms, times < 0) or ENOMEM. */
ZMQX_EXPORT int zmqx_loop_timer(zmqx_loop_t *loop, long interval_ms, int times,
                                zmqx_loop_timer_fn *fn, void *arg);

/* Restart the timer as new, now: its next firing is now + its interval,
 * with all its times to go (inside its own last firing too: that re-arms
 * a one-shot timer). 0, or -1 with EINVAL (NULL) or ENOENT (no such timer). */
ZMQX_EXPORT int zmqx_loop_timer_reset(zmqx_loop_t *loop, int timer_id);

/* Cancel a timer, at once (also inside a handler). 0, or -1 with EINVAL or
 * ENOENT. */
ZMQX_EXPORT int zmqx_loop_timer_cancel(zmqx_loop_t *loop, int timer_id);

/* Run until stopped (0), until nothing is registered (0), or until a
 * handler returns -1 (-1, its error). -1 with EINTR when a signal
 * interrupted the wait (run again to go on) unless that signal's handler
 * called zmqx_loop_stop (0); -1 with ETERM when a socket's context was shut
 * down; EINVAL for NULL or a run inside a handler. Installs no signal
 * handler. */
ZMQX_EXPORT int zmqx_loop_run(zmqx_loop_t *loop);

/* Make zmqx_loop_run return 0 after the current handler (or, if it is not
 * running, make the next run return at once, once). Safe from any thread
 * and from a signal handler. 0, or -1 with EINVAL (NULL). */
ZMQX_EXPORT int zmqx_loop_stop(zmqx_loop_t *loop);

#ifdef __cplusplus
}
#endif
#endif
