/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: uv (libzmqx-uv: zmqx_uv_watch_start/stop on a real libuv
 * loop): the readiness rule's pitfalls (tu_watch.h), start and stop
 * errors, stopping inside fn and twice, the loop ending by itself with
 * nothing left, the watch destroyed before the close callbacks ran, ETERM,
 * the budget, two watches on one socket, a send from a program's own
 * prepare callback. */
#define TU_CTX_FIXTURE
#define TU_FORK /* tu_in_child */
#include "testutil.h"
#include "tu_watch.h"

#include <zmqx/uv.h>

/* ---- the driver: tu_loop is a uv_loop_t ---------------------------------- */

typedef struct uvt_timer {
    uv_timer_t t; /* first: the handle is the allocation */
    void (*cb)(void *);
    void *arg;
} uvt_timer_t;

static void *uvt_open(void)
{
    uv_loop_t *loop = malloc(sizeof *loop);
    ck_assert_ptr_nonnull(loop);
    ck_assert_int_eq(uv_loop_init(loop), 0);
    return loop;
}

static void uvt_iterate(void *loop)
{
    uv_run(loop, UV_RUN_ONCE);
}

static void uvt_free(uv_handle_t *h)
{
    free(h);
}

static void uvt_fire(uv_timer_t *h)
{
    uvt_timer_t *t = (uvt_timer_t *) h;
    int saved = errno;
    t->cb(t->arg);
    errno = saved;
    /* Left inactive, closed by uvt_close: a handle closing now would make
     * the next iteration's poll timeout 0 and hide a missed wake-up. */
}

static void uvt_timer(void *loop, int ms, void (*cb)(void *), void *arg)
{
    uvt_timer_t *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    t->cb = cb;
    t->arg = arg;
    ck_assert_int_eq(uv_timer_init(loop, &t->t), 0);
    t->t.data = NULL; /* the driver's: uvt_close closes it */
    ck_assert_int_eq(uv_timer_start(&t->t, uvt_fire, (uint64_t) ms, 0), 0);
}

/* Close the test's timers; count any other handle still open. */
static void uvt_close_timers(uv_handle_t *h, void *arg)
{
    if (uv_is_closing(h))
        return;
    if (h->type == UV_TIMER && h->data == NULL)
        uv_close(h, uvt_free);
    else
        ++*(int *) arg;
}

static void uvt_close_any(uv_handle_t *h, void *arg)
{
    (void) arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL); /* a failed test: leaks what the handle was part of */
}

static int uvt_close(void *loop)
{
    int left = 0;
    uv_walk(loop, uvt_close_timers, &left);
    if (left != 0)
        uv_walk(loop, uvt_close_any, NULL); /* else uv_run would never end */
    int ran = uv_run(loop, UV_RUN_DEFAULT);
    int closed = uv_loop_close(loop);
    if (closed == 0)
        free(loop);
    return left == 0 && ran == 0 && closed == 0 ? 0 : -1;
}

static void uvt_closed(uv_handle_t *h)
{
    h->data = NULL;
}

/* Close a test's own handle (h->data not NULL) and wait for it. */
static void uvt_close_handle(uv_handle_t *h)
{
    uv_close(h, uvt_closed);
    while (h->data != NULL)
        uv_run(h->loop, UV_RUN_NOWAIT);
}

static int uvt_start(void *loop, zmqx_watch_t *w)
{
    return zmqx_uv_watch_start(loop, w);
}

static const tu_loop_ops_t uv_ops = {
    "uv", uvt_open, uvt_start, zmqx_uv_watch_stop, uvt_iterate, uvt_timer, uvt_close,
};

/* ---- uv-specific --------------------------------------------------------- */

