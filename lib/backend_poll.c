/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the loop's poll(2) backend (see backend.h), for systems without
 * epoll: a wait costs what the registered fds cost. */
#include "backend.h"

#include "fail.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct zmqx__backend {
    struct pollfd *fds;
    void **tags;
    int n, cap;
    int start; /* where the next wait starts reporting: none starves */
};

zmqx__backend_t *zmqx__backend_new(const char *op)
{
    zmqx__backend_t *b = calloc(1, sizeof *b);
    if (b == NULL)
        return zmqx__fail_null(op, NULL, ENOMEM, NULL);
    return b;
}

void zmqx__backend_free(zmqx__backend_t *b)
{
    if (b != NULL) {
        free(b->fds);
        free(b->tags);
        free(b);
    }
}

static int find(const zmqx__backend_t *b, int fd)
{
    for (int i = 0; i < b->n; i++)
        if (b->fds[i].fd == fd)
            return i;
    return -1;
}

static short poll_events(int events)
{
    return (short) ((events & ZMQX_POLLIN ? POLLIN : 0) | (events & ZMQX_POLLOUT ? POLLOUT : 0));
}

static int grow(zmqx__backend_t *b, const char *op)
{
    int cap = b->cap ? b->cap * 2 : 8;
    struct pollfd *fds = realloc(b->fds, (size_t) cap * sizeof *fds);
    if (fds == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    b->fds = fds;
    void **tags = realloc(b->tags, (size_t) cap * sizeof *tags);
    if (tags == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    b->tags = tags;
    b->cap = cap;
    return 0;
}

int zmqx__backend_add(zmqx__backend_t *b, int fd, int events, void *tag, const char *op)
{
    if (find(b, fd) >= 0)
        return zmqx__fail(op, NULL, EEXIST, "fd %d: %s", fd, strerror(EEXIST));
    if (fcntl(fd, F_GETFD) < 0)
        return zmqx__fail(op, NULL, EBADF, "fd %d: %s", fd, strerror(EBADF));
    if (b->n == b->cap && grow(b, op) != 0)
        return -1;
    b->fds[b->n] = (struct pollfd) { fd, poll_events(events), 0 };
    b->tags[b->n++] = tag;
    return 0;
}

int zmqx__backend_modify(zmqx__backend_t *b, int fd, int events, void *tag, const char *op)
{
    int i = find(b, fd);
    if (i < 0)
        return zmqx__fail(op, NULL, ENOENT, "fd %d: %s", fd, strerror(ENOENT));
    b->fds[i].events = poll_events(events);
    b->tags[i] = tag;
    return 0;
}

void zmqx__backend_remove(zmqx__backend_t *b, int fd)
{
    int i = find(b, fd);
    if (i >= 0) {
        b->fds[i] = b->fds[--b->n];
        b->tags[i] = b->tags[b->n];
    }
}

int zmqx__backend_wait(zmqx__backend_t *b, zmqx__backend_event_t *out, int max, long timeout_ms)
{
    int wait = timeout_ms < 0 ? -1 : timeout_ms > INT_MAX ? INT_MAX : (int) timeout_ms;
    int rc = poll(b->fds, (nfds_t) b->n, wait);
    if (rc <= 0)
        return rc;
    int k = 0;
    for (int j = 0; j < b->n && k < max; j++) {
        int i = (b->start + j) % b->n;
        short e = b->fds[i].revents;
        if (e == 0)
            continue;
        out[k].tag = b->tags[i];
        out[k++].events = (e & POLLIN ? ZMQX_POLLIN : 0) | (e & POLLOUT ? ZMQX_POLLOUT : 0) |
                          (e & (POLLERR | POLLHUP | POLLNVAL) ? ZMQX_POLLERR : 0);
    }
    b->start = (b->start + 1) % b->n;
    return k;
}
