/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: poller (sockets and fds, registration order, max, timeouts,
 * wake, EINTR, ETERM, closed sockets, changes while handling events,
 * POLLOUT/POLLERR, no allocation in wait, error paths). */
#include "testutil.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>

static zmqx_ctx_t *ctx;
static zmqx_poller_t *p;
static zmqx_poll_event_t out[8];

static void setup(void)
{
    ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    p = zmqx_poller_new();
    ck_assert_ptr_nonnull(p);
}

static void teardown(void)
{
    zmqx_poller_destroy(&p);
    zmqx_ctx_destroy(&ctx);
}

/* Wait (raw libzmq, up to 2 s) until s has a message to read. */
static void wait_readable(zmqx_socket_t *s)
{
    zmq_pollitem_t item = { zmqx_socket_handle(s), 0, ZMQ_POLLIN, 0 };
    ck_assert_int_eq(zmq_poll(&item, 1, 2000), 1);
}

/* A PULL socket with nothing connected, registered for input. */
static zmqx_socket_t *idle_socket(void)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(zmqx_poller_add(p, s, ZMQX_POLLIN, NULL), 0);
    return s;
}

/* Started on another thread: after 50 ms, shut the context down (arg
 * non-NULL) or wake the poller; acted_at says when. */
static long long acted_at;
static void *act_later(void *shut_ctx)
{
    tu_sleep_ms(50);
    acted_at = tu_now_ms();
    if (shut_ctx != NULL)
        ck_assert_int_eq(zmqx_ctx_shutdown(shut_ctx), 0);
    else
        ck_assert_int_eq(zmqx_poller_wake(p), 0);
    return NULL;
}

static void assert_event(const zmqx_poll_event_t *e, zmqx_socket_t *s, int fd, short events,
                         void *user)
{
    ck_assert_ptr_eq(e->socket, s);
    ck_assert_int_eq(e->fd, fd);
    ck_assert_int_eq(e->events, events);
    ck_assert_ptr_eq(e->user, user);
}

static void assert_timeout(long timeout_ms)
{
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, timeout_ms), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, (int) timeout_ms);
    ck_assert_str_eq(zmqx_last_error()->op, "poller_wait");
}

/* ---- four ready items: three PULL sockets and a pipe ---- */

static zmqx_socket_t *pull[3], *push[3];
static int fds[2];
static int tags[4];

/* Registers, in this order: pull[2], the pipe's read end, pull[0], pull[1];
 * each has one message (byte) waiting. */
static void four_ready(void)
{
    for (int i = 0; i < 3; i++) {
        tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull[i], &push[i]);
        ck_assert_int_eq(zmqx_send_str(push[i], "m"), 1);
        wait_readable(pull[i]);
    }
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], "x", 1), 1);
    ck_assert_int_eq(zmqx_poller_add(p, pull[2], ZMQX_POLLIN, &tags[0]), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, fds[0], ZMQX_POLLIN, &tags[1]), 0);
    ck_assert_int_eq(zmqx_poller_add(p, pull[0], ZMQX_POLLIN, &tags[2]), 0);
    ck_assert_int_eq(zmqx_poller_add(p, pull[1], ZMQX_POLLIN, &tags[3]), 0);
    ck_assert_int_eq(zmqx_poller_size(p), 4);
}

static void four_done(void)
{
    for (int i = 0; i < 3; i++) {
        zmqx_socket_destroy(&push[i]);
        zmqx_socket_destroy(&pull[i]);
    }
    close(fds[0]);
    close(fds[1]);
}

START_TEST(all_four_ready_in_registration_order)
{
    four_ready();
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), 4);
    assert_event(&out[0], pull[2], -1, ZMQX_POLLIN, &tags[0]);
    assert_event(&out[1], NULL, fds[0], ZMQX_POLLIN, &tags[1]);
    assert_event(&out[2], pull[0], -1, ZMQX_POLLIN, &tags[2]);
    assert_event(&out[3], pull[1], -1, ZMQX_POLLIN, &tags[3]);
    four_done();
}
END_TEST

