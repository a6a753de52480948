/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: watch (pending and dispatch, budgets, POLLOUT once per
 * dispatch, pausing, the adapters' hook, lifetimes, error paths), and the
 * readiness rule's pitfalls (tu_watch.h) on a plain epoll loop written
 * here the way docs/event-loops.md tells a program to. */
#define TU_CTX_FIXTURE
#include "testutil.h"
#include "tu_watch.h"

#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

/* ---- a plain epoll loop ------------------------------------------------ */

#define EP_WATCHES 8
#define EP_TIMERS 32
#define EP_BUDGET 64

typedef struct ep_timer {
    long long due;
    void (*cb)(void *);
    void *arg;
} ep_timer_t;

typedef struct ep_loop {
    int epfd;
    zmqx_watch_t *w[EP_WATCHES];
    int fd[EP_WATCHES];
    ep_timer_t t[EP_TIMERS];
} ep_loop_t;

static void *ep_open(void)
{
    ep_loop_t *l = calloc(1, sizeof *l);
    ck_assert_ptr_nonnull(l);
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    ck_assert_int_ge(l->epfd, 0);
    return l;
}

static int ep_stop(zmqx_watch_t *w)
{
    ep_loop_t *l = tu_loop;
    for (int i = 0; i < EP_WATCHES; i++)
        if (l->w[i] == w) {
            /* The fd is still open: a GONE hook runs before libzmq closes it. */
            epoll_ctl(l->epfd, EPOLL_CTL_DEL, l->fd[i], NULL);
            l->w[i] = NULL;
            zmqx_watch_set_hook(w, NULL, NULL);
        }
    return 0;
}

static void ep_hook(zmqx_watch_t *w, int what, void *arg)
{
    (void) arg;
    if (what == ZMQX_WATCH_GONE)
        ep_stop(w);
    /* TOUCHED needs nothing here: every iteration asks zmqx_watch_pending
     * before it blocks. */
}

static int ep_start(void *loop, zmqx_watch_t *w)
{
    ep_loop_t *l = loop;
    for (int i = 0; i < EP_WATCHES; i++)
        if (l->w[i] == NULL) {
            struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t) i };
            l->fd[i] = zmqx_watch_fd(w);
            if (l->fd[i] < 0 || epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->fd[i], &ev) != 0)
                return -1;
            l->w[i] = w;
            return zmqx_watch_set_hook(w, ep_hook, l);
        }
    return -1;
}

static void ep_timer(void *loop, int ms, void (*cb)(void *), void *arg)
{
    ep_loop_t *l = loop;
    for (int i = 0; i < EP_TIMERS; i++)
        if (l->t[i].cb == NULL) {
            l->t[i] = (ep_timer_t) { tu_now_ms() + ms, cb, arg };
            return;
        }
    ck_abort_msg("out of timers");
}

/* How long the loop may block: 0 while a watch is pending (the rule),
 * else until the next timer. */
static int ep_timeout(ep_loop_t *l)
{
    for (int i = 0; i < EP_WATCHES; i++)
        if (l->w[i] != NULL && zmqx_watch_pending(l->w[i]) != 0)
            return 0;
    long long now = tu_now_ms(), next = -1;
    for (int i = 0; i < EP_TIMERS; i++)
        if (l->t[i].cb != NULL && (next < 0 || l->t[i].due < next))
            next = l->t[i].due;
    return next < 0 ? -1 : next <= now ? 0 : (int) (next - now);
}

