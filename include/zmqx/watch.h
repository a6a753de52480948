/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — watch: a ZeroMQ socket in another event loop (libuv, libevent,
 * GLib, epoll, ...).
 *
 * The readiness rule as a building block (docs/event-loops.md): register
 * zmqx_watch_fd for readability only; call zmqx_watch_dispatch when it is
 * readable, and whenever zmqx_watch_pending says 1 before the loop blocks.
 * fn is then called for every wanted event, including messages queued
 * before the watch existed and those whose signal a send made outside fn
 * took away. The adapters (<zmqx/uv.h>, <zmqx/event.h>, <zmqx/glib.h>) do
 * this for their loops. Not thread-safe: use a watch on its socket's
 * thread. */
#ifndef ZMQX_WATCH_H
#define ZMQX_WATCH_H

#include <zmqx/poller.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_watch zmqx_watch_t;

/* Called with the wanted events s has now (ZMQX_POLLIN, ZMQX_POLLOUT).
 * Return 0 to go on, -1 to end the dispatch with -1 (the error fn left
 * stays this thread's error; an adapter then stops the watch). */
typedef int zmqx_watch_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg);

/* For adapters: what a hook hears. */
#define ZMQX_WATCH_TOUCHED 1 /* a zmqx call on the socket outside dispatch: the
                                watch may be pending now (check before blocking) */
#define ZMQX_WATCH_GONE 2    /* the socket or the watch is being destroyed: stop
                                using the fd and the watch now (the fd closes next) */

typedef void zmqx_watch_hook_fn(zmqx_watch_t *w, int what, void *arg);

/* Watch s for events (ZMQX_POLLIN | ZMQX_POLLOUT), calling fn. Every zmqx
 * call on s then leaves the inline fast path, so that the watch sees it (a
 * call made on zmqx_socket_handle(s) directly is not seen). NULL with
 * EINVAL (NULL s or fn, bad events, a thread-safe draft socket: it has no
 * ZMQ_FD), ENOTSOCK, EPERM (another thread's socket), ETERM, ENOMEM. */
ZMQX_EXPORT zmqx_watch_t *zmqx_watch_new(zmqx_socket_t *s, int events, zmqx_watch_fn *fn,
                                         void *arg);

/* Tell the hook (ZMQX_WATCH_GONE), stop watching, free the watch and set
 * *wp to NULL. Safe twice and on NULL; not from inside fn. A forked child
 * may destroy a watch made before the fork (every other call on it fails
 * with ESTALE). */
ZMQX_EXPORT void zmqx_watch_destroy(zmqx_watch_t **wp);

/* The fd to register for readability (never for writability, even for
 * ZMQX_POLLOUT), or -1 with EINVAL (NULL) or ENOTSOCK (the socket was
 * destroyed). */
ZMQX_EXPORT int zmqx_watch_fd(const zmqx_watch_t *w);

/* 1 when the socket has a wanted event now (call zmqx_watch_dispatch, do
 * not block), 0 when the loop may wait for the fd; -1 with EINVAL (NULL)
 * or ETERM (the context was shut down: dispatch to hear of it). Cheap
 * when nothing happened on the socket since the last look. */
ZMQX_EXPORT int zmqx_watch_pending(zmqx_watch_t *w);

/* Call fn while the socket has a wanted event, at most budget times (0:
 * no limit for ZMQX_POLLIN; ZMQX_POLLOUT alone is reported at most once
 * per call, since fn need not send). Call it when the fd is readable or
 * zmqx_watch_pending says 1. The number of calls of fn (0 when paused or
 * the socket is gone), or -1: fn returned -1, EINVAL (NULL, budget < 0,
 * called inside fn), ETERM (the context was shut down). With budget 0, fn
 * must take the message it gets ZMQX_POLLIN for, or the call never ends:
 * an adapter passes a budget, so that one busy socket does not starve the
 * rest of its loop. */
ZMQX_EXPORT int zmqx_watch_dispatch(zmqx_watch_t *w, int budget);

/* Watch for events from now on; 0 pauses the watch (also inside fn). 0, or
 * -1 with EINVAL (NULL, bad events) or ENOTSOCK (the socket was destroyed). */
ZMQX_EXPORT int zmqx_watch_set_events(zmqx_watch_t *w, int events);

/* The events watched for (0: paused), or -1 with EINVAL (NULL). */
ZMQX_EXPORT int zmqx_watch_events(const zmqx_watch_t *w);

/* For adapters: call hook(w, what, arg) on the events above (NULL: none).
 * ZMQX_WATCH_TOUCHED comes once per change from idle, at the start of the
 * zmqx call that caused it and with the socket's lock held: the hook only
 * schedules a look for later (libevent: event_active), since the call has
 * not happened yet; it calls no zmqx function. 0, or -1 with EINVAL (or
 * ESTALE: a watch made before a fork; taking the hook off, hook NULL,
 * works there too, as adapters let go of a watch so). */
ZMQX_EXPORT int zmqx_watch_set_hook(zmqx_watch_t *w, zmqx_watch_hook_fn *hook, void *arg);

#ifdef __cplusplus
}
#endif

#endif
