/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — watch: the readiness rule (ready.h) for another event loop.
 *
 * The record is dirty after the watch is made, after a dispatch that left
 * a wanted event, and after any zmqx call on the socket: then
 * zmqx_watch_pending reads ZMQ_EVENTS. A call on the socket that makes a
 * clean record dirty tells the hook (ZMQX_WATCH_TOUCHED), so that a loop
 * with no "before blocking" stage (libevent) can schedule a look.
 *
 * A watch destroyed inside its own fn is freed when the dispatch that
 * called fn returns. */
#include "fail.h"
#include "ready.h"
#include "sock.h"

#include <stddef.h>
#include <stdlib.h>

struct zmqx_watch {
    zmqx__ready_t ready;        /* ready.wanted: the events watched (0: paused) */
    zmqx_watch_fn *fn;
    void *arg;
    zmqx_watch_hook_fn *hook;
    void *hook_arg;
    int in_fn;                  /* fn is running */
    int doomed;                 /* destroyed inside fn: free after it */
    zmqx__origin_t origin;      /* made before a fork()? */
};

static zmqx_watch_t *of(zmqx__ready_t *r)
{
    return (zmqx_watch_t *) (void *) ((char *) r - offsetof(zmqx_watch_t, ready));
}

static void tell(zmqx_watch_t *w, int what)
{
    if (w->hook != NULL)
        w->hook(w, what, w->hook_arg);
}

static void on_dirty(zmqx__ready_t *r)
{
    zmqx_watch_t *w = of(r);
    if (!w->in_fn)
        tell(w, ZMQX_WATCH_TOUCHED);
}

/* GONE is told once: after it the hook hears nothing. */
static void tell_gone(zmqx_watch_t *w)
{
    tell(w, ZMQX_WATCH_GONE);
    w->hook = NULL;
}

static void on_gone(zmqx__ready_t *r)
{
    tell_gone(of(r));
}

static int check_watch(const zmqx_watch_t *w, const char *op)
{
    if (w == NULL)
        return zmqx__fail(op, NULL, EINVAL, "watch is NULL");
    return zmqx__origin_check(&w->origin, op, "watch");
}

static int gone_error(const char *op)
{
    return zmqx__fail(op, NULL, ENOTSOCK, "the watched socket was destroyed");
}

zmqx_watch_t *zmqx_watch_new(zmqx_socket_t *s, int events, zmqx_watch_fn *fn, void *arg)
{
    const char *op = "watch_new";
    if (zmqx__ready_check_events(events, 0, op) != 0)
        return NULL;
    if (fn == NULL)
        return zmqx__fail_null(op, NULL, EINVAL, "handler is NULL");
    if (zmqx__sock_open(s, op) != 0)
        return NULL;
    zmqx_watch_t *w = calloc(1, sizeof *w);
    if (w == NULL)
        return zmqx__fail_null(op, NULL, ENOMEM, NULL);
    if (zmqx__ready_attach(&w->ready, s, events, w, op) != 0) {
        free(w);
        return NULL;
    }
    w->ready.on_dirty = on_dirty;
    w->ready.on_gone = on_gone;
    w->fn = fn;
    w->arg = arg;
    zmqx__origin_init(&w->origin);
    return w;
}

void zmqx_watch_destroy(zmqx_watch_t **wp)
{
    if (wp == NULL || *wp == NULL)
        return;
    zmqx_watch_t *w = *wp;
    *wp = NULL;
    int saved = errno;
    tell_gone(w);
    zmqx__ready_detach(&w->ready);
    if (w->in_fn)
        w->doomed = 1;
    else
        free(w);
    errno = saved;
}

int zmqx_watch_fd(const zmqx_watch_t *w)
{
    if (check_watch(w, "watch_fd") != 0)
        return -1;
    if (w->ready.s == NULL)
        return gone_error("watch_fd");
    return w->ready.fd;
}

int zmqx_watch_pending(zmqx_watch_t *w)
{
    if (check_watch(w, "watch_pending") != 0)
        return -1;
    if (w->ready.s == NULL || !w->ready.dirty)
        return 0;
    int events = zmqx__ready_events(&w->ready);
    if (events < 0)
        return zmqx__ready_fail(&w->ready, "watch_pending");
    return events != 0;
}

/* Call fn once with events; 0 to go on, 1 when the watch was destroyed
 * inside fn (it is freed now), -1 when fn returned -1. */
static int call(zmqx_watch_t *w, int events)
{
    w->in_fn = 1;
    int rc = w->fn(w, w->ready.s, events, w->arg);
    w->in_fn = 0;
    if (w->doomed) {
        int saved = errno;
        free(w);
        errno = saved;
        return rc != 0 ? -1 : 1;
    }
    return rc != 0 ? -1 : 0;
}

int zmqx_watch_dispatch(zmqx_watch_t *w, int budget)
{
    const char *op = "watch_dispatch";
    if (check_watch(w, op) != 0)
        return -1;
    if (budget < 0)
        return zmqx__fail(op, NULL, EINVAL, "budget %d is negative", budget);
    if (w->in_fn)
        return zmqx__fail(op, NULL, EINVAL, "dispatch inside the watch's own handler");
    int calls = 0, out_told = 0;
    /* Read ZMQ_EVENTS even when paused: that is what resets a readable fd. */
    while (w->ready.s != NULL && (budget == 0 || calls < budget)) {
        int events = zmqx__ready_events(&w->ready);
        if (events < 0)
            return zmqx__ready_fail(&w->ready, op);
        if (events == 0 || (!(events & ZMQX_POLLIN) && out_told++))
            break;
        calls++;
        int rc = call(w, events);
        if (rc != 0)
            return rc < 0 ? -1 : calls;
    }
    return calls;
}

int zmqx_watch_set_events(zmqx_watch_t *w, int events)
{
    const char *op = "watch_set_events";
    if (check_watch(w, op) != 0 || zmqx__ready_check_events(events, 1, op) != 0)
        return -1;
    if (w->ready.s == NULL)
        return gone_error(op);
    w->ready.wanted = events;
    zmqx__ready_mark(&w->ready); /* new events may be there already */
    return 0;
}

int zmqx_watch_events(const zmqx_watch_t *w)
{
    return check_watch(w, "watch_events") != 0 ? -1 : w->ready.wanted;
}

int zmqx_watch_set_hook(zmqx_watch_t *w, zmqx_watch_hook_fn *hook, void *arg)
{
    /* Taking the hook off also works on a watch made before a fork: that
     * is how an adapter lets go of it (in a child, as a destroy would). */
    if ((w == NULL || hook != NULL) && check_watch(w, "watch_set_hook") != 0)
        return -1;
    w->hook = hook;
    w->hook_arg = arg;
    return 0;
}