static void ep_iterate(void *loop)
{
    ep_loop_t *l = loop;
    struct epoll_event ev[EP_WATCHES];
    int n = epoll_wait(l->epfd, ev, EP_WATCHES, ep_timeout(l));
    int woke[EP_WATCHES] = { 0 };
    for (int i = 0; i < n; i++)
        woke[ev[i].data.u32] = 1;
    for (int i = 0; i < EP_WATCHES; i++) {
        zmqx_watch_t *w = l->w[i];
        if (w != NULL && (woke[i] || zmqx_watch_pending(w) != 0) &&
            zmqx_watch_dispatch(w, EP_BUDGET) < 0 && l->w[i] == w)
            ep_stop(w); /* the error fn (or libzmq) left stays */
    }
    long long now = tu_now_ms();
    for (int i = 0; i < EP_TIMERS; i++)
        if (l->t[i].cb != NULL && l->t[i].due <= now) {
            ep_timer_t t = l->t[i];
            l->t[i].cb = NULL;
            int saved = errno;
            t.cb(t.arg);
            errno = saved;
        }
}

static int ep_close(void *loop)
{
    ep_loop_t *l = loop;
    int left = 0;
    for (int i = 0; i < EP_WATCHES; i++)
        left += l->w[i] != NULL;
    close(l->epfd);
    free(l);
    return left == 0 ? 0 : -1;
}

static const tu_loop_ops_t epoll_ops = {
    "epoll", ep_open, ep_start, ep_stop, ep_iterate, ep_timer, ep_close,
};

/* ---- the watch itself -------------------------------------------------- */

static void setup(void)
{
    tu_ctx_setup();
}

static void teardown(void)
{
    tu_ctx_teardown();
}

static void send_n(zmqx_socket_t *push, int n)
{
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(zmqx_send_str(push, "m"), 1);
    tu_sleep_ms(50);
}

START_TEST(pending_and_dispatch)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_ge(zmqx_watch_fd(w), 0);
    ck_assert_int_eq(zmqx_watch_events(w), ZMQX_POLLIN);
    ck_assert_int_eq(zmqx_watch_pending(w), 0);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 0);
    send_n(push, 5);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 2), 2); /* the fd woke: dispatch */
    ck_assert_int_eq(zmqx_watch_pending(w), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 3);
    ck_assert_int_eq(zmqx_watch_pending(w), 0);
    ck_assert_int_eq(seen.received, 5);
    ck_assert_int_eq(seen.last_events, ZMQX_POLLIN);
    zmqx_watch_destroy(&w);
    zmqx_watch_destroy(&w); /* twice, and NULL */
    zmqx_watch_destroy(NULL);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* Queued before the watch: pending at once, though the fd's edge is gone. */
START_TEST(queued_before_the_watch_is_pending)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    send_n(push, 1);
    int ev = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_EVENTS, &ev), 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_pending(w), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* POLLOUT alone: once per dispatch, even with budget 0 and an fn that
 * sends nothing; with POLLIN, POLLOUT comes along with every call. */
START_TEST(pollout_once_per_dispatch)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(push, ZMQX_POLLOUT, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_pending(w), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    ck_assert_int_eq(seen.last_events, ZMQX_POLLOUT);
    zmqx_watch_destroy(&w);

    zmqx_socket_t *a, *b;
    tu_pair(ctx, ZMQ_PAIR, ZMQ_PAIR, &a, &b);
    ck_assert_int_eq(zmqx_send_str(b, "0"), 1);
    ck_assert_int_eq(zmqx_send_str(b, "1"), 1);
    tu_sleep_ms(100);
    tu_seen_t both = { 0 };
    w = zmqx_watch_new(a, ZMQX_POLLIN | ZMQX_POLLOUT, tu_watch_fn, &both);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 3); /* IN|OUT, IN|OUT, OUT */
    ck_assert_int_eq(both.received, 2);
    ck_assert_int_eq(both.last_events, ZMQX_POLLOUT);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static int pause_in_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) s;
    (void) events;
    ++*(int *) arg;
    return zmqx_watch_set_events(w, 0);
}

/* events 0 pauses (also inside fn); the dispatch of a paused watch still
 * reads ZMQ_EVENTS (that resets the fd), and resuming finds what came. */
