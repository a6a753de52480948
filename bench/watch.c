/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx-watchbench — messages per second into one socket, received through
 * each event loop that drives a zmqx_watch (plain epoll, libuv, libevent,
 * GLib), against a raw zmq_poll + zmq_recv loop on the same socket
 * (docs/performance.md, "Watch"; issue 14).
 *
 *   zmqx-watchbench [--rounds R] [--messages M] [--transport inproc|tcp]
 *   zmqx-watchbench --smoke
 *
 * A sender thread pushes M messages of 16 bytes (raw zmq_send) into a PULL
 * that the main thread receives from: through each loop twice, the handler
 * taking one message per call (NAME/1) or every message there (NAME/all);
 * the raw loop drains after each zmq_poll. Each
 * round runs every contender once next to a raw run, in pairs (raw, X or
 * X, raw, alternating by round), so the drift of a loaded machine hits both
 * sides of a ratio alike. One line per run: round=r contender=C
 * msgs_per_s=N, then per contender the median rate and the median of the
 * ratios X / raw within a pair (> 1: faster than raw). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>
#include <zmqx.h>
#ifdef BENCH_HAVE_UV
#include <zmqx/uv.h>
#endif
#ifdef BENCH_HAVE_EVENT
#include <event2/event.h>
#include <zmqx/event.h>
#endif
#ifdef BENCH_HAVE_GLIB
#include <zmqx/glib.h>
#endif

#define SIZE 16
#define BUDGET 64
#define MAX_ROUNDS 101

static zmqx_socket_t *pull;
static int want, got;
static int drain; /* the handler takes every message there (else one per call) */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "zmqx-watchbench: %s: %s\n", what, zmqx_strerror());
    exit(1);
}

/* ---- contenders: each receives `want` messages from pull ---------------- */

static void run_raw(void)
{
    void *h = zmqx_socket_handle(pull);
    zmq_pollitem_t item = { h, 0, ZMQ_POLLIN, 0 };
    char buf[SIZE];
    while (got < want) {
        if (zmq_poll(&item, 1, -1) < 0)
            die("zmq_poll");
        while (got < want && zmq_recv(h, buf, sizeof buf, ZMQ_DONTWAIT) >= 0)
            got++;
    }
}

/* The handler every watch contender shares: one message per call, or
 * (drain) every message there, until EAGAIN. */
static int on_message(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) w, (void) events, (void) arg;
    char buf[SIZE];
    do {
        if (zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT) < 0)
            return zmqx_last_error()->code == EAGAIN ? 0 : -1;
        got++;
    } while (drain && got < want);
    return 0;
}

static zmqx_watch_t *new_watch(void)
{
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message, NULL);
    if (w == NULL)
        die("zmqx_watch_new");
    return w;
}

static void run_epoll(void)
{
    zmqx_watch_t *w = new_watch();
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN };
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, zmqx_watch_fd(w), &ev) != 0)
        die("epoll");
    while (got < want) {
        epoll_wait(ep, &ev, 1, zmqx_watch_pending(w) != 0 ? 0 : -1);
        if (zmqx_watch_dispatch(w, BUDGET) < 0)
            die("zmqx_watch_dispatch");
    }
    close(ep);
    zmqx_watch_destroy(&w);
}

#ifdef BENCH_HAVE_UV
static int on_message_uv(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    int rc = on_message(w, s, events, arg);
    if (got >= want) {
        zmqx_uv_watch_stop(w); /* uv_run returns once its handles are closed */
    }
    return rc;
}

static void run_uv(void)
{
    uv_loop_t loop;
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message_uv, NULL);
    if (w == NULL || uv_loop_init(&loop) != 0 || zmqx_uv_watch_start(&loop, w) != 0)
        die("libuv");
    uv_run(&loop, UV_RUN_DEFAULT);
    zmqx_watch_destroy(&w);
    if (uv_loop_close(&loop) != 0)
        die("uv_loop_close");
}
#endif

#ifdef BENCH_HAVE_EVENT
static int on_message_event(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    int rc = on_message(w, s, events, arg);
    if (got >= want)
        event_base_loopbreak(arg);
    return rc;
}

static void run_event(void)
{
    struct event_base *base = event_base_new();
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message_event, base);
    if (base == NULL || w == NULL || zmqx_event_watch_start(base, w) != 0)
        die("libevent");
    event_base_dispatch(base);
    zmqx_event_watch_stop(w);
    zmqx_watch_destroy(&w);
    event_base_free(base);
}
#endif

#ifdef BENCH_HAVE_GLIB
static int on_message_glib(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    int rc = on_message(w, s, events, arg);
    if (got >= want)
        g_main_loop_quit(arg);
    return rc;
}

