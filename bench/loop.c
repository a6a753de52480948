/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx-loopbench — one message dispatched by an event loop that has N idle
 * sockets registered besides the one that gets it: zmqx_loop, a
 * zmqx_poller_wait loop, a raw zmq_poll loop and CZMQ's zloop, side by side
 * (docs/performance.md, "Loop"; issue 13).
 *
 *   zmqx-loopbench --contender C --idle N [--calls M] [--size S] [--transport T]
 *   zmqx-loopbench --rounds R --calls M [--idle N,N..] [--contenders C,C..] [--transport T]
 *   zmqx-loopbench --list | --smoke
 *
 * Everything runs on one thread. A PUSH sends to the PULL that the loop
 * watches (raw zmq_send on its libzmq handle, the same code for every
 * contender); each time the PULL is ready the loop's handler receives the
 * message and sends the next, until M are through. One message is one
 * pass: wait (nothing blocks on inproc: the message is there; on tcp the
 * wait blocks until the I/O thread delivers it), find the ready socket
 * among N + 1, call its handler, receive. The N idle PULL sockets are each
 * bound to an endpoint of their own, with no peer.
 *
 * One contender (--contender): setup, 100 messages of warm-up, M measured
 * messages, teardown; prints calls=M ns_per_call=T allocs_per_call=A (every
 * thread, malloc_count preloaded as in zmqx-paths; -1 without it).
 * bench/loop.sh runs it under callgrind with two M and takes the
 * difference. --rounds: every contender at every N set up at once in this
 * process, then R rounds, each running every (contender, N) for M messages
 * in an order rotated from round to round and reversed every other round;
 * one line per run: round=r contender=C idle=N ns_per_call=T
 * allocs_per_call=A (bench/loop.sh takes the medians and the medians of
 * the ratios within a round). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <zmq.h>
#include <zmqx.h>
#ifdef BENCH_HAVE_CZMQ
#include <czmq.h>
#endif

#include "runner.h"

#define MAX_IDLE 4000
#define MAX_CELLS 64
#define BUF_SIZE 65536
#define WARMUP 100
#define MAX_SOCKETS 16384 /* per context (ZMQ_MAX_SOCKETS; libzmq's default is 1023) */

extern const bench_family_t bench_family_libzmq, bench_family_zmqx;
#ifdef BENCH_HAVE_CZMQ
extern const bench_family_t bench_family_czmq;
#endif

typedef struct contender contender_t;

/* One contender at one N: its sockets and its loop, made before the runs. */
typedef struct env {
    const contender_t *c;
    int idle;
    void *pull, *push;        /* the family's objects */
    void *pull_h, *push_h;    /* their libzmq sockets */
    void **idles;             /* idle PULLs (the family's objects) */
    zmq_pollitem_t *items;    /* libzmq-poll: the idle PULLs, then pull */
    zmqx_poller_t *poller;
    zmqx_poll_event_t ev[16];
    zmqx_loop_t *loop;
#ifdef BENCH_HAVE_CZMQ
    zloop_t *zloop;
#endif
    long n, done;             /* messages to go through, received */
    int failed;               /* a handler failed (printed) */
    size_t size;
    char *buf;                /* BUF_SIZE: the payload, then room to receive */
} env_t;

struct contender {
    const char *name;
    const bench_family_t *family;
    int (*add)(env_t *e);            /* register the sockets (NULL: nothing) */
    int (*run)(env_t *e, long n);    /* n messages through */
    int idle_ok;                     /* 0: only at N = 0 (it has no loop) */
    const char *what;
};

static int fail(const char *what)
{
    return bench_fail("zmqx-loopbench", what);
}

static int handler_fail(env_t *e, const char *what)
{
    e->failed = 1;
    return fail(what);
}

/* The next message, raw zmq_send for every contender. */
static inline int send_next(env_t *e)
{
    if (BENCH_UNLIKELY(zmq_send(e->push_h, e->buf, e->size, 0) != (int) e->size))
        return handler_fail(e, "zmq_send");
    return 0;
}

static inline char *rbuf(env_t *e)
{
    return e->buf + BUF_SIZE / 2;
}

/* ---- the contenders' loops: each message received, then the next sent ---- */