START_TEST(start_and_stop_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_ptr_nonnull(w);
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_start(NULL, w), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "uv_watch_start: loop is NULL");
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "uv_watch_start: watch is NULL");
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_stop(NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "uv_watch_stop: watch is NULL");
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0); /* never started: nothing to do */

    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), -1);
    ck_assert_int_eq(errno, EEXIST);
    tu_assert_error(EEXIST, "uv_watch_start: the watch is started already");
    uv_loop_t other;
    ck_assert_int_eq(uv_loop_init(&other), 0);
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_start(&other, w), -1); /* one loop at a time */
    ck_assert_int_eq(errno, EEXIST);
    ck_assert_int_eq(uv_loop_close(&other), 0); /* the refused start left nothing */
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0); /* twice: harmless */
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0); /* again after a stop */
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);

    zmqx_socket_destroy(&s);
    errno = 0;
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    tu_assert_error(ENOTSOCK, "destroyed");
    zmqx_watch_destroy(&w);
}
END_TEST

/* No fd left for the duplicate: EMFILE, and nothing left on the loop. */
START_TEST(no_fd_left_is_emfile)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_ptr_nonnull(w);
    struct rlimit old, low;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = 512;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    int fds[512], n = 0;
    while (n < 512 && (fds[n] = dup(0)) >= 0)
        n++;
    errno = 0;
    int rc = zmqx_uv_watch_start(tu_loop, w);
    int code = errno;
    while (n > 0)
        close(fds[--n]);
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(code, EMFILE);
    tu_assert_error(EMFILE, "uv_watch_start: no fd for libuv to poll");
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0); /* nothing was left behind */
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
}
END_TEST

/* Stopped inside fn, after the first of three messages; then (stop_then)
 * 1: fn also destroys the socket, 2: fn also fails, 3: fn starts it again. */
static int stop_then;

static int stop_at_first(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    tu_seen_t *seen = arg;
    int rc = tu_watch_fn(w, s, events, arg);
    if (seen->calls > 1)
        return rc;
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    if (stop_then == 1)
        zmqx_socket_destroy(&s);
    if (stop_then == 3)
        ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    if (stop_then != 2)
        return rc;
    errno = EPROTO;
    return -1;
}

START_TEST(stop_inside_fn)
{
    stop_then = _i;
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_send(push, "1");
    tu_send(push, "2");
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, stop_at_first, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    if (stop_then == 3) { /* restarted: all three come */
        ck_assert(tu_run_until(&seen.received, 3, 2000));
        ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    }
    /* Nothing else is on the loop: it ends once the handles are closed. */
    errno = 0;
    ck_assert_int_eq(uv_run(tu_loop, UV_RUN_DEFAULT), 0);
    if (stop_then == 2)
        ck_assert_int_eq(errno, EPROTO);
    if (stop_then == 1) {
        ck_assert_int_eq(zmqx_watch_fd(w), -1);
    } else {
        ck_assert_int_eq(zmqx_watch_events(w), ZMQX_POLLIN); /* not left paused */
        if (stop_then != 3) {
            ck_assert_int_eq(seen.calls, 1);
            ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0); /* the other two */
            ck_assert(tu_run_until(&seen.received, 3, 2000));
            ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
        }
        zmqx_socket_destroy(&pull);
    }
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
}
END_TEST

/* Stop, destroy the watch at once (the close callbacks have not run yet),
 * then let the loop end: nothing of the watch is touched (ASan, valgrind),
 * uv_run returns 0, uv_loop_close gives 0. */
