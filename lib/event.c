/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — libevent adapter of zmqx_watch (include/zmqx/event.h).
 *
 * A record per started watch: the shared adapter record (adapter.h), the
 * persistent EV_READ event on the watch's fd and a timer event for "look
 * again soon". Stopped (by stop, GONE, or a failed dispatch), its events
 * leave the base at once; stopped inside its own dispatch, it is freed when
 * the dispatch returns. */
#include <zmqx/event.h>

#include "adapter.h"

#include <errno.h>
#include <stdlib.h>

typedef struct rec {
    zmqx__adapter_t a;    /* first: the adapter record is the rec */
    struct event *read;   /* persistent EV_READ on zmqx_watch_fd */
    struct event *again;  /* zero timeout: dispatch after one loop pass */
} rec_t;

/* Stop: the events go now, r when its dispatch is over. errno is kept. */
static void stop(rec_t *r, int gone)
{
    int saved = errno;
    if (r->read != NULL)
        event_free(r->read);
    if (r->again != NULL)
        event_free(r->again);
    r->read = r->again = NULL;
    zmqx__adapter_let_go(&r->a, gone);
    if (!r->a.busy && r->a.w == NULL)
        free(r);
    errno = saved;
}

/* After a dispatch that left the watch pending: dispatch again once the
 * loop has polled its fds and run its due timers. (event_active here would
 * run it again within the same pass, ahead of every timer, for as long as
 * a busy socket stays pending: test "busy socket lets timers run".) */
static void look_again(rec_t *r)
{
    static const struct timeval now = { 0, 0 };
    int saved = errno;
    event_add(r->again, &now);
    errno = saved;
}

static void on_ready(evutil_socket_t fd, short what, void *arg)
{
    (void) fd;
    (void) what;
    rec_t *r = arg;
    int n = zmqx__adapter_dispatch(&r->a, ZMQX_EVENT_BUDGET);
    if (r->a.w == NULL) /* stopped or gone inside fn */
        free(r);
    else if (n < 0)
        stop(r, 0); /* the error fn (or libzmqx: ETERM) left stays */
    else if (zmqx_watch_pending(r->a.w) != 0) /* -1: the next dispatch says why */
        look_again(r);
}

/* TOUCHED: runs at the start of a zmqx call on the socket (its lock held),
 * so it only makes libevent look once the call is done and the current
 * callback returned. GONE: the fd closes next. */
static void on_hook(zmqx_watch_t *w, int what, void *arg)
{
    (void) w;
    rec_t *r = arg; /* the hook's arg is the adapter record, r's first member */
    if (what == ZMQX_WATCH_GONE)
        stop(r, 1);
    else if (r->read != NULL)
        event_active(r->read, EV_READ, 0);
}

/* Make r's events and add the read event: 0, or -1 with ENOMEM. */
static int arm(rec_t *r, struct event_base *base, int fd)
{
    r->read = event_new(base, fd, EV_READ | EV_PERSIST, on_ready, r);
    r->again = evtimer_new(base, on_ready, r);
    if (r->read == NULL || r->again == NULL || event_add(r->read, NULL) != 0)
        return zmqx_error_set("event_watch_start", ENOMEM, "libevent could not make an event");
    return 0;
}

int zmqx_event_watch_start(struct event_base *base, zmqx_watch_t *w)
{
    if (base == NULL || w == NULL)
        return zmqx_error_set("event_watch_start", EINVAL, "%s is NULL", base == NULL ? "base" : "watch");
    int fd = zmqx_watch_fd(w);
    if (fd < 0)
        return -1; /* ENOTSOCK, from libzmqx */
    rec_t *r = calloc(1, sizeof *r);
    if (r == NULL)
        return zmqx_error_set("event_watch_start", ENOMEM, NULL);
    if (zmqx__adapter_claim(&r->a, w, on_hook, "event_watch_start") != 0) {
        free(r);
        return -1;
    }
    if (arm(r, base, fd) != 0) {
        stop(r, 0);
        return -1;
    }
    if (zmqx_watch_pending(w) != 0) /* queued before the start */
        look_again(r);
    return 0;
}

int zmqx_event_watch_stop(zmqx_watch_t *w)
{
    if (w == NULL)
        return zmqx_error_set("event_watch_stop", EINVAL, "watch is NULL");
    zmqx__adapter_t *a = zmqx__adapter_find(w);
    if (a != NULL)
        stop((rec_t *) a, 0);
    return 0;
}
