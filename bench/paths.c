/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx-paths — the paths off the ready-message path, zmqx side by side
 * with raw libzmq and CZMQ: a receive that finds nothing (EAGAIN), a poll
 * that finds nothing (1 and 16 sockets) or one ready socket among 16, the
 * REQ/REP round trip with the echo on its own thread, a 64 KiB send that
 * blocks on a high-water mark of 1, the extra parts of a multi-part
 * message, and the ready path (bench_batch) again with a raw baseline that
 * does not close after sending.
 *
 *   zmqx-paths --path P --contender C [--calls N] [--size S] [--parts K]
 *   zmqx-paths --path reqrep --contender C --pairs P [--calls N] [--pin MODE]
 *   zmqx-paths --list | --smoke
 *
 * One run: the setup (context, sockets, poller, threads, warm-up), then N
 * calls of C's measured loop, then the teardown; it prints
 *   calls=N ns_per_call=T allocs_per_call=A
 * (allocations: every thread, counted by malloc_count, which the program
 * preloads itself when it is built; -1 without it). bench/paths.sh runs it
 * under callgrind with two N and takes the difference, so the setup and
 * teardown drop out. Each loop calls the library directly (no function
 * pointer inside the loop) and checks every result. See bench/paths.sh. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>
#include <zmqx.h>
#ifdef BENCH_HAVE_CZMQ
#include <czmq.h>
#endif

#include "runner.h"

#define MAX_SOCKETS 16
#define MORE_BATCH 200 /* messages queued, then received, in the 'more' loops */

extern const bench_family_t bench_family_libzmq, bench_family_zmqx;
#ifdef BENCH_HAVE_CZMQ
extern const bench_family_t bench_family_czmq;
#endif

/* Everything a path's loop works on, made before the loop. */
typedef struct env {
    const bench_family_t *fam;
    int k;                      /* sockets (PULL, each with a PUSH peer) */
    int ready;                  /* poll paths: 1 if the last PULL has a message */
    int parts;                  /* more: parts per message */
    size_t size;                /* bytes per send (blocked-send, more) */
    void *pull[MAX_SOCKETS];    /* the family's socket objects */
    void *push[MAX_SOCKETS];
    char *buf;                  /* BENCH_MAX_SIZE: payload and receive buffer */
    zmq_msg_t msg;              /* receive into (libzmq-msg) */
    zmqx_frame_t frame;         /* receive into (zmqx-frame) */
    zmq_pollitem_t items[MAX_SOCKETS];
    zmqx_poller_t *poller;
    zmqx_poll_event_t ev[MAX_SOCKETS];
#ifdef BENCH_HAVE_CZMQ
    zpoller_t *zpoller;
#endif
    pthread_t drainer;          /* blocked-send: receives what the loop sends */
    long drain_n;
    int drain_rc, draining;
} env_t;

static int fail(const char *what)
{
    return bench_fail("zmqx-paths", what);
}

/* ---- the measured loops: n calls, each checked ---- */

/* A loop of n evaluations of ok (an expression making the measured call),
 * after decl; fails on the first false. */