START_TEST(pause_and_resume)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    int calls = 0;
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, pause_in_fn, &calls);
    send_n(push, 3);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    ck_assert_int_eq(zmqx_watch_events(w), 0);
    ck_assert_int_eq(zmqx_watch_pending(w), 0);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 0);
    ck_assert_int_eq(calls, 1);
    ck_assert_int_eq(zmqx_watch_set_events(w, ZMQX_POLLIN), 0);
    ck_assert_int_eq(zmqx_watch_pending(w), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    ck_assert_int_eq(calls, 2);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

typedef struct heard {
    int touched, gone;
    zmqx_watch_t *w, *expect;
} heard_t;

static void hook(zmqx_watch_t *w, int what, void *arg)
{
    heard_t *h = arg;
    ck_assert_ptr_eq(w, h->expect);
    if (what == ZMQX_WATCH_TOUCHED)
        h->touched++;
    else if (what == ZMQX_WATCH_GONE)
        h->gone++;
}

/* TOUCHED once per change from idle (a zmqx call on the socket outside
 * fn), not inside fn; GONE when the socket goes, and when the watch does. */
START_TEST(hook_hears_touched_and_gone)
{
    zmqx_socket_t *a, *b;
    tu_pair(ctx, ZMQ_DEALER, ZMQ_DEALER, &a, &b);
    tu_seen_t seen = { 0 };
    heard_t h = { 0 };
    h.w = h.expect = zmqx_watch_new(a, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_set_hook(h.w, hook, &h), 0);
    ck_assert_int_eq(zmqx_watch_pending(h.w), 0); /* idle now */
    ck_assert_int_eq(zmqx_send_str(a, "x"), 1);
    ck_assert_int_eq(h.touched, 1);
    ck_assert_int_eq(zmqx_send_str(a, "y"), 1); /* not idle since: no news */
    ck_assert_int_eq(h.touched, 1);
    ck_assert_int_eq(zmqx_watch_pending(h.w), 0);
    int ev;
    ck_assert_int_eq(zmqx_socket_get_int(a, ZMQ_EVENTS, &ev), 0);
    ck_assert_int_eq(h.touched, 2);
    char buf[4];
    ck_assert_int_eq(zmqx_recv(b, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_recv(b, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_send_str(b, "z"), 1);
    tu_sleep_ms(100);
    ck_assert_int_eq(zmqx_watch_dispatch(h.w, 0), 1); /* fn's receive: no hook */
    ck_assert_int_eq(h.touched, 2);
    ck_assert_int_eq(h.gone, 0);
    zmqx_socket_destroy(&a);
    ck_assert_int_eq(h.gone, 1);
    ck_assert_int_eq(zmqx_watch_fd(h.w), -1);
    tu_assert_error(ENOTSOCK, "destroyed");
    ck_assert_int_eq(zmqx_watch_set_events(h.w, ZMQX_POLLIN), -1);
    tu_assert_error(ENOTSOCK, "destroyed");
    ck_assert_int_eq(zmqx_watch_pending(h.w), 0);
    ck_assert_int_eq(zmqx_watch_dispatch(h.w, 0), 0);
    zmqx_watch_destroy(&h.w);
    ck_assert_int_eq(h.gone, 1); /* told once: the hook was cleared */

    h = (heard_t) { 0 };
    h.w = h.expect = zmqx_watch_new(b, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_set_hook(h.w, hook, &h), 0);
    zmqx_watch_destroy(&h.w);
    ck_assert_int_eq(h.gone, 1);
    zmqx_socket_destroy(&b);
}
END_TEST

static int destroy_in_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) s;
    (void) events;
    (void) arg;
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), -1);
    tu_assert_error(EINVAL, "inside the watch's own handler");
    zmqx_watch_destroy(&w);
    return 0;
}

/* Destroyed inside its own fn: freed when the dispatch returns (ASan and
 * valgrind see a use after free otherwise). */
START_TEST(destroyed_inside_fn)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    send_n(push, 3);
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, destroy_in_fn, NULL);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* The socket destroyed inside fn: the dispatch ends there. */
START_TEST(socket_destroyed_inside_fn)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    send_n(push, 3);
    tu_seen_t seen = { .destroy_at = 1 };
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 1);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), 0);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
}
END_TEST

