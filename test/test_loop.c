/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: loop (the readiness rule's pitfalls, level-triggered
 * handlers for sockets and fds, removal and addition inside handlers,
 * timers on a grid, stop from threads and signal handlers, EINTR, ETERM,
 * error paths). Each pitfall test fails with a loop that trusts ZMQ_FD
 * alone: it ends on a deadline timer instead of the expected message. */
#define TU_CTX_FIXTURE
#include "testutil.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static zmqx_loop_t *loop;

static void setup(void)
{
    tu_ctx_setup();
    loop = zmqx_loop_new();
    ck_assert_ptr_nonnull(loop);
}

static void teardown(void)
{
    zmqx_loop_destroy(&loop);
    tu_ctx_teardown();
}

/* ---- helpers ---------------------------------------------------------- */

/* What the handlers saw. */
typedef struct seen {
    int calls;        /* handler calls */
    int received;     /* messages received */
    int last_events;
    int stop_at;      /* stop the loop after this many received (0: never) */
    int read_each;    /* receive one message per call (0: receive nothing) */
    int raw;          /* receive through the raw handle (not seen by the loop) */
} seen_t;

static seen_t scratch; /* for handlers whose calls no test counts */

static int on_socket(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    seen_t *seen = arg;
    seen->calls++;
    seen->last_events = events;
    if (seen->read_each && (events & ZMQX_POLLIN)) {
        char buf[64];
        int rc = seen->raw ? zmq_recv(zmqx_socket_handle(s), buf, sizeof buf, ZMQ_DONTWAIT)
                           : zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT);
        ck_assert_int_ge(rc, 0);
        seen->received++;
    }
    if (seen->stop_at > 0 && (seen->read_each ? seen->received : seen->calls) >= seen->stop_at)
        ck_assert_int_eq(zmqx_loop_stop(l), 0);
    return 0;
}

/* A timer that ends the run: a test that reaches it has waited in vain. */
static int deadline_hit;
static int on_deadline(zmqx_loop_t *l, int id, void *arg)
{
    (void) id;
    (void) arg;
    deadline_hit = 1;
    return zmqx_loop_stop(l);
}

static int deadline(int ms)
{
    deadline_hit = 0;
    int id = zmqx_loop_timer(loop, ms, 1, on_deadline, NULL);
    ck_assert_int_gt(id, 0);
    return id;
}

/* Run the loop until the deadline: the loop has looked at the socket and
 * waits on its fd (what a naive loop trusts from then on). */
static void settle(void)
{
    deadline(30);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert(deadline_hit);
}

/* ---- the readiness rule's pitfalls ------------------------------------ */

/* Reading ZMQ_EVENTS resets ZMQ_FD: a message that arrived before a read
 * made outside the loop never signals the fd again. */
START_TEST(events_read_elsewhere_takes_the_edge)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    seen_t seen = { .read_each = 1, .stop_at = 1 };
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &seen), 0);
    settle();
    tu_send(push, "one");
    tu_sleep_ms(50); /* arrived: ZMQ_FD is readable */
    int ev = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_EVENTS, &ev), 0); /* takes the edge */
    ck_assert(ev & ZMQ_POLLIN);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_msg(!deadline_hit, "the message was never dispatched");
    ck_assert_int_eq(seen.received, 1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A send processes the socket's commands, the inbound message's
 * activation with them: ZMQ_EVENTS shows POLLIN, the fd stays quiet. */
START_TEST(a_send_hides_an_inbound_message)
{
    zmqx_socket_t *a, *b;
    tu_pair(ctx, ZMQ_DEALER, ZMQ_DEALER, &a, &b);
    seen_t seen = { .read_each = 1, .stop_at = 1 };
    ck_assert_int_eq(zmqx_loop_add(loop, a, ZMQX_POLLIN, on_socket, &seen), 0);
    tu_send(a, "hello"); /* connects the pair */
    char buf[16];
    ck_assert_int_eq(zmqx_recv(b, buf, sizeof buf, 0), 5);
    settle();
    tu_send(b, "in");
    tu_sleep_ms(100);     /* "in" has arrived at a: its fd is readable */
    tu_send(a, "out");   /* the inline zmqx_send: it must leave the fast path */
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_msg(!deadline_hit, "the message hidden by the send was never dispatched");
    ck_assert_int_eq(seen.received, 1);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

/* One fd signal stands for every message queued: reading one of two (even
 * on the raw handle, which the loop does not see) leaves the fd silent. */
START_TEST(one_edge_for_two_messages)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "one");
    tu_send(push, "two");
    tu_sleep_ms(50);
    seen_t seen = { .read_each = 1, .raw = 1, .stop_at = 2 };
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &seen), 0);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_msg(!deadline_hit, "the second message was never dispatched");
    ck_assert_int_eq(seen.received, 2);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* Level-triggered for the user: a handler that reads nothing is called
 * again, once per pass, while the message is there. */
