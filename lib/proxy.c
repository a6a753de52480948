/* zmqx — proxy: zmq_proxy and zmq_proxy_steerable.
 *
 * The steerable proxy talks to run() over a private inproc PAIR pair:
 * `ctl` (the callers' end, one thread at a time under `lock`) and `ctl_run`
 * (run()'s end). libzmq 4.3.4 answers STATISTICS only (8 uint64 parts), so
 * pause and resume are confirmed by a STATISTICS round trip: commands are
 * handled in order, so the reply means the command was applied. A call
 * that gave up waiting leaves its STATISTICS queued; `stale` counts the
 * replies owed, and the next call discards that many before its own.
 * Only the four known commands are ever sent: libzmq 4.3.4 aborts on any
 * other. Both ends have unlimited high-water marks, so sends never block. */
#include "internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct zmqx_proxy {
    zmqx_socket_t *frontend, *backend, *capture;
    zmqx_socket_t *ctl;        /* callers' end of the control pair */
    zmqx_socket_t *ctl_run;    /* run()'s end */
    pthread_mutex_t lock;      /* one control call at a time; guards the fields below */
    int timeout_ms;            /* control timeout */
    unsigned stale;            /* STATISTICS replies owed to calls that gave up */
    pthread_mutex_t run_lock;  /* guards running */
    pthread_cond_t run_done;   /* signalled when run() returns */
    int running;
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

/* The result of zmq_proxy / zmq_proxy_steerable: TERMINATE and a context
 * shutdown (ETERM) are a normal end. */
static int proxy_result(int rc, int code, const char *op)
{
    if (rc == 0 || code == ETERM)
        return 0;
    if (code == EINTR)
        return zmqx__fail(op, NULL, code, "interrupted by a signal (call again to go on)");
    return zmqx__fail(op, NULL, code, "forwarding failed: %s", zmq_strerror(code));
}

int zmqx_proxy(zmqx_socket_t *frontend, zmqx_socket_t *backend, zmqx_socket_t *capture)
{
    if (check_sockets("proxy", frontend, backend, capture) != 0)
        return -1;
    take_over(frontend, backend, capture);
    int rc = zmq_proxy(frontend->handle, backend->handle, capture ? capture->handle : NULL);
    return proxy_result(rc, rc == 0 ? 0 : zmq_errno(), "proxy");
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
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return -1;
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&p->run_done, &attr);
    pthread_condattr_destroy(&attr);
    if (rc != 0)
        return -1;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->run_lock, NULL);
    return 0;
}

static void free_proxy(zmqx_proxy_t *p)
{
    zmqx_socket_destroy(&p->ctl);
    zmqx_socket_destroy(&p->ctl_run);
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->run_lock);
    pthread_cond_destroy(&p->run_done);
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
    if (p == NULL)
        return zmqx__fail("proxy_run", NULL, EINVAL, "proxy is NULL");
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
    int rc = zmq_proxy_steerable(p->frontend->handle, p->backend->handle,
                                 p->capture ? p->capture->handle : NULL, p->ctl_run->handle);
    rc = proxy_result(rc, rc == 0 ? 0 : zmq_errno(), "proxy_run");
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
    if (p == NULL)
        return zmqx__fail(op, NULL, EINVAL, "proxy is NULL");
    pthread_mutex_lock(&p->lock);
    int rc = zmqx__sock_open(p->ctl, op);
    int64_t deadline = zmqx__now_ms() + p->timeout_ms;
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
    if (p == NULL)
        return zmqx__fail("proxy_set_timeout", NULL, EINVAL, "proxy is NULL");
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
    struct timespec until = { (time_t) (deadline / 1000), (long) (deadline % 1000) * 1000000L };
    pthread_mutex_lock(&p->run_lock);
    while (p->running && pthread_cond_timedwait(&p->run_done, &p->run_lock, &until) == 0) {
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
    if (stop_run(p))
        free_proxy(p);
    errno = saved;
}
