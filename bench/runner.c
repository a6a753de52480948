/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — sockets, threads and timing around the styles' loops.
 *
 * Every case has a warm-up exchange (raw libzmq calls on the sockets'
 * handles, the same for every contender) so the connection is up before
 * the clock starts, and a barrier so both sides start together. Sockets
 * are closed by the main thread only after the receiving side has counted
 * every message: libzmq 4.3.4 can drop the tail of a backed-up stream when
 * a PUSH socket closes, whatever its linger (libzmq#1922, #4660). */
#include "runner.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

/* payload: BENCH_MAX_SIZE bytes of 'x' and a NUL; one receive buffer per
 * thread that receives (the main thread and each subscriber). */
static char *payload;
static char *scratch[BENCH_SUBSCRIBERS + 1];
static char ipc_dir[64];
static unsigned long endpoint_seq;

const char *bench_pattern_name(bench_pattern_t p)
{
    static const char *const names[] = { "thr", "lat", "fanout" };
    return names[p];
}

const char *bench_transport_name(bench_transport_t t)
{
    static const char *const names[] = { "inproc", "ipc", "tcp" };
    return names[t];
}

static const bench_family_t *family_at(size_t i)
{
    /* the distinct families, in style order */
    const bench_family_t *seen[8];
    size_t nseen = 0;
    for (size_t s = 0; bench_styles[s] != NULL; s++) {
        const bench_family_t *f = bench_styles[s]->family;
        size_t k = 0;
        while (k < nseen && seen[k] != f)
            k++;
        if (k == nseen) {
            if (nseen == i)
                return f;
            seen[nseen++] = f;
        }
    }
    return NULL;
}

int bench_max_sockets;

int bench_runner_init(void)
{
    payload = malloc(BENCH_MAX_SIZE + 1);
    for (size_t i = 0; i <= BENCH_SUBSCRIBERS; i++)
        if ((scratch[i] = malloc(BENCH_MAX_SIZE)) == NULL)
            return bench_fail("bench", "malloc");
    if (payload == NULL)
        return bench_fail("bench", "malloc");
    payload[BENCH_MAX_SIZE] = '\0';
    for (size_t i = 0; family_at(i) != NULL; i++)
        if (family_at(i)->init() != 0)
            return -1;
    return 0;
}

void bench_runner_term(void)
{
    for (size_t i = 0; family_at(i) != NULL; i++)
        family_at(i)->term();
    if (ipc_dir[0] != '\0')
        rmdir(ipc_dir);
    free(payload);
    for (size_t i = 0; i <= BENCH_SUBSCRIBERS; i++)
        free(scratch[i]);
}

/* ---- endpoints and sockets ---- */

/* A fresh endpoint for transport t (tcp: a random port, resolved at bind). */
static int make_endpoint(bench_transport_t t, char *out, size_t cap)
{
    endpoint_seq++;
    if (t == BENCH_INPROC) {
        snprintf(out, cap, "inproc://bench-%lu", endpoint_seq);
    } else if (t == BENCH_IPC) {
        if (ipc_dir[0] == '\0') {
            const char *tmp = getenv("TMPDIR");
            snprintf(ipc_dir, sizeof ipc_dir, "%s/zmqx-bench-XXXXXX",
                     tmp != NULL && strlen(tmp) < 32 ? tmp : "/tmp");
            if (mkdtemp(ipc_dir) == NULL) {
                ipc_dir[0] = '\0';
                return bench_fail("bench", "mkdtemp");
            }
        }
        snprintf(out, cap, "ipc://%s/%lu", ipc_dir, endpoint_seq);
    } else {
        snprintf(out, cap, "tcp://127.0.0.1:*");
    }
    return 0;
}

/* A socket of the style's family with an int option set (option 0: none). */
static void *open_socket(const bench_style_t *style, int type, int option, int value)
{
    void *s = style->family->open(type);
    if (s != NULL && option != 0 &&
        zmq_setsockopt(style->family->handle(s), option, &value, sizeof value) != 0) {
        bench_fail(style->name, "zmq_setsockopt");
        style->family->close(s);
        return NULL;
    }
    return s;
}

const void *bench_find_named(const void *table, size_t count, size_t size, size_t name_at,
                             const char *name)
{
    for (size_t i = 0; i < count; i++) {
        const char *el = (const char *) table + i * size;
        if (strcmp(*(const char *const *) (const void *) (el + name_at), name) == 0)
            return el;
    }
    return NULL;
}

int bench_bind(void *handle, bench_transport_t t, char *ep, size_t cap)
{
    size_t len = cap;
    if (make_endpoint(t, ep, cap) != 0 || zmq_bind(handle, ep) != 0 ||
        zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, ep, &len) != 0)
        return -1;
    return 0;
}