START_TEST(max_smaller_than_ready_count)
{
    four_ready();
    ck_assert_int_eq(zmqx_poller_wait(p, out, 2, 1000), 2);
    assert_event(&out[0], pull[2], -1, ZMQX_POLLIN, &tags[0]);
    assert_event(&out[1], NULL, fds[0], ZMQX_POLLIN, &tags[1]);
    out[1].user = NULL;
    ck_assert_int_eq(zmqx_poller_wait(p, out, 1, 0), 1);
    assert_event(&out[0], pull[2], -1, ZMQX_POLLIN, &tags[0]);
    ck_assert_ptr_null(out[1].user); /* nothing written past max */
    four_done();
}
END_TEST

START_TEST(changes_while_handling_events)
{
    four_ready();
    int n = zmqx_poller_wait(p, out, 8, 1000);
    ck_assert_int_eq(n, 4);
    int seen = 0;
    for (int i = 0; i < n; i++) {
        if (i == 0) { /* remove two items that come later in out, add one */
            ck_assert_int_eq(zmqx_poller_remove_fd(p, fds[0]), 0);
            ck_assert_int_eq(zmqx_poller_remove(p, pull[1]), 0);
            ck_assert_int_eq(zmqx_poller_add(p, pull[1], ZMQX_POLLIN, &tags[1]), 0);
        }
        seen += out[i].user != NULL; /* out is a copy: still readable */
    }
    ck_assert_int_eq(seen, 4);
    ck_assert_int_eq(zmqx_poller_size(p), 3);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), 3);
    assert_event(&out[0], pull[2], -1, ZMQX_POLLIN, &tags[0]);
    assert_event(&out[1], pull[0], -1, ZMQX_POLLIN, &tags[2]);
    assert_event(&out[2], pull[1], -1, ZMQX_POLLIN, &tags[1]);
    /* Remove everything from inside the loop; the next wait sees none. */
    n = zmqx_poller_wait(p, out, 8, 0);
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(zmqx_poller_remove(p, out[n - 1 - i].socket), 0);
    ck_assert_int_eq(zmqx_poller_size(p), 0);
    assert_timeout(0);
    four_done();
}
END_TEST

/* ---- timeouts ---- */

START_TEST(timeout_200ms)
{
    zmqx_socket_t *s = idle_socket();
    long long t0 = tu_now_ms();
    assert_timeout(200);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    tu_assert_error(EAGAIN, "poller_wait: timed out after 200 ms");
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(timeout_zero_returns_at_once)
{
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(zmqx_poller_add(p, pl, ZMQX_POLLIN, NULL), 0);
    long long t0 = tu_now_ms();
    assert_timeout(0);
    ck_assert_int_lt(tu_now_ms() - t0, 50);
    ck_assert_int_eq(zmqx_send_str(ps, "m"), 1);
    wait_readable(pl);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), 1);
    assert_event(&out[0], pl, -1, ZMQX_POLLIN, NULL);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
}
END_TEST

START_TEST(empty_poller)
{
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -1), -1);
    tu_assert_error(EINVAL, "nothing to wait for");
    long long t0 = tu_now_ms();
    assert_timeout(0);
    ck_assert_int_lt(tu_now_ms() - t0, 50);
    t0 = tu_now_ms();
    assert_timeout(100); /* a finite timeout sleeps, then times out */
    ck_assert_int_ge(tu_now_ms() - t0, 100);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 5000), -1);
    tu_assert_error(ECANCELED, "poller woken");
    ck_assert_int_lt(tu_now_ms() - t0, 50);
}
END_TEST

static volatile sig_atomic_t alarms;
static zmqx_poller_t *volatile wake_on_alarm;
static void on_alarm(int sig)
{
    (void) sig;
    alarms++;
    if (wake_on_alarm)
        zmqx_poller_wake(wake_on_alarm);
}

static void alarm_in(long ms)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_alarm; /* no SA_RESTART (poll is never restarted anyway) */
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, ms * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

START_TEST(eintr_reaches_the_caller_and_retry_keeps_deadline)
{
    zmqx_socket_t *s = idle_socket();
    alarms = 0;
    alarm_in(100);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 400), -1);
    ck_assert_int_eq(errno, EINTR);
    ck_assert_int_eq(alarms, 1);
    ck_assert_int_lt(tu_now_ms() - t0, 350);
    tu_assert_error(EINTR, "interrupted");
    ck_assert(!zmqx_error_is_timeout(NULL));
    /* The retry ends at the original deadline, 400 ms after the start. */
    assert_timeout(400);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 400);
    ck_assert_int_lt(took, 550);
    /* A fresh wait has a fresh deadline. */
    t0 = tu_now_ms();
    assert_timeout(150);
    ck_assert_int_ge(tu_now_ms() - t0, 150);
    signal(SIGALRM, SIG_DFL);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- wake ---- */

