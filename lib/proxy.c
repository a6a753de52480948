/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — proxy: zmqx's own forwarding loop, plain and steerable.
 *
 * The loop (forward, below) replaces libzmq's zmq_proxy and
 * zmq_proxy_steerable, which drop the message they are forwarding when a
 * send or the next part's receive is interrupted by a signal. As in
 * libzmq 4.3's proxy, the loop waits with zmq_poll and receives from a
 * side only when the other side shows ZMQ_POLLOUT (then forwards a burst
 * of what is there). Once a message's first part is in hand, every EINTR
 * is retried inside (zmqx__msg_send / zmqx__msg_recv keep the socket's
 * deadline across the retries), so a message is forwarded whole, or lost
 * only with a failure that ends the loop (a send timeout ...). An EINTR
 * while waiting, with nothing in hand, returns -1 with EINTR: calling
 * again goes on.
 *
 * The steerable proxy talks to run() over a private inproc PAIR pair:
 * `ctl` (the callers' end, one thread at a time under `lock`) and `ctl_run`
 * (run()'s end), with libzmq's protocol: PAUSE, RESUME, TERMINATE, and
 * STATISTICS answered with 8 uint64 parts. Only STATISTICS is answered, so
 * pause and resume are confirmed by a STATISTICS round trip: commands are
 * handled in order, so the reply means the command was applied. A call
 * that gave up waiting leaves its STATISTICS queued; `stale` counts the
 * replies owed, and the next call discards that many before its own.
 * Commands are never copied to the capture socket. Both ends have
 * unlimited high-water marks, so sends never block. */
#include "fail.h"
#include "sock.h"
#include "deadline.h"
#include "thread.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What one session of the loop keeps: libzmq's 8 counters, in its order
 * (frontend in, frontend out, backend in, backend out; messages, bytes),
 * and whether it is paused. */
typedef struct proxy_state {
    uint64_t stats[8];
    int paused;
} proxy_state_t;

enum { FRONT_IN = 0, FRONT_OUT = 2, BACK_IN = 4, BACK_OUT = 6 }; /* index in stats */

struct zmqx_proxy_s {
    zmqx_socket_t *frontend, *backend, *capture;
    zmqx_socket_t *ctl;        /* callers' end of the control pair */
    zmqx_socket_t *ctl_run;    /* run()'s end */
    pthread_mutex_t lock;      /* one control call at a time; guards the fields below */
    int timeout_ms;            /* control timeout */
    unsigned stale;            /* STATISTICS replies owed to calls that gave up */
    pthread_mutex_t run_lock;  /* guards running */
    pthread_cond_t run_done;   /* signalled when run() returns */
    int running;
    proxy_state_t state;       /* run()'s own: kept when run() returns -1 */
    zmqx__origin_t origin;     /* made before a fork()? */
    char endpoint[64];         /* inproc://zmqx-proxy-<ptr>-<n> */
};

static atomic_uint proxy_count;

/* Sockets are checked with zmqx__sock_open, not zmqx__sock_check: the
 * control sockets serve every thread, and the proxied sockets are taken
 * over by the thread that runs the proxy. */
/* frontend and backend open, capture NULL or open. */
static int check_sockets(const char *op, zmqx_socket_t *f, zmqx_socket_t *b, zmqx_socket_t *c)
{
    if (zmqx__sock_open(f, op) != 0 || zmqx__sock_open(b, op) != 0)
        return -1;
    return c != NULL ? zmqx__sock_open(c, op) : 0;
}

/* The sockets belong to the thread that runs the proxy from now on (what
 * zmqx_socket_handover does, for ZMQX_CTX_THREAD_CHECK). */
static void take_over(zmqx_socket_t *f, zmqx_socket_t *b, zmqx_socket_t *c)
{
    f->owner = b->owner = pthread_self();
    if (c != NULL)
        c->owner = f->owner;
}

/* ---- the forwarding loop ------------------------------------------------ */

enum { FRONT, BACK, CTL };

typedef struct loop {
    zmqx_socket_t *sock[3];    /* frontend, backend (NULL if the same), control (or NULL) */
    zmqx_socket_t *capture;
    proxy_state_t *state;
    int terminated;            /* TERMINATE came */
    const char *op;
} loop_t;

#define BURST 1000 /* messages one way before the loop looks at control again */

/* One part of a message in flight: send it (send = 1) or receive the next
 * one, retrying EINTR. zmqx__msg_send/recv keep the socket's deadline
 * across the retries, so the socket's timeout still bounds the whole. */
static int part_io(zmqx_socket_t *s, zmq_msg_t *part, int send, int flags, const char *op)
{
    int rc;
    do
        rc = send ? zmqx__msg_send(s, part, flags, op) : zmqx__msg_recv(s, part, flags, op);
    while (rc < 0 && errno == EINTR);
    return rc < 0 ? -1 : 0;
}

/* Send a copy of part to the capture socket, if any. */
static int capture(loop_t *l, zmq_msg_t *part, int flags)
{
    if (l->capture == NULL)
        return 0;
    zmq_msg_t copy;
    zmq_msg_init(&copy);
    int rc = zmq_msg_copy(&copy, part) == 0 ? part_io(l->capture, &copy, 1, flags, l->op)
                                            : zmqx__fail_zmq(l->op, zmqx__sock_ep(l->capture));
    zmq_msg_close(&copy);
    return rc;
}

/* After a failure in the middle of a message: discard the parts of it not
 * received yet, so that the source is left at a message boundary. The
 * error of the failure stays. */
static void discard_rest(zmqx_socket_t *from, zmq_msg_t *part)
{
    int code = errno;
    while (zmq_msg_more(part))
        if (zmq_msg_recv(part, from->handle, ZMQ_DONTWAIT) < 0 && zmq_errno() != EINTR)
            break;
    errno = code;
}

/* Move one whole message from -> to, copying each part to capture; count
 * it at stats[in] and stats[out] (messages, then bytes). 1 when one moved,
 * 0 when none was there, -1 when forwarding failed (the message is lost). */
static int forward_one(loop_t *l, zmqx_socket_t *from, zmqx_socket_t *to, int in, int out)
{
    zmq_msg_t part;
    zmq_msg_init(&part);
    if (zmq_msg_recv(&part, from->handle, ZMQ_DONTWAIT) < 0) { /* nothing in hand */
        int code = zmq_errno();
        int rc = code == EAGAIN || code == EINTR ? 0 : zmqx__io_failed(from, 0, 0, l->op);
        zmq_msg_close(&part);
        return rc;
    }
    uint64_t bytes = 0;
    for (;;) {
        int flags = zmq_msg_more(&part) ? ZMQX_MORE : 0;
        bytes += zmq_msg_size(&part);
        if (capture(l, &part, flags) != 0 || part_io(to, &part, 1, flags, l->op) != 0) {
            discard_rest(from, &part);
            zmq_msg_close(&part);
            return -1;
        }
        if (!flags)
            break;
        if (part_io(from, &part, 0, 0, l->op) != 0) {
            zmq_msg_close(&part);
            return -1;
        }
    }
    zmq_msg_close(&part);
    uint64_t *st = l->state->stats;
    st[in]++;
    st[in + 1] += bytes;
    st[out]++;
    st[out + 1] += bytes;
    return 1;
}

/* s's ZMQ_EVENTS into *events (no system call, unlike zmq_poll): 0, or
 * -1 with zmq_errno() (ETERM, EINTR). */
static int events_of(zmqx_socket_t *s, short *events)
{
    int ev = 0;
    size_t n = sizeof ev;
    if (zmq_getsockopt(s->handle, ZMQ_EVENTS, &ev, &n) != 0)
        return -1;
    *events = (short) ev;
    return 0;
}

/* Forward up to BURST messages from -> to, while there are some. As in
 * libzmq 4.3's proxy, `to` showed ZMQ_POLLOUT before the first: later
 * sends may wait in libzmq (then EINTR is retried, as in forward_one). */
static int forward_burst(loop_t *l, zmqx_socket_t *from, zmqx_socket_t *to, int in, int out)
{
    for (int i = 0; i < BURST; i++) {
        int rc = forward_one(l, from, to, in, out);
        if (rc <= 0)
            return rc;
    }
    return 0;
}

/* Answer STATISTICS with the 8 counters, one uint64 part each. */
static int send_stats(loop_t *l)
{
    for (int i = 0; i < 8; i++) {
        zmq_msg_t part;
        if (zmq_msg_init_size(&part, sizeof l->state->stats[i]) != 0)
            return zmqx__fail_zmq(l->op, NULL);
        memcpy(zmq_msg_data(&part), &l->state->stats[i], sizeof l->state->stats[i]);
        int rc = part_io(l->sock[CTL], &part, 1, i < 7 ? ZMQX_MORE : 0, l->op);
        zmq_msg_close(&part);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int is_command(zmq_msg_t *m, const char *name)
{
    size_t n = strlen(name);
    return zmq_msg_size(m) == n && memcmp(zmq_msg_data(m), name, n) == 0;
}

/* Handle one control command (libzmq's protocol; anything else is
 * ignored). Commands are not copied to the capture socket. */
static int handle_control(loop_t *l)
{
    zmq_msg_t cmd;
    zmq_msg_init(&cmd);
    if (zmqx__msg_recv(l->sock[CTL], &cmd, ZMQX_DONTWAIT, l->op) < 0) {
        zmq_msg_close(&cmd);
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    }
    int rc = 0;
    if (is_command(&cmd, "PAUSE"))
        l->state->paused = 1;
    else if (is_command(&cmd, "RESUME"))
        l->state->paused = 0;
    else if (is_command(&cmd, "TERMINATE"))
        l->terminated = 1;
    else if (is_command(&cmd, "STATISTICS"))
        rc = send_stats(l);
    discard_rest(l->sock[CTL], &cmd);
    zmq_msg_close(&cmd);
    return rc;
}

/* zmq_poll the sockets for want[i] (0: left out) until one shows it. */
static int wait_for(loop_t *l, const short want[3])
{
    zmq_pollitem_t items[3];
    int n = 0;
    for (int i = 0; i < 3; i++)
        if (l->sock[i] != NULL && want[i] != 0)
            items[n++] = (zmq_pollitem_t) { l->sock[i]->handle, 0, want[i], 0 };
    return zmq_poll(items, n, -1) < 0 ? -1 : 0;
}

/* A zmq_poll or ZMQ_EVENTS read failed: ETERM (the context was shut
 * down) ends the loop normally; EINTR came while nothing was in hand. */
static int wait_failed(loop_t *l)
{
    int code = zmq_errno();
    if (code == EINTR)
        return zmqx__fail(l->op, NULL, EINTR,
                          "interrupted by a signal while waiting (no message was in flight: "
                          "call again to go on)");
    return zmqx__fail(l->op, NULL, code, "%s",
                      code == ETERM ? "context was shut down" : zmq_strerror(code));
}

/* What each socket shows now (got[i] = 0 for a missing one). */
static int snapshot(loop_t *l, short got[3])
{
    for (int i = 0; i < 3; i++) {
        got[i] = 0;
        if (l->sock[i] != NULL && events_of(l->sock[i], &got[i]) != 0)
            return -1;
    }
    return 0;
}

/* One pass: handle a control command, or forward what can go each way.
 * 1 when something was done, 0 when the loop must wait for *want, -1. */
static int pass(loop_t *l, short want[3])
{
    short got[3];
    if (snapshot(l, got) != 0)
        return wait_failed(l);
    if (got[CTL] & ZMQ_POLLIN)
        return handle_control(l) == 0 ? 1 : -1;
    zmqx_socket_t *front = l->sock[FRONT], *back = l->sock[BACK] ? l->sock[BACK] : front;
    int same = l->sock[BACK] == NULL;
    int front_out = same || (got[FRONT] & ZMQ_POLLOUT), back_out = same || (got[BACK] & ZMQ_POLLOUT);
    want[CTL] = ZMQ_POLLIN;
    want[FRONT] = want[BACK] = 0;
    if (l->state->paused)
        return 0;
    int done = 0;
    if ((got[FRONT] & ZMQ_POLLIN) && back_out) {
        if (forward_burst(l, front, back, FRONT_IN, BACK_OUT) != 0)
            return -1;
        done = 1;
    }
    if ((got[BACK] & ZMQ_POLLIN) && front_out) {
        if (forward_burst(l, back, front, BACK_IN, FRONT_OUT) != 0)
            return -1;
        done = 1;
    }
    /* Nothing to do: wait for input on a side whose other side can take
     * it, or for room on a side that has none. */
    want[FRONT] = (short) ((back_out ? ZMQ_POLLIN : 0) | (front_out ? 0 : ZMQ_POLLOUT));
    want[BACK] = (short) ((front_out ? ZMQ_POLLIN : 0) | (back_out ? 0 : ZMQ_POLLOUT));
    return done;
}

/* Run the loop until TERMINATE or a context shutdown (0) or a failure
 * (-1, error filled; EINTR only while nothing was in flight). */
static int forward(loop_t *l)
{
    short want[3] = { 0, 0, 0 };
    while (!l->terminated) {
        int rc = pass(l, want);
        if (rc < 0)
            return errno == ETERM ? 0 : -1;
        if (rc == 0 && wait_for(l, want) != 0) {
            wait_failed(l);
            return errno == ETERM ? 0 : -1;
        }
    }
    return 0;
}

/* Set up a loop over the sockets (control may be NULL). */
static loop_t loop_of(zmqx_socket_t *f, zmqx_socket_t *b, zmqx_socket_t *c,
                      zmqx_socket_t *control, proxy_state_t *state, const char *op)
{
    return (loop_t) { { f, b == f ? NULL : b, control }, c, state, 0, op };
}

int zmqx_proxy(zmqx_socket_t *frontend, zmqx_socket_t *backend, zmqx_socket_t *capture)
{
    if (check_sockets("proxy", frontend, backend, capture) != 0)
        return -1;
    take_over(frontend, backend, capture);
    proxy_state_t state = { { 0 }, 0 };
    loop_t l = loop_of(frontend, backend, capture, NULL, &state, "proxy");
    return forward(&l);
}

/* ---- the steerable proxy: creation -------------------------------------- */

static zmqx_socket_t *control_end(zmqx_ctx_t *ctx, const char *endpoint)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    if (s == NULL)
        return NULL;
    if (zmqx_socket_set_int(s, ZMQ_SNDHWM, 0) != 0 || zmqx_socket_set_int(s, ZMQ_RCVHWM, 0) != 0
        || zmqx_socket_set_int(s, ZMQ_LINGER, 0) != 0 || zmqx_socket_attach(s, endpoint) < 0) {
        int code = errno;
        zmqx_socket_destroy(&s);
        errno = code;
        return NULL;
    }
    return s;
}

static int init_sync(zmqx_proxy_t *p)
{
    if (zmqx__cond_init(&p->run_done) != 0)
        return -1;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->run_lock, NULL);
    return 0;
}

static void free_proxy(zmqx_proxy_t *p)
{
    zmqx_socket_destroy(&p->ctl);
    zmqx_socket_destroy(&p->ctl_run);
    /* In a forked child the locks are left as the fork found them: a
     * thread of the parent may have held one or waited on run_done, and
     * destroying run_done would then wait for that thread for ever. They
     * hold nothing but the memory freed here. */
    if (!zmqx__forked(&p->origin)) {
        pthread_mutex_destroy(&p->lock);
        pthread_mutex_destroy(&p->run_lock);
        pthread_cond_destroy(&p->run_done);
    }
    free(p);
}

zmqx_proxy_t *zmqx_proxy_new(zmqx_socket_t *frontend, zmqx_socket_t *backend,
                             zmqx_socket_t *capture)
{
    if (check_sockets("proxy_new", frontend, backend, capture) != 0)
        return NULL;
    zmqx_proxy_t *p = calloc(1, sizeof *p);
    if (p == NULL || init_sync(p) != 0) {
        free(p);
        return zmqx__fail_null("proxy_new", NULL, ENOMEM, NULL);
    }
    p->frontend = frontend;
    p->backend = backend;
    p->capture = capture;
    p->timeout_ms = ZMQX_PROXY_TIMEOUT_MS;
    zmqx__origin_init(&p->origin);
    char ep[sizeof p->endpoint + 1];
    snprintf(p->endpoint, sizeof p->endpoint, "inproc://zmqx-proxy-%p-%u", (void *) p,
             atomic_fetch_add(&proxy_count, 1));
    snprintf(ep, sizeof ep, "@%s", p->endpoint);
    p->ctl_run = control_end(frontend->ctx, ep);
    ep[0] = '>';
    p->ctl = p->ctl_run ? control_end(frontend->ctx, ep) : NULL;
    if (p->ctl == NULL) {
        int code = errno;
        free_proxy(p);
        errno = code;
        return NULL;
    }
    return p;
}

/* 0 if p is usable for op: not NULL (EINVAL), not made before a fork()
 * (ESTALE: its locks may be held by a thread of the parent). */
static int check_proxy(const zmqx_proxy_t *p, const char *op)
{
    if (p == NULL)
        return zmqx__fail(op, NULL, EINVAL, "proxy is NULL");
    return zmqx__origin_check(&p->origin, op, "proxy");
}

/* ---- running ------------------------------------------------------------ */

static void set_running(zmqx_proxy_t *p, int running)
{
    pthread_mutex_lock(&p->run_lock);
    p->running = running;
    if (!running)
        pthread_cond_broadcast(&p->run_done);
    pthread_mutex_unlock(&p->run_lock);
}

int zmqx_proxy_run(zmqx_proxy_t *p)
{
    if (check_proxy(p, "proxy_run") != 0)
        return -1;
    if (check_sockets("proxy_run", p->frontend, p->backend, p->capture) != 0
        || zmqx__sock_open(p->ctl_run, "proxy_run") != 0)
        return -1;
    pthread_mutex_lock(&p->run_lock);
    int busy = p->running;
    p->running = 1;
    pthread_mutex_unlock(&p->run_lock);
    if (busy)
        return zmqx__fail("proxy_run", NULL, EBUSY, "the proxy is already running");
    take_over(p->frontend, p->backend, p->capture);
    loop_t l = loop_of(p->frontend, p->backend, p->capture, p->ctl_run, &p->state, "proxy_run");
    int rc = forward(&l);
    if (rc == 0) /* ended: the next run starts afresh; after -1 it goes on */
        p->state = (proxy_state_t) { { 0 }, 0 };
    int code = errno;
    set_running(p, 0); /* p may be freed from here on */
    errno = code;
    return rc;
}

/* ---- control calls (under p->lock) -------------------------------------- */

/* Wait until the control socket has room (ZMQ_POLLOUT) or a reply
 * (ZMQ_POLLIN), until deadline. */
static int ctl_wait(zmqx_proxy_t *p, short events, int64_t deadline, const char *op)
{
    zmq_pollitem_t item = { p->ctl->handle, 0, events, 0 };
    for (;;) {
        int64_t left = deadline - zmqx__now_ms();
        int rc = zmq_poll(&item, 1, left > 0 ? (long) left : 0);
        if (rc > 0)
            return 0;
        if (rc < 0) {
            if (zmq_errno() == ETERM)
                return zmqx__fail(op, p->endpoint, ETERM, "context was shut down");
            if (zmq_errno() == EINTR) {
                zmqx__deadline_interrupted(p, ZMQX__WAIT_CONTROL, p->timeout_ms, deadline);
                return zmqx__fail(op, p->endpoint, EINTR,
                                  "interrupted by a signal (a retry keeps the deadline)");
            }
            return zmqx__fail_zmq(op, p->endpoint);
        }
        if (left <= 0)
            return zmqx__fail_timeout(op, p->endpoint, p->timeout_ms);
    }
}

static int send_command(zmqx_proxy_t *p, const char *command, int64_t deadline, const char *op)
{
    size_t n = strlen(command);
    while (zmq_send(p->ctl->handle, command, n, ZMQ_DONTWAIT) < 0) {
        if (zmq_errno() == EINTR)
            continue; /* it did not wait: try again */
        if (zmq_errno() != EAGAIN)
            return zmqx__fail_zmq(op, p->endpoint);
        if (ctl_wait(p, ZMQ_POLLOUT, deadline, op) != 0)
            return -1;
    }
    return 0;
}

/* Read one STATISTICS reply (waiting: ctl_wait said it is there). */
static int read_reply(zmqx_proxy_t *p, uint64_t vals[8], const char *op)
{
    int parts = 0, well_formed = 1, more = 1;
    zmq_msg_t part;
    zmq_msg_init(&part);
    while (more) {
        if (zmq_msg_recv(&part, p->ctl->handle, ZMQ_DONTWAIT) < 0) {
            if (zmq_errno() == EINTR)
                continue; /* the reply is here whole: never split it */
            zmq_msg_close(&part);
            return zmqx__fail_zmq(op, p->endpoint);
        }
        more = zmq_msg_more(&part);
        if (parts < 8 && zmq_msg_size(&part) == sizeof vals[0])
            memcpy(&vals[parts], zmq_msg_data(&part), sizeof vals[0]);
        else
            well_formed = 0;
        parts++;
    }
    zmq_msg_close(&part);
    if (!well_formed || parts != 8)
        return zmqx__fail(op, p->endpoint, EPROTO,
                          "malformed STATISTICS reply (%d parts, expected 8 of 8 bytes)", parts);
    return 0;
}

/* Ask for STATISTICS and wait for this call's reply, skipping stale ones. */
static int statistics(zmqx_proxy_t *p, uint64_t vals[8], int64_t deadline, const char *op)
{
    if (send_command(p, "STATISTICS", deadline, op) != 0)
        return -1;
    for (;;) {
        if (ctl_wait(p, ZMQ_POLLIN, deadline, op) != 0) {
            p->stale++; /* the reply will come later, or never */
            return -1;
        }
        if (read_reply(p, vals, op) != 0)
            return -1;
        if (p->stale == 0)
            return 0;
        p->stale--;
    }
}

/* Send command (NULL: none), then confirm with STATISTICS if vals != NULL. */
static int control(zmqx_proxy_t *p, const char *command, uint64_t *vals, const char *op)
{
    if (check_proxy(p, op) != 0)
        return -1;
    pthread_mutex_lock(&p->lock);
    int rc = zmqx__sock_open(p->ctl, op);
    /* a retry after EINTR keeps the interrupted call's deadline */
    int64_t deadline = zmqx__deadline_start(p, ZMQX__WAIT_CONTROL, p->timeout_ms);
    if (rc == 0 && command != NULL)
        rc = send_command(p, command, deadline, op);
    if (rc == 0 && vals != NULL)
        rc = statistics(p, vals, deadline, op);
    int code = errno;
    pthread_mutex_unlock(&p->lock);
    errno = code;
    return rc;
}

int zmqx_proxy_pause(zmqx_proxy_t *p)
{
    uint64_t vals[8];
    return control(p, "PAUSE", vals, "proxy_pause");
}

int zmqx_proxy_resume(zmqx_proxy_t *p)
{
    uint64_t vals[8];
    return control(p, "RESUME", vals, "proxy_resume");
}

int zmqx_proxy_terminate(zmqx_proxy_t *p)
{
    return control(p, "TERMINATE", NULL, "proxy_terminate");
}

int zmqx_proxy_stats(zmqx_proxy_t *p, zmqx_proxy_stats_t *stats)
{
    if (p != NULL && stats == NULL)
        return zmqx__fail("proxy_stats", NULL, EFAULT, "stats is NULL");
    uint64_t v[8];
    if (control(p, NULL, v, "proxy_stats") != 0)
        return -1;
    *stats = (zmqx_proxy_stats_t) { v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] };
    return 0;
}

int zmqx_proxy_set_timeout(zmqx_proxy_t *p, int ms)
{
    if (check_proxy(p, "proxy_set_timeout") != 0)
        return -1;
    if (ms < 0)
        return zmqx__fail("proxy_set_timeout", NULL, EINVAL,
                          "timeout %d ms out of range (>= 0; control calls are always bounded)",
                          ms);
    pthread_mutex_lock(&p->lock);
    p->timeout_ms = ms;
    pthread_mutex_unlock(&p->lock);
    return 0;
}

/* ---- destroy ------------------------------------------------------------ */

/* If run() is going, terminate it and wait up to the control timeout.
 * 1 when it is not running (any more). */
static int stop_run(zmqx_proxy_t *p)
{
    pthread_mutex_lock(&p->run_lock);
    int running = p->running;
    pthread_mutex_unlock(&p->run_lock);
    if (!running)
        return 1;
    pthread_mutex_lock(&p->lock);
    if (p->ctl->handle != NULL)
        zmq_send(p->ctl->handle, "TERMINATE", 9, ZMQ_DONTWAIT);
    int64_t deadline = zmqx__now_ms() + p->timeout_ms;
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_lock(&p->run_lock);
    while (p->running && zmqx__cond_wait_until(&p->run_done, &p->run_lock, deadline) == 0) {
    }
    running = p->running;
    pthread_mutex_unlock(&p->run_lock);
    return !running;
}

void zmqx_proxy_destroy(zmqx_proxy_t **pp)
{
    if (pp == NULL || *pp == NULL)
        return;
    zmqx_proxy_t *p = *pp;
    *pp = NULL;
    int saved = errno;
    /* In a forked child run() is not going (its thread is the parent's),
     * and the control pair is the parent's libzmq state: only free. */
    if (zmqx__forked(&p->origin) || stop_run(p))
        free_proxy(p);
    errno = saved;
}
