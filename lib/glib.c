/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — GLib adapter of zmqx_watch (include/zmqx/glib.h).
 *
 * The source holds the watch (the shared adapter record, adapter.h) from
 * its creation until it is destroyed — by the program, by itself when a
 * dispatch fails, or when the hook hears GONE — and never touches it
 * afterwards. GLib tells a custom source nothing when it is destroyed but
 * for its callback's unref: the source's callback is its own (a no-op),
 * whose unref, once the source is destroyed, lets go of the watch at once,
 * also inside fn (a watch destroyed inside fn is freed right after fn). */
#include <zmqx/glib.h>

#include "adapter.h"

#include <errno.h>
#include <stddef.h>

typedef struct zsource {
    GSource source;       /* first: GLib allocates the whole record */
    zmqx__adapter_t a;
    gpointer tag;         /* of g_source_add_unix_fd, NULL once removed */
} zsource_t;

static zsource_t *of(GSource *source)
{
    return (zsource_t *) (void *) source;
}

static zsource_t *of_adapter(zmqx__adapter_t *a)
{
    return (zsource_t *) (void *) ((char *) a - offsetof(zsource_t, a));
}

static gboolean pending(zsource_t *z)
{
    return z->a.w != NULL && zmqx_watch_pending(z->a.w) != 0; /* -1: the dispatch says why */
}

/* Asked before every poll: a pending watch makes the poll not block. This
 * is also why the TOUCHED hook needs no g_main_context_wakeup: the zmqx
 * call that touched the socket ran on this context's thread (a watch is
 * used on its socket's thread, the thread that iterates the context), in a
 * callback or between iterations, so the next prepare, before the next
 * poll, asks zmqx_watch_pending anyway. */
static gboolean prepare(GSource *source, gint *timeout)
{
    gboolean ready = pending(of(source));
    *timeout = ready ? 0 : -1;
    return ready;
}

static gboolean check(GSource *source)
{
    zsource_t *z = of(source);
    if (z->tag != NULL && (g_source_query_unix_fd(source, z->tag) & G_IO_IN))
        return TRUE;
    return pending(z);
}

static gboolean dispatch(GSource *source, GSourceFunc callback, gpointer data)
{
    (void) callback;
    (void) data;
    zsource_t *z = of(source);
    if (z->a.w == NULL)
        return G_SOURCE_REMOVE;
    int n = zmqx__adapter_dispatch(&z->a, ZMQX_GLIB_BUDGET);
    /* n < 0: the error fn (or libzmqx: ETERM) left stays; the callback's
     * unref lets go of the watch. */
    return n >= 0 && z->a.w != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Stop polling the fd (before it closes, after GONE). */
static void drop_fd(zsource_t *z)
{
    if (z->tag != NULL && !g_source_is_destroyed(&z->source))
        g_source_remove_unix_fd(&z->source, z->tag);
    z->tag = NULL;
}

static void finalize(GSource *source)
{
    zmqx__adapter_let_go(&of(source)->a, 0); /* never attached, or the lines below missed */
}

static GSourceFuncs funcs = { prepare, check, dispatch, finalize, NULL, NULL };

/* The source's own callback: nothing to call, but its unref hears of the
 * source's destruction. */
static void cb_ref(gpointer data)
{
    (void) data;
}

static void cb_unref(gpointer data)
{
    zsource_t *z = data;
    if (g_source_is_destroyed(&z->source))
        zmqx__adapter_let_go(&z->a, 0);
}

static void cb_get(gpointer data, GSource *source, GSourceFunc *func, gpointer *arg)
{
    (void) data;
    (void) source;
    *func = NULL;
    *arg = NULL;
}

static GSourceCallbackFuncs cb_funcs = { cb_ref, cb_unref, cb_get };

/* GONE: stop polling the fd before it closes, and end the source (legal
 * inside its own dispatch too). libzmqx clears the hook itself. */
static void on_hook(zmqx_watch_t *w, int what, void *arg)
{
    (void) w;
    zsource_t *z = of_adapter(arg); /* the hook's arg is the adapter record */
    if (what != ZMQX_WATCH_GONE)
        return; /* TOUCHED: prepare looks before every poll (see there) */
    int saved = errno;
    zmqx__adapter_let_go(&z->a, 1);
    drop_fd(z);
    g_source_destroy(&z->source);
    errno = saved;
}

GSource *zmqx_glib_watch_source(zmqx_watch_t *w)
{
    if (w == NULL) {
        zmqx_error_set("glib_watch_source", EINVAL, "watch is NULL");
        return NULL;
    }
    int fd = zmqx_watch_fd(w);
    if (fd < 0)
        return NULL; /* ENOTSOCK, from libzmqx */
    GSource *source = g_source_new(&funcs, sizeof(zsource_t));
    zsource_t *z = of(source);
    if (zmqx__adapter_claim(&z->a, w, on_hook, "glib_watch_source") != 0) {
        int saved = errno;
        g_source_unref(source);
        errno = saved;
        return NULL;
    }
    g_source_set_name(source, "zmqx watch");
    g_source_set_callback_indirect(source, z, &cb_funcs);
    z->tag = g_source_add_unix_fd(source, fd, G_IO_IN);
    return source;
}
