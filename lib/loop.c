/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — loop: a reactor over sockets, fds and timers.
 *
 * The backend (epoll, or poll(2)) watches every socket's ZMQ_FD and every
 * plain fd, level-triggered. Sockets follow the readiness rule (ready.h):
 * a socket whose record is dirty sits on the queue, and each pass reads
 * ZMQ_EVENTS for the queued sockets only, so an idle socket costs nothing
 * per pass. A pass with queued sockets does not block (its wait is 0).
 *
 * Removal inside a handler: an item leaves its queue and the loop's list
 * at once and waits in the graveyard until the pass ends (the pass's
 * backend events may still point at it; they see `removed`). */
#include "backend.h"
#include "deadline.h"
#include "fail.h"
#include "ready.h"
#include "sock.h"
#include "wake.h"

#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#define MAX_INTERVAL_MS (1LL << 40) /* 34 years: grid arithmetic stays in range */
#define MAX_EVENTS 64

enum { KIND_SOCKET, KIND_FD, KIND_WAKE };

typedef struct item item_t;
typedef struct queue {
    item_t *head, *tail;
} queue_t;

struct item {
    int kind;
    int fd;
    int events;                 /* asked for */
    int removed;
    zmqx_loop_t *loop;
    zmqx__ready_t ready;        /* sockets */
    zmqx_loop_socket_fn *sfn;
    zmqx_loop_fd_fn *ffn;
    void *arg;
    item_t *prev, *next;        /* the loop's items; next: the graveyard's */
    item_t *qprev, *qnext;      /* on queue */
    queue_t *queue;             /* NULL when on none */
};

typedef struct ltimer {
    int id;
    int cancelled;
    int times;                  /* as asked: 0 forever */
    int left;                   /* firings left (times > 0) */
    int reset;                  /* reset since its handler was called */
    long interval;
    int64_t t0, due;            /* the grid's start; the next firing */
    zmqx_loop_timer_fn *fn;
    void *arg;
} ltimer_t;

struct zmqx_loop {
    zmqx__backend_t *backend;
    zmqx__wake_t wake;
    item_t wake_item;
    item_t *items;              /* every live item */
    int nitems;
    queue_t queue;              /* sockets to look at in the next pass */
    queue_t current;            /* the sockets of this pass, not yet looked at */
    item_t *graveyard;          /* removed while running; freed after the pass */
    ltimer_t *timers;
    int ntimers, timers_cap, live_timers, last_id;
    _Atomic int stop;
    int running;
    zmqx__origin_t origin;      /* made before a fork()? */
    zmqx__backend_event_t ev[MAX_EVENTS];
};

/* ---- queues --------------------------------------------------------------- */

static void enqueue(queue_t *q, item_t *it)
{
    if (it->queue != NULL)
        return;
    it->qprev = q->tail;
    it->qnext = NULL;
    if (q->tail != NULL)
        q->tail->qnext = it;
    else
        q->head = it;
    q->tail = it;
    it->queue = q;
}

static void dequeue(item_t *it)
{
    queue_t *q = it->queue;
    if (q == NULL)
        return;
    if (it->qprev != NULL)
        it->qprev->qnext = it->qnext;
    else
        q->head = it->qnext;
    if (it->qnext != NULL)
        it->qnext->qprev = it->qprev;
    else
        q->tail = it->qprev;
    it->queue = NULL;
}

/* Move every item of from to the end of to. */
static void move_all(queue_t *from, queue_t *to)
{
    item_t *it;
    while ((it = from->head) != NULL) {
        dequeue(it);
        enqueue(to, it);
    }
}

static item_t *item_of(zmqx__ready_t *r)
{
    return (item_t *) (void *) ((char *) r - offsetof(item_t, ready));
}

/* ---- items ---------------------------------------------------------------- */

static void bury(zmqx_loop_t *loop)
{
    while (loop->graveyard != NULL) {
        item_t *it = loop->graveyard;
        loop->graveyard = it->next;
        free(it);
    }
}

