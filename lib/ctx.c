/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — context: a libzmq context plus the list of its open sockets. */
#include "context.h"
#include "fail.h"
#include "sock.h"
#include "deadline.h"
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* The default context: made at the first use, and again at the first use
 * in a forked child (pthread_once could not run twice). default_lock
 * guards the making; the pointer is atomic for the callers that find it. */
static _Atomic(zmqx_ctx_t *) default_ctx;
static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static int default_at_exit;  /* atexit(default_release) was called */
static int default_released; /* default_release freed it: none from now on */

/* Every live context, for the fork handlers (lock order: lib/fork.c). */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static zmqx_ctx_t *registry;

static void registry_add(zmqx_ctx_t *ctx)
{
    pthread_mutex_lock(&registry_lock);
    ctx->reg_prev = NULL;
    ctx->reg_next = registry;
    if (registry != NULL)
        registry->reg_prev = ctx;
    registry = ctx;
    pthread_mutex_unlock(&registry_lock);
}

static void registry_remove(zmqx_ctx_t *ctx)
{
    pthread_mutex_lock(&registry_lock);
    if (ctx->reg_prev != NULL)
        ctx->reg_prev->reg_next = ctx->reg_next;
    else if (registry == ctx)
        registry = ctx->reg_next;
    if (ctx->reg_next != NULL)
        ctx->reg_next->reg_prev = ctx->reg_prev;
    ctx->reg_prev = ctx->reg_next = NULL;
    pthread_mutex_unlock(&registry_lock);
}

/* prepare: the default's lock, the registry's, each context's, each of
 * its sockets' observers_lock (a child destroying an observer of a socket
 * made before the fork takes it). */
void zmqx__ctx_fork_lock(void)
{
    pthread_mutex_lock(&default_lock);
    pthread_mutex_lock(&registry_lock);
    for (zmqx_ctx_t *ctx = registry; ctx != NULL; ctx = ctx->reg_next)
        pthread_mutex_lock(&ctx->lock);
    for (zmqx_ctx_t *ctx = registry; ctx != NULL; ctx = ctx->reg_next)
        for (zmqx_socket_t *s = ctx->sockets; s != NULL; s = s->next)
            pthread_mutex_lock(&s->observers_lock);
}

/* parent and child: release them; the child also sends every socket's
 * calls out of line to fail (ZMQX__SLOW_FORKED) and forgets the default
 * context, so that the next use makes one of its own. */
void zmqx__ctx_fork_unlock(int child)
{
    for (zmqx_ctx_t *ctx = registry; ctx != NULL; ctx = ctx->reg_next)
        for (zmqx_socket_t *s = ctx->sockets; s != NULL; s = s->next) {
            if (child)
                s->slow |= ZMQX__SLOW_FORKED;
            pthread_mutex_unlock(&s->observers_lock);
        }
    for (zmqx_ctx_t *ctx = registry; ctx != NULL; ctx = ctx->reg_next)
        pthread_mutex_unlock(&ctx->lock);
    if (child)
        atomic_store(&default_ctx, NULL);
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_unlock(&default_lock);
}

static int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

static zmqx_ctx_t *ctx_make(void)
{
    zmqx_ctx_t *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return zmqx__fail_null("ctx_new", NULL, ENOMEM, NULL);
    ctx->handle = zmq_ctx_new();
    if (ctx->handle == NULL) {
        zmqx__fail_zmq("ctx_new", NULL);
        free(ctx);
        return NULL;
    }
    pthread_mutex_init(&ctx->lock, NULL);
    pthread_cond_init(&ctx->bodies_gone, NULL);
    ctx->linger_ms = ZMQX_DEFAULT_LINGER_MS;
    ctx->timeout_ms = ZMQX_DEFAULT_TIMEOUT_MS;
    ctx->thread_check = env_flag("ZMQX_THREAD_CHECK");
    ctx->warn_leaks = env_flag("ZMQX_WARN_LEAKS");
    zmqx__origin_init(&ctx->origin);
    registry_add(ctx);
    return ctx;
}