START_TEST(stop_then_the_loop_ends)
{
    uv_loop_t loop;
    ck_assert_int_eq(uv_loop_init(&loop), 0);
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(&loop, w), 0);
    tu_send(push, "0");
    ck_assert_int_eq(uv_run(&loop, UV_RUN_NOWAIT), 1); /* the watch keeps it alive */
    errno = EPROTO;
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    ck_assert_int_eq(errno, EPROTO); /* untouched */
    zmqx_watch_destroy(&w);
    tu_send(push, "1");
    ck_assert_int_eq(uv_run(&loop, UV_RUN_DEFAULT), 0);
    ck_assert_int_eq(uv_loop_close(&loop), 0);
    ck_assert_int_le(seen.received, 1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static void deadline(uv_timer_t *t)
{
    uv_stop(t->loop);
}

static void shutdown_now(void *arg)
{
    zmqx_ctx_shutdown(arg);
}

/* The context shut down (from a timer) while uv_run waits: the dispatch
 * fails with ETERM, the adapter stops the watch, uv_run ends by itself and
 * the error stays this thread's. */
START_TEST(context_shutdown_stops_the_watch)
{
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(c, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    uv_timer_t t; /* ends a hang; does not keep the loop alive */
    ck_assert_int_eq(uv_timer_init(tu_loop, &t), 0);
    t.data = &t; /* not the driver's */
    ck_assert_int_eq(uv_timer_start(&t, deadline, 10000, 0), 0);
    uv_unref((uv_handle_t *) &t);
    tu_settle();
    uvt_timer(tu_loop, 10, shutdown_now, c);
    zmqx_error_clear();
    errno = 0;
    ck_assert_int_eq(uv_run(tu_loop, UV_RUN_DEFAULT), 0); /* by itself, not the deadline */
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "context was shut down");
    ck_assert_int_eq(seen.calls, 0);
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0); /* stopped already */
    uvt_close_handle((uv_handle_t *) &t);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&c);
}
END_TEST

/* Largest number of fn calls seen between two check phases. */
static int per_iteration, most_per_iteration;

static int count_call(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    per_iteration++;
    return tu_watch_fn(w, s, events, arg);
}

static void on_check(uv_check_t *h)
{
    (void) h;
    if (per_iteration > most_per_iteration)
        most_per_iteration = per_iteration;
    per_iteration = 0;
}

/* 1,000 messages queued: fn takes them all, at most ZMQX_UV_BUDGET per
 * callback (the idle and the poll callback may both run in an
 * iteration), so the rest of the loop runs in between. */
START_TEST(budget_per_callback)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    for (int i = 0; i < 1000; i++)
        tu_send(push, "m");
    uv_check_t check;
    ck_assert_int_eq(uv_check_init(tu_loop, &check), 0);
    check.data = &check;
    ck_assert_int_eq(uv_check_start(&check, on_check), 0);
    per_iteration = most_per_iteration = 0;
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, count_call, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    ck_assert(tu_run_until(&seen.received, 1000, 5000));
    ck_assert_int_gt(most_per_iteration, 0);
    ck_assert_int_le(most_per_iteration, 2 * ZMQX_UV_BUDGET);
    tu_stop(&w);
    uvt_close_handle((uv_handle_t *) &check);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* libuv polls an fd once per loop; the adapter polls a duplicate, so two
 * watches on one socket can share a loop. */
START_TEST(two_watches_on_one_socket)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 }; /* both count here */
    zmqx_watch_t *wa = tu_start(pull, ZMQX_POLLIN, &seen);
    zmqx_watch_t *wb = tu_start(pull, ZMQX_POLLIN, &seen);
    tu_settle();
    for (int i = 0; i < 10; i++)
        tu_send(push, "m");
    ck_assert_msg(tu_run_until(&seen.received, 10, 2000), "%d of 10", seen.received);
    tu_stop(&wa);
    tu_stop(&wb);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A program's prepare handle started before the watch's runs after it
 * (libuv runs the newest first): a send there, outside fn, hides the
 * inbound message after the adapter's prepare looked. The hook's TOUCHED
 * keeps the loop from blocking on it. */
static int prepared;

static void send_in_prepare(uv_prepare_t *h)
{
    (void) h;
    if (prepared++ != 0)
        return;
    tu_send_outside(NULL);
}

