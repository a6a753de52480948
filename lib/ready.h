/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the readiness rule, in one place (lib/ready.c), for the loop and
 * the watch.
 *
 * ZMQ_FD signals "something changed", not "a message is there": reading
 * ZMQ_EVENTS (anywhere) resets it, a send can take an inbound message's
 * signal with it, and one signal may stand for several messages. So a
 * record is dirty — ZMQ_EVENTS must be read before anyone waits for the
 * fd — after it is attached (messages may be queued already), after the fd
 * woke, after any zmqx call on the socket (the socket tells its observers:
 * lib/observer.c), and for as long as the last read showed a wanted event.
 * Private. */
#ifndef ZMQX_READY_H
#define ZMQX_READY_H

#include "observer.h"

typedef struct zmqx__ready zmqx__ready_t;
struct zmqx__ready {
    zmqx__observer_t obs;   /* on s's observer list (owner: the loop or watch) */
    zmqx_socket_t *s;       /* NULL once detached (or the socket is gone) */
    int fd;                 /* s's ZMQ_FD: wait for it to be readable */
    int wanted;             /* ZMQX_POLLIN | ZMQX_POLLOUT */
    int dirty;              /* read ZMQ_EVENTS before waiting */
    /* Called when dirty goes from 0 to 1 (the loop queues the record), and
     * when the socket is destroyed (the record is detached already). */
    void (*on_dirty)(zmqx__ready_t *r);
    void (*on_gone)(zmqx__ready_t *r);
};

/* Attach r to s for wanted events, owned by owner; r starts dirty (on_dirty
 * is not called). 0, or -1 with EINVAL (a thread-safe draft socket has no
 * ZMQ_FD), ENOTSOCK, EPERM, ETERM, ENOMEM; error filled for op. */
ZMQX_HIDDEN int zmqx__ready_attach(zmqx__ready_t *r, zmqx_socket_t *s, int wanted, void *owner,
                                   const char *op);
/* events for a loop or a watch: ZMQX_POLLIN, ZMQX_POLLOUT or both (or 0,
 * when zero_ok). 0, or -1 with EINVAL filled for op. */
ZMQX_HIDDEN int zmqx__ready_check_events(int events, int zero_ok, const char *op);
/* zmqx__ready_events failed: fill the error (errno's code, naming r's
 * socket; ETERM: "context was shut down") for op. -1. */
ZMQX_HIDDEN int zmqx__ready_fail(const zmqx__ready_t *r, const char *op);
/* The record owner attached to s, or NULL. */
ZMQX_HIDDEN zmqx__ready_t *zmqx__ready_find(zmqx_socket_t *s, const void *owner);
/* Take r off its socket (if it still has one). */
ZMQX_HIDDEN void zmqx__ready_detach(zmqx__ready_t *r);
/* The fd woke, or something else says the events may have changed. */
ZMQX_HIDDEN void zmqx__ready_mark(zmqx__ready_t *r);
/* Read ZMQ_EVENTS: the wanted events there now (0: none), and r stays dirty
 * while there are some. -1 with the libzmq error in errno (ETERM: its
 * context was shut down) and r left dirty; nothing filled. */
ZMQX_HIDDEN int zmqx__ready_events(zmqx__ready_t *r);

#endif
