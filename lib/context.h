/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the context's state and its socket list (lib/ctx.c) (private). */
#ifndef ZMQX_CONTEXT_H
#define ZMQX_CONTEXT_H

#include "base.h"
#include "fork.h"
#include <pthread.h>
#include <sys/types.h>

struct zmqx_ctx {
    void *handle;              /* libzmq context; NULL once terminated */
    pthread_mutex_t lock;      /* guards the socket list */
    struct zmqx_socket *sockets; /* open sockets (doubly linked) */
    int nsockets;
    /* The options any thread may set while others make sockets (the
     * context is thread-safe): atomic, so every read is a whole value. */
    _Atomic int linger_ms;     /* ZMQX_CTX_LINGER */
    _Atomic int timeout_ms;    /* ZMQX_CTX_TIMEOUT */
    _Atomic int timeout_set;   /* ZMQX_CTX_TIMEOUT was set (for the timeout error) */
    _Atomic int shut;          /* zmqx_ctx_shutdown was called */
    int is_default;
    _Atomic int thread_check;  /* ZMQX_CTX_THREAD_CHECK for new sockets */
    _Atomic int warn_leaks;    /* ZMQX_CTX_WARN_LEAKS */
    zmqx__origin_t origin;     /* made before a fork()? (lib/fork.h) */
    struct zmqx_ctx *reg_prev, *reg_next; /* the live contexts (lib/ctx.c) */
    int nbodies;               /* actor bodies still running (under lock) */
    pthread_cond_t bodies_gone; /* nbodies fell to 0 */
};

/* ctx itself, or the default context for NULL; NULL (error set) on failure. */
ZMQX_HIDDEN zmqx_ctx_t *zmqx__ctx_resolve(zmqx_ctx_t *ctx, const char *op);
ZMQX_HIDDEN void zmqx__ctx_add_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);
ZMQX_HIDDEN void zmqx__ctx_remove_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);
/* An actor's body starts or has ended (its sockets closed) in ctx:
 * zmqx_ctx_destroy, after its shutdown, waits for every body to end before
 * it closes the sockets left, so that it never closes one a body uses. */
ZMQX_HIDDEN void zmqx__ctx_body_enter(zmqx_ctx_t *ctx);
ZMQX_HIDDEN void zmqx__ctx_body_leave(zmqx_ctx_t *ctx);

#endif