START_TEST(wake_from_another_thread_ends_forever_wait)
{
    zmqx_socket_t *s = idle_socket();
    pthread_t t;
    pthread_create(&t, NULL, act_later, NULL);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -1), -1);
    long long now = tu_now_ms();
    pthread_join(t, NULL);
    ck_assert_int_eq(errno, ECANCELED);
    tu_assert_error(ECANCELED, "poller_wait: poller woken");
    ck_assert(!zmqx_error_is_timeout(NULL));
    ck_assert_int_lt(now - acted_at, 100);
    assert_timeout(0); /* once only */
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(wake_before_wait_cancels_the_next_wait_once)
{
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(zmqx_poller_add(p, pl, ZMQX_POLLIN, &tags[0]), 0);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), -1);
    ck_assert_int_eq(errno, ECANCELED);
    assert_timeout(0);
    /* A wake wins over ready items, which the next wait reports; the wake
     * channel itself is never an event. */
    ck_assert_int_eq(zmqx_send_str(ps, "m"), 1);
    wait_readable(pl);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), -1);
    ck_assert_int_eq(errno, ECANCELED);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), 1);
    assert_event(&out[0], pl, -1, ZMQX_POLLIN, &tags[0]);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
}
END_TEST

START_TEST(wake_from_a_signal_handler)
{
    zmqx_socket_t *s = idle_socket();
    alarms = 0;
    wake_on_alarm = p;
    alarm_in(50);
    errno = 0;
    long long t0 = tu_now_ms();
    /* The signal interrupts the wait, which reports the wake, not EINTR. */
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -1), -1);
    ck_assert_int_eq(alarms, 1);
    tu_assert_error(ECANCELED, "poller woken");
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    wake_on_alarm = NULL;
    signal(SIGALRM, SIG_DFL);
    assert_timeout(0);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- events ---- */

START_TEST(pollout_on_a_connected_push)
{
    zmqx_socket_t *lone = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_poller_add(p, lone, ZMQX_POLLOUT, NULL), 0);
    assert_timeout(0); /* no peer: cannot send */
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(zmqx_poller_add(p, ps, ZMQX_POLLIN | ZMQX_POLLOUT, &tags[1]), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 2000), 1);
    assert_event(&out[0], ps, -1, ZMQX_POLLOUT, &tags[1]);
    /* Remove a socket before destroying it. */
    ck_assert_int_eq(zmqx_poller_remove(p, ps), 0);
    ck_assert_int_eq(zmqx_poller_remove(p, lone), 0);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
    zmqx_socket_destroy(&lone);
}
END_TEST

START_TEST(pollerr_on_fds)
{
    int a[2], b[2];
    ck_assert_int_eq(pipe(a), 0);
    ck_assert_int_eq(pipe(b), 0);
    close(a[0]); /* a's write end: no reader */
    close(b[1]); /* b's read end: no writer (POLLHUP) */
    ck_assert_int_eq(zmqx_poller_add_fd(p, a[1], ZMQX_POLLOUT, &tags[0]), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, b[0], 0, &tags[1]), 0); /* asked for nothing */
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), 2);
    ck_assert_ptr_null(out[0].socket);
    ck_assert_int_eq(out[0].fd, a[1]);
    ck_assert_int_ne(out[0].events & ZMQX_POLLERR, 0);
    assert_event(&out[1], NULL, b[0], ZMQX_POLLERR, &tags[1]);
    close(a[1]);
    close(b[0]);
}
END_TEST

START_TEST(level_triggered_no_missed_wakeup)
{
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(zmqx_poller_add(p, pl, ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_send_str(ps, "one"), 3);
    ck_assert_int_eq(zmqx_send_str(ps, "two"), 3);
    char buf[8];
    for (int i = 0; i < 2; i++) {
        /* The second wait must see the message the first left behind. */
        ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 2000), 1);
        ck_assert_int_eq(out[0].events, ZMQX_POLLIN);
        ck_assert_int_eq(zmqx_recv(pl, buf, sizeof buf, ZMQX_DONTWAIT), 3);
    }
    assert_timeout(0);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
}
END_TEST