START_TEST(handlers_are_level_triggered)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "stays");
    seen_t seen = { .stop_at = 3 };
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &seen), 0);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert(!deadline_hit);
    ck_assert_int_eq(seen.calls, 3);
    ck_assert_int_eq(seen.last_events, ZMQX_POLLIN);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* Messages queued (and their edge taken by a receive) before the socket
 * joined the loop. */
START_TEST(messages_queued_before_registration)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "one");
    tu_send(push, "two");
    char buf[16];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 3); /* takes the edge */
    seen_t seen = { .read_each = 1, .stop_at = 1 };
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &seen), 0);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_msg(!deadline_hit, "the queued message was never dispatched");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A PUSH at its high-water mark becomes writable when the peer reads; the
 * loop sees it only by reading ZMQ_EVENTS again. */
typedef struct hwm {
    zmqx_socket_t *pull;
    int sent, drained, blocked, deadline;
} hwm_t;

static int on_writable(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    hwm_t *h = arg;
    ck_assert_int_eq(events, ZMQX_POLLOUT);
    while (h->sent < 200 && zmqx_send_str(s, "x") == 1) /* inline DONTWAIT first */
        h->sent++;
    if (h->sent < 200)
        h->blocked++;
    else
        ck_assert_int_eq(zmqx_loop_remove(l, s), 0);
    return 0;
}

static int on_drain(zmqx_loop_t *l, int id, void *arg)
{
    hwm_t *h = arg;
    char c;
    while (zmq_recv(zmqx_socket_handle(h->pull), &c, 1, ZMQ_DONTWAIT) == 1)
        h->drained++;
    if (h->drained == 200) {
        ck_assert_int_eq(zmqx_loop_timer_cancel(l, h->deadline), 0);
        return zmqx_loop_timer_cancel(l, id);
    }
    return 0;
}

START_TEST(push_at_hwm_resumes)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 5);
    ck_assert_int_eq(zmqx_socket_set_timeout(push, 0), 0);
    hwm_t h = { .pull = pull };
    ck_assert_int_eq(zmqx_loop_add(loop, push, ZMQX_POLLOUT, on_writable, &h), 0);
    ck_assert_int_gt(zmqx_loop_timer(loop, 5, 0, on_drain, &h), 0);
    h.deadline = deadline(5000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* the writer and the drain end: nothing left */
    ck_assert_msg(!deadline_hit, "stalled: sent %d, drained %d", h.sent, h.drained);
    ck_assert_int_eq(h.sent, 200);
    ck_assert_int_eq(h.drained, 200);
    ck_assert_int_gt(h.blocked, 0); /* the high-water mark was met */
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* The fd of a socket that waits for POLLOUT only keeps signalling inbound
 * traffic: the loop must read ZMQ_EVENTS (which resets the fd) and go back
 * to sleep, not spin. */
START_TEST(spurious_readability_does_not_spin)
{
    /* a's pipe to b holds 2 messages (inproc: a's SNDHWM + b's RCVHWM) */
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(a, ZMQ_SNDHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_int(b, ZMQ_RCVHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_bind(b, "inproc://spurious"), 0);
    ck_assert_int_eq(zmqx_socket_connect(a, "inproc://spurious"), 0);
    ck_assert_int_eq(zmqx_socket_set_timeout(a, 0), 0);
    seen_t seen = { 0 };
    /* b never reads: a stops being writable; messages from b keep
     * arriving at a, waking its fd. */
    int sent = 0;
    while (zmqx_send_str(a, "fill") > 0)
        sent++;
    ck_assert_int_lt(sent, 10);
    for (int i = 0; i < 5; i++)
        tu_send(b, "noise");
    ck_assert_int_eq(zmqx_loop_add(loop, a, ZMQX_POLLOUT, on_socket, &seen), 0);
    long cpu0 = tu_cpu_ms();
    long long t0 = tu_now_ms();
    deadline(300);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    long used = tu_cpu_ms() - cpu0;
    long long wall = tu_now_ms() - t0;
    ck_assert_int_eq(seen.calls, 0);
    ck_assert_msg(used < wall / 2, "the loop spun: %ld ms of CPU in %lld ms", used, wall);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

/* ---- sockets and fds ------------------------------------------------- */

static int on_fd(zmqx_loop_t *l, int fd, int events, void *arg)
{
    seen_t *seen = arg;
    seen->calls++;
    seen->last_events = events;
    if (seen->read_each) {
        char c;
        ck_assert_int_eq(read(fd, &c, 1), 1);
        seen->received++;
    }
    if (seen->stop_at > 0 && seen->calls >= seen->stop_at)
        zmqx_loop_stop(l);
    return 0;
}

START_TEST(fds_are_level_triggered_with_pollerr)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    seen_t seen = { .stop_at = 3 };
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], ZMQX_POLLIN, on_fd, &seen), 0);
    ck_assert_int_eq(write(fds[1], "x", 1), 1);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(seen.calls, 3);
    ck_assert_int_eq(seen.last_events, ZMQX_POLLIN);
    close(fds[1]); /* hang-up: POLLERR with it */
    seen = (seen_t) { .stop_at = 1 };
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(seen.last_events & ZMQX_POLLERR, ZMQX_POLLERR);
    ck_assert_int_eq(zmqx_loop_remove_fd(loop, fds[0]), 0);
    close(fds[0]);
}
END_TEST