/* Bind s to a fresh endpoint of transport t; ep gets it resolved. */
static int bind_socket(const bench_style_t *style, void *s, bench_transport_t t, char *ep,
                       size_t cap)
{
    if (bench_bind(style->family->handle(s), t, ep, cap) != 0)
        return bench_fail(style->name, "zmq_bind");
    return 0;
}

static int connect_socket(const bench_style_t *style, void *s, const char *ep)
{
    if (zmq_connect(style->family->handle(s), ep) != 0)
        return bench_fail(style->name, "zmq_connect");
    return 0;
}

/* A raw one-byte message: the warm-up, outside the measured part. */
static int raw_send(const bench_style_t *style, void *s, char c)
{
    if (zmq_send(style->family->handle(s), &c, 1, 0) != 1)
        return bench_fail(style->name, "warm-up send");
    return 0;
}

static int raw_recv(const bench_style_t *style, void *s, char *c)
{
    if (zmq_recv(style->family->handle(s), c, 1, 0) != 1)
        return bench_fail(style->name, "warm-up recv");
    return 0;
}

/* ---- the peer thread of a case ---- */

typedef struct peer {
    const bench_style_t *style;
    bench_io_t io;
    void *state;
    pthread_t thread;
    pthread_barrier_t *start;
    atomic_int *ready; /* fan-out: subscribers that saw the publisher */
    int rc;
} peer_t;

/* PUSH side of a throughput case. */
static void *pusher_main(void *arg)
{
    peer_t *p = arg;
    p->rc = raw_send(p->style, p->io.sock, 'w');
    pthread_barrier_wait(p->start);
    if (p->rc == 0)
        p->rc = p->style->push(p->state, &p->io);
    return NULL;
}

/* REP side of a latency case. */
static void *echo_main(void *arg)
{
    peer_t *p = arg;
    char c = 0;
    p->rc = raw_recv(p->style, p->io.sock, &c);
    if (p->rc == 0)
        p->rc = raw_send(p->style, p->io.sock, c);
    pthread_barrier_wait(p->start);
    if (p->rc == 0)
        p->rc = p->style->echo(p->state, &p->io);
    return NULL;
}

/* SUB side of the fan-out case: wait for the publisher's 'w' messages
 * (the subscription has arrived), count in, skip to its 'm' marker. */
