/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — what the loop waits with: epoll (lib/backend_epoll.c) or poll(2)
 * (lib/backend_poll.c), chosen at build time (loop_backend). Level-
 * triggered: an fd that stays ready is reported by every wait. Private. */
#ifndef ZMQX_BACKEND_H
#define ZMQX_BACKEND_H

#include "base.h"

typedef struct zmqx__backend zmqx__backend_t;

typedef struct zmqx__backend_event {
    void *tag;   /* what add was given */
    int events;  /* ZMQX_POLLIN | ZMQX_POLLOUT | ZMQX_POLLERR */
} zmqx__backend_event_t;

/* NULL with the error filled for op. */
ZMQX_HIDDEN zmqx__backend_t *zmqx__backend_new(const char *op);
ZMQX_HIDDEN void zmqx__backend_free(zmqx__backend_t *b);
/* Watch fd for events (ZMQX_POLLIN | ZMQX_POLLOUT; errors always). 0, or
 * -1 with the error filled for op (EEXIST, EBADF, ENOMEM, ...). */
ZMQX_HIDDEN int zmqx__backend_add(zmqx__backend_t *b, int fd, int events, void *tag,
                                  const char *op);
ZMQX_HIDDEN int zmqx__backend_modify(zmqx__backend_t *b, int fd, int events, void *tag,
                                     const char *op);
/* Stop watching fd (an fd closed meanwhile is forgotten all the same). */
ZMQX_HIDDEN void zmqx__backend_remove(zmqx__backend_t *b, int fd);
/* Wait up to timeout_ms (-1: forever) and fill out with at most max ready
 * fds: their count (0 at the timeout), or -1 with errno (EINTR), nothing
 * filled. */
ZMQX_HIDDEN int zmqx__backend_wait(zmqx__backend_t *b, zmqx__backend_event_t *out, int max,
                                   long timeout_ms);

#endif