/* Two ready items whose handlers each remove the other: one call only,
 * for sockets and for fds. */
typedef struct pairwise {
    zmqx_socket_t *s[2];
    int fd[2];
    int calls;
} pairwise_t;

static int remove_other_socket(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    (void) events;
    pairwise_t *p = arg;
    p->calls++;
    ck_assert_int_eq(zmqx_loop_remove(l, s == p->s[0] ? p->s[1] : p->s[0]), 0);
    ck_assert_int_eq(zmqx_loop_remove(l, s), 0);
    return 0;
}

static int remove_other_fd(zmqx_loop_t *l, int fd, int events, void *arg)
{
    (void) events;
    pairwise_t *p = arg;
    p->calls++;
    ck_assert_int_eq(zmqx_loop_remove_fd(l, fd == p->fd[0] ? p->fd[1] : p->fd[0]), 0);
    ck_assert_int_eq(zmqx_loop_remove_fd(l, fd), 0);
    return 0;
}

START_TEST(removal_inside_a_handler_is_at_once)
{
    zmqx_socket_t *push[2], *pull[2];
    pairwise_t p = { 0 };
    for (int i = 0; i < 2; i++) {
        tu_push_pull(ctx, &push[i], &pull[i], 0);
        p.s[i] = pull[i];
        tu_send(push[i], "ready");
        ck_assert_int_eq(zmqx_loop_add(loop, p.s[i], ZMQX_POLLIN, remove_other_socket, &p), 0);
    }
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* nothing left: returns */
    ck_assert_int_eq(p.calls, 1);
    int a[2], b[2];
    ck_assert_int_eq(pipe(a), 0);
    ck_assert_int_eq(pipe(b), 0);
    p = (pairwise_t) { .fd = { a[0], b[0] } };
    ck_assert_int_eq(write(a[1], "x", 1), 1);
    ck_assert_int_eq(write(b[1], "x", 1), 1);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, a[0], ZMQX_POLLIN, remove_other_fd, &p), 0);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, b[0], ZMQX_POLLIN, remove_other_fd, &p), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(p.calls, 1);
    for (int i = 0; i < 2; i++) {
        close(a[i]);
        close(b[i]);
        zmqx_socket_destroy(&push[i]);
        zmqx_socket_destroy(&pull[i]);
    }
}
END_TEST

/* A handler that destroys its own socket (and the peer's) leaves the loop
 * with nothing: run returns, nothing touches the freed sockets. */
static int destroy_both(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    (void) l;
    (void) events;
    zmqx_socket_t **pair = arg;
    ck_assert_ptr_eq(s, pair[1]);
    zmqx_socket_destroy(&pair[1]);
    zmqx_socket_destroy(&pair[0]);
    return 0;
}

