/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: actor (ready handshake, a body failing before it is ready,
 * wait, destroy and ZMQX_ACTOR_STOP, owner threads, a poller over the
 * caller's end, context shutdown and destroy, thousands of actors). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#include "testutil.h"
#include "tu_files.h"

#include <signal.h>
#include <stdatomic.h>

/* White box: the context's own count of open sockets. */
#include "../lib/context.h"

static int ctx_sockets(zmqx_ctx_t *c)
{
    pthread_mutex_lock(&c->lock);
    int n = c->nsockets;
    pthread_mutex_unlock(&c->lock);
    return n;
}

static int until_stop(zmqx_socket_t *pipe, void *arg);

/* Open fds once libzmq is done closing (its reaper thread closes a
 * socket's fds after zmq_close returns): the count, once it has not changed
 * for 100 ms (at most 3 s). */
static int settled_fds(void)
{
    int n = tu_count_fds(), same = 0;
    for (int i = 0; i < 300 && same < 10; i++) {
        tu_sleep_ms(10);
        int m = tu_count_fds();
        same = m == n ? same + 1 : 0;
        n = m;
    }
    return n;
}

/* Threads of this process. */
static int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    ck_assert_ptr_nonnull(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The fds and sockets of ctx once it has made and destroyed an actor (its
 * I/O threads started). */
static void baseline(int *fds, int *socks)
{
    zmqx_actor_t *a = zmqx_actor_new(ctx, until_stop, NULL);
    ck_assert_ptr_nonnull(a);
    zmqx_actor_destroy(&a);
    *fds = settled_fds();
    *socks = ctx_sockets(ctx);
}

/* ---- bodies ---- */

/* What a body saw, for the test to check. */
typedef struct seen {
    int sleep_ms;                /* before zmqx_actor_ready */
    char last[64];               /* the last message received */
    size_t last_size;
    int more;                    /* zmqx_socket_more after it */
    int messages;                /* messages received */
    int err;                     /* errno of the call that ended the body */
    zmqx_socket_t *pipe;         /* the body's end */
    zmqx_socket_t *other;        /* a socket of the caller's, to misuse */
    atomic_int other_rc, other_errno, own_rc;
    atomic_int go, tried;        /* each_end_belongs_to_its_thread */
} seen_t;

/* Ready (after sleep_ms), then receive until ZMQX_ACTOR_STOP: 0; a failed
 * receive (ETERM ...) ends it with -1. */
static int until_stop(zmqx_socket_t *pipe, void *arg)
{
    seen_t *s = arg;
    if (s != NULL && s->sleep_ms > 0)
        tu_sleep_ms(s->sleep_ms);
    if (zmqx_socket_set_recv_timeout(pipe, -1) != 0 || zmqx_actor_ready(pipe) != 0)
        return -1;
    for (;;) {
        char buf[64] = "";
        int n = zmqx_recv(pipe, buf, sizeof buf - 1, 0);
        if (n < 0) {
            if (s != NULL)
                s->err = errno;
            return -1;
        }
        if (s != NULL) {
            memcpy(s->last, buf, sizeof buf);
            s->last_size = (size_t) n;
            s->more = zmqx_socket_more(pipe);
            s->messages++;
        }
        if (n == 5 && memcmp(buf, ZMQX_ACTOR_STOP, 5) == 0)
            return 0;
    }
}

static zmqx_actor_t *start(zmqx_actor_fn *fn, void *arg)
{
    zmqx_actor_t *a = zmqx_actor_new(ctx, fn, arg);
    ck_assert_msg(a != NULL, "actor_new: %s", zmqx_strerror());
    return a;
}

static void expect_recv(zmqx_socket_t *s, const char *text)
{
    char buf[64] = "";
    int n = zmqx_recv_timeout(s, buf, sizeof buf - 1, 5000);
    ck_assert_msg(n >= 0, "recv: %s", zmqx_strerror());
    ck_assert_str_eq(buf, text);
}

/* ---- the ready handshake ---- */

static int slow_ready_then_hello(zmqx_socket_t *pipe, void *arg)
{
    tu_sleep_ms(*(int *) arg);
    if (zmqx_actor_ready(pipe) != 0 || zmqx_send_str(pipe, "hello") < 0)
        return -1;
    return until_stop(pipe, NULL);
}

START_TEST(new_returns_once_ready_and_the_first_message_arrives)
{
    int delay = 100;
    long long t0 = tu_now_ms();
    zmqx_actor_t *a = start(slow_ready_then_hello, &delay);
    long long took = tu_now_ms() - t0;
    ck_assert_msg(took >= delay - 1, "actor_new returned after %lld ms, before ready", took);
    expect_recv(zmqx_actor_pipe(a), "hello");
    zmqx_actor_destroy(&a);
    ck_assert_ptr_null(a);
}
END_TEST

/* ---- a body that ends before it is ready ---- */

static int bind_fails(zmqx_socket_t *pipe, void *arg)
{
    (void) arg;
    return zmqx_socket_bind(pipe, "tcp://127.0.0.1:99999");
}

static int errno_only(zmqx_socket_t *pipe, void *arg)
{
    (void) pipe;
    (void) arg;
    errno = EPROTO;
    return -1;
}

static int returns_rc(zmqx_socket_t *pipe, void *arg)
{
    (void) pipe;
    return *(int *) arg;
}

START_TEST(body_failing_before_ready_leaves_its_own_error)
{
    int fds, socks;
    baseline(&fds, &socks);
    int threads = count_threads();
    errno = 0;
    ck_assert_ptr_null(zmqx_actor_new(ctx, bind_fails, NULL));
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "99999");
    ck_assert_str_eq(zmqx_last_error()->op, "bind");
    ck_assert_str_eq(zmqx_last_error()->endpoint, "tcp://127.0.0.1:99999");

    errno = 0;
    ck_assert_ptr_null(zmqx_actor_new(ctx, errno_only, NULL));
    ck_assert_int_eq(errno, EPROTO);
    tu_assert_error(EPROTO, strerror(EPROTO));
    ck_assert_str_eq(zmqx_last_error()->op, "actor");
    ck_assert_int_eq(ctx_sockets(ctx), socks);
    ck_assert_int_eq(settled_fds(), fds);
    ck_assert_int_eq(count_threads(), threads);
}
END_TEST

START_TEST(body_ending_before_ready_without_error_is_ecanceled)
{
    int rcs[] = { 0, -1, 3 };
    for (size_t i = 0; i < sizeof rcs / sizeof rcs[0]; i++) {
        zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
        zmqx_socket_bind(s, "tcp://127.0.0.1:99999"); /* an error the caller had */
        zmqx_socket_destroy(&s);
        errno = 0;
        ck_assert_ptr_null(zmqx_actor_new(ctx, returns_rc, &rcs[i]));
        ck_assert_int_eq(errno, ECANCELED);
        tu_assert_error(ECANCELED, "actor ended before it was ready");
        ck_assert_str_eq(zmqx_last_error()->op, "actor_new");
    }
    ck_assert_int_eq(ctx_sockets(ctx), 0);
}
END_TEST

/* ---- wait ---- */

/* Ready, then on "ok" return 7, on "fail" fail a bind, on "bare" return -1
 * leaving no error; say "bye" first. */
static int on_command(zmqx_socket_t *pipe, void *arg)
{
    (void) arg;
    if (zmqx_socket_set_recv_timeout(pipe, -1) != 0 || zmqx_actor_ready(pipe) != 0)
        return -1;
    char *cmd = zmqx_recv_str(pipe);
    if (cmd == NULL || zmqx_send_str(pipe, "bye") < 0)
        return -1;
    int rc = strcmp(cmd, "ok") == 0 ? 7 : -1;
    if (strcmp(cmd, "fail") == 0)
        rc = zmqx_socket_bind(pipe, "tcp://127.0.0.1:99999");
    else if (strcmp(cmd, "bare") == 0) {
        zmqx_error_clear();
        errno = 0;
    }
    free(cmd);
    return rc;
}

/* wait on a running body times out (timeout_ms), without returning early. */
static void expect_running(zmqx_actor_t *a, int timeout_ms)
{
    long long t0 = tu_now_ms();
    errno = 0;
    ck_assert_int_eq(zmqx_actor_wait(a, timeout_ms), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_str_eq(zmqx_last_error()->op, "actor_wait");
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, timeout_ms);
    ck_assert_msg(took >= timeout_ms - 1 && took < timeout_ms + 2000, "waited %lld ms", took);
}

START_TEST(wait_times_out_while_running_then_gives_the_return_value)
{
    zmqx_actor_t *a = start(on_command, NULL);
    expect_running(a, 0);
    expect_running(a, 80);
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "ok"), 0);
    ck_assert_int_eq(zmqx_actor_wait(a, -1), 7);
    ck_assert_int_eq(zmqx_actor_wait(a, 0), 7); /* again */
    expect_recv(zmqx_actor_pipe(a), "bye");     /* sent just before it returned */
    zmqx_actor_destroy(&a);
}
END_TEST

