/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — actor: a body function on a thread of its own, talking to its
 * caller over a PAIR pipe on a unique inproc endpoint.
 *
 * The caller binds its end; the body's thread makes and connects its own
 * end, so each end belongs to its thread (ZMQX_CTX_THREAD_CHECK). The
 * handshake and the end of the body go through a mutex and a condition
 * variable, not the pipe: the pipe carries only what the two sides send
 * each other (and ZMQX_ACTOR_STOP). The body's error crosses to the caller
 * as a saved zmqx_error_t. The context counts running bodies, so that
 * zmqx_ctx_destroy waits for them (after its shutdown ends them) before it
 * closes the sockets they may still use. */
#include "context.h"
#include "deadline.h"
#include "fail.h"
#include "thread.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct zmqx_actor {
    zmqx_socket_t *pipe;      /* the caller's end */
    zmqx_socket_t *body_pipe; /* the body's end: its thread only */
    zmqx_ctx_t *ctx;          /* the body's thread leaves it when it ends */
    zmqx_actor_fn *fn;
    void *arg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;   /* ready or done (CLOCK_MONOTONIC) */
    int ready, done;          /* under lock */
    int rc;                   /* the body's return value, once done */
    int failed;               /* the body returned -1 leaving error, err */
    int err;                  /* the errno it left */
    zmqx_error_t error;
    zmqx__origin_t origin;    /* made before a fork()? */
    char endpoint[64];
};

/* The actor whose body runs on this thread. */
static _Thread_local zmqx_actor_t *current;

/* ---- the body's thread ---- */

/* Keep what the body left when it returned rc: its error, when it
 * returned -1 with one (errno or a zmqx error). */
static void keep_result(zmqx_actor_t *a, int rc)
{
    int err = errno;
    a->rc = rc;
    if (rc != -1 || (err == 0 && zmqx_last_error()->code == 0))
        return;
    if (zmqx_last_error()->code == 0)
        zmqx__fail("actor", NULL, err, NULL); /* errno only: give it a message */
    zmqx__error_save(&a->error);
    a->err = err != 0 ? err : a->error.code;
    a->failed = 1;
}

static void set_flag(zmqx_actor_t *a, int *flag)
{
    pthread_mutex_lock(&a->lock);
    *flag = 1;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->lock);
}

static void *actor_main(void *arg)
{
    zmqx_actor_t *a = arg;
    zmqx_ctx_t *ctx = a->ctx;
    zmqx_socket_t *pipe = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    a->body_pipe = pipe; /* (where a forked child finds it: actor_free) */
    int rc = -1;
    if (pipe != NULL && zmqx_socket_connect(pipe, a->endpoint) == 0) {
        current = a;
        errno = 0;
        zmqx_error_clear();
        rc = a->fn(pipe, a->arg);
        current = NULL;
    }
    keep_result(a, rc);
    zmqx_socket_destroy(&a->body_pipe);
    set_flag(a, &a->done); /* a stays until joined; ctx until it is left */
    zmqx__ctx_body_leave(ctx);
    return NULL;
}

int zmqx_actor_ready(zmqx_socket_t *pipe)
{
    zmqx_actor_t *a = current;
    if (pipe == NULL)
        return zmqx__fail("actor_ready", NULL, EINVAL, "pipe is NULL");
    if (a == NULL || pipe != a->body_pipe)
        return zmqx__fail("actor_ready", NULL, EINVAL,
                          "not the pipe of the actor whose body runs on this thread");
    if (!a->ready)
        set_flag(a, &a->ready);
    return 0;
}

/* ---- the caller's side ---- */

/* Free a (its body has ended and been joined, or runs in the parent of
 * this forked child: then the body's end of the pipe is freed here, if the
 * body had not begun to destroy it, and a's lock and condition variable
 * are left as the fork found them, since destroying a condition variable
 * that a thread of the parent waited on would wait for it for ever). */
static void actor_free(zmqx_actor_t *a)
{
    zmqx_socket_destroy(&a->pipe);
    if (zmqx__forked(&a->origin))
        zmqx_socket_destroy(&a->body_pipe);
    else {
        pthread_cond_destroy(&a->changed);
        pthread_mutex_destroy(&a->lock);
    }
    free(a);
}

/* 0 if a is usable for op: not NULL (EINVAL), not made before a fork()
 * (ESTALE: its body's thread is the parent's). */
static int check_actor(const zmqx_actor_t *a, const char *op)
{
    if (a == NULL)
        return zmqx__fail(op, NULL, EINVAL, "actor is NULL");
    return zmqx__origin_check(&a->origin, op, "actor");
}