static void remove_item(zmqx_loop_t *loop, item_t *it)
{
    it->removed = 1;
    dequeue(it);
    if (it->prev != NULL)
        it->prev->next = it->next;
    else
        loop->items = it->next;
    if (it->next != NULL)
        it->next->prev = it->prev;
    loop->nitems--;
    zmqx__backend_remove(loop->backend, it->fd);
    if (it->kind == KIND_SOCKET)
        zmqx__ready_detach(&it->ready);
    it->next = loop->graveyard;
    loop->graveyard = it;
    if (!loop->running)
        bury(loop);
}

static void link_item(zmqx_loop_t *loop, item_t *it)
{
    it->loop = loop;
    it->prev = NULL;
    it->next = loop->items;
    if (loop->items != NULL)
        loop->items->prev = it;
    loop->items = it;
    loop->nitems++;
}

/* The socket's events may have changed: look in the next pass. */
static void socket_dirty(zmqx__ready_t *r)
{
    item_t *it = item_of(r);
    enqueue(&it->loop->queue, it);
}

/* The socket is being destroyed. */
static void socket_gone(zmqx__ready_t *r)
{
    item_t *it = item_of(r);
    remove_item(it->loop, it);
}

static item_t *find_fd(const zmqx_loop_t *loop, int fd)
{
    for (item_t *it = loop->items; it != NULL; it = it->next)
        if (it->kind == KIND_FD && it->fd == fd)
            return it;
    return NULL;
}

/* ---- checks --------------------------------------------------------------- */

static int check_loop(const zmqx_loop_t *loop, const char *op)
{
    if (loop == NULL)
        return zmqx__fail(op, NULL, EINVAL, "loop is NULL");
    return zmqx__origin_check(&loop->origin, op, "loop");
}

static int check_add(const zmqx_loop_t *loop, int events, int has_fn, const char *op)
{
    if (check_loop(loop, op) != 0)
        return -1;
    if (zmqx__ready_check_events(events, 0, op) != 0)
        return -1;
    if (!has_fn)
        return zmqx__fail(op, NULL, EINVAL, "handler is NULL");
    return 0;
}

/* ---- new / destroy -------------------------------------------------------- */

zmqx_loop_t *zmqx_loop_new(void)
{
    zmqx_loop_t *loop = calloc(1, sizeof *loop);
    if (loop == NULL)
        return zmqx__fail_null("loop_new", NULL, ENOMEM, NULL);
    loop->wake.rfd = loop->wake.wfd = -1;
    zmqx__origin_init(&loop->origin);
    loop->backend = zmqx__backend_new("loop_new");
    if (loop->backend == NULL || zmqx__wake_open(&loop->wake, "loop_new") != 0)
        goto fail;
    loop->wake_item.kind = KIND_WAKE;
    loop->wake_item.fd = loop->wake.rfd;
    if (zmqx__backend_add(loop->backend, loop->wake.rfd, ZMQX_POLLIN, &loop->wake_item,
                          "loop_new") != 0)
        goto fail;
    return loop;
fail:
    zmqx_loop_destroy(&loop);
    return NULL;
}

void zmqx_loop_destroy(zmqx_loop_t **loopp)
{
    if (loopp == NULL || *loopp == NULL)
        return;
    zmqx_loop_t *loop = *loopp;
    *loopp = NULL;
    int saved = errno;
    loop->running = 0;
    while (loop->items != NULL)
        remove_item(loop, loop->items);
    bury(loop);
    free(loop->timers);
    if (loop->backend != NULL)
        zmqx__backend_free(loop->backend);
    zmqx__wake_close(&loop->wake);
    free(loop);
    errno = saved;
}

/* ---- sockets and fds ------------------------------------------------------ */

