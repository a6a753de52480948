/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: event (libzmqx-event, include/zmqx/event.h): the readiness
 * rule's pitfalls (tu_watch.h) through the libevent adapter, and the
 * adapter's own errors, stops and ends. */
#define TU_CTX_FIXTURE
#include "testutil.h"
#include "tu_watch.h"

#include <zmqx/event.h>

/* ---- the driver: a libevent base with one-shot timers ------------------ */

#define EV_TIMERS 32

typedef struct evl_timer {
    struct event *ev;
    void (*cb)(void *);
    void *arg;
} evl_timer_t;

typedef struct evl {
    struct event_base *base;
    evl_timer_t t[EV_TIMERS];
} evl_t;

static void *evl_open(void)
{
    evl_t *l = calloc(1, sizeof *l);
    ck_assert_ptr_nonnull(l);
    l->base = event_base_new();
    ck_assert_ptr_nonnull(l->base);
    return l;
}

static int evl_start(void *loop, zmqx_watch_t *w)
{
    return zmqx_event_watch_start(((evl_t *) loop)->base, w);
}

static void evl_iterate(void *loop)
{
    event_base_loop(((evl_t *) loop)->base, EVLOOP_ONCE);
}

static void evl_fire(evutil_socket_t fd, short what, void *arg)
{
    (void) fd;
    (void) what;
    evl_timer_t *t = arg, copy = *t;
    event_free(t->ev);
    t->ev = NULL;
    int saved = errno;
    copy.cb(copy.arg);
    errno = saved;
}

static void evl_timer(void *loop, int ms, void (*cb)(void *), void *arg)
{
    evl_t *l = loop;
    for (int i = 0; i < EV_TIMERS; i++)
        if (l->t[i].ev == NULL) {
            struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
            l->t[i] = (evl_timer_t) { evtimer_new(l->base, evl_fire, &l->t[i]), cb, arg };
            ck_assert_int_eq(event_add(l->t[i].ev, &tv), 0);
            return;
        }
    ck_abort_msg("out of timers");
}

/* 0 when, with its timers dropped, the base has nothing left: the
 * dispatch returns 1 ("no events") by itself. */
static int evl_close(void *loop)
{
    evl_t *l = loop;
    for (int i = 0; i < EV_TIMERS; i++)
        if (l->t[i].ev != NULL)
            event_free(l->t[i].ev);
    int left = event_base_get_num_events(l->base, EVENT_BASE_COUNT_ADDED | EVENT_BASE_COUNT_ACTIVE);
    int rc = left == 0 ? event_base_dispatch(l->base) : -1;
    event_base_free(l->base);
    free(l);
    return rc == 1 ? 0 : -1;
}

static const tu_loop_ops_t event_ops = {
    "event", evl_open, evl_start, zmqx_event_watch_stop, evl_iterate, evl_timer, evl_close,
};

/* ---- the adapter's own behaviour --------------------------------------- */

static struct event_base *base;

static void setup(void)
{
    tu_ctx_setup();
    base = event_base_new();
    ck_assert_ptr_nonnull(base);
}

static void teardown(void)
{
    event_base_free(base);
    tu_ctx_teardown();
}

/* The base has nothing left: event_base_dispatch returns 1 by itself. */
static void assert_base_ends(void)
{
    ck_assert_int_eq(event_base_get_num_events(base, EVENT_BASE_COUNT_ADDED), 0);
    ck_assert_int_eq(event_base_dispatch(base), 1);
}

START_TEST(start_and_stop_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    errno = 0;
    ck_assert_int_eq(zmqx_event_watch_start(NULL, w), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "event_watch_start: base is NULL");
    errno = 0;
    ck_assert_int_eq(zmqx_event_watch_start(base, NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "event_watch_start: watch is NULL");
    errno = 0;
    ck_assert_int_eq(zmqx_event_watch_stop(NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "event_watch_stop: watch is NULL");
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0); /* not started: nothing to do */
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0);
    errno = 0;
    ck_assert_int_eq(zmqx_event_watch_start(base, w), -1);
    ck_assert_int_eq(errno, EEXIST);
    tu_assert_error(EEXIST, "event_watch_start: the watch is started already");
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0);
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0); /* twice */
    assert_base_ends();
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0); /* again after a stop */
    zmqx_socket_destroy(&s); /* GONE: the adapter lets go */
    assert_base_ends();
    errno = 0;
    ck_assert_int_eq(zmqx_event_watch_start(base, w), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    tu_assert_error(ENOTSOCK, "destroyed");
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0);
    zmqx_watch_destroy(&w);
}
END_TEST

static int stop_in_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) s;
    (void) events;
    ++*(int *) arg;
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0);
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0);
    return 0;
}

/* Stopped inside fn, with messages left: fn is not called again, and the
 * dispatch returns by itself. */
START_TEST(stop_inside_fn)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_send(push, "1");
    tu_sleep_ms(50);
    int calls = 0;
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, stop_in_fn, &calls);
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0);
    ck_assert_int_eq(event_base_dispatch(base), 1); /* ended: no events left */
    ck_assert_int_eq(calls, 1);
    assert_base_ends();
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0); /* again: "1" is there */
    ck_assert_int_eq(event_base_dispatch(base), 1);
    ck_assert_int_eq(calls, 2);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* The context shut down while event_base_dispatch waits: the dispatch
 * fails with ETERM, the adapter stops the watch, the base ends by itself
 * and the error stays. */
START_TEST(context_shutdown_stops_the_watch)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, tu_shutdown_later, ctx), 0);
    ck_assert_int_eq(event_base_dispatch(base), 1);
    pthread_join(th, NULL);
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "context was shut down");
    ck_assert_int_eq(seen.calls, 0);
    ck_assert_int_eq(zmqx_event_watch_stop(w), 0);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
}
END_TEST

/* fn returns -1 inside event_base_dispatch: the watch stops, the base
 * ends by itself, the error fn left stays. */
START_TEST(fn_error_ends_the_base)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_seen_t seen = { .fail_at = 1 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_event_watch_start(base, w), 0);
    ck_assert_int_eq(event_base_dispatch(base), 1);
    ck_assert_int_eq(errno, EPROTO);
    ck_assert_int_eq(seen.calls, 1);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event");
    TCase *tc = tu_tcase(s, "adapter", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, start_and_stop_errors);
    tcase_add_test(tc, stop_inside_fn);
    tcase_add_test(tc, context_shutdown_stops_the_watch);
    tcase_add_test(tc, fn_error_ends_the_base);
    tu_watch_cases(s, &event_ops);
    return tu_run(s, 300);
}
