/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — poller: zmq_poll's algorithm over arrays kept ready to use.
 *
 * poll[0] is the wake-up fd (lib/wake.c) that zmqx_poller_wake signals;
 * poll[i + 1] is the i-th registered item, in registration order; fds[]
 * mirrors poll[] as poll(2) takes it, each socket's ZMQ_FD looked up once,
 * when it is added.
 * add/modify/remove update the arrays in place (growing them in add), so a
 * wait runs zmq_poll's algorithm on them (own_poll) and copies out what is
 * ready: it allocates nothing, however many items (zmq_poll allocates its
 * pollfd array above 16 items), and asks no socket for its ZMQ_FD again.
 * libzmq's thread-safe (draft) sockets have no ZMQ_FD: a poller holding
 * one waits in zmq_poll, which uses libzmq's own poller for them. */
#include "deadline.h"
#include "fail.h"
#include "observer.h"
#include "sock.h"
#include "wake.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <unistd.h>

#define EVENTS_ALL (ZMQX_POLLIN | ZMQX_POLLOUT | ZMQX_POLLERR)

typedef struct poller_item {
    zmqx_socket_t *socket; /* NULL for a plain fd (the fd is in poll[i + 1]) */
    void *user;
} poller_item_t;

struct zmqx_poller {
    poller_item_t *items;   /* n registered items */
    zmq_pollitem_t *poll;   /* n + 1: the wake fd, then the items */
    struct pollfd *fds;     /* n + 1: the same for poll(2) */
    int n, cap;             /* items used / allocated (poll, fds have cap + 1) */
    int thread_safe;        /* items that are thread-safe sockets */
    zmqx__wake_t wake;      /* readable = a wake is pending */
    zmqx__observer_t obs;   /* on the list of each socket it holds */
    zmqx__origin_t origin;  /* made before a fork()? */
};

static int check_poller(const zmqx_poller_t *p, const char *op)
{
    if (p == NULL)
        return zmqx__fail(op, NULL, EINVAL, "poller is NULL");
    return zmqx__origin_check(&p->origin, op, "poller");
}

static int check_fd(const zmqx_poller_t *p, int fd, const char *op)
{
    if (check_poller(p, op) != 0)
        return -1;
    if (fd < 0)
        return zmqx__fail(op, NULL, EINVAL, "fd %d is negative", fd);
    return 0;
}

static int check_events(short events, const char *op)
{
    if (events & ~EVENTS_ALL)
        return zmqx__fail(op, NULL, EINVAL,
                          "bad events 0x%x (ZMQX_POLLIN, ZMQX_POLLOUT, ZMQX_POLLERR only)",
                          (unsigned) (unsigned short) events);
    return 0;
}

/* The index of socket s (or, when s is NULL, of the plain fd) in p; -1. */
static int find(const zmqx_poller_t *p, const zmqx_socket_t *s, int fd)
{
    for (int i = 0; i < p->n; i++) {
        const zmqx_socket_t *is = p->items[i].socket;
        if (s != NULL ? is == s : is == NULL && p->poll[i + 1].fd == fd)
            return i;
    }
    return -1;
}

static int not_found(const zmqx_socket_t *s, int fd, const char *op)
{
    if (s != NULL)
        return zmqx__fail(op, zmqx__sock_ep(s), ENOENT, "socket is not in the poller");
    return zmqx__fail(op, NULL, ENOENT, "fd %d is not in the poller", fd);
}

