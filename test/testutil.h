/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Shared helpers for the Check suites. */
#ifndef ZMQX_TESTUTIL_H
#define ZMQX_TESTUTIL_H

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <zmqx.h>

/* Monotonic milliseconds. */
static inline long long tu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void tu_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* A thread body: shut the context ctx down after 100 ms (a blocked call
 * or a waiting loop then ends with ETERM). */
static inline void *tu_shutdown_later(void *ctx)
{
    tu_sleep_ms(100);
    zmqx_ctx_shutdown(ctx);
    return NULL;
}

/* A load of n, shrunk 50x under valgrind (CI sets ZMQX_TEST_VALGRIND). */
static inline long tu_scaled(long n)
{
    return getenv("ZMQX_TEST_VALGRIND") ? n / 50 : n;
}

/* Watchdog: a hang ends the whole process with a message, also when Check
 * does not fork (CK_FORK=no, under valgrind), where its timeouts are off. */
static unsigned tu_watchdog_seconds;
static void *tu_watchdog_main(void *arg)
{
    (void) arg;
    struct timespec ts = { (time_t) tu_watchdog_seconds, 0 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    fprintf(stderr, "watchdog: test suite still running after %u s, giving up\n",
            tu_watchdog_seconds);
    _exit(3);
    return NULL;
}

static inline void tu_watchdog_start(unsigned seconds)
{
    const char *env = getenv("ZMQX_TEST_WATCHDOG");
    tu_watchdog_seconds = env ? (unsigned) atoi(env) : seconds;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, tu_watchdog_main, NULL);
    pthread_attr_destroy(&attr);
}

/* Run a suite with a watchdog; the exit status Check and meson expect. */
static inline int tu_run(Suite *s, unsigned watchdog_seconds)
{
    tu_watchdog_start(watchdog_seconds);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* A tcase with a per-test timeout (forked mode) scaled for valgrind. */
static inline TCase *tu_tcase(Suite *s, const char *name, double timeout)
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, timeout);
    suite_add_tcase(s, tc);
    return tc;
}

/* Assert the last zmqx error has this errno and its message contains text. */
#define tu_assert_error(code_, text_)                                                         \
    do {                                                                                    \
        const zmqx_error_t *e_ = zmqx_last_error();                                         \
        ck_assert_msg(e_->code == (code_), "errno %d (%s), expected %d; message: %s",       \
                      e_->code, strerror(e_->code), (code_), e_->message);                  \
        ck_assert_msg(strstr(e_->message, (text_)) != NULL, "message \"%s\" lacks \"%s\"",  \
                      e_->message, (text_));                                                \
    } while (0)

/* Bind a (type ta) on a random tcp port and connect b (type tb) to it. */
static inline void tu_pair(zmqx_ctx_t *ctx, int ta, int tb, zmqx_socket_t **a, zmqx_socket_t **b)
{
    *a = zmqx_socket_new(ctx, ta, "@tcp://127.0.0.1:*");
    ck_assert_msg(*a != NULL, "%s", zmqx_strerror());
    *b = zmqx_socket_new(ctx, tb, NULL);
    ck_assert_ptr_nonnull(*b);
    ck_assert_int_eq(zmqx_socket_connect(*b, zmqx_socket_endpoint(*a)), 0);
}

/* Send text as one part; the test fails unless all of it went. */
static inline void tu_send(zmqx_socket_t *s, const char *text)
{
    ck_assert_int_eq(zmqx_send_str(s, text), (int) strlen(text));
}

/* This process's CPU time (user + system) so far, in ms. */
static inline long tu_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
}

/* A PUSH connected to a PULL over inproc (an endpoint of their own), with
 * high-water marks of hwm (0: libzmq's default) on both. */
static inline void tu_push_pull(zmqx_ctx_t *ctx, zmqx_socket_t **push, zmqx_socket_t **pull,
                                int hwm)
{
    static int n;
    char ep[64];
    snprintf(ep, sizeof ep, "inproc://tu-push-pull-%d", n++);
    *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_ptr_nonnull(*pull);
    ck_assert_ptr_nonnull(*push);
    if (hwm > 0) {
        ck_assert_int_eq(zmqx_socket_set_int(*push, ZMQ_SNDHWM, hwm), 0);
        ck_assert_int_eq(zmqx_socket_set_int(*pull, ZMQ_RCVHWM, hwm), 0);
    }
    ck_assert_int_eq(zmqx_socket_bind(*pull, ep), 0);
    ck_assert_int_eq(zmqx_socket_connect(*push, ep), 0);
}

/* One row of the generated table in docs/reliability.md: what a fault or
 * load test tried (with counts) and what held. tools/reliability-table
 * collects these lines from meson's test log. */
static inline void tu_report(const char *test, const char *tried, const char *held)
{
    printf("zmqx-reliability | %s | %s | %s\n", test, tried, held);
    fflush(stdout);
}

