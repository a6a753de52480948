/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — observers: the objects built on a socket (poller, monitor, loop,
 * watch) register here, so that socket.c knows none of them. Private. */
#ifndef ZMQX_OBSERVER_H
#define ZMQX_OBSERVER_H

#include "sock.h"

typedef struct zmqx__observer zmqx__observer_t;
struct zmqx__observer {
    /* s is being destroyed; o is already off its list and s still open.
     * Called without the socket's lock: it may take its own locks. */
    void (*gone)(zmqx__observer_t *o, zmqx_socket_t *s);
    /* NULL, or called (under the socket's lock, so it must not add or
     * remove observers) when a zmqx call on s starts. Setting it sends
     * every call on s out of the inline fast path. */
    void (*touched)(zmqx__observer_t *o, zmqx_socket_t *s);
    /* The object that registered (poller, monitor, loop): what
     * zmqx__observer_find matches. */
    void *owner;
};

/* Register o on s. 0, or -1 with ENOMEM (error filled for op). */
ZMQX_HIDDEN int zmqx__observe(zmqx_socket_t *s, zmqx__observer_t *o, const char *op);
/* Take o off s, if it is there. */
ZMQX_HIDDEN void zmqx__unobserve(zmqx_socket_t *s, zmqx__observer_t *o);
/* An observer of s whose gone callback is gone and, unless owner is NULL,
 * whose owner is owner; or NULL. */
ZMQX_HIDDEN zmqx__observer_t *zmqx__observer_find(zmqx_socket_t *s,
                                                  void (*gone)(zmqx__observer_t *,
                                                               zmqx_socket_t *),
                                                  const void *owner);
/* For zmqx_socket_destroy: take every observer off s and call its gone. */
ZMQX_HIDDEN void zmqx__observers_gone(zmqx_socket_t *s);

#endif