/* Forget ctx (its libzmq context is gone, or the parent's) and free it. In
 * a forked child its lock and condition variable are left as they are: a
 * thread of the parent may have waited on bodies_gone, and destroying it
 * would wait for that thread for ever. */
static void ctx_free(zmqx_ctx_t *ctx)
{
    registry_remove(ctx);
    ctx->handle = NULL;
    if (!zmqx__forked(&ctx->origin)) {
        pthread_cond_destroy(&ctx->bodies_gone);
        pthread_mutex_destroy(&ctx->lock);
    }
    free(ctx);
}

zmqx_ctx_t *zmqx_ctx_new(void)
{
    return ctx_make();
}

/* After the shutdown: wait for the actors' bodies, which the shutdown ends
 * (their calls fail with ETERM), to return and close their sockets. */
static void wait_bodies(zmqx_ctx_t *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    while (ctx->nbodies > 0)
        pthread_cond_wait(&ctx->bodies_gone, &ctx->lock);
    pthread_mutex_unlock(&ctx->lock);
}

void zmqx__ctx_body_enter(zmqx_ctx_t *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    ctx->nbodies++;
    pthread_mutex_unlock(&ctx->lock);
}

void zmqx__ctx_body_leave(zmqx_ctx_t *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    if (--ctx->nbodies == 0)
        pthread_cond_broadcast(&ctx->bodies_gone);
    pthread_mutex_unlock(&ctx->lock);
}

/* Close every socket still open and mark it closed (the objects stay valid
 * until their owner destroys them). */
static void close_all_sockets(zmqx_ctx_t *ctx, int really_close)
{
    pthread_mutex_lock(&ctx->lock);
    if (ctx->warn_leaks && ctx->nsockets > 0) {
        fprintf(stderr, "zmqx: context destroyed with %d socket(s) still open:", ctx->nsockets);
        for (zmqx_socket_t *s = ctx->sockets; s != NULL; s = s->next)
            fprintf(stderr, " %s%s%s", zmqx__type_name(s->type), s->endpoint[0] ? "@" : "",
                    s->endpoint);
        fprintf(stderr, "\n");
    }
    for (zmqx_socket_t *s = ctx->sockets, *next; s != NULL; s = next) {
        next = s->next;
        if (really_close && s->handle)
            zmq_close(s->handle);
        s->handle = NULL;
        s->ctx = NULL;
        s->prev = s->next = NULL;
    }
    ctx->sockets = NULL;
    ctx->nsockets = 0;
    pthread_mutex_unlock(&ctx->lock);
}

/* ---- the default context at exit: terminated, but never hanging ---- */

/* How much longer than the linger the termination at exit may take: libzmq's
 * own work of closing pipes and joining its threads. */
#define EXIT_GRACE_MS 200

/* The termination of the default context at exit, on a thread of its own.
 * Static, because it outlives the atexit handler when that gives up. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t done_cond; /* on CLOCK_MONOTONIC, made in term_within */
    void *handle;
    int done;
} exit_term = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void *exit_term_main(void *arg)
{
    (void) arg;
    while (zmq_ctx_term(exit_term.handle) != 0 && zmq_errno() == EINTR) {
    }
    pthread_mutex_lock(&exit_term.lock);
    exit_term.done = 1;
    pthread_cond_signal(&exit_term.done_cond);
    pthread_mutex_unlock(&exit_term.lock);
    return NULL;
}

/* Terminate a libzmq context on a thread of its own (signals blocked) and
 * wait at most wait_ms for it: 1 when it ended, 0 when zmqx gave up and
 * left the thread to the end of the process (zmq_ctx_term waits for every
 * closed socket's linger, forever for -1, and cannot be cut short). */
static int term_within(void *handle, long long wait_ms)
{
    zmqx__cond_init(&exit_term.done_cond);
    exit_term.handle = handle;
    pthread_t t;
    if (zmqx__thread_start(&t, "zmqx-exit", exit_term_main, NULL) != 0)
        return 0;
    int64_t deadline = zmqx__now_ms() + wait_ms;
    pthread_mutex_lock(&exit_term.lock);
    int rc = 0;
    while (!exit_term.done && rc != ETIMEDOUT)
        rc = zmqx__cond_wait_until(&exit_term.done_cond, &exit_term.lock, deadline);
    int done = exit_term.done;
    pthread_mutex_unlock(&exit_term.lock);
    if (done)
        pthread_join(t, NULL);
    else
        pthread_detach(t);
    return done;
}