/* A new actor with its caller's end bound, not started. */
static zmqx_actor_t *actor_make(zmqx_ctx_t *ctx, zmqx_actor_fn *fn, void *arg)
{
    static atomic_ulong serial;
    zmqx_actor_t *a = calloc(1, sizeof *a);
    if (a == NULL)
        return zmqx__fail_null("actor_new", NULL, ENOMEM, NULL);
    snprintf(a->endpoint, sizeof a->endpoint, "inproc://zmqx-actor-%ld-%lu", (long) getpid(),
             atomic_fetch_add(&serial, 1));
    a->pipe = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    if (a->pipe == NULL || zmqx_socket_bind(a->pipe, a->endpoint) < 0) {
        int code = errno;
        zmqx_socket_destroy(&a->pipe);
        free(a);
        errno = code;
        return NULL;
    }
    a->ctx = ctx;
    a->fn = fn;
    a->arg = arg;
    zmqx__origin_init(&a->origin);
    pthread_mutex_init(&a->lock, NULL);
    zmqx__cond_init(&a->changed);
    return a;
}

/* The body's result for op: its return value, or -1 with its error. */
static int body_result(zmqx_actor_t *a, const char *op, const char *none)
{
    if (a->failed) {
        zmqx__error_restore(&a->error);
        errno = a->err;
        return -1;
    }
    if (a->rc == -1 || none != NULL)
        return zmqx__fail(op, NULL, ECANCELED, "%s", none ? none : "actor ended with -1 and no error");
    return a->rc;
}

zmqx_actor_t *zmqx_actor_new(zmqx_ctx_t *ctx, zmqx_actor_fn *fn, void *arg)
{
    if (fn == NULL)
        return zmqx__fail_null("actor_new", NULL, EINVAL, "fn is NULL");
    ctx = zmqx__ctx_resolve(ctx, "actor_new");
    zmqx_actor_t *a = ctx ? actor_make(ctx, fn, arg) : NULL;
    if (a == NULL)
        return NULL;
    zmqx__ctx_body_enter(ctx);
    int rc = zmqx__thread_start(&a->thread, "zmqx-actor", actor_main, a);
    if (rc != 0) {
        zmqx__ctx_body_leave(ctx);
        actor_free(a);
        return zmqx__fail_null("actor_new", NULL, rc, "cannot start the actor's thread: %s",
                               strerror(rc));
    }
    pthread_mutex_lock(&a->lock);
    while (!a->ready && !a->done)
        pthread_cond_wait(&a->changed, &a->lock);
    int ready = a->ready;
    pthread_mutex_unlock(&a->lock);
    if (ready)
        return a;
    pthread_join(a->thread, NULL);
    body_result(a, "actor_new", "actor ended before it was ready");
    int code = errno;
    actor_free(a);
    errno = code;
    return NULL;
}

zmqx_socket_t *zmqx_actor_pipe(zmqx_actor_t *actor)
{
    if (check_actor(actor, "actor_pipe") != 0)
        return NULL;
    return actor->pipe;
}

/* Wait up to timeout_ms (-1: forever) for the body to end: 1 once it has. */
static int wait_done(zmqx_actor_t *a, int timeout_ms)
{
    int64_t deadline = timeout_ms > 0 ? zmqx__now_ms() + timeout_ms : 0;
    pthread_mutex_lock(&a->lock);
    int rc = 0;
    while (!a->done && timeout_ms != 0 && rc != ETIMEDOUT)
        rc = timeout_ms < 0 ? pthread_cond_wait(&a->changed, &a->lock)
                            : zmqx__cond_wait_until(&a->changed, &a->lock, deadline);
    int done = a->done;
    pthread_mutex_unlock(&a->lock);
    return done;
}

int zmqx_actor_wait(zmqx_actor_t *actor, int timeout_ms)
{
    if (check_actor(actor, "actor_wait") != 0)
        return -1;
    if (timeout_ms < -1)
        return zmqx__fail("actor_wait", NULL, EINVAL,
                          "timeout %d ms out of range (-1 = forever, >= 0)", timeout_ms);
    if (!wait_done(actor, timeout_ms))
        return zmqx__fail_timeout("actor_wait", NULL, timeout_ms);
    return body_result(actor, "actor_wait", NULL);
}

/* How long one try to send ZMQX_ACTOR_STOP waits for room before destroy
 * looks again whether the body has returned. */
#define STOP_TRY_MS 100

/* Send ZMQX_ACTOR_STOP while the body runs: it goes, or the body returns,
 * or the pipe cannot send at all (ETERM, ENOTSOCK, EPERM). */
static void send_stop(zmqx_actor_t *a)
{
    while (!wait_done(a, 0)) {
        if (zmqx_send_timeout(a->pipe, ZMQX_ACTOR_STOP, sizeof ZMQX_ACTOR_STOP - 1, 0,
                              STOP_TRY_MS) >= 0)
            return;
        if (errno != EAGAIN && errno != EINTR)
            return;
    }
}

void zmqx_actor_destroy(zmqx_actor_t **actorp)
{
    if (actorp == NULL || *actorp == NULL)
        return;
    zmqx_actor_t *a = *actorp;
    *actorp = NULL;
    zmqx_error_t saved;
    zmqx__error_save(&saved);
    int saved_errno = errno;
    if (!zmqx__forked(&a->origin)) { /* else the body's thread is the parent's */
        send_stop(a);
        pthread_join(a->thread, NULL);
    }
    actor_free(a);
    zmqx__error_restore(&saved);
    errno = saved_errno;
}