START_TEST(wait_gives_the_error_a_failed_body_left)
{
    zmqx_actor_t *a = start(on_command, NULL);
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "fail"), 0);
    errno = 0;
    ck_assert_int_eq(zmqx_actor_wait(a, 5000), -1);
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "99999");
    ck_assert_str_eq(zmqx_last_error()->op, "bind");
    ck_assert(!zmqx_error_is_timeout(NULL));
    zmqx_actor_destroy(&a);

    a = start(on_command, NULL);
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "bare"), 0);
    ck_assert_int_eq(zmqx_actor_wait(a, 5000), -1);
    ck_assert_int_eq(errno, ECANCELED);
    tu_assert_error(ECANCELED, "actor ended with -1 and no error");
    zmqx_actor_destroy(&a);
}
END_TEST

/* ---- destroy ---- */

START_TEST(destroy_sends_stop_as_one_part)
{
    seen_t seen = { 0 };
    zmqx_actor_t *a = start(until_stop, &seen);
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "first"), 0);
    zmqx_socket_bind(zmqx_actor_pipe(a), "tcp://127.0.0.1:99999"); /* the caller's error */
    errno = EDOM;
    zmqx_actor_destroy(&a);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(errno, EDOM); /* destroy leaves errno and the error be */
    tu_assert_error(EINVAL, "99999");
    ck_assert_int_eq(seen.messages, 2);
    ck_assert_uint_eq(seen.last_size, strlen(ZMQX_ACTOR_STOP));
    ck_assert_str_eq(seen.last, "$TERM");
    ck_assert_int_eq(seen.more, 0);
    zmqx_actor_destroy(&a); /* twice */
    zmqx_actor_destroy(NULL);
    ck_assert_int_eq(ctx_sockets(ctx), 0);
}
END_TEST

