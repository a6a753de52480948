/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: context (new, default, set/get, shutdown, destroy, exit).
 * Run with two arguments, the program is a child for the exit tests
 * (child_main). */
#include "testutil.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/wait.h>

START_TEST(new_and_destroy_twice)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    ck_assert_ptr_nonnull(zmqx_ctx_handle(ctx));
    zmqx_ctx_destroy(&ctx);
    ck_assert_ptr_null(ctx);
    zmqx_ctx_destroy(&ctx);
    zmqx_ctx_destroy(NULL);
}
END_TEST

START_TEST(default_is_one_context)
{
    zmqx_ctx_t *a = zmqx_ctx_default(), *b = zmqx_ctx_default();
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_eq(a, b);
    /* NULL means the default context. */
    ck_assert_ptr_eq(zmqx_ctx_handle(NULL), zmqx_ctx_handle(a));
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    ck_assert_ptr_eq(zmqx_socket_ctx(s), a);
    zmqx_socket_destroy(&s);
    /* Destroying the default context only forgets the caller's pointer. */
    zmqx_ctx_destroy(&b);
    ck_assert_ptr_null(b);
    ck_assert_ptr_eq(zmqx_ctx_default(), a);
    s = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    ck_assert_ptr_nonnull(s);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(set_and_get_options)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_IO_THREADS, 2), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_MAX_SOCKETS, 64), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQ_MAX_SOCKETS), 64);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_LINGER), ZMQX_DEFAULT_LINGER_MS);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, 250), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_LINGER), 250);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    int linger = 0;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_LINGER, &linger), 0);
    ck_assert_int_eq(linger, 250);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(bad_options_are_errors)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, 12345, 1), -1);
    tu_assert_error(EINVAL, "ctx_set: option 12345");
    ck_assert_int_eq(zmqx_ctx_get(ctx, 12345), -1);
    tu_assert_error(EINVAL, "ctx_get: option 12345");
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, -5), -1);
    tu_assert_error(EINVAL, "linger -5 out of range");
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_TIMEOUT, -2), -1);
    tu_assert_error(EINVAL, "ctx_set: timeout -2 ms out of range (-1 or >= 0)");
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_TIMEOUT), ZMQX_DEFAULT_TIMEOUT_MS);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_IO_THREADS, -1), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* One receive on s that times out: its time, and the error it left. */
static long long recv_times_out(zmqx_socket_t *s, const char *expected)
{
    char buf[4];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    long long took = tu_now_ms() - t0;
    ck_assert(zmqx_error_is_timeout(NULL));
    tu_assert_error(EAGAIN, expected);
    return took;
}

/* ZMQX_CTX_TIMEOUT: new sockets of the context get it (both directions),
 * sockets made before keep theirs, a socket's own setting wins, and the
 * timeout error says which timeout it was and where it was set. */
START_TEST(timeout_option_gives_new_sockets_their_timeout)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *before = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://before");
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_TIMEOUT, 80), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_TIMEOUT), 80);
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://after");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer: a send waits */
    int v = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, 80);
    ck_assert_int_eq(zmqx_socket_get_int(push, ZMQ_SNDTIMEO, &v), 0);
    ck_assert_int_eq(v, 80);
    ck_assert_int_eq(zmqx_socket_get_int(before, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, ZMQX_DEFAULT_TIMEOUT_MS);
    long long took = recv_times_out(pull, "recv inproc://after: timed out after 80 ms "
                                          "(the receive timeout, from the context's ZMQX_CTX_TIMEOUT)");
    ck_assert_int_ge(took, 70);
    ck_assert_int_lt(took, 5000);
    ck_assert_int_eq(zmqx_send(push, "x", 1, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    tu_assert_error(EAGAIN, "send: timed out after 80 ms (the send timeout, from the context's "
                            "ZMQX_CTX_TIMEOUT)");
    /* the socket's own setting wins, and the error says so */
    ck_assert_int_eq(zmqx_socket_set_int(pull, ZMQ_RCVTIMEO, 30), 0);
    recv_times_out(pull, "timed out after 30 ms (the receive timeout set on this socket)");
    /* -1: new sockets wait forever (until the context is shut down) */
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_TIMEOUT, -1), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_TIMEOUT), -1);
    zmqx_socket_t *forever = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_get_int(forever, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, -1);
    zmqx_socket_destroy(&forever);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_socket_destroy(&before);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

