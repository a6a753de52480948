/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* The readiness rule's pitfalls as tests that every event loop driving a
 * zmqx_watch must pass: plain epoll (test_watch.c), libuv (test_uv.c),
 * libevent (test_event.c), GLib (test_glib.c). A test file describes its
 * loop with a tu_loop_ops_t and adds the cases with tu_watch_cases().
 *
 * Each test ends on a deadline timer of the loop under test when the
 * expected messages never come: a loop that trusts ZMQ_FD alone fails
 * there instead of hanging. Include after testutil.h (TU_CTX_FIXTURE). */
#ifndef TU_WATCH_H
#define TU_WATCH_H

#include <pthread.h>

typedef struct tu_loop_ops {
    const char *name;
    void *(*open)(void);                        /* a new loop */
    int (*start)(void *loop, zmqx_watch_t *w);  /* the adapter's start: 0 or -1 */
    int (*stop)(zmqx_watch_t *w);               /* the adapter's stop: 0 or -1 */
    void (*iterate)(void *loop);                /* one iteration; blocks while idle */
    /* cb(arg) once, ms from now (the loop's own timer). */
    void (*timer)(void *loop, int ms, void (*cb)(void *), void *arg);
    /* Once no watch is started: drop the timers, run the loop to its end
     * and free it. 0 when it ended by itself with nothing of the watch
     * left (libuv: uv_run returns, uv_loop_close gives 0). */
    int (*close)(void *loop);
} tu_loop_ops_t;

static const tu_loop_ops_t *tu_ops;
static void *tu_loop;

/* What fn saw. */
typedef struct tu_seen {
    int calls;
    int received;
    int sent;
    int last_events;
    int per_call;     /* messages fn takes per POLLIN call (0: one) */
    int send_until;   /* POLLOUT: send one per call until sent reaches it */
    int fail_at;      /* return -1 (EPROTO) on this call (0: never) */
    int destroy_at;   /* destroy the socket on this call (0: never) */
    int in_order;     /* messages are numbers 0, 1, 2...: check it */
    int out_of_order;
    int slow_ms;      /* sleep this long in every call (a busy handler) */
} tu_seen_t;

static int tu_watch_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    tu_seen_t *seen = arg;
    seen->calls++;
    seen->last_events = events;
    if (seen->slow_ms)
        tu_sleep_ms(seen->slow_ms);
    if (seen->fail_at && seen->calls == seen->fail_at)
        return zmqx_error_set("handler", EPROTO, "fn failed on call %d", seen->calls);
    if (seen->destroy_at && seen->calls == seen->destroy_at) {
        zmqx_socket_destroy(&s);
        return 0;
    }
    for (int i = 0; (events & ZMQX_POLLIN) && i < (seen->per_call ? seen->per_call : 1); i++) {
        char buf[32];
        int rc = zmqx_recv(s, buf, sizeof buf - 1, ZMQX_DONTWAIT);
        if (rc < 0)
            break;
        buf[rc] = '\0';
        if (seen->in_order && atoi(buf) != seen->received)
            seen->out_of_order++;
        seen->received++;
    }
    if ((events & ZMQX_POLLOUT) && seen->sent < seen->send_until) {
        if (zmqx_send(s, "x", 1, ZMQX_DONTWAIT) == 1)
            seen->sent++;
        if (seen->sent == seen->send_until)
            zmqx_watch_set_events(w, events & ~ZMQX_POLLOUT);
    }
    return 0;
}

static void tu_set_flag(void *arg)
{
    *(int *) arg = 1;
}

/* Iterate the loop until *done >= goal or the deadline (ms) passes; 1 when
 * the goal was reached. */
static int tu_run_until(const int *done, int goal, int ms)
{
    static int expired; /* the timer may fire after this call returns */
    expired = 0;
    tu_ops->timer(tu_loop, ms, tu_set_flag, &expired);
    while (*done < goal && !expired)
        tu_ops->iterate(tu_loop);
    return *done >= goal;
}

/* Let the loop look at everything and go idle on the fds (what a naive
 * loop trusts from then on). */
static void tu_settle(void)
{
    int never = 0;
    ck_assert(!tu_run_until(&never, 1, 30));
}

static void tu_watch_setup(void)
{
    tu_ctx_setup();
    tu_loop = tu_ops->open();
    ck_assert_ptr_nonnull(tu_loop);
}

static void tu_watch_teardown(void)
{
    ck_assert_int_eq(tu_ops->close(tu_loop), 0);
    tu_loop = NULL;
    tu_ctx_teardown();
}

static zmqx_watch_t *tu_start(zmqx_socket_t *s, int events, tu_seen_t *seen)
{
    zmqx_watch_t *w = zmqx_watch_new(s, events, tu_watch_fn, seen);
    ck_assert_msg(w != NULL, "%s", zmqx_strerror());
    ck_assert_msg(tu_ops->start(tu_loop, w) == 0, "%s", zmqx_strerror());
    return w;
}