START_TEST(destroy_after_the_body_returned_by_itself)
{
    zmqx_actor_t *a = start(on_command, NULL);
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "ok"), 0);
    ck_assert_int_eq(zmqx_actor_wait(a, 5000), 7);
    long long t0 = tu_now_ms();
    zmqx_actor_destroy(&a);
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
}
END_TEST

/* Ready, then never read: return after sleep_ms. */
static int never_reads(zmqx_socket_t *pipe, void *arg)
{
    seen_t *s = arg;
    if (zmqx_actor_ready(pipe) != 0)
        return -1;
    tu_sleep_ms(s->sleep_ms);
    return 0;
}

/* Fill the caller's end until a send would block. */
static int fill(zmqx_socket_t *pipe)
{
    int n = 0;
    while (zmqx_send(pipe, "x", 1, ZMQX_DONTWAIT) == 1)
        n++;
    ck_assert_int_eq(errno, EAGAIN);
    return n;
}

START_TEST(destroy_with_a_full_pipe_waits_only_for_the_body)
{
    seen_t seen = { .sleep_ms = 400 };
    zmqx_actor_t *a = start(never_reads, &seen);
    ck_assert_int_gt(fill(zmqx_actor_pipe(a)), 0);
    long long t0 = tu_now_ms();
    zmqx_actor_destroy(&a);
    long long took = tu_now_ms() - t0;
    ck_assert_msg(took < 400 + 2000, "destroy took %lld ms", took);
}
END_TEST

/* Ready, then (after sleep_ms) read until ZMQX_ACTOR_STOP. */
static int reads_late(zmqx_socket_t *pipe, void *arg)
{
    seen_t *s = arg;
    int sleep_ms = s->sleep_ms;
    s->sleep_ms = 0;
    if (zmqx_actor_ready(pipe) != 0)
        return -1;
    tu_sleep_ms(sleep_ms);
    return until_stop(pipe, s);
}

START_TEST(destroy_with_a_full_pipe_sends_stop_once_there_is_room)
{
    seen_t seen = { .sleep_ms = 300 };
    zmqx_actor_t *a = start(reads_late, &seen);
    int sent = fill(zmqx_actor_pipe(a));
    zmqx_actor_destroy(&a);
    ck_assert_int_eq(seen.messages, sent + 1);
    ck_assert_str_eq(seen.last, "$TERM");
}
END_TEST

/* ---- bad input ---- */

START_TEST(null_and_misplaced_arguments)
{
    errno = 0;
    ck_assert_ptr_null(zmqx_actor_new(ctx, NULL, NULL));
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "fn is NULL");
    ck_assert_ptr_null(zmqx_actor_pipe(NULL));
    tu_assert_error(EINVAL, "actor is NULL");
    ck_assert_int_eq(zmqx_actor_wait(NULL, 0), -1);
    tu_assert_error(EINVAL, "actor is NULL");
    ck_assert_int_eq(zmqx_actor_ready(NULL), -1);
    tu_assert_error(EINVAL, "pipe is NULL");

    zmqx_actor_t *a = start(until_stop, NULL);
    ck_assert_int_eq(zmqx_actor_wait(a, -2), -1);
    tu_assert_error(EINVAL, "-2 ms out of range");
    /* Not on the body's thread, not the body's end. */
    ck_assert_int_eq(zmqx_actor_ready(zmqx_actor_pipe(a)), -1);
    tu_assert_error(EINVAL, "not the pipe of the actor");
    zmqx_actor_destroy(&a);
}
END_TEST