typedef struct {
    zmqx_socket_t *s;
    int rc, err;
    long long took_ms;
} blocked_t;

static void *blocked_recv(void *arg)
{
    blocked_t *b = arg;
    char buf[8];
    long long t0 = tu_now_ms();
    b->rc = zmqx_recv(b->s, buf, sizeof buf, 0);
    b->err = errno;
    b->took_ms = tu_now_ms() - t0;
    return NULL;
}

START_TEST(shutdown_wakes_a_blocked_receive)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    blocked_t b = { .s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*") };
    ck_assert_ptr_nonnull(b.s);
    pthread_t t;
    pthread_create(&t, NULL, blocked_recv, &b);
    tu_sleep_ms(100);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    pthread_join(t, NULL);
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    ck_assert_int_eq(b.rc, -1);
    ck_assert_int_eq(b.err, ETERM);
    /* Later calls fail with ETERM too; shutdown twice is harmless. */
    char buf[4];
    ck_assert_int_eq(zmqx_recv(b.s, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "context was shut down");
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    ck_assert_ptr_null(zmqx_socket_new(ctx, ZMQ_PUSH, NULL));
    ck_assert_int_eq(errno, ETERM);
    zmqx_socket_destroy(&b.s);
    zmqx_ctx_destroy(&ctx);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(destroy_closes_open_sockets)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PUSH, "@tcp://127.0.0.1:*");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_connect(b, zmqx_socket_endpoint(a)), 0);
    long long t0 = tu_now_ms();
    zmqx_ctx_destroy(&ctx);
    ck_assert_int_lt(tu_now_ms() - t0, ZMQX_DEFAULT_LINGER_MS + 500);
    ck_assert_ptr_null(ctx);
    /* The socket objects stay valid but closed until their owner destroys them. */
    ck_assert_int_eq(zmqx_send_str(a, "x"), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_ptr_null(zmqx_socket_handle(a));
    ck_assert_int_eq(zmqx_socket_bind(b, "tcp://127.0.0.1:*"), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

START_TEST(destroy_after_shutdown)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUB, "@inproc://x");
    zmqx_ctx_shutdown(ctx);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
    ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(null_default_context_calls)
{
    ck_assert_int_ge(zmqx_ctx_get(NULL, ZMQ_IO_THREADS), 1);
    ck_assert_int_eq(zmqx_ctx_set(NULL, ZMQX_CTX_LINGER, ZMQX_DEFAULT_LINGER_MS), 0);
}
END_TEST

START_TEST(get_int_tells_minus_one_from_failure)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    int v = 0;
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQX_CTX_LINGER, &v), 0);
    ck_assert_int_eq(v, ZMQX_DEFAULT_LINGER_MS);
    /* Linger -1 ("forever"): zmqx_ctx_get cannot tell it from a failure. */
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, -1), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_LINGER), -1);
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQX_CTX_LINGER, &v), 0);
    ck_assert_int_eq(v, -1);
    /* A libzmq option whose default is -1. */
    v = 0;
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQ_THREAD_SCHED_POLICY, &v), 0);
    ck_assert_int_eq(v, -1);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_IO_THREADS, 3), 0);
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQ_IO_THREADS, &v), 0);
    ck_assert_int_eq(v, 3);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQX_CTX_THREAD_CHECK, &v), 0);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQX_CTX_WARN_LEAKS, &v), 0);
    ck_assert_int_eq(v, 0);
    /* Errors leave *value alone. */
    v = 777;
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, 12345, &v), -1);
    tu_assert_error(EINVAL, "ctx_get_int: option 12345");
    ck_assert_int_eq(v, 777);
    ck_assert_int_eq(zmqx_ctx_get_int(ctx, ZMQX_CTX_LINGER, NULL), -1);
    tu_assert_error(EFAULT, "ctx_get_int: value is NULL");
    /* NULL: the default context. */
    ck_assert_int_eq(zmqx_ctx_get_int(NULL, ZMQ_IO_THREADS, &v), 0);
    ck_assert_int_eq(v, zmqx_ctx_get(zmqx_ctx_default(), ZMQ_IO_THREADS));
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* Sockets made on one thread while another changes the context's options
 * (run under ThreadSanitizer in CI: a race there is a report). */