int zmqx_loop_add(zmqx_loop_t *loop, zmqx_socket_t *s, int events, zmqx_loop_socket_fn *fn,
                  void *arg)
{
    const char *op = "loop_add";
    if (check_add(loop, events, fn != NULL, op) != 0 || zmqx__sock_open(s, op) != 0)
        return -1;
    if (zmqx__ready_find(s, loop) != NULL)
        return zmqx__fail(op, zmqx__sock_ep(s), EEXIST, "socket is in the loop already");
    item_t *it = calloc(1, sizeof *it);
    if (it == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    it->kind = KIND_SOCKET;
    it->sfn = fn;
    it->arg = arg;
    it->events = events;
    if (zmqx__ready_attach(&it->ready, s, events, loop, op) != 0) {
        free(it);
        return -1;
    }
    it->fd = it->ready.fd;
    if (zmqx__backend_add(loop->backend, it->fd, ZMQX_POLLIN, it, op) != 0) {
        zmqx__ready_detach(&it->ready);
        free(it);
        return -1;
    }
    it->ready.on_dirty = socket_dirty;
    it->ready.on_gone = socket_gone;
    link_item(loop, it);
    enqueue(&loop->queue, it); /* messages may be queued already */
    return 0;
}

int zmqx_loop_add_fd(zmqx_loop_t *loop, int fd, int events, zmqx_loop_fd_fn *fn, void *arg)
{
    const char *op = "loop_add_fd";
    if (check_add(loop, events, fn != NULL, op) != 0)
        return -1;
    if (fd < 0)
        return zmqx__fail(op, NULL, EINVAL, "fd %d is negative", fd);
    if (find_fd(loop, fd) != NULL)
        return zmqx__fail(op, NULL, EEXIST, "fd %d is in the loop already", fd);
    item_t *it = calloc(1, sizeof *it);
    if (it == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    *it = (item_t) { .kind = KIND_FD, .fd = fd, .events = events, .ffn = fn, .arg = arg };
    if (zmqx__backend_add(loop->backend, fd, events, it, op) != 0) {
        free(it);
        return -1;
    }
    link_item(loop, it);
    return 0;
}

int zmqx_loop_remove(zmqx_loop_t *loop, zmqx_socket_t *s)
{
    if (check_loop(loop, "loop_remove") != 0)
        return -1;
    if (s == NULL)
        return zmqx__fail("loop_remove", NULL, EINVAL, "socket is NULL");
    zmqx__ready_t *r = zmqx__ready_find(s, loop);
    if (r == NULL)
        return zmqx__fail("loop_remove", zmqx__sock_ep(s), ENOENT, "socket is not in the loop");
    remove_item(loop, item_of(r));
    return 0;
}

int zmqx_loop_remove_fd(zmqx_loop_t *loop, int fd)
{
    if (check_loop(loop, "loop_remove_fd") != 0)
        return -1;
    item_t *it = find_fd(loop, fd);
    if (it == NULL)
        return zmqx__fail("loop_remove_fd", NULL, ENOENT, "fd %d is not in the loop", fd);
    remove_item(loop, it);
    return 0;
}

/* ---- timers --------------------------------------------------------------- */

static ltimer_t *find_timer(zmqx_loop_t *loop, int id, const char *op)
{
    if (check_loop(loop, op) != 0)
        return NULL;
    for (int i = 0; i < loop->ntimers; i++)
        if (loop->timers[i].id == id && !loop->timers[i].cancelled)
            return &loop->timers[i];
    zmqx__fail(op, NULL, ENOENT, "no timer %d", id);
    return NULL;
}

/* Drop cancelled timers (not while a pass walks the array). */
static void compact_timers(zmqx_loop_t *loop)
{
    int k = 0;
    for (int i = 0; i < loop->ntimers; i++)
        if (!loop->timers[i].cancelled)
            loop->timers[k++] = loop->timers[i];
    loop->ntimers = k;
}

int zmqx_loop_timer(zmqx_loop_t *loop, long interval_ms, int times, zmqx_loop_timer_fn *fn,
                    void *arg)
{
    const char *op = "loop_timer";
    if (check_loop(loop, op) != 0)
        return -1;
    if (interval_ms <= 0 || interval_ms > MAX_INTERVAL_MS || times < 0 || fn == NULL)
        return zmqx__fail(op, NULL, EINVAL, "%s",
                          fn == NULL ? "handler is NULL"
                          : times < 0 ? "times is negative (0: forever)"
                                      : "interval must be > 0 ms and at most 2^40 ms");
    if (loop->ntimers == loop->timers_cap) {
        int cap = loop->timers_cap ? loop->timers_cap * 2 : 4;
        ltimer_t *t = realloc(loop->timers, (size_t) cap * sizeof *t);
        if (t == NULL)
            return zmqx__fail(op, NULL, ENOMEM, NULL);
        loop->timers = t;
        loop->timers_cap = cap;
    }
    if (loop->last_id == INT_MAX)
        return zmqx__fail(op, NULL, ENOSPC, "timer ids are used up");
    int64_t now = zmqx__now_ms();
    loop->timers[loop->ntimers++] = (ltimer_t) {
        .id = ++loop->last_id, .times = times, .left = times, .interval = interval_ms,
        .t0 = now, .due = now + interval_ms, .fn = fn, .arg = arg,
    };
    loop->live_timers++;
    return loop->last_id;
}

int zmqx_loop_timer_reset(zmqx_loop_t *loop, int timer_id)
{
    ltimer_t *t = find_timer(loop, timer_id, "loop_timer_reset");
    if (t == NULL)
        return -1;
    t->t0 = zmqx__now_ms();
    t->due = t->t0 + t->interval;
    t->left = t->times; /* as new: also inside its own last firing */
    t->reset = 1;
    return 0;
}

static void cancel(zmqx_loop_t *loop, ltimer_t *t)
{
    t->cancelled = 1;
    loop->live_timers--;
}

int zmqx_loop_timer_cancel(zmqx_loop_t *loop, int timer_id)
{
    ltimer_t *t = find_timer(loop, timer_id, "loop_timer_cancel");
    if (t == NULL)
        return -1;
    cancel(loop, t);
    if (!loop->running)
        compact_timers(loop);
    return 0;
}

/* How long the next wait may last: until the first timer is due. */
static long wait_ms(const zmqx_loop_t *loop)
{
    if (loop->queue.head != NULL)
        return 0;
    int64_t first = INT64_MAX;
    for (int i = 0; i < loop->ntimers; i++)
        if (!loop->timers[i].cancelled && loop->timers[i].due < first)
            first = loop->timers[i].due;
    return zmqx__deadline_left(first);
}

/* Fire timer i if it is due; its next firing is the first point of its
 * grid after the handler returned (unless the handler reset or cancelled
 * it). The handler's return value. */
static int fire(zmqx_loop_t *loop, int i, int64_t now)
{
    ltimer_t *t = &loop->timers[i];
    if (t->cancelled || now < t->due)
        return 0;
    t->reset = 0;
    int last = t->times > 0 && --t->left == 0;
    int rc = t->fn(loop, t->id, t->arg);
    t = &loop->timers[i]; /* the handler may have added timers (realloc) */
    if (t->cancelled || t->reset)
        return rc;
    if (last)
        cancel(loop, t);
    else {
        int64_t after = zmqx__now_ms();
        t->due = t->t0 + ((after - t->t0) / t->interval + 1) * t->interval;
    }
    return rc;
}

/* ---- run ------------------------------------------------------------------ */

/* zmqx_loop_stop was called: take it (and its wake). */
static int take_stop(zmqx_loop_t *loop)
{
    if (!atomic_exchange(&loop->stop, 0))
        return 0;
    int saved = errno;
    zmqx__wake_take(&loop->wake);
    errno = saved;
    return 1;
}

/* Look at each queued socket once: call its handler while it has a wanted
 * event (it stays queued, level-triggered). 1 to go on, 0 stopped, -1. */
static int dispatch_sockets(zmqx_loop_t *loop)
{
    move_all(&loop->queue, &loop->current);
    item_t *it;
    while ((it = loop->current.head) != NULL) {
        dequeue(it);
        int events = zmqx__ready_events(&it->ready);
        if (events < 0) {
            enqueue(&loop->queue, it); /* keeps errno */
            return zmqx__ready_fail(&it->ready, "loop_run");
        }
        if (events == 0)
            continue;
        enqueue(&loop->queue, it); /* look again next pass */
        if (it->sfn(loop, it->ready.s, events, it->arg) != 0)
            return -1;
        if (atomic_load(&loop->stop))
            return 0;
    }
    return 1;
}

static int dispatch_fds(zmqx_loop_t *loop, int n)
{
    for (int i = 0; i < n; i++) {
        item_t *it = loop->ev[i].tag;
        if (it->kind != KIND_FD || it->removed)
            continue;
        int events = loop->ev[i].events & (it->events | ZMQX_POLLERR);
        if (events == 0)
            continue;
        if (it->ffn(loop, it->fd, events, it->arg) != 0)
            return -1;
        if (atomic_load(&loop->stop))
            return 0;
    }
    return 1;
}

static int dispatch_timers(zmqx_loop_t *loop, int ntimers)
{
    if (ntimers == 0)
        return 1; /* no clock read */
    int64_t now = zmqx__now_ms();
    for (int i = 0; i < ntimers; i++) {
        if (fire(loop, i, now) != 0)
            return -1;
        if (atomic_load(&loop->stop))
            return 0;
    }
    return 1;
}

/* Wait once and dispatch what is ready: 1 to go on, 0 stopped, -1. */
static int pass(zmqx_loop_t *loop)
{
    int n = zmqx__backend_wait(loop->backend, loop->ev, MAX_EVENTS, wait_ms(loop));
    if (n < 0) {
        int code = errno;
        if (take_stop(loop))
            return 0;
        if (code == EINTR)
            return zmqx__fail("loop_run", NULL, EINTR,
                              "interrupted by a signal (run the loop again to go on)");
        return zmqx__fail("loop_run", NULL, code, "%s", zmq_strerror(code));
    }
    if (take_stop(loop))
        return 0;
    int ntimers = loop->ntimers; /* timers added from now on wait for the next pass */
    for (int i = 0; i < n; i++) {
        item_t *it = loop->ev[i].tag;
        if (it->kind == KIND_WAKE)
            zmqx__wake_take(&loop->wake);
        else if (it->kind == KIND_SOCKET && !it->removed)
            zmqx__ready_mark(&it->ready);
    }
    int rc = dispatch_sockets(loop);
    if (rc == 1)
        rc = dispatch_fds(loop, n);
    if (rc == 1)
        rc = dispatch_timers(loop, ntimers);
    move_all(&loop->current, &loop->queue); /* those not looked at: next pass */
    if (rc == 0)
        take_stop(loop);
    return rc;
}

int zmqx_loop_run(zmqx_loop_t *loop)
{
    if (check_loop(loop, "loop_run") != 0)
        return -1;
    if (loop->running)
        return zmqx__fail("loop_run", NULL, EINVAL, "the loop is running (run inside a handler)");
    if (take_stop(loop))
        return 0;
    loop->running = 1;
    int rc = 1;
    while (rc == 1) {
        if (loop->nitems == 0 && loop->live_timers == 0)
            rc = 0;
        else
            rc = pass(loop);
        int saved = errno; /* a handler's error stays */
        bury(loop);
        compact_timers(loop);
        errno = saved;
    }
    loop->running = 0;
    return rc;
}

int zmqx_loop_stop(zmqx_loop_t *loop)
{
    if (check_loop(loop, "loop_stop") != 0) /* (no failure in a signal handler) */
        return -1;
    atomic_store(&loop->stop, 1);
    zmqx__wake_signal(&loop->wake); /* async-signal-safe; keeps errno */
    return 0;
}