/* atexit: end the default context without ever hanging the exit. With
 * sockets still open (maybe used by other threads) it is only shut down;
 * otherwise it is terminated within the context's linger (1000 ms when
 * that is -1) plus EXIT_GRACE_MS, or left to the operating system. */
static void default_release(void)
{
    zmqx_ctx_t *ctx = default_ctx;
    if (ctx == NULL || ctx->handle == NULL || zmqx__forked(&ctx->origin))
        return;
    pthread_mutex_lock(&ctx->lock);
    int open = ctx->nsockets;
    pthread_mutex_unlock(&ctx->lock);
    zmq_ctx_shutdown(ctx->handle);
    if (open > 0)
        return;
    int linger = ctx->linger_ms;
    long long wait_ms = (linger >= 0 ? linger : ZMQX_DEFAULT_LINGER_MS) + (long long) EXIT_GRACE_MS;
    if (!term_within(ctx->handle, wait_ms))
        return;
    pthread_mutex_lock(&default_lock);
    default_ctx = NULL;
    default_released = 1;
    pthread_mutex_unlock(&default_lock);
    ctx_free(ctx);
}

/* Make the default context if there is none (the first use, or the first
 * in a forked child); NULL if it cannot be made. */
static zmqx_ctx_t *default_make(void)
{
    pthread_mutex_lock(&default_lock);
    zmqx_ctx_t *ctx = default_ctx;
    if (ctx == NULL && !default_released && (ctx = ctx_make()) != NULL) {
        ctx->is_default = 1;
        if (!default_at_exit)
            default_at_exit = atexit(default_release) == 0;
        atomic_store(&default_ctx, ctx);
    }
    pthread_mutex_unlock(&default_lock);
    return ctx;
}

zmqx_ctx_t *zmqx_ctx_default(void)
{
    zmqx_ctx_t *ctx = atomic_load(&default_ctx);
    if (ctx == NULL && (ctx = default_make()) == NULL)
        return zmqx__fail_null("ctx_default", NULL, ENOMEM, "cannot create the default context");
    return ctx;
}

zmqx_ctx_t *zmqx__ctx_resolve(zmqx_ctx_t *ctx, const char *op)
{
    if (ctx == NULL)
        ctx = zmqx_ctx_default();
    if (ctx == NULL)
        return NULL;
    if (zmqx__forked(&ctx->origin)) {
        zmqx__fail_forked(op, NULL, "context");
        return NULL;
    }
    if (ctx->handle == NULL)
        return zmqx__fail_null(op, NULL, ETERM, "context was terminated");
    return ctx;
}

int zmqx_ctx_set(zmqx_ctx_t *ctx, int option, int value)
{
    ctx = zmqx__ctx_resolve(ctx, "ctx_set");
    if (ctx == NULL)
        return -1;
    if (option == ZMQX_CTX_LINGER) {
        if (value < -1)
            return zmqx__fail("ctx_set", NULL, EINVAL, "linger %d out of range (-1 or >= 0)", value);
        ctx->linger_ms = value;
        return 0;
    }
    if (option == ZMQX_CTX_TIMEOUT) {
        if (value < -1)
            return zmqx__fail("ctx_set", NULL, EINVAL, "timeout %d ms out of range (-1 or >= 0)",
                              value);
        ctx->timeout_ms = value;
        ctx->timeout_set = 1;
        return 0;
    }
    if (option == ZMQX_CTX_THREAD_CHECK || option == ZMQX_CTX_WARN_LEAKS) {
        if (value != 0 && value != 1)
            return zmqx__fail("ctx_set", NULL, EINVAL, "option %d takes 0 or 1, not %d", option,
                              value);
        *(option == ZMQX_CTX_THREAD_CHECK ? &ctx->thread_check : &ctx->warn_leaks) = value;
        return 0;
    }
    if (zmq_ctx_set(ctx->handle, option, value) != 0)
        return zmqx__fail("ctx_set", NULL, zmq_errno(), "option %d = %d: %s", option, value,
                          zmq_strerror(zmq_errno()));
    return 0;
}

