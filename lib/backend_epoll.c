/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the loop's epoll backend (see backend.h): a wait costs what the
 * ready fds cost, however many are registered. */
#include "backend.h"

#include "fail.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAX_EVENTS 64

struct zmqx__backend {
    int epfd;
    struct epoll_event ev[MAX_EVENTS];
};

zmqx__backend_t *zmqx__backend_new(const char *op)
{
    zmqx__backend_t *b = malloc(sizeof *b);
    if (b == NULL)
        return zmqx__fail_null(op, NULL, ENOMEM, NULL);
    b->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (b->epfd < 0) {
        int code = errno;
        free(b);
        return zmqx__fail_null(op, NULL, code, "epoll_create1: %s", strerror(code));
    }
    return b;
}

void zmqx__backend_free(zmqx__backend_t *b)
{
    if (b != NULL) {
        close(b->epfd);
        free(b);
    }
}

static int ctl(zmqx__backend_t *b, int how, int fd, int events, void *tag, const char *op)
{
    struct epoll_event ev = { 0 };
    ev.events = (events & ZMQX_POLLIN ? EPOLLIN : 0u) | (events & ZMQX_POLLOUT ? EPOLLOUT : 0u);
    ev.data.ptr = tag;
    if (epoll_ctl(b->epfd, how, fd, &ev) != 0) {
        int code = errno == EPERM ? EINVAL : errno; /* EPERM: a regular file */
        return zmqx__fail(op, NULL, code, "fd %d: %s", fd,
                          errno == EPERM ? "regular files cannot be watched" : strerror(code));
    }
    return 0;
}

int zmqx__backend_add(zmqx__backend_t *b, int fd, int events, void *tag, const char *op)
{
    return ctl(b, EPOLL_CTL_ADD, fd, events, tag, op);
}

int zmqx__backend_modify(zmqx__backend_t *b, int fd, int events, void *tag, const char *op)
{
    return ctl(b, EPOLL_CTL_MOD, fd, events, tag, op);
}

void zmqx__backend_remove(zmqx__backend_t *b, int fd)
{
    struct epoll_event ev = { 0 };
    epoll_ctl(b->epfd, EPOLL_CTL_DEL, fd, &ev);
}

int zmqx__backend_wait(zmqx__backend_t *b, zmqx__backend_event_t *out, int max, long timeout_ms)
{
    if (max > MAX_EVENTS)
        max = MAX_EVENTS;
    int wait = timeout_ms < 0 ? -1 : timeout_ms > INT_MAX ? INT_MAX : (int) timeout_ms;
    int n = epoll_wait(b->epfd, b->ev, max, wait);
    for (int i = 0; i < n; i++) {
        uint32_t e = b->ev[i].events;
        out[i].tag = b->ev[i].data.ptr;
        out[i].events = (e & EPOLLIN ? ZMQX_POLLIN : 0) | (e & EPOLLOUT ? ZMQX_POLLOUT : 0) |
                        (e & (EPOLLERR | EPOLLHUP) ? ZMQX_POLLERR : 0);
    }
    return n;
}