START_TEST(modify_keeps_place_and_user)
{
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    int pp[2];
    ck_assert_int_eq(pipe(pp), 0);
    ck_assert_int_eq(zmqx_poller_add(p, ps, ZMQX_POLLIN, &tags[0]), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, pp[1], 0, &tags[1]), 0);
    assert_timeout(0); /* a PUSH never has input; the fd asks for nothing */
    ck_assert_int_eq(zmqx_poller_modify_fd(p, pp[1], ZMQX_POLLOUT), 0);
    ck_assert_int_eq(zmqx_poller_modify(p, ps, ZMQX_POLLOUT), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 2000), 2);
    assert_event(&out[0], ps, -1, ZMQX_POLLOUT, &tags[0]);
    assert_event(&out[1], NULL, pp[1], ZMQX_POLLOUT, &tags[1]);
    /* 0 pauses an item without losing its place. */
    ck_assert_int_eq(zmqx_poller_modify(p, ps, 0), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), 1);
    ck_assert_int_eq(out[0].fd, pp[1]);
    ck_assert_int_eq(zmqx_poller_modify_fd(p, pp[1], 0), 0);
    assert_timeout(0);
    ck_assert_int_eq(zmqx_poller_modify(p, ps, ZMQX_POLLOUT | ZMQX_POLLERR), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), 1);
    assert_event(&out[0], ps, -1, ZMQX_POLLOUT, &tags[0]);

    ck_assert_int_eq(zmqx_poller_modify(p, pl, ZMQX_POLLIN), -1);
    tu_assert_error(ENOENT, "socket is not in the poller");
    ck_assert_int_eq(zmqx_poller_modify_fd(p, pp[0], ZMQX_POLLIN), -1);
    tu_assert_error(ENOENT, "poller_modify_fd: fd");
    ck_assert_int_eq(zmqx_poller_modify(p, ps, 8), -1);
    tu_assert_error(EINVAL, "bad events 0x8");
    ck_assert_int_eq(zmqx_poller_modify_fd(p, pp[1], -1), -1);
    tu_assert_error(EINVAL, "bad events 0xffff");
    close(pp[0]);
    close(pp[1]);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
}
END_TEST

#ifdef ZMQX_HAVE_DRAFT
START_TEST(thread_safe_sockets_with_the_draft_api)
{
    /* zmq_poll hands a set with a thread-safe socket to zmq_poller. */
    zmqx_socket_t *server, *client;
    tu_pair(ctx, ZMQ_SERVER, ZMQ_CLIENT, &server, &client);
    int pp[2];
    ck_assert_int_eq(pipe(pp), 0);
    ck_assert_int_eq(zmqx_poller_add(p, server, ZMQX_POLLIN, &tags[0]), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, pp[0], ZMQX_POLLIN, &tags[1]), 0);
    assert_timeout(0);
    assert_timeout(50);
    ck_assert_int_eq(zmqx_send_str(client, "hi"), 2);
    wait_readable(server);
    ck_assert_int_eq(write(pp[1], "x", 1), 1);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 2000), 2);
    assert_event(&out[0], server, -1, ZMQX_POLLIN, &tags[0]);
    assert_event(&out[1], NULL, pp[0], ZMQX_POLLIN, &tags[1]);
    ck_assert_int_eq(zmqx_poller_wake(p), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -1), -1);
    ck_assert_int_eq(errno, ECANCELED);
    ck_assert_int_eq(zmqx_poller_remove(p, server), 0);
    close(pp[0]);
    close(pp[1]);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST
#endif

/* ---- contexts shut down or destroyed ---- */