typedef struct {
    zmqx_ctx_t *ctx;
    atomic_int done;
    int made, bad;
} maker_t;

static void *make_sockets(void *arg)
{
    maker_t *m = arg;
    for (; m->made < 100; m->made++) {
        zmqx_socket_t *s = zmqx_socket_new(m->ctx, ZMQ_PUSH, NULL);
        int linger = 0, ctx_linger = 0;
        if (s == NULL || zmqx_socket_get_int(s, ZMQ_LINGER, &linger) != 0
            || zmqx_ctx_get_int(m->ctx, ZMQX_CTX_LINGER, &ctx_linger) != 0
            || (linger != 100 && linger != 200) || (ctx_linger != 100 && ctx_linger != 200))
            m->bad++;
        zmqx_socket_destroy(&s);
    }
    atomic_store(&m->done, 1);
    return NULL;
}

START_TEST(options_set_while_another_thread_makes_sockets)
{
    maker_t m = { .ctx = zmqx_ctx_new() };
    ck_assert_int_eq(zmqx_ctx_set(m.ctx, ZMQX_CTX_LINGER, 100), 0);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, make_sockets, &m), 0);
    for (int i = 0; !atomic_load(&m.done); i++) {
        ck_assert_int_eq(zmqx_ctx_set(m.ctx, ZMQX_CTX_LINGER, i % 2 ? 100 : 200), 0);
        ck_assert_int_eq(zmqx_ctx_set(m.ctx, ZMQX_CTX_THREAD_CHECK, i % 2), 0);
        ck_assert_int_eq(zmqx_ctx_set(m.ctx, ZMQX_CTX_WARN_LEAKS, i % 2), 0);
    }
    pthread_join(t, NULL);
    ck_assert_int_eq(m.bad, 0);
    ck_assert_int_eq(zmqx_ctx_set(m.ctx, ZMQX_CTX_WARN_LEAKS, 0), 0);
    zmqx_ctx_destroy(&m.ctx);
}
END_TEST

/* ---- exit: children (this program run again, see child_main) -------------- */

/* Run this program as a child with mode and arg; its exit status, or -1
 * when it was still running after kill_ms (then it is killed). *took_ms:
 * how long it ran. */
