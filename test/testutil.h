/* Shared helpers for the Check suites. */
#ifndef ZMQX_TESTUTIL_H
#define ZMQX_TESTUTIL_H

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#endif

#endif