#ifdef TU_CTX_FIXTURE
/* A fresh context for every test: tcase_add_checked_fixture(tc,
 * tu_ctx_setup, tu_ctx_teardown). */
static zmqx_ctx_t *ctx;

static inline void tu_ctx_setup(void)
{
    ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
}

static inline void tu_ctx_teardown(void)
{
    zmqx_ctx_destroy(&ctx);
}
#endif

#ifdef TU_ALARMS
#include <signal.h>
/* Counts SIGALRMs; install with sigaction (no SA_RESTART) to make blocking
 * calls fail with EINTR. */
static volatile sig_atomic_t tu_alarms;
static inline void on_alarm(int sig)
{
    (void) sig;
    tu_alarms++;
}

#include <sys/time.h>
/* Install on_alarm (no SA_RESTART) and have one SIGALRM come in ms. */
static inline void tu_alarm_in(int ms)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}
#endif

#ifdef TU_STORM
#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>

/* Signal storm: a thread sends SIGUSR1 to every other thread of the
 * process (tgkill, so each thread's blocking call is hit, not just one)
 * hz times a second. The handler does nothing and is installed without
 * SA_RESTART, so every blocking call a signal lands in fails with EINTR.
 * The handler stays installed after the storm (a signal still pending
 * must not end the process).
 * Under valgrind (ZMQX_TEST_VALGRIND) it is installed with SA_RESTART:
 * valgrind lets a signal interrupt even a read of a non-blocking eventfd,
 * which the kernel never does, and libzmq asserts on that EINTR
 * (signaler.cpp: "Interrupted system call", SIGABRT in test_proxy's storm
 * under valgrind). poll, epoll_wait and nanosleep are never restarted
 * (signal(7)), so zmqx's EINTR paths still run there; the other builds
 * keep the storm without SA_RESTART. */
static atomic_long tu_storm_received;
static void tu_storm_handler(int sig)
{
    (void) sig;
    atomic_fetch_add_explicit(&tu_storm_received, 1, memory_order_relaxed);
}

typedef struct tu_storm {
    pthread_t thread;
    atomic_int stop;
    int hz;
    long sent; /* signals sent, once stopped */
} tu_storm_t;

/* Send SIGUSR1 to every thread of this process but the caller; returns
 * how many were sent. */
static inline long tu_storm_burst(pid_t pid, pid_t self)
{
    long sent = 0;
    DIR *d = opendir("/proc/self/task");
    if (d == NULL)
        return 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        pid_t tid = (pid_t) atoi(e->d_name);
        if (tid > 0 && tid != self && syscall(SYS_tgkill, pid, tid, SIGUSR1) == 0)
            sent++;
    }
    closedir(d);
    return sent;
}

static void *tu_storm_main(void *arg)
{
    tu_storm_t *st = arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pid_t pid = getpid(), self = (pid_t) syscall(SYS_gettid);
    long period_ns = 1000000000L / st->hz;
    while (!atomic_load(&st->stop)) {
        st->sent += tu_storm_burst(pid, self);
        struct timespec ts = { 0, period_ns };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* Start a storm of hz signals a second to every thread. */
static inline void tu_storm_start(tu_storm_t *st, int hz)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tu_storm_handler; /* no SA_RESTART, but under valgrind */
    sa.sa_flags = getenv("ZMQX_TEST_VALGRIND") ? SA_RESTART : 0;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
    atomic_store(&st->stop, 0);
    st->hz = hz;
    st->sent = 0;
    ck_assert_int_eq(pthread_create(&st->thread, NULL, tu_storm_main, st), 0);
}

/* End the storm; the number of signals it sent. */
static inline long tu_storm_stop(tu_storm_t *st)
{
    atomic_store(&st->stop, 1);
    pthread_join(st->thread, NULL);
    return st->sent;
}
#endif

#ifdef TU_FORK
#include <sys/wait.h>

/* Run fn(arg) in a forked child and return the child's wait status (0:
 * all held). The child exits with 2 when fn returned non-zero, 3 when fn
 * took max_ms or more, else 0. Under valgrind a leak or a bad access in
 * the child makes its status non-zero too (valgrind checks the child's
 * leaks at its _exit); under ASan a bad access does. (Not exit(): there
 * LeakSanitizer's check can wait for ever for an allocator lock that a
 * thread of the parent held at the fork.) fn must not use ck_assert (the
 * child is not a test). */
static inline int tu_in_child(int (*fn)(void *), void *arg, int max_ms)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        long long t0 = tu_now_ms();
        int rc = fn(arg);
        long long took = tu_now_ms() - t0;
        _exit(rc != 0 ? 2 : took >= max_ms ? 3 : 0);
    }
    int status = -1;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}
#endif

#endif