START_TEST(destroying_sockets_inside_a_handler)
{
    zmqx_socket_t *pair[2];
    tu_push_pull(ctx, &pair[0], &pair[1], 0);
    ck_assert_int_eq(zmqx_loop_add(loop, pair[0], ZMQX_POLLOUT, on_socket, &scratch), 0);
    tu_send(pair[0], "go");
    ck_assert_int_eq(zmqx_loop_remove(loop, pair[0]), 0);
    ck_assert_int_eq(zmqx_loop_add(loop, pair[0], ZMQX_POLLIN | ZMQX_POLLOUT, on_socket,
                                   &scratch), 0); /* a PUSH is never readable */
    ck_assert_int_eq(zmqx_loop_remove(loop, pair[0]), 0);
    ck_assert_int_eq(zmqx_loop_add(loop, pair[1], ZMQX_POLLIN, destroy_both, pair), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_ptr_null(pair[0]);
    ck_assert_ptr_null(pair[1]);
    ck_assert_int_eq(zmqx_loop_remove(loop, NULL), -1);
}
END_TEST

/* Added inside a handler: from the next pass. first is level-triggered
 * (it reads nothing), so its call count numbers the passes. */
typedef struct adder {
    zmqx_socket_t *first, *second;
    seen_t a;
    int second_saw;
} adder_t;

static int on_second(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    (void) s;
    (void) events;
    adder_t *ad = arg;
    ad->second_saw = ad->a.calls;
    return zmqx_loop_stop(l);
}

static int on_first(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    (void) s;
    (void) events;
    adder_t *ad = arg;
    if (++ad->a.calls == 1)
        ck_assert_int_eq(zmqx_loop_add(l, ad->second, ZMQX_POLLIN, on_second, ad), 0);
    return 0;
}

START_TEST(added_inside_a_handler_from_the_next_pass)
{
    zmqx_socket_t *push[2];
    adder_t ad = { 0 };
    tu_push_pull(ctx, &push[0], &ad.first, 0);
    tu_push_pull(ctx, &push[1], &ad.second, 0);
    tu_send(push[0], "a");
    tu_send(push[1], "b");
    tu_sleep_ms(20);
    ck_assert_int_eq(zmqx_loop_add(loop, ad.first, ZMQX_POLLIN, on_first, &ad), 0);
    deadline(1000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert(!deadline_hit);
    ck_assert_int_ge(ad.second_saw, 2);
    for (int i = 0; i < 2; i++)
        zmqx_socket_destroy(&push[i]);
    zmqx_socket_destroy(&ad.first);
    zmqx_socket_destroy(&ad.second);
}
END_TEST

/* Destroying a socket removes it from the loop; destroying the loop
 * returns its sockets to the inline fast path, still usable. */
START_TEST(socket_and_loop_lifetimes)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &scratch), 0);
    zmqx_socket_destroy(&pull);
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* nothing registered */
    ck_assert_int_eq(zmqx_loop_add(loop, push, ZMQX_POLLOUT, on_socket, &scratch), 0);
    zmqx_loop_destroy(&loop);
    zmqx_loop_destroy(&loop);
    zmqx_loop_destroy(NULL);
    ck_assert_int_eq(zmqx_socket_set_timeout(push, 0), 0);
    ck_assert_int_eq(zmqx_send_str(push, "x"), -1); /* no peer: EAGAIN, no crash */
    ck_assert_int_eq(errno, EAGAIN);
    zmqx_socket_destroy(&push);
}
END_TEST

/* One socket ready among 1,000 idle ones: dispatched, and the idle ones
 * never called. */
START_TEST(one_ready_among_a_thousand)
{
    enum { N = 1000 };
    zmqx_socket_t *idle[N];
    seen_t idle_seen = { 0 };
    for (int i = 0; i < N; i++) {
        idle[i] = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
        ck_assert_ptr_nonnull(idle[i]);
        ck_assert_int_eq(zmqx_loop_add(loop, idle[i], ZMQX_POLLIN, on_socket, &idle_seen), 0);
    }
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    seen_t seen = { .read_each = 1, .stop_at = 100 };
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, on_socket, &seen), 0);
    for (int i = 0; i < 100; i++)
        tu_send(push, "m");
    deadline(5000);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert(!deadline_hit);
    ck_assert_int_eq(seen.received, 100);
    ck_assert_int_eq(idle_seen.calls, 0);
    for (int i = 0; i < N; i++)
        zmqx_socket_destroy(&idle[i]);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- timers ----------------------------------------------------------- */