/* libzmq-recv: no loop at all, zmq_recv after each send (the floor) */
static int run_plain(env_t *e, long n)
{
    for (long i = 0; i < n; i++)
        if (send_next(e) != 0 || zmq_recv(e->pull_h, rbuf(e), BUF_SIZE / 2, 0) != (int) e->size)
            return fail("zmq_recv");
    return 0;
}

/* libzmq-poll: zmq_poll over every item, find the ready one, zmq_recv */
static int add_items(env_t *e)
{
    e->items = calloc((size_t) e->idle + 1, sizeof *e->items);
    if (e->items == NULL)
        return fail("calloc");
    for (int i = 0; i < e->idle; i++)
        e->items[i] = (zmq_pollitem_t) { e->c->family->handle(e->idles[i]), 0, ZMQ_POLLIN, 0 };
    e->items[e->idle] = (zmq_pollitem_t) { e->pull_h, 0, ZMQ_POLLIN, 0 };
    return 0;
}

static int run_zmq_poll(env_t *e, long n)
{
    int k = e->idle + 1;
    for (long i = 0; i < n; i++) {
        if (send_next(e) != 0)
            return -1;
        int ready = zmq_poll(e->items, k, -1);
        if (BENCH_UNLIKELY(ready != 1))
            return fail("zmq_poll");
        for (int j = 0; j < k; j++)
            if (e->items[j].revents & ZMQ_POLLIN) {
                if (BENCH_UNLIKELY(j != e->idle))
                    return fail("an idle socket is ready");
                if (zmq_recv(e->items[j].socket, rbuf(e), BUF_SIZE / 2, ZMQ_DONTWAIT) != (int) e->size)
                    return fail("zmq_recv");
            }
    }
    return 0;
}

/* zmqx-poller: zmqx_poller_wait, zmqx_recv on what it reports */
static int add_poller(env_t *e)
{
    if ((e->poller = zmqx_poller_new()) == NULL)
        return fail("zmqx_poller_new");
    for (int i = 0; i < e->idle; i++)
        if (zmqx_poller_add(e->poller, e->idles[i], ZMQX_POLLIN, NULL) != 0)
            return fail("zmqx_poller_add");
    if (zmqx_poller_add(e->poller, e->pull, ZMQX_POLLIN, e) != 0)
        return fail("zmqx_poller_add");
    return 0;
}

static int run_poller(env_t *e, long n)
{
    for (long i = 0; i < n; i++) {
        if (send_next(e) != 0)
            return -1;
        int ready = zmqx_poller_wait(e->poller, e->ev, 16, -1);
        if (BENCH_UNLIKELY(ready != 1))
            return fail("zmqx_poller_wait");
        for (int j = 0; j < ready; j++) {
            if (BENCH_UNLIKELY(e->ev[j].user != e))
                return fail("an idle socket is ready");
            if (zmqx_recv(e->ev[j].socket, rbuf(e), BUF_SIZE / 2, ZMQX_DONTWAIT) != (int) e->size)
                return fail("zmqx_recv");
        }
    }
    return 0;
}

/* zmqx-loop: zmqx_loop_run; the handler does zmqx_recv (the normal use:
 * the socket is in a loop, so the call leaves the inline fast path and the
 * loop sees it) and sends the next message, or stops the loop */
static int loop_on_msg(zmqx_loop_t *loop, zmqx_socket_t *s, int events, void *arg)
{
    env_t *e = arg;
    (void) events;
    if (BENCH_UNLIKELY(zmqx_recv(s, rbuf(e), BUF_SIZE / 2, ZMQX_DONTWAIT) != (int) e->size))
        return handler_fail(e, "zmqx_recv");
    if (++e->done == e->n)
        return zmqx_loop_stop(loop);
    return send_next(e);
}

static int loop_on_idle(zmqx_loop_t *loop, zmqx_socket_t *s, int events, void *arg)
{
    (void) loop, (void) s, (void) events;
    return handler_fail(arg, "an idle socket is ready");
}

static int add_loop(env_t *e)
{
    if ((e->loop = zmqx_loop_new()) == NULL)
        return fail("zmqx_loop_new");
    for (int i = 0; i < e->idle; i++)
        if (zmqx_loop_add(e->loop, e->idles[i], ZMQX_POLLIN, loop_on_idle, e) != 0)
            return fail("zmqx_loop_add");
    if (zmqx_loop_add(e->loop, e->pull, ZMQX_POLLIN, loop_on_msg, e) != 0)
        return fail("zmqx_loop_add");
    return 0;
}

