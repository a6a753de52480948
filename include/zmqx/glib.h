/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — a zmqx_watch in a GLib main loop (libzmqx-glib: pkg-config and
 * meson name zmqx-glib; not included from <zmqx.h>).
 *
 * The source polls zmqx_watch_fd for G_IO_IN; its prepare asks
 * zmqx_watch_pending before every poll (1: ready, poll timeout 0), its
 * check looks at the fd and asks again, and its dispatch calls
 * zmqx_watch_dispatch with a budget of ZMQX_GLIB_BUDGET. Iterate its
 * GMainContext on the thread that owns the socket. One watch belongs to
 * one adapter at a time. */
#ifndef ZMQX_GLIB_H
#define ZMQX_GLIB_H

#include <glib.h>
#include <zmqx/watch.h>

#ifdef __cplusplus
extern "C" {
#endif

/* fn calls per dispatch: a busy socket lets the rest of the context run
 * between every ZMQX_GLIB_BUDGET messages. */
#define ZMQX_GLIB_BUDGET 64

/* A new source that watches w: g_source_attach it to a GMainContext, then
 * g_source_unref it (or keep a reference). It calls no callback of its own
 * (do not g_source_set_callback it): fn does the work. Destroying the
 * source stops watching; w may get a new source once this one is
 * finalized (destroyed, and its last reference dropped). The source
 * destroys itself when fn returns -1 or a dispatch fails (ETERM: the
 * context was shut down; the error stays this thread's), and when the
 * socket or the watch is destroyed (zmqx_watch_destroy may come while the
 * source is attached, but not inside fn). NULL with EINVAL (NULL),
 * EEXIST (w has a source already) or ENOTSOCK (the socket was destroyed),
 * in errno and this thread's zmqx error. Out of memory aborts, as GLib's
 * allocations do. */
ZMQX_EXPORT GSource *zmqx_glib_watch_source(zmqx_watch_t *w);

#ifdef __cplusplus
}
#endif

#endif