/* Make room for one more item (items and poll grow together). */
static int grow(zmqx_poller_t *p, const char *op)
{
    if (p->n < p->cap)
        return 0;
    if (p->cap > INT_MAX / 2 - 1)
        return zmqx__fail(op, NULL, ENOMEM, "too many items");
    int cap = p->cap ? p->cap * 2 : 8;
    poller_item_t *items = realloc(p->items, (size_t) cap * sizeof *items);
    if (items == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    p->items = items;
    zmq_pollitem_t *poll = realloc(p->poll, (size_t) (cap + 1) * sizeof *poll);
    if (poll == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    p->poll = poll;
    struct pollfd *fds = realloc(p->fds, (size_t) (cap + 1) * sizeof *fds);
    if (fds == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    p->fds = fds;
    p->cap = cap;
    return 0;
}

static void poller_gone(zmqx__observer_t *o, zmqx_socket_t *s);

zmqx_poller_t *zmqx_poller_new(void)
{
    zmqx_poller_t *p = calloc(1, sizeof *p);
    if (p == NULL)
        return zmqx__fail_null("poller_new", NULL, ENOMEM, NULL);
    p->obs.gone = poller_gone;
    p->obs.owner = p;
    zmqx__origin_init(&p->origin);
    if (zmqx__wake_open(&p->wake, "poller_new") != 0) {
        free(p);
        return NULL;
    }
    if (grow(p, "poller_new") != 0) {
        zmqx_poller_destroy(&p);
        return NULL;
    }
    p->poll[0] = (zmq_pollitem_t) { NULL, p->wake.rfd, ZMQ_POLLIN, 0 };
    p->fds[0] = (struct pollfd) { p->wake.rfd, POLLIN, 0 };
    return p;
}

void zmqx_poller_destroy(zmqx_poller_t **pp)
{
    if (pp == NULL || *pp == NULL)
        return;
    zmqx_poller_t *p = *pp;
    *pp = NULL;
    for (int i = 0; i < p->n; i++)
        if (p->items[i].socket != NULL)
            zmqx__unobserve(p->items[i].socket, &p->obs);
    zmqx__wake_close(&p->wake);
    free(p->items);
    free(p->poll);
    free(p->fds);
    free(p);
}

/* ---- add / modify / remove: s names a socket, or is NULL for fd ---- */

/* poll(2)'s events for poll item it: a socket's ZMQ_FD is readable when
 * its events may have changed, whichever it waits for. */
static short fd_events(const zmq_pollitem_t *it)
{
    if (it->socket != NULL)
        return it->events ? POLLIN : 0;
    return (short) ((it->events & ZMQ_POLLIN ? POLLIN : 0) | (it->events & ZMQ_POLLOUT ? POLLOUT : 0));
}

/* Fill fds[i + 1] for a new item: a socket's ZMQ_FD (none for
 * thread-safe types: fd -1, which poll(2) skips). 0 or -1. */
static int fd_add(zmqx_poller_t *p, int i, zmqx_socket_t *s, int fd, const char *op)
{
    if (s != NULL && zmqx__type_thread_safe(s->type)) {
        fd = -1;
    } else if (s != NULL) {
        size_t n = sizeof fd;
        if (zmq_getsockopt(s->handle, ZMQ_FD, &fd, &n) != 0)
            return zmqx__fail_zmq(op, zmqx__sock_ep(s));
    }
    p->fds[i + 1] = (struct pollfd) { fd, fd_events(&p->poll[i + 1]), 0 };
    return 0;
}

static int item_add(zmqx_poller_t *p, zmqx_socket_t *s, int fd, short events, void *user,
                    const char *op)
{
    if (check_events(events, op) != 0)
        return -1;
    if (find(p, s, fd) >= 0) {
        if (s != NULL)
            return zmqx__fail(op, zmqx__sock_ep(s), EEXIST, "socket is already in the poller");
        return zmqx__fail(op, NULL, EEXIST, "fd %d is already in the poller", fd);
    }
    if (grow(p, op) != 0)
        return -1;
    p->poll[p->n + 1] = (zmq_pollitem_t) { s ? s->handle : NULL, s ? 0 : fd, events, 0 };
    /* a socket is observed, so that destroying it removes it from p */
    if (fd_add(p, p->n, s, fd, op) != 0 ||
        (s != NULL && zmqx__observe(s, &p->obs, op) != 0))
        return -1;
    p->items[p->n] = (poller_item_t) { s, user };
    p->thread_safe += s != NULL && zmqx__type_thread_safe(s->type);
    p->n++;
    return 0;
}

static int item_modify(zmqx_poller_t *p, zmqx_socket_t *s, int fd, short events, const char *op)
{
    if (check_events(events, op) != 0)
        return -1;
    int i = find(p, s, fd);
    if (i < 0)
        return not_found(s, fd, op);
    p->poll[i + 1].events = events;
    p->fds[i + 1].events = fd_events(&p->poll[i + 1]);
    return 0;
}

static void remove_at(zmqx_poller_t *p, int i)
{
    size_t after = (size_t) (p->n - i - 1);
    const zmqx_socket_t *s = p->items[i].socket;
    p->thread_safe -= s != NULL && zmqx__type_thread_safe(s->type);
    memmove(&p->items[i], &p->items[i + 1], after * sizeof p->items[0]);
    memmove(&p->poll[i + 1], &p->poll[i + 2], after * sizeof p->poll[0]);
    memmove(&p->fds[i + 1], &p->fds[i + 2], after * sizeof p->fds[0]);
    p->n--;
}

static int item_remove(zmqx_poller_t *p, zmqx_socket_t *s, int fd, const char *op)
{
    int i = find(p, s, fd);
    if (i < 0)
        return not_found(s, fd, op);
    if (s != NULL)
        zmqx__unobserve(s, &p->obs);
    remove_at(p, i);
    return 0;
}

/* A socket p holds is being destroyed: p removes its item. */
static void poller_gone(zmqx__observer_t *o, zmqx_socket_t *s)
{
    zmqx_poller_t *p = (zmqx_poller_t *) (void *) ((char *) o - offsetof(zmqx_poller_t, obs));
    int i = find(p, s, -1);
    if (i >= 0)
        remove_at(p, i);
}

int zmqx_poller_add(zmqx_poller_t *p, zmqx_socket_t *s, short events, void *user)
{
    if (check_poller(p, "poller_add") != 0 || zmqx__sock_check(s, "poller_add") != 0)
        return -1;
    return item_add(p, s, -1, events, user, "poller_add");
}

int zmqx_poller_add_fd(zmqx_poller_t *p, int fd, short events, void *user)
{
    if (check_fd(p, fd, "poller_add_fd") != 0)
        return -1;
    if (fcntl(fd, F_GETFD) < 0)
        return zmqx__fail("poller_add_fd", NULL, EBADF, "fd %d is not open", fd);
    return item_add(p, NULL, fd, events, user, "poller_add_fd");
}

int zmqx_poller_modify(zmqx_poller_t *p, zmqx_socket_t *s, short events)
{
    if (check_poller(p, "poller_modify") != 0 || zmqx__sock_check(s, "poller_modify") != 0)
        return -1;
    return item_modify(p, s, -1, events, "poller_modify");
}

int zmqx_poller_modify_fd(zmqx_poller_t *p, int fd, short events)
{
    if (check_fd(p, fd, "poller_modify_fd") != 0)
        return -1;
    return item_modify(p, NULL, fd, events, "poller_modify_fd");
}

int zmqx_poller_remove(zmqx_poller_t *p, zmqx_socket_t *s)
{
    if (check_poller(p, "poller_remove") != 0)
        return -1;
    if (s == NULL) /* a closed socket may be removed */
        return zmqx__fail("poller_remove", NULL, EINVAL, "socket is NULL");
    return item_remove(p, s, -1, "poller_remove");
}

int zmqx_poller_remove_fd(zmqx_poller_t *p, int fd)
{
    if (check_fd(p, fd, "poller_remove_fd") != 0)
        return -1;
    return item_remove(p, NULL, fd, "poller_remove_fd");
}

int zmqx_poller_size(const zmqx_poller_t *p)
{
    if (check_poller(p, "poller_size") != 0)
        return -1;
    return p->n;
}

/* ---- wait and wake ---- */

static int check_wait_args(const zmqx_poller_t *p, const zmqx_poll_event_t *out, int max,
                           long timeout_ms)
{
    static const char op[] = "poller_wait";
    if (check_poller(p, op) != 0)
        return -1;
    if (out == NULL)
        return zmqx__fail(op, NULL, EINVAL, "out is NULL");
    if (max < 1)
        return zmqx__fail(op, NULL, EINVAL, "max %d: room for at least one event needed", max);
    if (timeout_ms < -1)
        return zmqx__fail(op, NULL, EINVAL, "timeout %ld ms: -1 (forever) or >= 0 expected",
                          timeout_ms);
    if (timeout_ms == -1 && p->n == 0)
        return zmqx__fail(op, NULL, EINVAL, "nothing to wait for: the poller is empty and "
                                            "the timeout is forever");
    /* A socket closed by its context has a dangling libzmq handle in poll. */
    for (int i = 0; i < p->n; i++) {
        const zmqx_socket_t *s = p->items[i].socket;
        if (s != NULL && s->handle == NULL)
            return zmqx__fail(op, zmqx__sock_ep(s), ENOTSOCK, "a socket in the poller is closed "
                                                        "(its context was destroyed)");
    }
    return 0;
}

/* The events of item it (poll[i]) from fd's revents or, for a socket, its
 * ZMQ_EVENTS (zmq_poll's mapping). 0, or -1 (errno: ETERM ...). */
static int item_ready(zmq_pollitem_t *it, short revents)
{
    it->revents = 0;
    if (it->socket == NULL) {
        it->revents = (short) ((revents & POLLIN ? ZMQ_POLLIN : 0) |
                               (revents & POLLOUT ? ZMQ_POLLOUT : 0) |
                               (revents & ~(POLLIN | POLLOUT) ? ZMQ_POLLERR : 0));
        return 0;
    }
    if (it->events == 0)
        return 0;
    int events;
    size_t n = sizeof events;
    if (zmq_getsockopt(it->socket, ZMQ_EVENTS, &events, &n) != 0)
        return -1;
    it->revents = (short) (events & it->events & (ZMQ_POLLIN | ZMQ_POLLOUT));
    return 0;
}

/* zmq_poll(p->poll, p->n + 1, wait) without zmq_poll (see the top): a
 * first poll(2) that does not wait, then, when nothing is ready and wait is
 * not 0, one that waits up to wait ms (-1: no limit); after each, every
 * socket's ZMQ_EVENTS. The number of items ready (the wake fd counted; 0
 * after an early wake-up, as zmq_poll's loop would try again), or -1
 * (errno: EINTR, ETERM ...). */
static int own_poll(zmqx_poller_t *p, long wait)
{
    if (p->thread_safe > 0)
        return zmq_poll(p->poll, p->n + 1, wait);
    nfds_t n = (nfds_t) p->n + 1;
    for (int first = 1;; first = 0) {
        int ms = first ? 0 : wait < 0 ? -1 : wait > INT_MAX ? INT_MAX : (int) wait;
        if (poll(p->fds, n, ms) < 0)
            return -1;
        int ready = 0;
        for (nfds_t i = 0; i < n; i++) {
            if (item_ready(&p->poll[i], p->fds[i].revents) != 0)
                return -1;
            ready += p->poll[i].revents != 0;
        }
        if (ready > 0 || !first || wait == 0)
            return ready;
    }
}

/* Copy the ready items, in order, up to max. */
static int collect(const zmqx_poller_t *p, zmqx_poll_event_t *out, int max)
{
    int k = 0;
    for (int i = 0; i < p->n && k < max; i++) {
        short ready = (short) (p->poll[i + 1].revents & EVENTS_ALL);
        if (ready == 0)
            continue;
        zmqx_socket_t *s = p->items[i].socket;
        out[k++] = (zmqx_poll_event_t) { s, s ? -1 : p->poll[i + 1].fd, ready, p->items[i].user };
    }
    return k;
}

static int woken(void)
{
    return zmqx__fail("poller_wait", NULL, ECANCELED, "poller woken");
}

static int poll_failed(zmqx_poller_t *p, int64_t deadline, long timeout_ms)
{
    int code = zmq_errno();
    switch (code) {
    case EINTR:
        if (zmqx__wake_take(&p->wake)) /* a signal handler woke the poller */
            return woken();
        zmqx__deadline_interrupted(p, ZMQX__WAIT_POLLER, timeout_ms, deadline);
        return zmqx__fail("poller_wait", NULL, code,
                          "interrupted by a signal (a retry keeps the deadline)");
    case ETERM:
        return zmqx__fail("poller_wait", NULL, code, "context was shut down");
    default:
        return zmqx__fail_zmq("poller_wait", NULL);
    }
}

int zmqx_poller_wait(zmqx_poller_t *p, zmqx_poll_event_t *out, int max, long timeout_ms)
{
    if (check_wait_args(p, out, max, timeout_ms) != 0)
        return -1;
    int64_t deadline = zmqx__deadline_start(p, ZMQX__WAIT_POLLER, timeout_ms);
    for (;;) {
        long wait = zmqx__deadline_left(deadline);
        if (own_poll(p, wait) < 0) {
            /* a look does not wait: no EINTR */
            if (timeout_ms == 0 && zmq_errno() == EINTR) {
                if (zmqx__wake_take(&p->wake))
                    return woken();
                continue;
            }
            return poll_failed(p, deadline, timeout_ms);
        }
        if (p->poll[0].revents != 0 && zmqx__wake_take(&p->wake))
            return woken();
        int k = collect(p, out, max);
        if (k > 0)
            return k;
        /* Nothing ready: a zero wait (or the deadline) has passed; any other
         * return was early, so wait again for what is left. */
        if (wait == 0)
            return zmqx__fail_timeout("poller_wait", NULL,
                                      timeout_ms > INT_MAX ? INT_MAX : (int) timeout_ms);
    }
}

int zmqx_poller_wake(zmqx_poller_t *p)
{
    if (check_poller(p, "poller_wake") != 0)
        return -1;
    int code = zmqx__wake_signal(&p->wake); /* async-signal-safe; keeps errno */
    if (code != 0)
        return zmqx__fail("poller_wake", NULL, code, "%s", strerror(code));
    return 0;
}