static void tu_stop(zmqx_watch_t **w)
{
    ck_assert_int_eq(tu_ops->stop(*w), 0);
    zmqx_watch_destroy(w);
}

/* ---- the pitfalls ------------------------------------------------------- */

/* Messages queued before the watch: the fd signalled before anyone looked,
 * and will not again. */
START_TEST(tu_queued_before_the_watch)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_send(push, "1");
    tu_sleep_ms(50);
    int ev = 0; /* takes the fd's edge, as any earlier look would */
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_EVENTS, &ev), 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    ck_assert_msg(tu_run_until(&seen.received, 2, 2000), "%d of 2 received", seen.received);
    tu_stop(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* One fd signal for three messages, fn taking one per call: all three
 * arrive without new traffic. */
START_TEST(tu_one_per_call_gets_all_three)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { .per_call = 1 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_settle();
    tu_send(push, "0");
    tu_send(push, "1");
    tu_send(push, "2");
    ck_assert_msg(tu_run_until(&seen.received, 3, 2000), "%d of 3 received", seen.received);
    ck_assert_int_eq(seen.calls, 3);
    tu_stop(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static zmqx_socket_t *tu_peer, *tu_self;

/* From the loop's timer: the peer's message reaches tu_self, then a send
 * on tu_self (outside fn) takes its signal. */
static void tu_send_outside(void *arg)
{
    (void) arg;
    tu_send(tu_peer, "in");
    tu_sleep_ms(100); /* "in" has arrived: tu_self's fd is readable */
    tu_send(tu_self, "out");
}

START_TEST(tu_a_send_outside_fn_hides_nothing)
{
    tu_pair(ctx, ZMQ_DEALER, ZMQ_DEALER, &tu_self, &tu_peer);
    tu_send(tu_self, "hello"); /* connects the pair */
    char buf[16];
    ck_assert_int_eq(zmqx_recv(tu_peer, buf, sizeof buf, 0), 5);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = tu_start(tu_self, ZMQX_POLLIN, &seen);
    tu_settle();
    tu_ops->timer(tu_loop, 10, tu_send_outside, NULL);
    ck_assert_msg(tu_run_until(&seen.received, 1, 2000),
                  "the message hidden by the send was never dispatched");
    tu_stop(&w);
    zmqx_socket_destroy(&tu_self);
    zmqx_socket_destroy(&tu_peer);
}
END_TEST

static zmqx_socket_t *tu_drain_from;
static int tu_drained;

static void tu_drain(void *arg)
{
    (void) arg;
    char buf[8];
    while (zmqx_recv(tu_drain_from, buf, sizeof buf, ZMQX_DONTWAIT) >= 0)
        tu_drained++;
    tu_ops->timer(tu_loop, 20, tu_drain, NULL);
}

/* A PUSH at a high-water mark of 1: POLLOUT goes away, and comes back
 * each time the peer (drained from the loop's timer) takes messages. */
START_TEST(tu_pollout_resumes_when_the_peer_drains)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 1);
    tu_drain_from = pull;
    tu_drained = 0;
    tu_seen_t seen = { .send_until = 20 };
    zmqx_watch_t *w = tu_start(push, ZMQX_POLLOUT, &seen);
    tu_ops->timer(tu_loop, 20, tu_drain, NULL);
    ck_assert_msg(tu_run_until(&tu_drained, 20, 5000), "%d sent, %d drained", seen.sent,
                  tu_drained);
    ck_assert_int_eq(seen.sent, 20);
    ck_assert_int_eq(zmqx_watch_events(w), 0); /* fn paused it */
    tu_stop(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static void *tu_send_numbers(void *arg)
{
    zmqx_socket_t *push = arg;
    long n = tu_scaled(100000);
    for (long i = 0; i < n; i++) {
        char buf[24]; /* any long, with its sign */
        snprintf(buf, sizeof buf, "%ld", i);
        if (zmqx_send_str(push, buf) < 0)
            return (void *) 1;
    }
    return NULL;
}

/* 100,000 messages from another thread, in order, none lost. */
START_TEST(tu_hundred_thousand_in_order)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_ptr_nonnull(pull);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_ptr_nonnull(push);
    ck_assert_int_eq(zmqx_socket_connect(push, zmqx_socket_endpoint(pull)), 0);
    tu_seen_t seen = { .in_order = 1 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, tu_send_numbers, push), 0);
    int n = (int) tu_scaled(100000);
    int got = tu_run_until(&seen.received, n, 60000);
    void *rc;
    pthread_join(t, &rc);
    ck_assert_msg(got, "%d of %d received", seen.received, n);
    ck_assert_ptr_null(rc);
    ck_assert_int_eq(seen.out_of_order, 0);
    tu_stop(&w);
    char row[128];
    snprintf(row, sizeof row, "%d messages from another thread over tcp", n);
    char what[64];
    snprintf(what, sizeof what, "all received in order, through the %s watch", tu_ops->name);
    char test[64];
    snprintf(test, sizeof test, "watch_%s_hundred_thousand", tu_ops->name);
    tu_report(test, row, what);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* Nothing arrives: the loop sleeps (under 5% of a core over a second). */
START_TEST(tu_idle_costs_no_cpu)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    zmqx_watch_t *w2 = tu_start(push, ZMQX_POLLIN, &seen); /* a PUSH never reads */
    tu_settle();
    long before = tu_cpu_ms();
    int never = 0;
    tu_run_until(&never, 1, 1000);
    long used = tu_cpu_ms() - before;
    ck_assert_msg(used < 50, "%ld ms of CPU in an idle second", used);
    ck_assert_int_eq(seen.calls, 0);
    tu_stop(&w);
    tu_stop(&w2);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* fn fails: the adapter stops the watch, the error fn left stays, and the
 * loop can end. */
START_TEST(tu_fn_error_stops_the_watch)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { .fail_at = 1 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_send(push, "0");
    tu_send(push, "1");
    ck_assert(tu_run_until(&seen.calls, 1, 2000));
    ck_assert_int_eq(errno, EPROTO);
    tu_assert_error(EPROTO, "handler: fn failed on call 1"); /* the adapter kept it */
    tu_settle();
    ck_assert_int_eq(seen.calls, 1); /* stopped: not called again */
    ck_assert_int_eq(tu_ops->stop(w), 0); /* stopping twice is harmless */
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* The socket destroyed inside fn, then outside while watched: the adapter
 * lets go of the fd, fn is not called again, the loop can end. */
START_TEST(tu_socket_destroyed_while_watched)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { .destroy_at = 1 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_send(push, "0");
    ck_assert(tu_run_until(&seen.calls, 1, 2000));
    tu_settle();
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_int_eq(zmqx_watch_fd(w), -1);
    tu_assert_error(ENOTSOCK, "destroyed");
    zmqx_watch_destroy(&w);

    zmqx_socket_t *other = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_ptr_nonnull(other);
    tu_seen_t seen2 = { 0 };
    w = tu_start(other, ZMQX_POLLIN, &seen2);
    tu_settle();
    zmqx_socket_destroy(&other);
    tu_settle();
    ck_assert_int_eq(seen2.calls, 0);
    ck_assert_int_eq(tu_ops->stop(w), 0);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
}
END_TEST

/* The watch destroyed while started: the adapter stops with it. */
START_TEST(tu_watch_destroyed_while_started)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_settle();
    zmqx_watch_destroy(&w);
    tu_send(push, "0");
    tu_settle();
    ck_assert_int_eq(seen.calls, 0);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static tu_seen_t *tu_busy_seen;

static void tu_note_received(void *arg)
{
    *(int *) arg = tu_busy_seen->received + 1;
}

/* A busy socket does not starve the rest of the loop: 600 messages queued,
 * fn taking 1 ms for each, and a 10 ms timer of the loop runs after the
 * first budget's worth, not after all of them. */
START_TEST(tu_busy_socket_lets_timers_run)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    int n = 600;
    for (int i = 0; i < n; i++)
        tu_send(push, "m");
    tu_sleep_ms(50);
    tu_seen_t seen = { .slow_ms = 1 };
    tu_busy_seen = &seen;
    int at = 0;
    zmqx_watch_t *w = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_ops->timer(tu_loop, 10, tu_note_received, &at);
    ck_assert_msg(tu_run_until(&seen.received, n, 30000), "%d of %d received", seen.received, n);
    ck_assert_msg(at > 0 && at - 1 <= n / 2, "the 10 ms timer ran after %d of %d messages",
                  at - 1, n);
    tu_stop(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* Add the cases above, for the loop ops describes (the teardown checks
 * that the loop ends by itself once every watch is stopped). */
static void tu_watch_cases(Suite *s, const tu_loop_ops_t *ops)
{
    tu_ops = ops;
    TCase *tc = tu_tcase(s, "pitfalls", 120);
    tcase_add_checked_fixture(tc, tu_watch_setup, tu_watch_teardown);
    tcase_add_test(tc, tu_queued_before_the_watch);
    tcase_add_test(tc, tu_one_per_call_gets_all_three);
    tcase_add_test(tc, tu_a_send_outside_fn_hides_nothing);
    tcase_add_test(tc, tu_pollout_resumes_when_the_peer_drains);
    tcase_add_test(tc, tu_hundred_thousand_in_order);
    tcase_add_test(tc, tu_idle_costs_no_cpu);
    tcase_add_test(tc, tu_busy_socket_lets_timers_run);
    tc = tu_tcase(s, "lifetimes", 60);
    tcase_add_checked_fixture(tc, tu_watch_setup, tu_watch_teardown);
    tcase_add_test(tc, tu_fn_error_stops_the_watch);
    tcase_add_test(tc, tu_socket_destroyed_while_watched);
    tcase_add_test(tc, tu_watch_destroyed_while_started);
}

#endif