static int fail_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) w;
    (void) events;
    (void) arg;
    ck_assert_int_eq(zmqx_socket_bind(s, "nope://x"), -1);
    return -1;
}

START_TEST(fn_error_stays)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    send_n(push, 1);
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, fail_fn, NULL);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), -1);
    tu_assert_error(EINVAL, "nope://x");
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(context_shutdown_is_eterm)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_int_eq(zmqx_watch_pending(w), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, tu_shutdown_later, ctx), 0);
    pthread_join(th, NULL);
    ck_assert_int_eq(zmqx_watch_dispatch(w, 0), -1);
    tu_assert_error(ETERM, "context was shut down");
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(argument_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    ck_assert_ptr_null(zmqx_watch_new(NULL, ZMQX_POLLIN, tu_watch_fn, &seen));
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_ptr_null(zmqx_watch_new(s, 0, tu_watch_fn, &seen));
    tu_assert_error(EINVAL, "bad events 0");
    ck_assert_ptr_null(zmqx_watch_new(s, ZMQX_POLLERR, tu_watch_fn, &seen));
    tu_assert_error(EINVAL, "bad events");
    ck_assert_ptr_null(zmqx_watch_new(s, ZMQX_POLLIN, NULL, &seen));
    tu_assert_error(EINVAL, "handler is NULL");
    ck_assert_int_eq(zmqx_watch_fd(NULL), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    ck_assert_int_eq(zmqx_watch_pending(NULL), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    ck_assert_int_eq(zmqx_watch_dispatch(NULL, 0), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    ck_assert_int_eq(zmqx_watch_set_events(NULL, 0), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    ck_assert_int_eq(zmqx_watch_events(NULL), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    ck_assert_int_eq(zmqx_watch_set_hook(NULL, hook, NULL), -1);
    tu_assert_error(EINVAL, "watch is NULL");
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(zmqx_watch_dispatch(w, -1), -1);
    tu_assert_error(EINVAL, "budget -1");
    ck_assert_int_eq(zmqx_watch_set_events(w, 0x40), -1);
    tu_assert_error(EINVAL, "bad events");
    zmqx_watch_t *w2 = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    ck_assert_ptr_nonnull(w2); /* two watches on one socket are allowed */
    zmqx_watch_destroy(&w2);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
    zmqx_ctx_t *other = zmqx_ctx_new();
    s = zmqx_socket_new(other, ZMQ_PULL, NULL);
    zmqx_ctx_destroy(&other); /* closes s */
    ck_assert_ptr_null(zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen));
    tu_assert_error(ENOTSOCK, "closed");
    zmqx_socket_destroy(&s);
}
END_TEST

#ifdef ZMQ_SERVER
START_TEST(thread_safe_socket_is_einval)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_SERVER, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_ptr_null(zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, NULL));
    tu_assert_error(EINVAL, "has no ZMQ_FD");
    zmqx_socket_destroy(&s);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("watch");
    TCase *tc = tu_tcase(s, "watch", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pending_and_dispatch);
    tcase_add_test(tc, queued_before_the_watch_is_pending);
    tcase_add_test(tc, pollout_once_per_dispatch);
    tcase_add_test(tc, pause_and_resume);
    tcase_add_test(tc, hook_hears_touched_and_gone);
    tcase_add_test(tc, destroyed_inside_fn);
    tcase_add_test(tc, socket_destroyed_inside_fn);
    tcase_add_test(tc, fn_error_stays);
    tcase_add_test(tc, context_shutdown_is_eterm);
    tcase_add_test(tc, argument_errors);
#ifdef ZMQ_SERVER
    tcase_add_test(tc, thread_safe_socket_is_einval);
#endif
    tu_watch_cases(s, &epoll_ops);
    return tu_run(s, 300);
}