/* zmqx_ctx_get_int, failing as op. */
static int ctx_get(const char *op, zmqx_ctx_t *ctx, int option, int *value)
{
    if (value == NULL)
        return zmqx__fail(op, NULL, EFAULT, "value is NULL");
    ctx = zmqx__ctx_resolve(ctx, op);
    if (ctx == NULL)
        return -1;
    if (option == ZMQX_CTX_LINGER)
        *value = ctx->linger_ms;
    else if (option == ZMQX_CTX_TIMEOUT)
        *value = ctx->timeout_ms;
    else if (option == ZMQX_CTX_THREAD_CHECK)
        *value = ctx->thread_check;
    else if (option == ZMQX_CTX_WARN_LEAKS)
        *value = ctx->warn_leaks;
    else {
        /* -1 is a value for some libzmq options (ZMQ_THREAD_SCHED_POLICY):
         * only an errno set by libzmq tells a failure. */
        int saved = errno;
        errno = 0;
        int v = zmq_ctx_get(ctx->handle, option);
        if (v == -1 && zmq_errno() != 0)
            return zmqx__fail(op, NULL, zmq_errno(), "option %d: %s", option,
                              zmq_strerror(zmq_errno()));
        errno = saved;
        *value = v;
    }
    return 0;
}

int zmqx_ctx_get_int(zmqx_ctx_t *ctx, int option, int *value)
{
    return ctx_get("ctx_get_int", ctx, option, value);
}

int zmqx_ctx_get(zmqx_ctx_t *ctx, int option)
{
    int v = -1;
    ctx_get("ctx_get", ctx, option, &v);
    return v;
}

int zmqx_ctx_shutdown(zmqx_ctx_t *ctx)
{
    ctx = zmqx__ctx_resolve(ctx, "ctx_shutdown");
    if (ctx == NULL)
        return -1;
    ctx->shut = 1;
    if (zmq_ctx_shutdown(ctx->handle) != 0)
        return zmqx__fail_zmq("ctx_shutdown", NULL);
    return 0;
}

void zmqx_ctx_destroy(zmqx_ctx_t **ctxp)
{
    if (ctxp == NULL || *ctxp == NULL)
        return;
    zmqx_ctx_t *ctx = *ctxp;
    *ctxp = NULL;
    if (ctx->is_default && !zmqx__forked(&ctx->origin))
        return; /* (a forked child may free the parent's default) */
    if (zmqx__forked(&ctx->origin)) {
        /* A forked child: the libzmq state belongs to the parent. */
        close_all_sockets(ctx, 0);
    } else if (ctx->handle) {
        zmq_ctx_shutdown(ctx->handle);
        wait_bodies(ctx);
        close_all_sockets(ctx, 1);
        while (zmq_ctx_term(ctx->handle) != 0 && zmq_errno() == EINTR) {
        }
    }
    ctx_free(ctx);
}

void *zmqx_ctx_handle(zmqx_ctx_t *ctx)
{
    ctx = zmqx__ctx_resolve(ctx, "ctx_handle");
    return ctx ? ctx->handle : NULL;
}

void zmqx__ctx_add_socket(zmqx_ctx_t *ctx, zmqx_socket_t *s)
{
    pthread_mutex_lock(&ctx->lock);
    s->prev = NULL;
    s->next = ctx->sockets;
    if (ctx->sockets)
        ctx->sockets->prev = s;
    ctx->sockets = s;
    ctx->nsockets++;
    pthread_mutex_unlock(&ctx->lock);
}

void zmqx__ctx_remove_socket(zmqx_ctx_t *ctx, zmqx_socket_t *s)
{
    pthread_mutex_lock(&ctx->lock);
    if (s->prev)
        s->prev->next = s->next;
    else if (ctx->sockets == s)
        ctx->sockets = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->prev = s->next = NULL;
    ctx->nsockets--;
    pthread_mutex_unlock(&ctx->lock);
}