/* Run a loop that ends itself after n messages (its handlers count). */
static int run_counted(env_t *e, long n, int (*start)(env_t *e))
{
    e->n = n;
    e->done = 0;
    e->failed = 0;
    if (send_next(e) != 0)
        return -1;
    int rc = start(e);
    if (e->failed || e->done != n)
        return fail(rc != 0 ? "the loop failed" : "the loop ended early");
    return 0;
}

static int start_loop(env_t *e)
{
    return zmqx_loop_run(e->loop);
}

static int run_loop(env_t *e, long n)
{
    return run_counted(e, n, start_loop);
}

#ifdef BENCH_HAVE_CZMQ
/* czmq-zloop: zloop_start; the handler does zmq_recv on zsock_resolve
 * (CZMQ's own receives are measured in zmqx-paths) and sends the next
 * message, or returns -1, which ends zloop_start */
static int zloop_on_msg(zloop_t *loop, zsock_t *reader, void *arg)
{
    env_t *e = arg;
    (void) loop;
    if (BENCH_UNLIKELY(zmq_recv(zsock_resolve(reader), rbuf(e), BUF_SIZE / 2, ZMQ_DONTWAIT) != (int) e->size))
        return handler_fail(e, "zmq_recv");
    if (++e->done == e->n)
        return -1;
    return send_next(e);
}

static int zloop_on_idle(zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop, (void) reader;
    return handler_fail(arg, "an idle socket is ready");
}

static int add_zloop(env_t *e)
{
    if ((e->zloop = zloop_new()) == NULL)
        return fail("zloop_new");
    for (int i = 0; i < e->idle; i++)
        if (zloop_reader(e->zloop, e->idles[i], zloop_on_idle, e) != 0)
            return fail("zloop_reader");
    if (zloop_reader(e->zloop, e->pull, zloop_on_msg, e) != 0)
        return fail("zloop_reader");
    return 0;
}

static int start_zloop(env_t *e)
{
    zloop_start(e->zloop); /* -1: a handler ended it */
    return 0;
}

static int run_zloop(env_t *e, long n)
{
    return run_counted(e, n, start_zloop);
}
#endif