static void *subscriber_main(void *arg)
{
    peer_t *p = arg;
    char c = 0;
    int counted = 0;
    while ((p->rc = raw_recv(p->style, p->io.sock, &c)) == 0 && c != 'm')
        if (!counted) {
            counted = 1;
            atomic_fetch_add(p->ready, 1);
        }
    pthread_barrier_wait(p->start);
    if (p->rc == 0)
        p->rc = p->style->pull(p->state, &p->io);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Everything a case has open: the main side and its peers. */
typedef struct run {
    const bench_style_t *style;
    const bench_case_t *c;
    void *sock;  /* the main thread's socket */
    void *state; /* the main thread's style state */
    peer_t peers[BENCH_SUBSCRIBERS];
    int npeers;
    pthread_barrier_t start;
    atomic_int ready;
} run_t;

static void run_close(run_t *r)
{
    for (int i = 0; i < r->npeers; i++) {
        if (r->peers[i].io.sock != NULL)
            r->style->family->close(r->peers[i].io.sock);
        r->style->state_free(r->peers[i].state);
    }
    if (r->sock != NULL)
        r->style->family->close(r->sock);
    r->style->state_free(r->state);
}

/* Open the main socket (bound) and npeers peer sockets connected to it. */
static int run_open(run_t *r, int main_type, int peer_type, int npeers)
{
    memset(payload, 'x', BENCH_MAX_SIZE);
    payload[r->c->size] = '\0'; /* the string styles send strlen(payload) */
    const bench_style_t *st = r->style;
    int fanout = r->c->pattern == BENCH_FANOUT;
    char ep[256];
    r->npeers = npeers;
    r->sock = open_socket(st, main_type, fanout ? ZMQ_SNDHWM : 0, 0);
    if (r->sock == NULL || bind_socket(st, r->sock, r->c->transport, ep, sizeof ep) != 0)
        return -1;
    if ((r->state = st->state_new()) == NULL)
        return bench_fail(st->name, "state");
    for (int i = 0; i < npeers; i++) {
        peer_t *p = &r->peers[i];
        p->style = st;
        p->start = &r->start;
        p->ready = &r->ready;
        p->io = (bench_io_t) { NULL, r->c->n, r->c->size, payload, scratch[i + 1] };
        p->io.sock = open_socket(st, peer_type, fanout ? ZMQ_RCVHWM : 0, 0);
        if (p->io.sock == NULL)
            return -1;
        if (fanout && zmq_setsockopt(st->family->handle(p->io.sock), ZMQ_SUBSCRIBE, "", 0) != 0)
            return bench_fail(st->name, "ZMQ_SUBSCRIBE");
        if (connect_socket(st, p->io.sock, ep) != 0)
            return -1;
        if ((p->state = st->state_new()) == NULL)
            return bench_fail(st->name, "state");
    }
    return 0;
}

bench_pin_t bench_pin = BENCH_PIN_NONE;

/* Pin thread t (the main thread: cpu 0, peers: 1, 2 ...) as bench_pin says:
 * each to a CPU of its own (modulo the CPUs there are), or all to CPU 0. */
static void pin(pthread_t t, int cpu)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (bench_pin == BENCH_PIN_NONE || ncpu < 2)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(bench_pin == BENCH_PIN_SPLIT ? cpu % ncpu : 0, &set);
    pthread_setaffinity_np(t, sizeof set, &set);
}

static int start_peers(run_t *r, void *(*fn)(void *))
{
    pthread_barrier_init(&r->start, NULL, (unsigned) r->npeers + 1);
    pin(pthread_self(), 0);
    for (int i = 0; i < r->npeers; i++) {
        if (pthread_create(&r->peers[i].thread, NULL, fn, &r->peers[i]) != 0)
            return bench_fail(r->style->name, "pthread_create");
        pin(r->peers[i].thread, i + 1);
    }
    return 0;
}

static int join_peers(run_t *r)
{
    int rc = 0;
    for (int i = 0; i < r->npeers; i++) {
        pthread_join(r->peers[i].thread, NULL);
        rc |= r->peers[i].rc;
    }
    if (bench_pin != BENCH_PIN_NONE) { /* the main thread may go anywhere again */
        cpu_set_t all;
        CPU_ZERO(&all);
        for (long c = 0; c < sysconf(_SC_NPROCESSORS_ONLN) && c < CPU_SETSIZE; c++)
            CPU_SET(c, &all);
        pthread_setaffinity_np(pthread_self(), sizeof all, &all);
    }
    pthread_barrier_destroy(&r->start);
    return rc;
}

/* The main thread's part of each pattern: warm-up, then the measured loop
 * between *t0 and *t1. */
static int main_side(run_t *r, double *t0, double *t1)
{
    const bench_style_t *st = r->style;
    bench_io_t io = { r->sock, r->c->n, r->c->size, payload, scratch[0] };
    char c = 0;
    int rc = 0;
    switch (r->c->pattern) {
    case BENCH_THR:
        rc = raw_recv(st, r->sock, &c);
        pthread_barrier_wait(&r->start);
        *t0 = bench_now();
        if (rc == 0)
            rc = st->pull(r->state, &io);
        *t1 = bench_now();
        return rc;
    case BENCH_LAT:
        rc = raw_send(st, r->sock, 'w');
        if (rc == 0)
            rc = raw_recv(st, r->sock, &c);
        pthread_barrier_wait(&r->start);
        *t0 = bench_now();
        if (rc == 0)
            rc = st->req(r->state, &io);
        *t1 = bench_now();
        return rc;
    case BENCH_FANOUT:
        while (rc == 0 && atomic_load(&r->ready) < r->npeers) {
            rc = raw_send(st, r->sock, 'w');
            sleep_ms(1);
        }
        if (rc == 0)
            rc = raw_send(st, r->sock, 'm');
        pthread_barrier_wait(&r->start);
        *t0 = bench_now();
        if (rc == 0)
            rc = st->push(r->state, &io);
        return rc; /* *t1: when every subscriber is done (bench_run) */
    }
    return -1;
}