typedef struct ticks {
    long long at[64];
    int n;
    int sleep_first_ms; /* the first handler takes this long */
    int sleep_each_ms;  /* every handler takes this long */
    int cancel_other;   /* a timer id to cancel at the first firing */
    zmqx_socket_t *churn; /* added and removed at each firing */
} ticks_t;

static ticks_t scratch_ticks;

static int on_tick(zmqx_loop_t *l, int id, void *arg)
{
    (void) id;
    ticks_t *t = arg;
    if (t->n < 64)
        t->at[t->n] = tu_now_ms();
    if (t->n == 0 && t->cancel_other > 0)
        ck_assert_int_eq(zmqx_loop_timer_cancel(l, t->cancel_other), 0);
    if (t->churn != NULL) {
        ck_assert_int_eq(zmqx_loop_add(l, t->churn, ZMQX_POLLIN, on_socket, &scratch), 0);
        ck_assert_int_eq(zmqx_loop_remove(l, t->churn), 0);
    }
    if (t->n == 0 && t->sleep_first_ms > 0)
        tu_sleep_ms(t->sleep_first_ms);
    if (t->sleep_each_ms > 0)
        tu_sleep_ms(t->sleep_each_ms);
    t->n++;
    return 0;
}

/* times counts firings; with nothing else registered run then returns. */
START_TEST(timer_times_then_run_returns)
{
    ticks_t t = { 0 };
    long long t0 = tu_now_ms();
    ck_assert_int_gt(zmqx_loop_timer(loop, 20, 3, on_tick, &t), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(t.n, 3);
    ck_assert_int_ge(t.at[0] - t0, 19);
    ck_assert_int_ge(t.at[2] - t0, 59);
}
END_TEST

/* A grid: handlers that take 6 of every 15 ms do not push the firings
 * later (a timer re-armed from the handler's end drifts to 21 ms each). */
START_TEST(timer_grid_does_not_drift)
{
    ticks_t t = { .sleep_each_ms = 6 };
    long long t0 = tu_now_ms();
    ck_assert_int_gt(zmqx_loop_timer(loop, 15, 20, on_tick, &t), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(t.n, 20);
    long long last = t.at[19] - t0;
    ck_assert_msg(last >= 299 && last < 300 + 80, "20th firing at %lld ms (grid: 300)", last);
}
END_TEST

/* A late tick fires once; the ticks missed meanwhile are skipped, never
 * fired in a burst; the next is on the grid. */
START_TEST(timer_late_tick_fires_once)
{
    ticks_t t = { .sleep_first_ms = 75 };
    long long t0 = tu_now_ms();
    ck_assert_int_gt(zmqx_loop_timer(loop, 20, 3, on_tick, &t), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    long long second = t.at[1] - t0, third = t.at[2] - t0;
    /* first at 20, returns at ~95: next grid point 100, then 120 */
    ck_assert_msg(second >= 99 && second % 20 < 15, "second firing at %lld ms", second);
    ck_assert_msg(third - second >= 15, "burst: %lld then %lld", second, third);
}
END_TEST

/* Changing the item set inside a timer's handler does not fire it twice
 * in a pass (czmq#1995). */
START_TEST(timer_no_double_firing_when_items_change)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_ptr_nonnull(s);
    ticks_t t = { .churn = s };
    long long t0 = tu_now_ms();
    ck_assert_int_gt(zmqx_loop_timer(loop, 20, 10, on_tick, &t), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(t.n, 10);
    for (int i = 1; i < 10; i++)
        ck_assert_msg(t.at[i] - t.at[i - 1] >= 10, "firings %d and %d %lld ms apart", i - 1, i,
                      t.at[i] - t.at[i - 1]);
    ck_assert_int_ge(t.at[9] - t0, 199);
    zmqx_socket_destroy(&s);
}
END_TEST

/* reset restarts the grid; cancel inside a handler is at once. */
typedef struct resetter {
    int watched, resets;
    ticks_t watched_ticks;
} resetter_t;

static int on_reset(zmqx_loop_t *l, int id, void *arg)
{
    resetter_t *r = arg;
    ck_assert_int_eq(zmqx_loop_timer_reset(l, r->watched), 0);
    if (++r->resets == 5)
        ck_assert_int_eq(zmqx_loop_timer_cancel(l, id), 0);
    return 0;
}

START_TEST(timer_reset_and_cancel)
{
    resetter_t r = { 0 };
    long long t0 = tu_now_ms();
    r.watched = zmqx_loop_timer(loop, 60, 1, on_tick, &r.watched_ticks);
    ck_assert_int_gt(r.watched, 0);
    ck_assert_int_gt(zmqx_loop_timer(loop, 20, 0, on_reset, &r), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(r.resets, 5);
    ck_assert_int_eq(r.watched_ticks.n, 1);
    /* last reset at ~100 ms: fires at ~160, not at 60 */
    ck_assert_int_ge(r.watched_ticks.at[0] - t0, 155);
    /* a timer cancelled in another timer's handler never fires */
    ticks_t a = { 0 }, b = { 0 };
    int bid = zmqx_loop_timer(loop, 40, 1, on_tick, &b);
    a.cancel_other = bid;
    ck_assert_int_gt(zmqx_loop_timer(loop, 10, 1, on_tick, &a), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(a.n, 1);
    ck_assert_int_eq(b.n, 0);
    ck_assert_int_eq(zmqx_loop_timer_cancel(loop, bid), -1);
    tu_assert_error(ENOENT, "no timer");
}
END_TEST

/* A one-shot timer that resets itself in its handler fires again (as
 * zloop_ticket_reset re-arms a ticket); one that cancels itself is gone. */
static int rearm_twice(zmqx_loop_t *l, int id, void *arg)
{
    int *fired = arg;
    if (++*fired < 3)
        ck_assert_int_eq(zmqx_loop_timer_reset(l, id), 0);
    else {
        ck_assert_int_eq(zmqx_loop_timer_cancel(l, id), 0);
        ck_assert_int_eq(zmqx_loop_timer_reset(l, id), -1);
        tu_assert_error(ENOENT, "no timer");
    }
    return 0;
}

START_TEST(one_shot_timer_rearmed_from_its_handler)
{
    int fired = 0;
    long long t0 = tu_now_ms();
    ck_assert_int_gt(zmqx_loop_timer(loop, 15, 1, rearm_twice, &fired), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* nothing left after the third */
    ck_assert_int_eq(fired, 3);
    ck_assert_int_ge(tu_now_ms() - t0, 44);
}
END_TEST

/* ---- stop, signals, errors from run ---------------------------------- */

static void *stop_later(void *arg)
{
    tu_sleep_ms(50);
    ck_assert_int_eq(zmqx_loop_stop(arg), 0);
    return NULL;
}

START_TEST(stop_from_another_thread)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, &scratch), 0);
    pthread_t th;
    long long t0 = tu_now_ms();
    ck_assert_int_eq(pthread_create(&th, NULL, stop_later, loop), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_ge(tu_now_ms() - t0, 45);
    pthread_join(th, NULL);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(stop_before_run_counts_once)
{
    ck_assert_int_eq(zmqx_loop_stop(loop), 0);
    ck_assert_int_eq(zmqx_loop_stop(loop), 0);
    ck_assert_int_gt(zmqx_loop_timer(loop, 10, 1, on_tick, &scratch_ticks), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* at once */
    ticks_t t = { 0 };
    ck_assert_int_gt(zmqx_loop_timer(loop, 40, 1, on_tick, &t), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* the earlier timer, then this one */
    ck_assert_int_eq(t.n, 1);
    ck_assert_int_ge(tu_now_ms() - t0, 35);
}
END_TEST

static zmqx_loop_t *signal_loop;
static volatile sig_atomic_t signals_seen;
static void stop_from_signal(int sig)
{
    (void) sig;
    signals_seen++;
    zmqx_loop_stop(signal_loop);
}

static void noop_signal(int sig)
{
    (void) sig;
    signals_seen++;
}

static void signal_in(void (*handler)(int), int ms)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = handler; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
}

START_TEST(signals_eintr_and_stop_from_a_handler)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, &scratch), 0);
    signals_seen = 0;
    signal_in(noop_signal, 30);
    ck_assert_int_eq(zmqx_loop_run(loop), -1);
    ck_assert_int_eq(errno, EINTR);
    tu_assert_error(EINTR, "interrupted by a signal");
    ck_assert_int_eq(signals_seen, 1);
    signal_loop = loop;
    signal_in(stop_from_signal, 30); /* the stop made by the signal wins */
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
    ck_assert_int_eq(signals_seen, 2);
    signal(SIGALRM, SIG_DFL);
    zmqx_socket_destroy(&s);
}
END_TEST

static int fail_eagain(zmqx_loop_t *l, zmqx_socket_t *s, int events, void *arg)
{
    (void) l;
    (void) events;
    (void) arg;
    char c;
    ck_assert_int_eq(zmqx_recv(s, &c, 1, ZMQX_DONTWAIT), 1);
    return zmqx_recv(s, &c, 1, ZMQX_DONTWAIT); /* nothing left: -1, EAGAIN */
}

START_TEST(handler_error_ends_run_with_it)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "x");
    ck_assert_int_eq(zmqx_loop_add(loop, pull, ZMQX_POLLIN, fail_eagain, NULL), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), -1);
    ck_assert_int_eq(errno, EAGAIN);
    tu_assert_error(EAGAIN, "no message ready");
    ck_assert_str_eq(zmqx_last_error()->op, "recv");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

static int run_inside(zmqx_loop_t *l, int id, void *arg)
{
    (void) id;
    (void) arg;
    ck_assert_int_eq(zmqx_loop_run(l), -1);
    tu_assert_error(EINVAL, "running");
    return 0;
}

START_TEST(run_inside_a_handler_and_empty_run)
{
    ck_assert_int_eq(zmqx_loop_run(loop), 0); /* nothing registered */
    ck_assert_int_gt(zmqx_loop_timer(loop, 5, 1, run_inside, NULL), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), 0);
}
END_TEST