#define PATH_LOOP(X, decl, ok)                                                         \
    static int X(env_t *e, long n)                                                     \
    {                                                                                  \
        decl;                                                                          \
        for (long i = 0; i < n; i++)                                                   \
            if (BENCH_UNLIKELY(!(ok)))                                                 \
                return fail(#X);                                                       \
        return 0;                                                                      \
    }

static inline int is_eagain(int rc)
{
    return rc == -1 && errno == EAGAIN;
}

/* eagain: receive on an empty PULL (its PUSH connected) without waiting */
PATH_LOOP(eagain_libzmq_recv, void *s = e->pull[0],
          is_eagain(zmq_recv(s, e->buf, 64, ZMQ_DONTWAIT)))
PATH_LOOP(eagain_libzmq_msg, void *s = e->pull[0],
          is_eagain(zmq_msg_recv(&e->msg, s, ZMQ_DONTWAIT)))
PATH_LOOP(eagain_zmqx_recv, zmqx_socket_t *s = e->pull[0],
          is_eagain(zmqx_recv(s, e->buf, 64, ZMQX_DONTWAIT)))
PATH_LOOP(eagain_zmqx_frame, zmqx_socket_t *s = e->pull[0],
          is_eagain(zmqx_recv_frame(s, &e->frame, ZMQX_DONTWAIT)))
#ifdef BENCH_HAVE_CZMQ
PATH_LOOP(eagain_czmq_zframe, zsock_t *s = e->pull[0], zframe_recv_nowait(s) == NULL)
PATH_LOOP(eagain_czmq_zstr, zsock_t *s = e->pull[0], zstr_recv_nowait(s) == NULL)
#endif

/* poll0 / poll16 / poll16r: wait 0 ms on k sockets; none ready, or the
 * last one (e->ready) */
PATH_LOOP(poll_libzmq, (void) 0, zmq_poll(e->items, e->k, 0) == e->ready)
PATH_LOOP(poll_zmqx, zmqx_poller_t *p = e->poller,
          e->ready ? zmqx_poller_wait(p, e->ev, e->k, 0) == 1
                   : is_eagain(zmqx_poller_wait(p, e->ev, e->k, 0)))
#ifdef BENCH_HAVE_CZMQ
PATH_LOOP(poll_czmq, zpoller_t *p = e->zpoller,
          e->ready ? zpoller_wait(p, 0) == e->pull[e->k - 1] : zpoller_wait(p, 0) == NULL)
#endif

/* blocked-send: n sends of e->size bytes to a PULL that a thread drains,
 * both high-water marks 1 */
PATH_LOOP(blocked_libzmq_send, void *s = e->push[0],
          zmq_send(s, e->buf, e->size, 0) == (int) e->size)
PATH_LOOP(blocked_zmqx_send, zmqx_socket_t *s = e->push[0],
          zmqx_send(s, e->buf, e->size, 0) == (int) e->size)
#ifdef BENCH_HAVE_CZMQ
static inline int czmq_frame_send(zsock_t *s, const char *data, size_t size)
{
    zframe_t *f = zframe_new(data, size);
    return f != NULL ? zframe_send(&f, s, 0) : -1;
}
PATH_LOOP(blocked_czmq_zframe, zsock_t *s = e->push[0], czmq_frame_send(s, e->buf, e->size) == 0)
#endif

/* more: queue a batch of e->parts-part messages (raw zmq_send, the same
 * for every contender; not inlined so callgrind can name its share), then
 * receive every part, checking its size and the more flag. */
__attribute__((noinline)) int paths_more_fill(env_t *e, long count)
{
    void *s = e->fam->handle(e->push[0]);
    for (long i = 0; i < count; i++)
        for (int part = 1; part <= e->parts; part++)
            if (zmq_send(s, e->buf, e->size, part < e->parts ? ZMQ_SNDMORE : 0) < 0)
                return fail("more: zmq_send");
    return 0;
}

/* n messages: after decl, for each part, got = (receive one part), then
 * more = (the more flag) */
#define MORE_LOOP(X, decl, recv, more_flag)                                            \
    static int X(env_t *e, long n)                                                     \
    {                                                                                  \
        decl;                                                                          \
        for (long done = 0; done < n; done += MORE_BATCH) {                            \
            long count = n - done < MORE_BATCH ? n - done : MORE_BATCH;                \
            if (paths_more_fill(e, count) != 0)                                        \
                return -1;                                                             \
            for (long i = 0; i < count; i++)                                           \
                for (int part = 1;; part++) {                                          \
                    long got = (recv);                                                 \
                    int more = (more_flag);                                            \
                    if (BENCH_UNLIKELY(got != (long) e->size || more != (part < e->parts))) \
                        return fail(#X);                                               \
                    if (!more)                                                         \
                        break;                                                         \
                }                                                                      \
        }                                                                              \
        return 0;                                                                      \
    }

static inline int raw_rcvmore(void *s)
{
    int more = 0;
    size_t len = sizeof more;
    return zmq_getsockopt(s, ZMQ_RCVMORE, &more, &len) == 0 ? more : -1;
}

MORE_LOOP(more_libzmq_recv, void *s = e->pull[0], zmq_recv(s, e->buf, BENCH_MAX_SIZE, 0),
          raw_rcvmore(s))
MORE_LOOP(more_libzmq_msg, void *s = e->pull[0], zmq_msg_recv(&e->msg, s, 0),
          zmq_msg_more(&e->msg))
MORE_LOOP(more_zmqx_recv, zmqx_socket_t *s = e->pull[0], zmqx_recv(s, e->buf, BENCH_MAX_SIZE, 0),
          zmqx_socket_more(s))
MORE_LOOP(more_zmqx_frame, zmqx_socket_t *s = e->pull[0], zmqx_recv_frame(s, &e->frame, 0),
          zmqx_frame_more(&e->frame))
#ifdef BENCH_HAVE_CZMQ
/* zframe_recv + zsock_rcvmore; the frame destroyed at once */
static inline long czmq_frame_recv(zsock_t *s)
{
    zframe_t *f = zframe_recv(s);
    long size = f != NULL ? (long) zframe_size(f) : -1;
    zframe_destroy(&f);
    return size;
}
MORE_LOOP(more_czmq_zframe, zsock_t *s = e->pull[0], czmq_frame_recv(s), zsock_rcvmore(s))
#endif

/* ---- the paths and their contenders ---- */

typedef enum { SETUP_PAIRS, SETUP_POLL, SETUP_BLOCKED, SETUP_MORE, SETUP_STYLE } setup_t;

typedef struct path {
    const char *name;
    setup_t setup;
    int k, ready;
    const char *what;
} path_t;

static const path_t paths[] = {
    { "eagain", SETUP_PAIRS, 1, 0, "receive without waiting on an empty PULL (inproc, PUSH connected)" },
    { "poll0", SETUP_POLL, 1, 0, "poll 1 socket, timeout 0, nothing ready" },
    { "poll16", SETUP_POLL, 16, 0, "poll 16 sockets, timeout 0, nothing ready" },
    { "poll16r", SETUP_POLL, 16, 1, "poll 16 sockets, timeout 0, the last one ready" },
    { "blocked-send", SETUP_BLOCKED, 1, 0, "64 KiB sends, SNDHWM 1 -> RCVHWM 1, a thread drains (zmq_recv)" },
    { "more", SETUP_MORE, 1, 0, "receive a --parts message part by part, asking for more after each" },
    { "reqrep", SETUP_STYLE, 0, 0, "REQ/REP round trip, inproc, REP echoing on its own thread (style loops)" },
    { "ready", SETUP_STYLE, 0, 0, "send + receive a ready message, single-thread batches (bench_batch)" },
};

typedef struct contender {
    const char *path, *name;
    const bench_family_t *family; /* NULL: a style (name) */
    int (*loop)(env_t *e, long n);
    const char *baselines; /* comma-separated; "" for a raw contender */
    const char *what;
} contender_t;

static const contender_t contenders[] = {
    { "eagain", "libzmq-recv", &bench_family_libzmq, eagain_libzmq_recv, "", "zmq_recv(ZMQ_DONTWAIT)" },
    { "eagain", "libzmq-msg", &bench_family_libzmq, eagain_libzmq_msg, "", "zmq_msg_recv(ZMQ_DONTWAIT)" },
    { "eagain", "zmqx-recv", &bench_family_zmqx, eagain_zmqx_recv, "libzmq-recv", "zmqx_recv(ZMQX_DONTWAIT)" },
    { "eagain", "zmqx-frame", &bench_family_zmqx, eagain_zmqx_frame, "libzmq-msg", "zmqx_recv_frame(ZMQX_DONTWAIT)" },
#ifdef BENCH_HAVE_CZMQ
    { "eagain", "czmq-zframe", &bench_family_czmq, eagain_czmq_zframe, "libzmq-msg", "zframe_recv_nowait" },
    { "eagain", "czmq-zstr", &bench_family_czmq, eagain_czmq_zstr, "libzmq-msg", "zstr_recv_nowait" },
#endif
#ifdef BENCH_HAVE_CZMQ
#define CZMQ_POLL(P) , { P, "czmq", &bench_family_czmq, poll_czmq, "libzmq", "zpoller_wait(p, 0)" }
#else
#define CZMQ_POLL(P)
#endif
#define POLL_CONTENDERS(P)                                                               \
    { P, "libzmq", &bench_family_libzmq, poll_libzmq, "", "zmq_poll(items, k, 0)" },       \
    { P, "zmqx", &bench_family_zmqx, poll_zmqx, "libzmq", "zmqx_poller_wait(p, ev, k, 0)" } \
    CZMQ_POLL(P)
    POLL_CONTENDERS("poll0"),
    POLL_CONTENDERS("poll16"),
    POLL_CONTENDERS("poll16r"),
    { "blocked-send", "libzmq-send", &bench_family_libzmq, blocked_libzmq_send, "", "zmq_send" },
    { "blocked-send", "zmqx-send", &bench_family_zmqx, blocked_zmqx_send, "libzmq-send", "zmqx_send" },
#ifdef BENCH_HAVE_CZMQ
    { "blocked-send", "czmq-zframe", &bench_family_czmq, blocked_czmq_zframe, "libzmq-send", "zframe_new+zframe_send" },
#endif
    { "more", "libzmq-recv", &bench_family_libzmq, more_libzmq_recv, "", "zmq_recv + zmq_getsockopt(ZMQ_RCVMORE)" },
    { "more", "libzmq-msg", &bench_family_libzmq, more_libzmq_msg, "", "zmq_msg_recv + zmq_msg_more" },
    { "more", "zmqx-recv", &bench_family_zmqx, more_zmqx_recv, "libzmq-recv", "zmqx_recv + zmqx_socket_more" },
    { "more", "zmqx-frame", &bench_family_zmqx, more_zmqx_frame, "libzmq-msg", "zmqx_recv_frame + zmqx_frame_more" },
#ifdef BENCH_HAVE_CZMQ
    { "more", "czmq-zframe", &bench_family_czmq, more_czmq_zframe, "libzmq-recv", "zframe_recv + zsock_rcvmore + zframe_destroy" },
#endif
    { "reqrep", "libzmq-send", NULL, NULL, "", "" },
    { "reqrep", "libzmq-msg", NULL, NULL, "", "" },
    { "reqrep", "libzmq-str", NULL, NULL, "", "" },
    { "reqrep", "zmqx-bytes", NULL, NULL, "libzmq-send", "" },
    { "reqrep", "zmqx-frame", NULL, NULL, "libzmq-msg", "" },
    { "reqrep", "zmqx-msg", NULL, NULL, "libzmq-msg", "" },
    { "reqrep", "zmqx-str", NULL, NULL, "libzmq-str", "" },
#ifdef BENCH_HAVE_CZMQ
    { "reqrep", "czmq-zframe", NULL, NULL, "libzmq-msg", "" },
    { "reqrep", "czmq-zstr", NULL, NULL, "libzmq-str", "" },
#endif
    { "ready", "libzmq-msg-nc", NULL, NULL, "", "" },
    { "ready", "libzmq-msg", NULL, NULL, "", "" },
    { "ready", "zmqx-frame", NULL, NULL, "libzmq-msg-nc,libzmq-msg", "" },
    { "ready", "zmqx-msg", NULL, NULL, "libzmq-msg-nc,libzmq-msg", "" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const path_t *find_path(const char *name)
{
    return bench_find_named(paths, COUNT(paths), sizeof paths[0], offsetof(path_t, name), name);
}

static const contender_t *find_contender(const char *path, const char *name)
{
    for (size_t i = 0; i < COUNT(contenders); i++)
        if (strcmp(contenders[i].path, path) == 0 && strcmp(contenders[i].name, name) == 0)
            return &contenders[i];
    return NULL;
}

/* ---- setup and teardown (outside the measured loop) ---- */

static void *drainer_main(void *arg)
{
    env_t *e = arg;
    void *s = e->fam->handle(e->pull[0]);
    e->drain_rc = 0;
    for (long i = 0; i < e->drain_n && e->drain_rc == 0; i++)
        if (zmq_recv(s, e->buf + BENCH_MAX_SIZE / 2, BENCH_MAX_SIZE / 2, 0) != (int) e->size)
            e->drain_rc = fail("blocked-send: drain");
    return NULL;
}

static int set_int(env_t *e, void *sock, int option, int value)
{
    if (zmq_setsockopt(e->fam->handle(sock), option, &value, sizeof value) != 0)
        return fail("zmq_setsockopt");
    return 0;
}

/* k PULL sockets, each bound to an inproc endpoint of its own with a PUSH
 * connected (high-water marks hwm, 0: libzmq's default) and one message
 * through, so the pipe is up. */
static int open_pairs(env_t *e, int hwm)
{
    static unsigned long seq;
    for (int i = 0; i < e->k; i++) {
        char ep[64], c;
        snprintf(ep, sizeof ep, "inproc://paths-%d-%lu", (int) getpid(), ++seq);
        if ((e->pull[i] = e->fam->open(ZMQ_PULL)) == NULL ||
            (e->push[i] = e->fam->open(ZMQ_PUSH)) == NULL)
            return -1;
        if (hwm && (set_int(e, e->pull[i], ZMQ_RCVHWM, hwm) || set_int(e, e->push[i], ZMQ_SNDHWM, hwm)))
            return -1;
        void *in = e->fam->handle(e->pull[i]), *out = e->fam->handle(e->push[i]);
        if (zmq_bind(in, ep) != 0 || zmq_connect(out, ep) != 0)
            return fail("bind/connect");
        if (zmq_send(out, "w", 1, 0) != 1 || zmq_recv(in, &c, 1, 0) != 1)
            return fail("warm-up");
        e->items[i] = (zmq_pollitem_t) { in, 0, ZMQ_POLLIN, 0 };
    }
    return 0;
}

static int open_pollers(env_t *e)
{
    if (e->ready && zmq_send(e->fam->handle(e->push[e->k - 1]), "r", 1, 0) != 1)
        return fail("ready send");
    if (e->fam == &bench_family_zmqx) {
        if ((e->poller = zmqx_poller_new()) == NULL)
            return fail("zmqx_poller_new");
        for (int i = 0; i < e->k; i++)
            if (zmqx_poller_add(e->poller, e->pull[i], ZMQX_POLLIN, NULL) != 0)
                return fail("zmqx_poller_add");
    }
#ifdef BENCH_HAVE_CZMQ
    if (e->fam == &bench_family_czmq) {
        if ((e->zpoller = zpoller_new(NULL)) == NULL)
            return fail("zpoller_new");
        for (int i = 0; i < e->k; i++)
            if (zpoller_add(e->zpoller, e->pull[i]) != 0)
                return fail("zpoller_add");
    }
#endif
    return 0;
}

static int env_open(env_t *e, const path_t *p, const bench_family_t *fam, size_t size, int parts,
                    long n)
{
    memset(e, 0, sizeof *e);
    e->fam = fam;
    e->k = p->k;
    e->ready = p->ready;
    e->size = size;
    e->parts = parts;
    zmq_msg_init(&e->msg);
    zmqx_frame_init(&e->frame);
    if ((e->buf = malloc(BENCH_MAX_SIZE)) == NULL)
        return fail("malloc");
    memset(e->buf, 'x', BENCH_MAX_SIZE);
    if (open_pairs(e, p->setup == SETUP_BLOCKED ? 1 : 0) != 0)
        return -1;
    if (p->setup == SETUP_POLL)
        return open_pollers(e);
    if (p->setup == SETUP_BLOCKED) {
        e->drain_n = n;
        if (pthread_create(&e->drainer, NULL, drainer_main, e) != 0)
            return fail("pthread_create");
        e->draining = 1;
    }
    return 0;
}

/* Join the drainer (blocked-send): 0, or -1 if it failed. */
static int env_join(env_t *e)
{
    if (!e->draining)
        return 0;
    pthread_join(e->drainer, NULL);
    e->draining = 0;
    return e->drain_rc;
}

static void env_close(env_t *e)
{
    zmqx_poller_destroy(&e->poller);
#ifdef BENCH_HAVE_CZMQ
    zpoller_destroy(&e->zpoller);
#endif
    for (int i = 0; i < e->k; i++) {
        if (e->push[i] != NULL)
            e->fam->close(e->push[i]);
        if (e->pull[i] != NULL)
            e->fam->close(e->pull[i]);
    }
    zmq_msg_close(&e->msg);
    zmqx_frame_close(&e->frame);
    free(e->buf);
}

/* ---- one run ---- */

typedef struct options {
    const char *path, *contender;
    long calls, pairs;
    size_t size;
    int parts, list, smoke;
} options_t;

static void report(long n, double secs, long allocs)
{
    printf("calls=%ld ns_per_call=%.1f allocs_per_call=%.4f\n", n, secs * 1e9 / (double) n,
           allocs < 0 ? -1.0 : (double) allocs / (double) n);
}

/* A path of its own loops: setup, n calls of the loop, teardown. */
static int run_loop(const path_t *p, const contender_t *c, const options_t *o, int quiet)
{
    env_t e;
    int rc = env_open(&e, p, c->family, o->size, o->parts, o->calls);
    long before = bench_alloc_count();
    double t0 = bench_now();
    if (rc == 0)
        rc = c->loop(&e, o->calls);
    rc |= env_join(&e);
    double secs = bench_now() - t0;
    long allocs = before < 0 ? -1 : bench_alloc_count() - before;
    env_close(&e);
    if (rc == 0 && !quiet)
        report(o->calls, secs, allocs);
    return rc;
}

/* reqrep and ready: the style's own loops, through runner.c. */
static int run_style(const path_t *p, const contender_t *c, const options_t *o, int quiet)
{
    const bench_style_t *st = bench_style_find(c->name);
    if (st == NULL)
        return fail(c->name);
    long before = bench_alloc_count(), allocs = -1;
    double secs = 0;
    int rc = 0;
    if (strcmp(p->name, "reqrep") == 0) {
        bench_case_t cs = { BENCH_LAT, BENCH_INPROC, o->size, o->calls };
        secs = bench_run(st, &cs);
        rc = secs > 0 ? 0 : -1;
        allocs = before < 0 ? -1 : bench_alloc_count() - before; /* setup included */
    } else {
        double t0 = bench_now();
        rc = bench_batch(st, BENCH_INPROC, o->size, o->calls, 500, &allocs);
        secs = bench_now() - t0; /* setup included */
    }
    if (rc == 0 && !quiet)
        report(o->calls, secs, allocs);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double median(double *v, long n)
{
    qsort(v, (size_t) n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* reqrep wall clock: pairs of runs (baseline, contender; the order swapped
 * every pair), n round trips each; the medians and the median of the
 * paired ratios (contender time / baseline time: > 1 slower). */
static int run_pairs(const contender_t *c, const options_t *o)
{
    const bench_style_t *st = bench_style_find(c->name);
    const bench_style_t *base = bench_style_find(st->baseline);
    bench_case_t cs = { BENCH_LAT, BENCH_INPROC, o->size, o->calls };
    double *t = calloc((size_t) o->pairs * 3, sizeof *t);
    if (t == NULL)
        return fail("calloc");
    double *tb = t, *tc = t + o->pairs, *ratio = t + 2 * o->pairs;
    int rc = 0;
    for (long i = 0; i < o->pairs && rc == 0; i++) {
        double a = i % 2 ? bench_run(st, &cs) : bench_run(base, &cs);
        double b = i % 2 ? bench_run(base, &cs) : bench_run(st, &cs);
        tb[i] = i % 2 ? b : a;
        tc[i] = i % 2 ? a : b;
        ratio[i] = tc[i] / tb[i];
        rc = a > 0 && b > 0 ? 0 : -1;
    }
    if (rc == 0) {
        double n = (double) o->calls;
        printf("pairs=%ld calls=%ld baseline=%s ns_baseline=%.1f ns_contender=%.1f ratio=%.4f\n",
               o->pairs, o->calls, base->name, median(tb, o->pairs) * 1e9 / n,
               median(tc, o->pairs) * 1e9 / n, median(ratio, o->pairs));
    }
    free(t);
    return rc;
}

static int run_one(const options_t *o, int quiet)
{
    const path_t *p = find_path(o->path);
    const contender_t *c = p != NULL ? find_contender(o->path, o->contender) : NULL;
    if (c == NULL) {
        fprintf(stderr, "zmqx-paths: no contender %s on path %s (--list)\n", o->contender, o->path);
        return -1;
    }
    if (o->pairs > 0)
        return c->baselines[0] != '\0' && strcmp(p->name, "reqrep") == 0
                   ? run_pairs(c, o)
                   : (fprintf(stderr, "zmqx-paths: --pairs: reqrep, not a baseline\n"), -1);
    return c->family != NULL ? run_loop(p, c, o, quiet) : run_style(p, c, o, quiet);
}

/* Every path and contender, a few calls each, and one reqrep pair. */
static int smoke(void)
{
    int rc = 0;
    for (size_t i = 0; i < COUNT(contenders) && rc == 0; i++) {
        const contender_t *c = &contenders[i];
        int more = strcmp(c->path, "more") == 0;
        options_t o = { c->path, c->name, 1000, 0, 64, more ? 3 : 1, 0, 0 };
        if (strcmp(c->path, "blocked-send") == 0)
            o.size = 65536;
        printf("%-12s %-14s ", c->path, c->name);
        rc = run_one(&o, 0);
        if (rc == 0 && strcmp(c->path, "reqrep") == 0 && c->baselines[0] != '\0') {
            o.pairs = 2;
            o.calls = 200;
            printf("%-12s %-14s ", "  pairs", c->name);
            rc = run_one(&o, 0);
        }
    }
    printf("%s\n", rc == 0 ? "smoke: every path and contender ran" : "smoke: FAILED");
    return rc;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zmqx-paths --path P --contender C [--calls N] [--size S] [--parts K]\n"
            "       zmqx-paths --path reqrep --contender C --pairs P [--calls N] [--pin MODE]\n"
            "       zmqx-paths --list | --smoke\n"
            "  --calls N   loop iterations (calls; messages for more, blocked-send, ready;\n"
            "              round trips for reqrep); default 10000\n"
            "  --size S    bytes per message (default 64; blocked-send 65536)\n"
            "  --parts K   more: parts per message (default 2)\n"
            "  --pairs P   reqrep: P pairs of runs (baseline, contender), the order swapped\n"
            "              each pair; prints the median of the paired time ratios\n"
            "  --pin MODE  reqrep: none (default), split (a CPU per thread), same (one CPU)\n"
            "  --list      every path and contender: path contender baselines calls\n"
            "  --smoke     every path and contender, a few calls each\n");
}

static int parse(options_t *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->calls = 10000;
    o->parts = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (strcmp(a, "--list") == 0)
            o->list = 1;
        else if (strcmp(a, "--smoke") == 0)
            o->smoke = 1;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout), exit(0), 0;
        else if (v == NULL)
            rc = -1;
        else if (i++, strcmp(a, "--path") == 0)
            o->path = v;
        else if (strcmp(a, "--contender") == 0)
            o->contender = v;
        else if (strcmp(a, "--calls") == 0)
            rc = (o->calls = atol(v)) > 0 ? 0 : -1;
        else if (strcmp(a, "--pairs") == 0)
            rc = (o->pairs = atol(v)) > 0 ? 0 : -1;
        else if (strcmp(a, "--size") == 0)
            o->size = (size_t) atol(v), rc = o->size >= 1 && o->size <= BENCH_MAX_SIZE / 2 ? 0 : -1;
        else if (strcmp(a, "--pin") == 0)
            rc = strcmp(v, "none") == 0   ? (bench_pin = BENCH_PIN_NONE, 0)
                 : strcmp(v, "split") == 0 ? (bench_pin = BENCH_PIN_SPLIT, 0)
                 : strcmp(v, "same") == 0  ? (bench_pin = BENCH_PIN_SAME, 0)
                                           : -1;
        else if (strcmp(a, "--parts") == 0)
            rc = (o->parts = atoi(v)) >= 1 ? 0 : -1;
        else
            rc = -1;
        if (rc != 0) {
            fprintf(stderr, "zmqx-paths: bad option %s%s%s\n", a, v ? " " : "", v ? v : "");
            return usage(stderr), -1;
        }
    }
    if (o->size == 0)
        o->size = o->path != NULL && strcmp(o->path, "blocked-send") == 0 ? 65536 : 64;
    if (!o->list && !o->smoke && (o->path == NULL || o->contender == NULL))
        return usage(stderr), -1;
    return 0;
}

int main(int argc, char **argv)
{
    options_t o;
    if (parse(&o, argc, argv) != 0)
        return 2;
    if (o.list) {
        for (size_t i = 0; i < COUNT(contenders); i++)
            printf("%s %s %s %s\n", contenders[i].path, contenders[i].name,
                   contenders[i].baselines[0] ? contenders[i].baselines : "-",
                   contenders[i].what[0] ? contenders[i].what : bench_style_find(contenders[i].name)->what);
        return 0;
    }
    bench_preload_malloc_count(argv);
    alarm(600); /* a hang ends the run (SIGALRM) */
    if (bench_runner_init() != 0)
        return 1;
    int rc = o.smoke ? smoke() : run_one(&o, 0);
    bench_runner_term();
    return rc == 0 ? 0 : 1;
}
