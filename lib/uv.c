/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — uv: the libuv adapter of zmqx_watch (include/zmqx/uv.h). A
 * library of its own over libzmqx's public API only.
 *
 * Why a prepare and an idle handle: libuv 1.44's uv_run (src/unix/core.c)
 * runs, in each iteration, the due timers, the pending callbacks, the idle
 * handles, the prepare handles, and only then computes how long to poll:
 * uv__backend_timeout, which is 0 while any idle handle is active (also in
 * UV_RUN_ONCE mode, where it is computed after the prepare handles too);
 * then it polls, runs the check handles and the close callbacks. (libuv
 * 1.45 moved the timers after the poll; the order from idle to poll is
 * unchanged.) So a prepare callback that starts the idle handle while
 * zmqx_watch_pending says 1 keeps uv_run from blocking then, whatever the
 * fd shows; the idle callback dispatches. A zmqx call on the socket made
 * from any callback before the prepare phase (a timer's, a uv_poll's, a
 * stream's) is seen by that prepare; the hook's ZMQX_WATCH_TOUCHED starts
 * the idle handle as well, for calls made after our prepare callback ran:
 * libuv runs the newest prepare handle first, so a program's prepare
 * callback started before ours runs after it.
 *
 * The state is an allocation of its own, freed by the last of its three
 * handles' close callbacks: the watch may be destroyed any time after
 * zmqx_uv_watch_stop. Claims, and a stop inside fn, are the adapters'
 * shared record's (adapter.h). */
#include <zmqx/uv.h>

#include "adapter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OP_START "uv_watch_start"

typedef struct uvw {
    zmqx__adapter_t a;  /* a.w: NULL once stopped */
    uv_poll_t poll;
    uv_prepare_t prepare;
    uv_idle_t idle;
    int fd;             /* our duplicate of zmqx_watch_fd (libuv polls an fd once per loop) */
    int open;           /* handles whose close callback has not run */
} uvw_t;

static void on_close(uv_handle_t *h)
{
    uvw_t *st = h->data;
    if (--st->open == 0)
        free(st);
}

/* Stop for good: the fd leaves the loop's epoll set at once (uv_close on
 * a uv_poll_t stops it; libuv documents that the fd may be closed right
 * after), fn is never called again (inside fn: not even in this
 * dispatch), the handles close. gone: the GONE hook. Harmless twice;
 * keeps errno. */
static void halt(uvw_t *st, int gone)
{
    int saved = errno;
    int was_on = st->a.w != NULL;
    zmqx__adapter_let_go(&st->a, gone);
    if (was_on) {
        uv_close((uv_handle_t *) &st->poll, on_close);
        close(st->fd);
        uv_close((uv_handle_t *) &st->prepare, on_close);
        uv_close((uv_handle_t *) &st->idle, on_close);
    }
    errno = saved;
}

/* fn may stop the watch, or fail: then stop, with the error it left. */
static void dispatch(uvw_t *st)
{
    if (st->a.w != NULL && zmqx__adapter_dispatch(&st->a, ZMQX_UV_BUDGET) < 0)
        halt(st, 0);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    (void) status; /* an error or not, ZMQ_EVENTS is what tells */
    (void) events;
    dispatch(h->data);
}

static void on_idle(uv_idle_t *h)
{
    dispatch(h->data);
}

/* Before the loop blocks: keep it from blocking while the watch is pending
 * (-1 is ETERM: a dispatch reports it). */
static void on_prepare(uv_prepare_t *h)
{
    uvw_t *st = h->data;
    if (st->a.w == NULL)
        return;
    if (zmqx_watch_pending(st->a.w) != 0)
        uv_idle_start(&st->idle, on_idle);
    else
        uv_idle_stop(&st->idle);
}

/* Runs inside a zmqx call (TOUCHED: at its start, with the socket's lock
 * held) or inside the watch's or socket's destroy (GONE): no zmqx call. */
static void on_hook(zmqx_watch_t *w, int what, void *arg)
{
    (void) w;
    uvw_t *st = arg; /* the hook's arg is the adapter record, st's first member */
    if (what == ZMQX_WATCH_GONE)
        halt(st, 1);
    else if (what == ZMQX_WATCH_TOUCHED && st->a.w != NULL)
        uv_idle_start(&st->idle, on_idle); /* look before blocking */
}

/* The three handles on loop over a duplicate of the watch's fd: 0, or -1
 * with the error filled (nothing left open). */
static int open_handles(uvw_t *st, uv_loop_t *loop)
{
    int fd = zmqx_watch_fd(st->a.w); /* ENOTSOCK, with zmqx's message */
    if (fd < 0)
        return -1;
    st->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (st->fd < 0)
        return zmqx_error_set(OP_START, errno, "no fd for libuv to poll: %s", strerror(errno));
    int rc = uv_poll_init(loop, &st->poll, st->fd);
    if (rc != 0) {
        close(st->fd);
        return zmqx_error_set(OP_START, -rc, "uv_poll_init: %s", uv_strerror(rc));
    }
    uv_prepare_init(loop, &st->prepare); /* these two cannot fail */
    uv_idle_init(loop, &st->idle);
    st->poll.data = st->prepare.data = st->idle.data = st;
    st->open = 3;
    return 0;
}

int zmqx_uv_watch_start(uv_loop_t *loop, zmqx_watch_t *w)
{
    if (loop == NULL || w == NULL)
        return zmqx_error_set(OP_START, EINVAL, "%s is NULL", loop == NULL ? "loop" : "watch");
    if (zmqx_watch_fd(w) < 0) /* ENOTSOCK, or ESTALE in a forked child, before the claim */
        return -1;
    uvw_t *st = calloc(1, sizeof *st);
    if (st == NULL)
        return zmqx_error_set(OP_START, ENOMEM, NULL);
    if (zmqx__adapter_claim(&st->a, w, on_hook, OP_START) != 0 || open_handles(st, loop) != 0) {
        zmqx__adapter_let_go(&st->a, 0);
        free(st);
        return -1;
    }
    int rc = uv_poll_start(&st->poll, UV_READABLE, on_poll);
    if (rc != 0) {
        halt(st, 0);
        return zmqx_error_set(OP_START, -rc, "uv_poll_start: %s", uv_strerror(rc));
    }
    uv_prepare_start(&st->prepare, on_prepare);
    uv_idle_start(&st->idle, on_idle); /* a first look before blocking */
    return 0;
}

int zmqx_uv_watch_stop(zmqx_watch_t *w)
{
    if (w == NULL)
        return zmqx_error_set("uv_watch_stop", EINVAL, "watch is NULL");
    zmqx__adapter_t *a = zmqx__adapter_find(w);
    if (a != NULL)
        halt((uvw_t *) (void *) a, 0);
    return 0;
}