START_TEST(context_shutdown_ends_run_with_eterm)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, &scratch), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, tu_shutdown_later, ctx), 0);
    ck_assert_int_eq(zmqx_loop_run(loop), -1);
    tu_assert_error(ETERM, "context was shut down");
    pthread_join(th, NULL);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

START_TEST(argument_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    seen_t seen = { 0 };
    ck_assert_int_eq(zmqx_loop_add(NULL, s, ZMQX_POLLIN, on_socket, &seen), -1);
    tu_assert_error(EINVAL, "loop is NULL");
    ck_assert_int_eq(zmqx_loop_add(loop, NULL, ZMQX_POLLIN, on_socket, &seen), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_int_eq(zmqx_loop_add(loop, s, 0, on_socket, &seen), -1);
    tu_assert_error(EINVAL, "bad events");
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLERR, on_socket, &seen), -1);
    tu_assert_error(EINVAL, "bad events");
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, NULL, &seen), -1);
    tu_assert_error(EINVAL, "handler is NULL");
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, &seen), 0);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLOUT, on_socket, &seen), -1);
    tu_assert_error(EEXIST, "in the loop already");
    ck_assert_int_eq(zmqx_loop_remove(loop, s), 0);
    ck_assert_int_eq(zmqx_loop_remove(loop, s), -1);
    tu_assert_error(ENOENT, "not in the loop");
    ck_assert_int_eq(zmqx_loop_remove(NULL, s), -1);
    tu_assert_error(EINVAL, "loop is NULL");

    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, -1, ZMQX_POLLIN, on_fd, &seen), -1);
    tu_assert_error(EINVAL, "negative");
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], 8, on_fd, &seen), -1);
    tu_assert_error(EINVAL, "bad events");
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], ZMQX_POLLIN, NULL, &seen), -1);
    tu_assert_error(EINVAL, "handler is NULL");
    ck_assert_int_eq(zmqx_loop_add_fd(NULL, fds[0], ZMQX_POLLIN, on_fd, &seen), -1);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], ZMQX_POLLIN, on_fd, &seen), 0);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], ZMQX_POLLIN, on_fd, &seen), -1);
    tu_assert_error(EEXIST, "in the loop already");
    ck_assert_int_eq(zmqx_loop_remove_fd(loop, fds[1]), -1);
    tu_assert_error(ENOENT, "not in the loop");
    ck_assert_int_eq(zmqx_loop_remove_fd(NULL, fds[0]), -1);
    ck_assert_int_eq(zmqx_loop_remove_fd(loop, fds[0]), 0);
    close(fds[0]);
    close(fds[1]);
    ck_assert_int_eq(zmqx_loop_add_fd(loop, fds[0], ZMQX_POLLIN, on_fd, &seen), -1);
    ck_assert_int_eq(errno, EBADF);

    ck_assert_int_eq(zmqx_loop_timer(loop, 0, 1, on_tick, NULL), -1);
    tu_assert_error(EINVAL, "interval");
    ck_assert_int_eq(zmqx_loop_timer(loop, LONG_MAX, 1, on_tick, NULL), -1);
    tu_assert_error(EINVAL, "interval");
    ck_assert_int_eq(zmqx_loop_timer(loop, 10, -1, on_tick, NULL), -1);
    tu_assert_error(EINVAL, "times");
    ck_assert_int_eq(zmqx_loop_timer(loop, 10, 1, NULL, NULL), -1);
    tu_assert_error(EINVAL, "handler is NULL");
    ck_assert_int_eq(zmqx_loop_timer(NULL, 10, 1, on_tick, NULL), -1);
    ck_assert_int_eq(zmqx_loop_timer_reset(loop, 42), -1);
    tu_assert_error(ENOENT, "no timer 42");
    ck_assert_int_eq(zmqx_loop_timer_reset(NULL, 1), -1);
    tu_assert_error(EINVAL, "loop is NULL");
    ck_assert_int_eq(zmqx_loop_timer_cancel(loop, 0), -1);
    tu_assert_error(ENOENT, "no timer 0");
    ck_assert_int_eq(zmqx_loop_run(NULL), -1);
    tu_assert_error(EINVAL, "loop is NULL");
    ck_assert_int_eq(zmqx_loop_stop(NULL), -1);
    tu_assert_error(EINVAL, "loop is NULL");
    zmqx_socket_destroy(&s);
}
END_TEST