/* Ready with a socket that is not its pipe (the caller's end): -1. */
static int ready_with_the_wrong_socket(zmqx_socket_t *pipe, void *arg)
{
    seen_t *s = arg;
    s->other_rc = zmqx_actor_ready(s->other);
    s->other_errno = errno;
    return zmqx_actor_ready(pipe) == 0 ? until_stop(pipe, NULL) : -1;
}

START_TEST(ready_with_another_socket_is_einval)
{
    seen_t seen = { 0 };
    seen.other = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    zmqx_actor_t *a = start(ready_with_the_wrong_socket, &seen);
    ck_assert_int_eq(seen.other_rc, -1);
    ck_assert_int_eq(seen.other_errno, EINVAL);
    zmqx_actor_destroy(&a);
    zmqx_socket_destroy(&seen.other);
}
END_TEST

/* ---- owner threads ---- */

/* Ready, then once told to (go) use the caller's end (s->other) and say
 * so (tried). Atomics, not the pipe, order the two threads: ThreadSanitizer
 * cannot see the ordering libzmq's pipes give. */
static int uses_the_callers_end(zmqx_socket_t *pipe, void *arg)
{
    seen_t *s = arg;
    s->pipe = pipe;
    if (zmqx_actor_ready(pipe) != 0)
        return -1;
    while (!atomic_load(&s->go))
        tu_sleep_ms(1);
    s->other_rc = zmqx_send_str(s->other, "from the body");
    s->other_errno = errno;
    s->own_rc = zmqx_send_str(pipe, "from the body's end");
    atomic_store(&s->tried, 1);
    return until_stop(pipe, NULL);
}

START_TEST(each_end_belongs_to_its_thread)
{
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    seen_t seen = { 0 };
    zmqx_actor_t *a = zmqx_actor_new(ctx, uses_the_callers_end, &seen);
    ck_assert_ptr_nonnull(a);
    /* The body's end fails here, */
    ck_assert_int_eq(zmqx_send_str(seen.pipe, "x"), -1);
    tu_assert_error(EPERM, "does not own it");
    /* the caller's end fails in the body and works here. */
    seen.other = zmqx_actor_pipe(a);
    atomic_store(&seen.go, 1);
    while (!atomic_load(&seen.tried))
        tu_sleep_ms(1);
    ck_assert_int_eq(seen.other_rc, -1);
    ck_assert_int_eq(seen.other_errno, EPERM);
    ck_assert_int_gt(seen.own_rc, 0);
    expect_recv(zmqx_actor_pipe(a), "from the body's end");
    ck_assert_int_ge(zmqx_send_str(zmqx_actor_pipe(a), "from the caller"), 0);
    zmqx_actor_destroy(&a);
}
END_TEST

/* ---- the caller's end in a poller ---- */

static int pings_later(zmqx_socket_t *pipe, void *arg)
{
    (void) arg;
    if (zmqx_actor_ready(pipe) != 0)
        return -1;
    tu_sleep_ms(50);
    if (zmqx_send_str(pipe, "ping") < 0)
        return -1;
    return until_stop(pipe, NULL);
}

START_TEST(callers_end_in_a_poller)
{
    zmqx_actor_t *a = start(pings_later, NULL);
    zmqx_poller_t *p = zmqx_poller_new();
    ck_assert_int_eq(zmqx_poller_add(p, zmqx_actor_pipe(a), ZMQX_POLLIN, a), 0);
    zmqx_poll_event_t ev;
    ck_assert_int_eq(zmqx_poller_wait(p, &ev, 1, 0), -1); /* nothing yet */
    ck_assert_msg(zmqx_poller_wait(p, &ev, 1, 5000) == 1, "%s", zmqx_strerror());
    ck_assert_ptr_eq(ev.socket, zmqx_actor_pipe(a));
    ck_assert_ptr_eq(ev.user, a);
    expect_recv(zmqx_actor_pipe(a), "ping");
    zmqx_actor_destroy(&a); /* takes the pipe out of the poller */
    ck_assert_int_eq(zmqx_poller_size(p), 0);
    zmqx_poller_destroy(&p);
}
END_TEST