static const contender_t contenders[] = {
    { "libzmq-recv", &bench_family_libzmq, NULL, run_plain, 0,
      "zmq_send + zmq_recv, no loop (the floor; N = 0 only)" },
    { "libzmq-poll", &bench_family_libzmq, add_items, run_zmq_poll, 1,
      "zmq_poll(items, N + 1, -1), scan the items, zmq_recv(ZMQ_DONTWAIT) the ready one" },
    { "zmqx-poller", &bench_family_zmqx, add_poller, run_poller, 1,
      "zmqx_poller_wait(p, ev, 16, -1), zmqx_recv(ZMQX_DONTWAIT) each event's socket" },
    { "zmqx-loop", &bench_family_zmqx, add_loop, run_loop, 1,
      "zmqx_loop_run; the handler: zmqx_recv(ZMQX_DONTWAIT), send the next (or zmqx_loop_stop)" },
#ifdef BENCH_HAVE_CZMQ
    { "czmq-zloop", &bench_family_czmq, add_zloop, run_zloop, 1,
      "zloop_start, a zloop_reader each; the handler: zmq_recv(ZMQ_DONTWAIT), send the next (or -1)" },
#endif
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const contender_t *find_contender(const char *name)
{
    return bench_find_named(contenders, COUNT(contenders), sizeof contenders[0],
                            offsetof(contender_t, name), name);
}

/* ---- setup and teardown (outside the measured part) ---- */

static bench_transport_t transport = BENCH_INPROC;

/* The PULL bound, the PUSH connected, one message through; the idle
 * PULLs, each bound to an inproc endpoint of its own; registered. */
static int env_open(env_t *e, const contender_t *c, int idle, size_t size)
{
    const bench_family_t *f = c->family;
    char ep[256];
    memset(e, 0, sizeof *e);
    e->c = c;
    e->idle = idle;
    e->size = size;
    if ((e->buf = malloc(BUF_SIZE)) == NULL || (e->idles = calloc((size_t) idle + 1, sizeof *e->idles)) == NULL)
        return fail("malloc");
    memset(e->buf, 'x', BUF_SIZE);
    if ((e->pull = f->open(ZMQ_PULL)) == NULL || (e->push = f->open(ZMQ_PUSH)) == NULL)
        return -1;
    e->pull_h = f->handle(e->pull);
    e->push_h = f->handle(e->push);
    if (bench_bind(e->pull_h, transport, ep, sizeof ep) != 0 || zmq_connect(e->push_h, ep) != 0)
        return fail("bind/connect");
    if (zmq_send(e->push_h, "w", 1, 0) != 1 || zmq_recv(e->pull_h, rbuf(e), 1, 0) != 1)
        return fail("warm-up");
    for (int i = 0; i < idle; i++)
        if ((e->idles[i] = f->open(ZMQ_PULL)) == NULL ||
            bench_bind(f->handle(e->idles[i]), BENCH_INPROC, ep, sizeof ep) != 0)
            return fail("idle socket");
    return c->add != NULL ? c->add(e) : 0;
}

static void env_close(env_t *e)
{
    zmqx_loop_destroy(&e->loop);
    zmqx_poller_destroy(&e->poller);
#ifdef BENCH_HAVE_CZMQ
    zloop_destroy(&e->zloop);
#endif
    free(e->items);
    const bench_family_t *f = e->c->family;
    for (int i = 0; e->idles != NULL && i < e->idle; i++)
        if (e->idles[i] != NULL)
            f->close(e->idles[i]);
    if (e->push != NULL)
        f->close(e->push);
    if (e->pull != NULL)
        f->close(e->pull);
    free(e->idles);
    free(e->buf);
}

/* n messages through e, timed; the seconds (< 0: failed) and *allocs. */
static double env_run(env_t *e, long n, long *allocs)
{
    long before = bench_alloc_count();
    double t0 = bench_now();
    int rc = e->c->run(e, n);
    double secs = bench_now() - t0;
    *allocs = before < 0 ? -1 : bench_alloc_count() - before;
    return rc == 0 ? secs : -1;
}

static void report(const char *prefix, long n, double secs, long allocs)
{
    printf("%scalls=%ld ns_per_call=%.1f allocs_per_call=%.4f\n", prefix, n,
           secs * 1e9 / (double) n, allocs < 0 ? -1.0 : (double) allocs / (double) n);
}

/* ---- the two modes ---- */

typedef struct options {
    const char *contender, *contenders, *idles, *transport;
    long calls, rounds;
    size_t size;
    int idle, list, smoke, quiet;
} options_t;

/* One contender at one N: setup, warm-up, n messages, teardown. */
static int run_one(const options_t *o)
{
    const contender_t *c = find_contender(o->contender);
    if (c == NULL)
        return fprintf(stderr, "zmqx-loopbench: no contender %s (--list)\n", o->contender), -1;
    if (o->idle > 0 && !c->idle_ok)
        return fprintf(stderr, "zmqx-loopbench: %s has no loop: --idle 0 only\n", c->name), -1;
    env_t e;
    long allocs = 0;
    double secs = -1;
    if (env_open(&e, c, o->idle, o->size) == 0 && env_run(&e, WARMUP, &allocs) >= 0)
        secs = env_run(&e, o->calls, &allocs);
    env_close(&e);
    if (secs >= 0 && !o->quiet)
        report("", o->calls, secs, allocs);
    return secs >= 0 ? 0 : -1;
}

/* The comma-separated list s, copied into store (cap bytes), into names or
 * ints (at most max): the count, -1 if bad. */
static int split(const char *s, char *store, size_t cap, const char **names, int *ints, int max)
{
    if ((size_t) snprintf(store, cap, "%s", s) >= cap)
        return -1;
    char *save = NULL;
    int k = 0;
    for (char *t = strtok_r(store, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
        if (k == max)
            return -1;
        if (names != NULL)
            names[k] = t;
        else if ((ints[k] = atoi(t)) < 0 || ints[k] > MAX_IDLE)
            return -1;
        k++;
    }
    return k;
}

/* Every (contender, N) set up at once, then rounds of runs. */
static int run_rounds(const options_t *o)
{
    const char *names[16];
    char s1[512], s2[512];
    int idles[16], nn, ni;
    if ((nn = split(o->contenders, s1, sizeof s1, names, NULL, 16)) <= 0 ||
        (ni = split(o->idles, s2, sizeof s2, NULL, idles, 16)) <= 0)
        return fail("bad --contenders or --idle list");
    static env_t cells[MAX_CELLS];
    int k = 0, rc = 0;
    for (int i = 0; i < nn && rc == 0; i++) {
        const contender_t *c = find_contender(names[i]);
        if (c == NULL)
            return fprintf(stderr, "zmqx-loopbench: no contender %s\n", names[i]), -1;
        for (int j = 0; j < ni && rc == 0 && k < MAX_CELLS; j++) {
            long allocs;
            if (idles[j] > 0 && !c->idle_ok)
                continue;
            rc = env_open(&cells[k++], c, idles[j], o->size);
            if (rc == 0 && env_run(&cells[k - 1], WARMUP, &allocs) < 0)
                rc = -1;
        }
    }
    for (long r = 0; r < o->rounds && rc == 0; r++)
        for (int i = 0; i < k && rc == 0; i++) {
            int at = (int) ((i + r) % k); /* rotated, reversed every other round */
            env_t *e = &cells[r % 2 ? k - 1 - at : at];
            long allocs;
            double secs = env_run(e, o->calls, &allocs);
            char prefix[128];
            snprintf(prefix, sizeof prefix, "round=%ld contender=%s idle=%d ", r, e->c->name, e->idle);
            if (secs < 0)
                rc = -1;
            else if (!o->quiet)
                report(prefix, o->calls, secs, allocs);
        }
    for (int i = 0; i < k; i++)
        env_close(&cells[i]);
    return rc;
}

static const char *all_names(void)
{
    static char s[256];
    s[0] = '\0';
    for (size_t i = 0; i < COUNT(contenders); i++)
        snprintf(s + strlen(s), sizeof s - strlen(s), "%s%s", i ? "," : "", contenders[i].name);
    return s;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: zmqx-loopbench --contender C --idle N [--calls M] [--size S] [--transport T]\n"
            "       zmqx-loopbench --rounds R [--calls M] [--idle N,N..] [--contenders C,C..]\n"
            "                      [--size S] [--transport T]\n"
            "       zmqx-loopbench --list | --smoke\n"
            "  --contender C   one contender (--list), setup, %d messages of warm-up, M measured\n"
            "  --idle N        idle PULL sockets registered besides (0 to %d; default 0)\n"
            "  --calls M       messages (default 10000)\n"
            "  --size S        bytes per message (default 64)\n"
            "  --transport T   inproc (default) or tcp, for the PULL that gets the messages\n"
            "  --rounds R      every contender at every N at once, R rounds of M messages each\n"
            "  --contenders L  for --rounds (default: all)\n",
            WARMUP, MAX_IDLE);
}

/* Every contender, a few messages each, on inproc and tcp, with 0, 3 and
 * 1,100 idle sockets (beyond libzmq's default 1,023 sockets), then two
 * rounds. */
static int smoke(void)
{
    int rc = 0;
    bench_transport_t ts[] = { BENCH_INPROC, BENCH_TCP };
    int ns[] = { 0, 3, 1100 };
    for (size_t t = 0; t < COUNT(ts) && rc == 0; t++)
        for (size_t i = 0; i < COUNT(contenders) && rc == 0; i++)
            for (size_t j = 0; j < COUNT(ns) && rc == 0; j++) {
                if (ns[j] > 0 && !contenders[i].idle_ok)
                    continue;
                transport = ts[t];
                options_t o = { .contender = contenders[i].name, .calls = 200, .size = 64, .idle = ns[j] };
                printf("%-7s %-12s idle %-5d ", bench_transport_name(ts[t]), contenders[i].name, ns[j]);
                fflush(stdout);
                rc = run_one(&o);
            }
    options_t o = { .contenders = all_names(), .idles = "0,2", .calls = 50, .rounds = 2, .size = 64 };
    transport = BENCH_INPROC;
    if (rc == 0)
        rc = run_rounds(&o);
    puts(rc == 0 ? "smoke: every contender ran" : "smoke: FAILED");
    return rc;
}

/* The options: a flag (no value), or a value kept as text, a long or a size. */
typedef struct opt {
    const char *name;
    char kind; /* 'f' flag (int), 's' text, 'l' long >= 1, 'z' size_t 1 .. BUF_SIZE / 2 */
    size_t offset;
} opt_t;

#define OPT(name, kind, field) { name, kind, offsetof(options_t, field) }
static const opt_t opts[] = {
    OPT("--list", 'f', list), OPT("--smoke", 'f', smoke), OPT("--contender", 's', contender),
    OPT("--contenders", 's', contenders), OPT("--idle", 's', idles), OPT("--calls", 'l', calls),
    OPT("--rounds", 'l', rounds), OPT("--size", 'z', size), OPT("--transport", 's', transport),
};

/* Set opt from v (NULL for a flag): 0, or -1 if v is bad. */
static int set_opt(options_t *o, const opt_t *opt, const char *v)
{
    char *to = (char *) o + opt->offset;
    long x = v != NULL ? atol(v) : 0;
    switch (opt->kind) {
    case 'f': *(int *) (void *) to = 1; return 0;
    case 's': *(const char **) (void *) to = v; return 0;
    case 'l': *(long *) (void *) to = x; return x >= 1 ? 0 : -1;
    default: *(size_t *) (void *) to = (size_t) x; return x >= 1 && x <= BUF_SIZE / 2 ? 0 : -1;
    }
}

/* The options after the table; then what they depend on one another. */
static int parse_opts(options_t *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const opt_t *opt = NULL;
        for (size_t k = 0; k < COUNT(opts) && opt == NULL; k++)
            if (strcmp(argv[i], opts[k].name) == 0)
                opt = &opts[k];
        const char *v = opt != NULL && opt->kind != 'f' && i + 1 < argc ? argv[++i] : NULL;
        if (opt == NULL || (opt->kind != 'f' && v == NULL) || set_opt(o, opt, v) != 0)
            return fprintf(stderr, "zmqx-loopbench: bad option %s%s%s\n", argv[i], v ? " " : "",
                           v ? v : ""), -1;
    }
    o->idle = atoi(o->idles);
    if (o->idle < 0 || o->idle > MAX_IDLE)
        return fprintf(stderr, "zmqx-loopbench: --idle %s: 0 to %d\n", o->idles, MAX_IDLE), -1;
    if (strcmp(o->transport, "inproc") != 0 && strcmp(o->transport, "tcp") != 0)
        return fprintf(stderr, "zmqx-loopbench: --transport %s: inproc or tcp\n", o->transport), -1;
    transport = strcmp(o->transport, "tcp") == 0 ? BENCH_TCP : BENCH_INPROC;
    return 0;
}