START_TEST(send_in_a_later_prepare_hides_nothing)
{
    tu_pair(ctx, ZMQ_DEALER, ZMQ_DEALER, &tu_self, &tu_peer);
    tu_send(tu_self, "hello");
    char buf[16];
    ck_assert_int_eq(zmqx_recv(tu_peer, buf, sizeof buf, 0), 5);
    uv_prepare_t prep;
    ck_assert_int_eq(uv_prepare_init(tu_loop, &prep), 0);
    prep.data = &prep;
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(tu_self, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    prepared = 1; /* not yet */
    ck_assert_int_eq(uv_prepare_start(&prep, send_in_prepare), 0); /* runs after ours */
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0); /* now ours runs first */
    tu_settle(); /* the old handles closed, the new ones idle */
    prepared = 0;
    ck_assert_msg(tu_run_until(&seen.received, 1, 1000),
                  "the message hidden by the send was never dispatched");
    tu_stop(&w);
    uvt_close_handle((uv_handle_t *) &prep);
    zmqx_socket_destroy(&tu_self);
    zmqx_socket_destroy(&tu_peer);
}
END_TEST

/* Started from a program's prepare callback, with messages queued (and
 * the fd's signal taken): the new prepare handle first runs in the next
 * iteration, so start itself has the loop look before it blocks. */
static zmqx_watch_t *to_start;

static void start_in_prepare(uv_prepare_t *h)
{
    if (to_start != NULL)
        ck_assert_int_eq(zmqx_uv_watch_start(h->loop, to_start), 0);
    to_start = NULL;
}

START_TEST(start_inside_a_prepare_callback)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_sleep_ms(50);
    int ev = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_EVENTS, &ev), 0);
    uv_prepare_t prep;
    ck_assert_int_eq(uv_prepare_init(tu_loop, &prep), 0);
    prep.data = &prep;
    ck_assert_int_eq(uv_prepare_start(&prep, start_in_prepare), 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    to_start = w;
    ck_assert_msg(tu_run_until(&seen.received, 1, 1000), "the queued message never came");
    tu_stop(&w);
    uvt_close_handle((uv_handle_t *) &prep);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* In a forked child, a watch made before the fork cannot be started on a
 * loop (ESTALE, nothing left on the loop), stopping and destroying it
 * return at once, and the parent's watch goes on. */
static int stale_watch_in_child(void *arg)
{
    zmqx_watch_t **w = arg;
    uv_loop_t mine;
    if (uv_loop_init(&mine) != 0)
        return 1;
    int rc = zmqx_uv_watch_start(&mine, *w);
    int bad = rc != -1 || errno != ESTALE
              || strstr(zmqx_strerror(), "watch was made before fork()") == NULL;
    bad |= uv_loop_close(&mine) != 0;
    bad |= zmqx_uv_watch_stop(*w) != 0;
    uv_run(tu_loop, UV_RUN_NOWAIT); /* the close callbacks free the adapter's record */
    zmqx_watch_destroy(w);
    return bad || *w != NULL;
}

START_TEST(a_forked_child_cannot_start_a_watch_made_before_the_fork)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_uv_watch_start(tu_loop, w), 0);
    int status = tu_in_child(stale_watch_in_child, &w, 1000);
    ck_assert_msg(status == 0, "child: wait status 0x%x (exit 2: failed, 3: slow)", status);
    tu_send(push, "0");
    ck_assert_msg(tu_run_until(&seen.received, 1, 2000), "the parent's watch stopped");
    ck_assert_int_eq(zmqx_uv_watch_stop(w), 0);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uv");
    tu_watch_cases(s, &uv_ops);
    TCase *tc = tu_tcase(s, "uv", 60);
    tcase_add_checked_fixture(tc, tu_watch_setup, tu_watch_teardown);
    tcase_add_test(tc, start_and_stop_errors);
    tcase_add_test(tc, no_fd_left_is_emfile);
    tcase_add_loop_test(tc, stop_inside_fn, 0, 4);
    tcase_add_test(tc, stop_then_the_loop_ends);
    tcase_add_test(tc, context_shutdown_stops_the_watch);
    tcase_add_test(tc, budget_per_callback);
    tcase_add_test(tc, two_watches_on_one_socket);
    tcase_add_test(tc, send_in_a_later_prepare_hides_nothing);
    tcase_add_test(tc, start_inside_a_prepare_callback);
    tcase_add_test(tc, a_forked_child_cannot_start_a_watch_made_before_the_fork);
    return tu_run(s, 300);
}
