/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — uv: a zmqx_watch in a libuv loop (libzmqx-uv, pkg-config and
 * meson name zmqx-uv; not included from <zmqx.h>).
 *
 * zmqx_uv_watch_start gives the watch three handles of its own on the
 * loop: a uv_poll_t on (a duplicate of) zmqx_watch_fd for readability, a
 * uv_prepare_t that asks zmqx_watch_pending before the loop blocks and a
 * uv_idle_t, started while the watch is pending, so that uv_run does not
 * block then (docs/event-loops.md). fn is called from uv_run, at most
 * ZMQX_UV_BUDGET times per callback. The loop, the watch and its socket
 * belong to one thread. The adapter sets the watch's hook
 * (zmqx_watch_set_hook): a watch runs in one adapter at a time, and
 * nothing else may set its hook while it is started.
 *
 * Errors fill errno and this thread's zmqx error (zmqx_strerror), as
 * libzmqx's own calls do.
 *
 * libuv's <uv.h> needs POSIX's declarations: a program built with
 * -std=c11 defines _POSIX_C_SOURCE 200809L (or _GNU_SOURCE) first. */
#ifndef ZMQX_UV_H
#define ZMQX_UV_H

#include <uv.h>

#include <zmqx/watch.h>

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many calls of fn per libuv callback (one
 * zmqx_watch_dispatch): a busy socket then lets the rest of the loop run
 * (its timers, other handles) between batches. */
#define ZMQX_UV_BUDGET 64

/* Start dispatching w from loop. 0, or -1: EINVAL (NULL loop
 * or w), EEXIST (w is started already, in this or another loop), ENOTSOCK
 * (w's socket was destroyed: zmqx's message), EMFILE, ENOMEM, or the
 * error of the libuv call that failed. When fn returns -1 or a dispatch
 * fails (ETERM: the context was shut down), the adapter stops the watch
 * (as zmqx_uv_watch_stop) and the error stays this thread's. Destroying
 * the watch or its socket stops it too. */
ZMQX_EXPORT int zmqx_uv_watch_start(uv_loop_t *loop, zmqx_watch_t *w);

/* Stop dispatching w: its handles are closed (fn is not called again,
 * also when called inside fn) and their memory freed by their close
 * callbacks, which the loop's next uv_run runs; then uv_loop_close may
 * give 0. w itself may be destroyed right after this call. 0, also for a
 * watch that is not started (stopped twice, or by the adapter); -1 with
 * EINVAL for NULL. Leaves errno as it was on success. */
ZMQX_EXPORT int zmqx_uv_watch_stop(zmqx_watch_t *w);

#ifdef __cplusplus
}
#endif

#endif