START_TEST(ctx_shutdown_ends_forever_wait_with_eterm)
{
    zmqx_socket_t *s = idle_socket();
    pthread_t t;
    long long t0 = tu_now_ms();
    pthread_create(&t, NULL, act_later, ctx);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -1), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 500);
    pthread_join(t, NULL);
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "poller_wait: context was shut down");
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), -1);
    ck_assert_int_eq(errno, ETERM);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(closed_socket_is_enotsock)
{
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_socket_t *in = zmqx_socket_new(other, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_socket_t *out_ = zmqx_socket_new(other, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_poller_add(p, in, ZMQX_POLLIN, NULL), 0);
    zmqx_ctx_destroy(&other);
    ck_assert_int_eq(zmqx_poller_add(p, out_, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 0), -1);
    tu_assert_error(ENOTSOCK, "a socket in the poller is closed");
    ck_assert_int_eq(zmqx_poller_modify(p, in, ZMQX_POLLOUT), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_poller_remove(p, in), 0); /* a closed one can go */
    ck_assert_int_eq(zmqx_poller_size(p), 0);
    assert_timeout(0);
    zmqx_socket_destroy(&in);
    zmqx_socket_destroy(&out_);
}
END_TEST

/* ---- registration errors ---- */

START_TEST(registration_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_socket_t *other = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    int pp[2];
    ck_assert_int_eq(pipe(pp), 0);
    ck_assert_int_eq(zmqx_poller_add(p, s, ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_add(p, s, ZMQX_POLLOUT, NULL), -1);
    tu_assert_error(EEXIST, "socket is already in the poller");
    ck_assert_str_eq(zmqx_last_error()->endpoint, zmqx_socket_endpoint(s));
    ck_assert_int_eq(zmqx_poller_add_fd(p, pp[0], ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, pp[0], ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EEXIST, "is already in the poller");
    ck_assert_int_eq(zmqx_poller_size(p), 2);

    ck_assert_int_eq(zmqx_poller_add(p, other, 8 /* ZMQ_POLLPRI */, NULL), -1);
    tu_assert_error(EINVAL, "poller_add: bad events 0x8");
    ck_assert_int_eq(zmqx_poller_add_fd(p, pp[1], 0x10, NULL), -1);
    tu_assert_error(EINVAL, "bad events 0x10");
    ck_assert_int_eq(zmqx_poller_add_fd(p, -1, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EINVAL, "fd -1 is negative");
    ck_assert_int_eq(zmqx_poller_add_fd(p, 1 << 20, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EBADF, "is not open");
    ck_assert_int_eq(zmqx_poller_size(p), 2);

    ck_assert_int_eq(zmqx_poller_remove(p, other), -1);
    tu_assert_error(ENOENT, "poller_remove: socket is not in the poller");
    ck_assert_int_eq(zmqx_poller_remove_fd(p, pp[1]), -1);
    tu_assert_error(ENOENT, "is not in the poller");
    /* A socket item is not an fd, whatever its poll item holds. */
    ck_assert_int_eq(zmqx_poller_remove_fd(p, 0), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(zmqx_poller_remove_fd(p, -2), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_poller_remove(p, s), 0);
    ck_assert_int_eq(zmqx_poller_remove(p, s), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(zmqx_poller_remove_fd(p, pp[0]), 0);
    ck_assert_int_eq(zmqx_poller_size(p), 0);

    ck_assert_int_eq(zmqx_poller_wait(p, out, 0, 0), -1);
    tu_assert_error(EINVAL, "max 0");
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, -2), -1);
    tu_assert_error(EINVAL, "timeout -2 ms");
    close(pp[0]);
    close(pp[1]);
    zmqx_socket_destroy(&other);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(many_items_grow)
{
    zmqx_socket_t *s[40];
    for (int i = 0; i < 40; i++) {
        s[i] = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
        ck_assert_int_eq(zmqx_poller_add(p, s[i], ZMQX_POLLIN, &tags[i % 4]), 0);
    }
    ck_assert_int_eq(zmqx_poller_size(p), 40);
    assert_timeout(0);
    for (int i = 0; i < 40; i += 2)
        ck_assert_int_eq(zmqx_poller_remove(p, s[i]), 0);
    ck_assert_int_eq(zmqx_poller_size(p), 20);
    zmqx_socket_t *pl, *ps;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(zmqx_poller_add(p, ps, ZMQX_POLLOUT, &tags[3]), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 2000), 1);
    assert_event(&out[0], ps, -1, ZMQX_POLLOUT, &tags[3]);
    for (int i = 0; i < 40; i++)
        zmqx_socket_destroy(&s[i]);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
}
END_TEST

START_TEST(null_arguments_are_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_poller_add(NULL, s, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EINVAL, "poller_add: poller is NULL");
    ck_assert_int_eq(zmqx_poller_add_fd(NULL, 0, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EINVAL, "poller_add_fd: poller is NULL");
    ck_assert_int_eq(zmqx_poller_modify(NULL, s, ZMQX_POLLIN), -1);
    tu_assert_error(EINVAL, "poller is NULL");
    ck_assert_int_eq(zmqx_poller_modify_fd(NULL, 0, ZMQX_POLLIN), -1);
    tu_assert_error(EINVAL, "poller is NULL");
    ck_assert_int_eq(zmqx_poller_remove(NULL, s), -1);
    tu_assert_error(EINVAL, "poller is NULL");
    ck_assert_int_eq(zmqx_poller_remove_fd(NULL, 0), -1);
    tu_assert_error(EINVAL, "poller is NULL");
    ck_assert_int_eq(zmqx_poller_size(NULL), -1);
    tu_assert_error(EINVAL, "poller_size: poller is NULL");
    ck_assert_int_eq(zmqx_poller_wait(NULL, out, 8, 0), -1);
    tu_assert_error(EINVAL, "poller_wait: poller is NULL");
    ck_assert_int_eq(zmqx_poller_wake(NULL), -1);
    tu_assert_error(EINVAL, "poller_wake: poller is NULL");

    ck_assert_int_eq(zmqx_poller_add(p, NULL, ZMQX_POLLIN, NULL), -1);
    tu_assert_error(EINVAL, "poller_add: socket is NULL");
    ck_assert_int_eq(zmqx_poller_modify(p, NULL, ZMQX_POLLIN), -1);
    tu_assert_error(EINVAL, "poller_modify: socket is NULL");
    ck_assert_int_eq(zmqx_poller_remove(p, NULL), -1);
    tu_assert_error(EINVAL, "poller_remove: socket is NULL");
    ck_assert_int_eq(zmqx_poller_add(p, s, ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, NULL, 8, 0), -1);
    tu_assert_error(EINVAL, "poller_wait: out is NULL");

    zmqx_poller_destroy(NULL);
    zmqx_poller_t *q = NULL;
    zmqx_poller_destroy(&q);
    q = zmqx_poller_new();
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(zmqx_poller_size(q), 0);
    zmqx_poller_destroy(&q);
    ck_assert_ptr_null(q);
    zmqx_poller_destroy(&q);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- no allocation in wait (under the malloc_count preload) ---- */

START_TEST(wait_allocates_nothing)
{
    void *sym = dlsym(RTLD_DEFAULT, "mc_thread_count");
    ck_assert_msg(sym != NULL, "malloc_count is not preloaded");
    size_t (*count)(void);
    memcpy(&count, &sym, sizeof count); /* ISO C: no object-to-function cast */
    zmqx_socket_t *pl, *ps, *idle = idle_socket();
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pl, &ps);
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], "x", 1), 1);
    ck_assert_int_eq(zmqx_send_str(ps, "m"), 1);
    wait_readable(pl);
    ck_assert_int_eq(zmqx_poller_add(p, pl, ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_add_fd(p, fds[0], ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), 2); /* warm up */
    size_t before = count();
    for (int i = 0; i < 1000; i++)
        if (zmqx_poller_wait(p, out, 8, 1000) != 2)
            ck_abort_msg("wait %d: %s", i, zmqx_strerror());
    size_t ready = count() - before;
    /* The timeout and wake paths, too. */
    zmqx_poller_modify(p, pl, 0);
    zmqx_poller_modify_fd(p, fds[0], 0);
    before = count();
    for (int i = 0; i < 1000; i++)
        if (zmqx_poller_wait(p, out, 8, 0) != -1 || !zmqx_error_is_timeout(NULL))
            ck_abort_msg("timeout wait %d", i);
    for (int i = 0; i < 100; i++)
        if (zmqx_poller_wake(p) != 0 || zmqx_poller_wait(p, out, 8, -1) != -1 || errno != ECANCELED)
            ck_abort_msg("woken wait %d", i);
    size_t idle_waits = count() - before;
    /* Any number of items: 64 sockets and an fd (zmq_poll would allocate
     * its pollfd array above 16). */
    enum { MORE = 62 };
    zmqx_socket_t *more[MORE];
    for (int i = 0; i < MORE; i++) {
        more[i] = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
        ck_assert_int_eq(zmqx_poller_add(p, more[i], ZMQX_POLLIN, NULL), 0);
    }
    ck_assert_int_eq(zmqx_poller_size(p), MORE + 3);
    zmqx_poller_modify(p, pl, ZMQX_POLLIN);
    ck_assert_int_eq(zmqx_poller_wait(p, out, 8, 1000), 1);
    before = count();
    for (int i = 0; i < 1000; i++)
        if (zmqx_poller_wait(p, out, 8, 1000) != 1)
            ck_abort_msg("wait %d over %d items: %s", i, MORE + 3, zmqx_strerror());
    for (int i = 0; i < 1000; i++) /* and nothing ready */
        if (zmqx_poller_modify(p, pl, 0) != 0 || zmqx_poller_wait(p, out, 8, 0) != -1 ||
            zmqx_poller_modify(p, pl, ZMQX_POLLIN) != 0)
            ck_abort_msg("idle wait %d over %d items", i, MORE + 3);
    size_t many = count() - before;
    ck_assert_uint_eq(ready, 0);
    ck_assert_uint_eq(idle_waits, 0);
    ck_assert_uint_eq(many, 0);
    for (int i = 0; i < MORE; i++) {
        ck_assert_int_eq(zmqx_poller_remove(p, more[i]), 0);
        zmqx_socket_destroy(&more[i]);
    }
    close(fds[0]);
    close(fds[1]);
    zmqx_socket_destroy(&ps);
    zmqx_socket_destroy(&pl);
    zmqx_socket_destroy(&idle);
}
END_TEST

START_TEST(destroyed_socket_leaves_every_poller)
{
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://gone-a");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://gone-b");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://gone-b");
    zmqx_poller_t *p1 = zmqx_poller_new(), *p2 = zmqx_poller_new();
    ck_assert_int_eq(zmqx_poller_add(p1, a, ZMQX_POLLIN, NULL), 0);
    ck_assert_int_eq(zmqx_poller_add(p1, b, ZMQX_POLLIN, "b"), 0);
    ck_assert_int_eq(zmqx_poller_add(p2, a, ZMQX_POLLIN, NULL), 0);
    /* Destroying a registered socket removes it from both pollers. */
    zmqx_socket_destroy(&a);
    ck_assert_int_eq(zmqx_poller_size(p1), 1);
    ck_assert_int_eq(zmqx_poller_size(p2), 0);
    ck_assert_int_eq(zmqx_send_str(push, "x"), 1);
    zmqx_poll_event_t ev[2];
    ck_assert_int_eq(zmqx_poller_wait(p1, ev, 2, 1000), 1);
    ck_assert_str_eq(ev[0].user, "b");
    /* A poller destroyed first leaves nothing behind in the socket. */
    zmqx_poller_destroy(&p1);
    zmqx_socket_destroy(&b);
    zmqx_poller_destroy(&p2);
    zmqx_socket_destroy(&push);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("poller");
    TCase *tc = tu_tcase(s, "poller", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, all_four_ready_in_registration_order);
    tcase_add_test(tc, max_smaller_than_ready_count);
    tcase_add_test(tc, changes_while_handling_events);
    tcase_add_test(tc, timeout_200ms);
    tcase_add_test(tc, timeout_zero_returns_at_once);
    tcase_add_test(tc, empty_poller);
    tcase_add_test(tc, eintr_reaches_the_caller_and_retry_keeps_deadline);
    tcase_add_test(tc, wake_from_another_thread_ends_forever_wait);
    tcase_add_test(tc, wake_before_wait_cancels_the_next_wait_once);
    tcase_add_test(tc, wake_from_a_signal_handler);
    tcase_add_test(tc, pollout_on_a_connected_push);
    tcase_add_test(tc, pollerr_on_fds);
    tcase_add_test(tc, level_triggered_no_missed_wakeup);
    tcase_add_test(tc, modify_keeps_place_and_user);
#ifdef ZMQX_HAVE_DRAFT
    tcase_add_test(tc, thread_safe_sockets_with_the_draft_api);
#endif
    tcase_add_test(tc, ctx_shutdown_ends_forever_wait_with_eterm);
    tcase_add_test(tc, closed_socket_is_enotsock);
    tcase_add_test(tc, registration_errors);
    tcase_add_test(tc, many_items_grow);
    tcase_add_test(tc, null_arguments_are_errors);
    tcase_add_test(tc, destroyed_socket_leaves_every_poller);
    /* Only where test/meson.build preloads malloc_count (not under sanitizers). */
    if (getenv("ZMQX_MALLOC_COUNT") != NULL) {
        TCase *alloc = tu_tcase(s, "alloc", 30);
        tcase_add_checked_fixture(alloc, setup, teardown);
        tcase_add_test(alloc, wait_allocates_nothing);
    }
    return tu_run(s, 240);
}