/* ---- context shutdown and destroy ---- */

START_TEST(ctx_shutdown_ends_the_body_with_eterm)
{
    seen_t seen = { 0 };
    zmqx_actor_t *a = start(until_stop, &seen);
    expect_running(a, 20);
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    ck_assert_int_eq(zmqx_actor_wait(a, 5000), -1);
    tu_assert_error(ETERM, "");
    ck_assert_int_eq(seen.err, ETERM);
    zmqx_actor_destroy(&a);
    ck_assert_ptr_null(zmqx_actor_new(ctx, until_stop, NULL));
    tu_assert_error(ETERM, "");
}
END_TEST

START_TEST(ctx_destroy_with_actors_running)
{
    enum { N = 5 };
    seen_t seen[N];
    zmqx_actor_t *a[N];
    for (int i = 0; i < N; i++) {
        memset(&seen[i], 0, sizeof seen[i]);
        a[i] = start(until_stop, &seen[i]);
    }
    long long t0 = tu_now_ms();
    zmqx_ctx_destroy(&ctx);
    ck_assert_int_lt(tu_now_ms() - t0, 5000);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(zmqx_actor_wait(a[i], 0), -1);
        ck_assert_int_eq(seen[i].err, ETERM);
        zmqx_actor_destroy(&a[i]);
    }
}
END_TEST

/* 1 when every signal is blocked on the body's thread. */
static int signals_blocked(zmqx_socket_t *pipe, void *arg)
{
    (void) arg;
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    int all = sigismember(&mask, SIGINT) && sigismember(&mask, SIGTERM)
              && sigismember(&mask, SIGUSR1) && sigismember(&mask, SIGALRM);
    return zmqx_actor_ready(pipe) == 0 ? all : -1;
}

START_TEST(body_blocks_every_signal)
{
    zmqx_actor_t *a = start(signals_blocked, NULL);
    ck_assert_int_eq(zmqx_actor_wait(a, 5000), 1);
    zmqx_actor_destroy(&a);
}
END_TEST

START_TEST(default_context)
{
    zmqx_actor_t *a = zmqx_actor_new(NULL, until_stop, NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_eq(zmqx_socket_ctx(zmqx_actor_pipe(a)), zmqx_ctx_default());
    zmqx_actor_destroy(&a);
}
END_TEST

/* ---- thousands of actors ---- */

START_TEST(no_leak_after_thousands_of_actors)
{
    long n = tu_scaled(2000);
    int fds, socks;
    baseline(&fds, &socks);
    int threads = count_threads();
    for (long i = 0; i < n; i++) {
        zmqx_actor_t *a = start(until_stop, NULL);
        ck_assert_int_eq(ctx_sockets(ctx), socks + 2);
        zmqx_actor_destroy(&a);
    }
    ck_assert_int_eq(ctx_sockets(ctx), socks);
    ck_assert_int_eq(settled_fds(), fds);
    ck_assert_int_eq(count_threads(), threads);
    char tried[64];
    snprintf(tried, sizeof tried, "%ld actors made and destroyed one after another", n);
    tu_report("actor_no_leak", tried, "open fds, threads and the context's sockets back where they were");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("actor");
    TCase *tc = tu_tcase(s, "actor", 60);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, new_returns_once_ready_and_the_first_message_arrives);
    tcase_add_test(tc, body_failing_before_ready_leaves_its_own_error);
    tcase_add_test(tc, body_ending_before_ready_without_error_is_ecanceled);
    tcase_add_test(tc, wait_times_out_while_running_then_gives_the_return_value);
    tcase_add_test(tc, wait_gives_the_error_a_failed_body_left);
    tcase_add_test(tc, destroy_sends_stop_as_one_part);
    tcase_add_test(tc, destroy_after_the_body_returned_by_itself);
    tcase_add_test(tc, destroy_with_a_full_pipe_waits_only_for_the_body);
    tcase_add_test(tc, destroy_with_a_full_pipe_sends_stop_once_there_is_room);
    tcase_add_test(tc, null_and_misplaced_arguments);
    tcase_add_test(tc, ready_with_another_socket_is_einval);
    tcase_add_test(tc, each_end_belongs_to_its_thread);
    tcase_add_test(tc, callers_end_in_a_poller);
    tcase_add_test(tc, ctx_shutdown_ends_the_body_with_eterm);
    tcase_add_test(tc, ctx_destroy_with_actors_running);
    tcase_add_test(tc, default_context);
    tcase_add_test(tc, body_blocks_every_signal);
    tcase_add_test(tc, no_leak_after_thousands_of_actors);
    return tu_run(s, 300);
}
