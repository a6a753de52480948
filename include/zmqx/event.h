/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — a zmqx_watch in a libevent loop (libzmqx-event: pkg-config and
 * meson name zmqx-event; not included from <zmqx.h>).
 *
 * The adapter keeps a persistent EV_READ event on zmqx_watch_fd and calls
 * zmqx_watch_dispatch with a budget of ZMQX_EVENT_BUDGET each time the fd
 * is readable or a look is due. libevent has no "before blocking" stage,
 * so a look is scheduled instead: right after the start, after a dispatch
 * that left the watch pending (a zero timeout: the loop polls its other
 * fds and runs its due timers first, then dispatches again), and when a
 * zmqx call on the socket outside fn may have hidden a message
 * (event_active). One watch belongs to one adapter at a time. Use it on
 * the thread that runs the event_base and owns the socket.
 *
 * Errors fill errno and this thread's zmqx error (zmqx_strerror), as
 * libzmqx's own calls do. */
#ifndef ZMQX_EVENT_H
#define ZMQX_EVENT_H

#include <event2/event.h>
#include <zmqx/watch.h>

#ifdef __cplusplus
extern "C" {
#endif

/* fn calls per dispatch: a busy socket lets the rest of the loop run
 * between every ZMQX_EVENT_BUDGET messages. */
#define ZMQX_EVENT_BUDGET 64

/* Watch w in base until zmqx_event_watch_stop, until fn returns -1 or a
 * dispatch fails (ETERM: the context was shut down) — the watch is stopped
 * then and the error stays this thread's — or until the socket or the
 * watch is destroyed. 0, or -1 with EINVAL (NULL base or w), EEXIST
 * (w is started already), ENOTSOCK (the socket was destroyed), ENOMEM. */
ZMQX_EXPORT int zmqx_event_watch_start(struct event_base *base, zmqx_watch_t *w);

/* Stop watching w: its events leave the base at once (also from inside
 * fn), so that event_base_dispatch returns when nothing else is there.
 * zmqx_watch_destroy may follow at once (not inside fn). 0 (also when w
 * is not started), or -1 with EINVAL (NULL). */
ZMQX_EXPORT int zmqx_event_watch_stop(zmqx_watch_t *w);

#ifdef __cplusplus
}
#endif

#endif