/* A socket whose context was destroyed is closed: ENOTSOCK. */
START_TEST(closed_socket_is_enotsock)
{
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(other, ZMQ_PULL, NULL);
    zmqx_ctx_destroy(&other);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, NULL), -1);
    tu_assert_error(ENOTSOCK, "closed");
    zmqx_socket_destroy(&s);
}
END_TEST

#ifdef ZMQ_SERVER
START_TEST(thread_safe_socket_is_einval)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_SERVER, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(zmqx_loop_add(loop, s, ZMQX_POLLIN, on_socket, NULL), -1);
    tu_assert_error(EINVAL, "has no ZMQ_FD");
    zmqx_socket_destroy(&s);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("loop");
    TCase *tc = tu_tcase(s, "readiness", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, events_read_elsewhere_takes_the_edge);
    tcase_add_test(tc, a_send_hides_an_inbound_message);
    tcase_add_test(tc, one_edge_for_two_messages);
    tcase_add_test(tc, handlers_are_level_triggered);
    tcase_add_test(tc, messages_queued_before_registration);
    tcase_add_test(tc, push_at_hwm_resumes);
    tcase_add_test(tc, spurious_readability_does_not_spin);
    tc = tu_tcase(s, "items", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fds_are_level_triggered_with_pollerr);
    tcase_add_test(tc, removal_inside_a_handler_is_at_once);
    tcase_add_test(tc, destroying_sockets_inside_a_handler);
    tcase_add_test(tc, added_inside_a_handler_from_the_next_pass);
    tcase_add_test(tc, socket_and_loop_lifetimes);
    tcase_add_test(tc, one_ready_among_a_thousand);
    tc = tu_tcase(s, "timers", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, timer_times_then_run_returns);
    tcase_add_test(tc, timer_grid_does_not_drift);
    tcase_add_test(tc, timer_late_tick_fires_once);
    tcase_add_test(tc, timer_no_double_firing_when_items_change);
    tcase_add_test(tc, timer_reset_and_cancel);
    tcase_add_test(tc, one_shot_timer_rearmed_from_its_handler);
    tc = tu_tcase(s, "run", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stop_from_another_thread);
    tcase_add_test(tc, stop_before_run_counts_once);
    tcase_add_test(tc, signals_eintr_and_stop_from_a_handler);
    tcase_add_test(tc, handler_error_ends_run_with_it);
    tcase_add_test(tc, run_inside_a_handler_and_empty_run);
    tcase_add_test(tc, context_shutdown_ends_run_with_eterm);
    tcase_add_test(tc, argument_errors);
    tcase_add_test(tc, closed_socket_is_enotsock);
#ifdef ZMQ_SERVER
    tcase_add_test(tc, thread_safe_socket_is_einval);
#endif
    return tu_run(s, 120);
}
