/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — poller: wait on several sockets and plain file descriptors at once. */
#ifndef ZMQX_POLLER_H
#define ZMQX_POLLER_H

#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Poll events (same values as libzmq's ZMQ_POLLIN/OUT/ERR). */
#ifndef ZMQX_POLLIN
#define ZMQX_POLLIN 1  /* a message (or bytes) can be read */
#endif
#ifndef ZMQX_POLLOUT
#define ZMQX_POLLOUT 2 /* a message (or bytes) can be written */
#endif
#ifndef ZMQX_POLLERR
#define ZMQX_POLLERR 4 /* fd only: poll(2)'s POLLERR, POLLHUP or POLLNVAL */
#endif

typedef struct zmqx_poller zmqx_poller_t;

/* One ready item, as zmqx_poller_wait reports it (a copy: it stays valid
 * whatever happens to the poller afterwards). */
typedef struct zmqx_poll_event {
    zmqx_socket_t *socket; /* NULL for a plain fd */
    int fd;                /* -1 for a socket */
    short events;          /* ZMQX_POLLIN | ZMQX_POLLOUT | ZMQX_POLLERR that are ready */
    void *user;            /* the pointer given to add / add_fd */
} zmqx_poll_event_t;

/* A new, empty poller. NULL with errno (ENOMEM, EMFILE: no fd for the
 * wake-up channel) on failure. Not thread-safe, except zmqx_poller_wake. */
ZMQX_EXPORT zmqx_poller_t *zmqx_poller_new(void);

/* Free the poller (not the sockets or fds in it) and set *pp to NULL.
 * Safe twice and on NULL. A forked child may destroy a poller made before
 * the fork (every other call on it fails with ESTALE). */
ZMQX_EXPORT void zmqx_poller_destroy(zmqx_poller_t **pp);

/* Watch socket s for events (ZMQX_POLLIN | ZMQX_POLLOUT; 0 = registered
 * but paused), reported with user. Destroying s removes it from p.
 * 0, or -1: EINVAL (NULL, bad events), ENOTSOCK (s closed), EEXIST. */
ZMQX_EXPORT int zmqx_poller_add(zmqx_poller_t *p, zmqx_socket_t *s, short events, void *user);

/* Watch a plain file descriptor; ZMQX_POLLERR is reported whether asked
 * for or not. 0, or -1: EINVAL (NULL, fd < 0, bad events), EBADF (fd not
 * open), EEXIST. */
ZMQX_EXPORT int zmqx_poller_add_fd(zmqx_poller_t *p, int fd, short events, void *user);

/* Change the events watched on s / fd (same rules as add); the item keeps
 * its place and user pointer. 0, or -1: EINVAL, ENOTSOCK, ENOENT. */
ZMQX_EXPORT int zmqx_poller_modify(zmqx_poller_t *p, zmqx_socket_t *s, short events);
ZMQX_EXPORT int zmqx_poller_modify_fd(zmqx_poller_t *p, int fd, short events);

/* Stop watching s / fd (also a closed socket). Safe between waits, also
 * while handling the events of the last wait. 0, or -1: EINVAL, ENOENT. */
ZMQX_EXPORT int zmqx_poller_remove(zmqx_poller_t *p, zmqx_socket_t *s);
ZMQX_EXPORT int zmqx_poller_remove_fd(zmqx_poller_t *p, int fd);

/* How many sockets and fds are registered; -1 (EINVAL) for NULL. */
ZMQX_EXPORT int zmqx_poller_size(const zmqx_poller_t *p);

/* Wait up to timeout_ms (0: do not wait; -1: forever) until some item is
 * ready, then write every ready item, in registration order, up to max, to
 * out. Returns how many it wrote (>= 1), or -1: EAGAIN on timeout
 * (zmqx_error_is_timeout, timeout_ms set), ECANCELED after
 * zmqx_poller_wake, EINTR (a retry with the same timeout keeps the
 * deadline), ETERM (a socket's context was shut down), ENOTSOCK (a
 * registered socket was closed), EINVAL (NULL, max < 1, timeout < -1, or
 * forever with nothing registered). Allocates nothing. */
ZMQX_EXPORT int zmqx_poller_wait(zmqx_poller_t *p, zmqx_poll_event_t *out, int max,
                                 long timeout_ms);

/* From any thread (or a signal handler): make the wait in progress, or the
 * next one if none is, fail once with ECANCELED ("poller woken"). Several
 * wakes before a wait count as one. 0, or -1 (EINVAL for NULL). */
ZMQX_EXPORT int zmqx_poller_wake(zmqx_poller_t *p);

#ifdef __cplusplus
}
#endif
#endif