static void run_glib(void)
{
    GMainContext *ctx = g_main_context_new();
    GMainLoop *loop = g_main_loop_new(ctx, FALSE);
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message_glib, loop);
    GSource *src = w != NULL ? zmqx_glib_watch_source(w) : NULL;
    if (src == NULL)
        die("GLib");
    g_source_attach(src, ctx);
    g_main_loop_run(loop);
    g_source_destroy(src);
    g_source_unref(src);
    zmqx_watch_destroy(&w);
    g_main_loop_unref(loop);
    g_main_context_unref(ctx);
}
#endif

typedef struct contender {
    const char *name;
    void (*run)(void);
    int drain;
} contender_t;

/* Each loop twice: the handler taking one message per call (the readiness
 * rule reads ZMQ_EVENTS before each call), and draining. */
static const contender_t contenders[] = {
    { "raw", run_raw, 0 },
    { "epoll/1", run_epoll, 0 },
    { "epoll/all", run_epoll, 1 },
#ifdef BENCH_HAVE_UV
    { "uv/1", run_uv, 0 },
    { "uv/all", run_uv, 1 },
#endif
#ifdef BENCH_HAVE_EVENT
    { "event/1", run_event, 0 },
    { "event/all", run_event, 1 },
#endif
#ifdef BENCH_HAVE_GLIB
    { "glib/1", run_glib, 0 },
    { "glib/all", run_glib, 1 },
#endif
};
#define NCONTENDERS ((int) (sizeof contenders / sizeof contenders[0]))

/* ---- the sender --------------------------------------------------------- */

typedef struct sender {
    void *push;
    int n;
} sender_t;

static void *send_all(void *arg)
{
    sender_t *s = arg;
    char buf[SIZE] = "0123456789abcde";
    for (int i = 0; i < s->n; i++)
        if (zmq_send(s->push, buf, sizeof buf, 0) != (int) sizeof buf)
            return (void *) 1;
    return NULL;
}

/* One run of c: messages per second. */
static double run(const contender_t *c, void *push, int m)
{
    sender_t s = { push, m };
    pthread_t t;
    got = 0;
    want = m;
    drain = c->drain;
    double t0 = now_s();
    if (pthread_create(&t, NULL, send_all, &s) != 0)
        die("pthread_create");
    c->run();
    double t1 = now_s();
    void *rc;
    pthread_join(t, &rc);
    if (rc != NULL || got != m)
        die(c->name);
    return m / (t1 - t0);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t) n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int rounds = 11, m = 200000;
    const char *transport = "tcp";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--smoke"))
            rounds = 1, m = 2000;
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--messages") && i + 1 < argc)
            m = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--transport") && i + 1 < argc)
            transport = argv[++i];
        else {
            fprintf(stderr, "usage: zmqx-watchbench [--rounds R] [--messages M] "
                            "[--transport inproc|tcp] | --smoke\n");
            return 2;
        }
    }
    if (rounds < 1 || rounds > MAX_ROUNDS || m < 1)
        return 2;
    const char *ep = !strcmp(transport, "inproc") ? "@inproc://watchbench" : "@tcp://127.0.0.1:*";
    pull = zmqx_socket_new(NULL, ZMQ_PULL, ep);
    if (pull == NULL)
        die("bind");
    void *push = zmq_socket(zmqx_ctx_handle(zmqx_ctx_default()), ZMQ_PUSH);
    if (push == NULL || zmq_connect(push, zmqx_socket_endpoint(pull)) != 0)
        die("connect");
    run(&contenders[0], push, m / 10 + 1); /* warm-up: the connection is up */

    static double rate[NCONTENDERS][MAX_ROUNDS], ratio[NCONTENDERS][MAX_ROUNDS];
    static double raws[MAX_ROUNDS * NCONTENDERS];
    int nraws = 0;
    for (int r = 0; r < rounds; r++)
        for (int c = 1; c < NCONTENDERS; c++) {
            int raw_first = (r + c) % 2 == 0;
            double a = run(&contenders[raw_first ? 0 : c], push, m);
            double b = run(&contenders[raw_first ? c : 0], push, m);
            double raw = raw_first ? a : b, x = raw_first ? b : a;
            printf("round=%d contender=raw msgs_per_s=%.0f\n", r, raw);
            printf("round=%d contender=%s msgs_per_s=%.0f\n", r, contenders[c].name, x);
            rate[c][r] = x;
            ratio[c][r] = x / raw;
            raws[nraws++] = raw;
        }
    printf("\n%s, %d messages of %d bytes, %d rounds; ratio: median of X / raw in a pair\n",
           transport, m, SIZE, rounds);
    printf("%-10s %14s %12s\n", "loop", "msgs/s", "vs raw");
    printf("%-10s %14.0f %12s\n", "raw", median(raws, nraws), "1");
    for (int c = 1; c < NCONTENDERS; c++) {
        double med = median(rate[c], rounds);
        printf("%-10s %14.0f %11.3fx\n", contenders[c].name, med, median(ratio[c], rounds));
    }
    zmq_close(push);
    zmqx_socket_destroy(&pull);
    return 0;
}