static int parse(options_t *o, int argc, char **argv)
{
    *o = (options_t) { .calls = 10000, .size = 64, .contenders = all_names(), .idles = "0",
                       .transport = "inproc" };
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout), exit(0), 0;
    if (parse_opts(o, argc, argv) != 0)
        return usage(stderr), -1;
    if (!o->list && !o->smoke && o->contender == NULL && o->rounds == 0)
        return usage(stderr), -1;
    return 0;
}

/* 1,000 sockets and more need more descriptors than the usual 1,024. */
static void raise_nofile(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

/* --list: each contender and what it calls. */
static int list(void)
{
    for (size_t i = 0; i < COUNT(contenders); i++)
        printf("%s %s\n", contenders[i].name, contenders[i].what);
    return 0;
}

int main(int argc, char **argv)
{
    options_t o;
    int rc = parse(&o, argc, argv);
    if (rc != 0 || o.list)
        return rc != 0 ? 2 : list();
    bench_preload_malloc_count(argv);
    raise_nofile();
    alarm(1200); /* a hang ends the run (SIGALRM) */
    bench_max_sockets = MAX_SOCKETS;
    if (bench_runner_init() != 0)
        return 1;
    rc = o.smoke ? smoke() : o.rounds > 0 ? run_rounds(&o) : run_one(&o);
    bench_runner_term();
    return rc == 0 ? 0 : 1;
}