static int run_child(const char *mode, const char *arg, int kill_ms, long long *took_ms)
{
    static char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    ck_assert_int_gt(n, 0);
    exe[n] = '\0';
    char *argv[] = { exe, (char *) mode, (char *) arg, NULL };
    fflush(NULL);
    long long t0 = tu_now_ms();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execv(exe, argv);
        _exit(127);
    }
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, WNOHANG)) == 0 && tu_now_ms() - t0 < kill_ms)
        tu_sleep_ms(10);
    *took_ms = tu_now_ms() - t0;
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return -1;
    }
    ck_assert_int_eq(w, pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

START_TEST(exit_with_linger_forever_and_an_undeliverable_message)
{
    /* Context linger -1: the exit waits ZMQX_DEFAULT_LINGER_MS, then goes. */
    long long took = 0;
    int rc = run_child("exit-pending", "-1", 15000, &took);
    ck_assert_msg(rc == 0, "child exit status %d after %lld ms (-1: it hung and was killed)", rc,
                  took);
    ck_assert_int_ge(took, ZMQX_DEFAULT_LINGER_MS);
    ck_assert_int_lt(took, ZMQX_DEFAULT_LINGER_MS + 200 + 5000);
    /* A finite context linger bounds the wait, even for a socket of linger -1. */
    rc = run_child("exit-pending", "2000", 15000, &took);
    ck_assert_msg(rc == 0, "child exit status %d after %lld ms", rc, took);
    ck_assert_int_ge(took, 2000);
    ck_assert_int_lt(took, 2000 + 200 + 5000);
}
END_TEST

START_TEST(exit_thread_blocks_every_signal)
{
    long long took = 0;
    int rc = run_child("exit-sigmask", "-1", 15000, &took);
    ck_assert_msg(rc == 42, "child exit status %d after %lld ms (42: zmqx-exit seen, every "
                  "signal blocked; 43: a signal not blocked; 0: no zmqx-exit thread)", rc, took);
}
END_TEST

START_TEST(shutdown_null_is_the_default_context)
{
    long long took = 0;
    int rc = run_child("shutdown-default", "-", 15000, &took);
    ck_assert_msg(rc == 0, "child exit status %d after %lld ms", rc, took);
    ck_assert_int_lt(took, 5000); /* and the exit released the context */
}
END_TEST

/* ---- the child side ------------------------------------------------------- */

#define CHILD_CHECK(cond)                                                                    \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "child: %s failed (line %d): %s\n", #cond, __LINE__,             \
                    zmqx_strerror());                                                        \
            _exit(10);                                                                       \
        }                                                                                    \
    } while (0)

/* A PUSH socket of the default context (whose linger becomes ctx_linger)
 * with linger -1 and a message that can never leave (its peer's port is
 * bound but never listens), destroyed: terminating the context would wait
 * for it forever. */
static void leave_undeliverable(int ctx_linger)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    CHILD_CHECK(fd >= 0 && bind(fd, (struct sockaddr *) &a, sizeof a) == 0);
    CHILD_CHECK(getsockname(fd, (struct sockaddr *) &a, &len) == 0);
    char ep[64];
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs(a.sin_port));
    CHILD_CHECK(zmqx_ctx_set(NULL, ZMQX_CTX_LINGER, ctx_linger) == 0);
    zmqx_socket_t *push = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    CHILD_CHECK(push != NULL);
    CHILD_CHECK(zmqx_socket_set_int(push, ZMQ_LINGER, -1) == 0);
    CHILD_CHECK(zmqx_socket_connect(push, ep) == 0);
    CHILD_CHECK(zmqx_send_str(push, "never delivered") == 15);
    zmqx_socket_destroy(&push);
} /* fd stays open, never listening, until the exit */

/* 1 if thread tid of this process blocks every signal a program handles. */
static int task_blocks_signals(const char *tid)
{
    char path[300], line[256];
    snprintf(path, sizeof path, "/proc/self/task/%s/status", tid);
    FILE *f = fopen(path, "r");
    unsigned long long blocked = 0;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "SigBlk:", 7) == 0)
            blocked = strtoull(line + 7, NULL, 16);
    if (f != NULL)
        fclose(f);
    static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2,
                                SIGPIPE, SIGALRM, SIGTERM, SIGCHLD };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (!(blocked & (1ULL << (sigs[i] - 1))))
            return 0;
    return 1;
}

/* During the exit: find zmqx's exit thread and check that it, and
 * libzmq's own threads, block signals. Ends the process with 42 (all
 * blocked) or 43 (one is not); finding none lets the exit end with 0. */