double bench_run(const bench_style_t *style, const bench_case_t *c)
{
    static const struct {
        int main_type, peer_type, npeers;
        void *(*fn)(void *);
    } shape[] = {
        [BENCH_THR] = { ZMQ_PULL, ZMQ_PUSH, 1, pusher_main },
        [BENCH_LAT] = { ZMQ_REQ, ZMQ_REP, 1, echo_main },
        [BENCH_FANOUT] = { ZMQ_PUB, ZMQ_SUB, BENCH_SUBSCRIBERS, subscriber_main },
    };
    run_t r;
    memset(&r, 0, sizeof r);
    r.style = style;
    r.c = c;
    atomic_init(&r.ready, 0);
    double t0 = 0, t1 = 0;
    int rc = -1;
    if (run_open(&r, shape[c->pattern].main_type, shape[c->pattern].peer_type,
                 shape[c->pattern].npeers) == 0 &&
        start_peers(&r, shape[c->pattern].fn) == 0) {
        rc = main_side(&r, &t0, &t1);
        rc |= join_peers(&r);
        if (c->pattern == BENCH_FANOUT)
            t1 = bench_now();
    }
    run_close(&r);
    return rc == 0 ? t1 - t0 : -1;
}

/* ---- single-thread batches (instruction and allocation counts) ---- */

typedef size_t (*count_fn)(void);

int bench_batch(const bench_style_t *style, bench_transport_t t, size_t size, long n,
                long batch, long *allocs)
{
    bench_case_t c = { BENCH_THR, t, size, n };
    run_t r;
    memset(&r, 0, sizeof r);
    r.style = style;
    r.c = &c;
    count_fn total = NULL;
    *(void **) &total = dlsym(RTLD_DEFAULT, "mc_total_count");
    int rc = run_open(&r, ZMQ_PULL, ZMQ_PUSH, 1);
    char w = 0;
    if (rc == 0)
        rc = raw_send(style, r.peers[0].io.sock, 'w');
    if (rc == 0)
        rc = raw_recv(style, r.sock, &w);
    bench_io_t in = { r.sock, batch, size, payload, scratch[0] };
    bench_io_t out = r.peers[0].io;
    out.n = batch;
    size_t before = 0;
    for (long done = -batch; rc == 0 && done < n; done += in.n) {
        if (done == 0 && total != NULL)
            before = total();
        in.n = out.n = done < 0 ? batch : (n - done < batch ? n - done : batch);
        rc = style->push(r.peers[0].state, &out);
        if (rc == 0)
            rc = style->pull(r.state, &in);
    }
    if (allocs != NULL)
        *allocs = total != NULL ? (long) (total() - before) : -1;
    run_close(&r);
    return rc;
}

/* ---- malloc_count ---- */

void bench_preload_malloc_count(char **argv)
{
    if (dlsym(RTLD_DEFAULT, "mc_total_count") != NULL)
        return;
#ifdef BENCH_MALLOC_COUNT
    if (getenv("ZMQX_BENCH_PRELOADED") == NULL) {
        const char *old = getenv("LD_PRELOAD");
        char buf[4096];
        snprintf(buf, sizeof buf, "%s%s%s", BENCH_MALLOC_COUNT, old ? ":" : "", old ? old : "");
        setenv("LD_PRELOAD", buf, 1);
        setenv("ZMQX_BENCH_PRELOADED", "1", 1);
        execv("/proc/self/exe", argv);
    }
#else
    (void) argv;
#endif
}

long bench_alloc_count(void)
{
    count_fn total = NULL;
    *(void **) &total = dlsym(RTLD_DEFAULT, "mc_total_count");
    return total != NULL ? (long) total() : -1;
}