static void *exit_watch_main(void *arg)
{
    (void) arg;
    for (long long t0 = tu_now_ms(); tu_now_ms() - t0 < 10000; tu_sleep_ms(2)) {
        DIR *d = opendir("/proc/self/task");
        int found = 0, ok = 1;
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            char path[300], comm[32] = "";
            snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
            FILE *f = fopen(path, "r");
            if (f == NULL)
                continue;
            if (fgets(comm, sizeof comm, f) == NULL)
                comm[0] = '\0';
            fclose(f);
            int zmqx_exit = strncmp(comm, "zmqx-exit", 9) == 0;
            found |= zmqx_exit;
            if ((zmqx_exit || strncmp(comm, "ZMQbg", 5) == 0) && !task_blocks_signals(e->d_name))
                ok = 0;
        }
        if (d != NULL)
            closedir(d);
        if (found)
            _exit(ok ? 42 : 43);
    }
    return NULL;
}

/* The default context shut down through NULL: a blocked receive wakes
 * with ETERM, new sockets fail with ETERM, and the exit still ends. */
static void *recv_in_child(void *arg)
{
    zmqx_socket_t *s = arg;
    char buf[8];
    CHILD_CHECK(zmqx_recv(s, buf, sizeof buf, 0) == -1 && errno == ETERM);
    return NULL;
}

static int shutdown_default(void)
{
    zmqx_socket_t *pull = zmqx_socket_new(NULL, ZMQ_PULL, "@tcp://127.0.0.1:*");
    CHILD_CHECK(pull != NULL);
    pthread_t t;
    CHILD_CHECK(pthread_create(&t, NULL, recv_in_child, pull) == 0);
    tu_sleep_ms(100);
    CHILD_CHECK(zmqx_ctx_shutdown(NULL) == 0);
    pthread_join(t, NULL);
    CHILD_CHECK(zmqx_socket_new(NULL, ZMQ_PUSH, NULL) == NULL && errno == ETERM);
    CHILD_CHECK(zmqx_ctx_shutdown(NULL) == 0);
    zmqx_socket_destroy(&pull);
    return 0;
}

static int child_main(const char *mode, const char *arg)
{
    if (strcmp(mode, "exit-pending") == 0) {
        leave_undeliverable(atoi(arg));
        return 0;
    }
    if (strcmp(mode, "exit-sigmask") == 0) {
        leave_undeliverable(atoi(arg));
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, NULL); /* the watcher inherits it */
        pthread_t t;
        CHILD_CHECK(pthread_create(&t, NULL, exit_watch_main, NULL) == 0);
        pthread_detach(t);
        return 0;
    }
    if (strcmp(mode, "shutdown-default") == 0)
        return shutdown_default();
    fprintf(stderr, "child: unknown mode %s\n", mode);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 3)
        return child_main(argv[1], argv[2]);
    Suite *s = suite_create("ctx");
    TCase *tc = tu_tcase(s, "ctx", 20);
    tcase_add_test(tc, new_and_destroy_twice);
    tcase_add_test(tc, default_is_one_context);
    tcase_add_test(tc, set_and_get_options);
    tcase_add_test(tc, bad_options_are_errors);
    tcase_add_test(tc, timeout_option_gives_new_sockets_their_timeout);
    tcase_add_test(tc, shutdown_wakes_a_blocked_receive);
    tcase_add_test(tc, destroy_closes_open_sockets);
    tcase_add_test(tc, destroy_after_shutdown);
    tcase_add_test(tc, null_default_context_calls);
    tcase_add_test(tc, get_int_tells_minus_one_from_failure);
    tcase_add_test(tc, options_set_while_another_thread_makes_sockets);
    tcase_add_test(tc, exit_with_linger_forever_and_an_undeliverable_message);
    tcase_add_test(tc, exit_thread_blocks_every_signal);
    tcase_add_test(tc, shutdown_null_is_the_default_context);
    return tu_run(s, 120);
}
