/* zmqx — context: a libzmq context plus the list of its open sockets. */
#include "context.h"
#include "fail.h"
#include "sock.h"
#include "deadline.h"
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static zmqx_ctx_t *default_ctx;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

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
    ctx->pid = getpid();
    return ctx;
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
    if (ctx == NULL || ctx->handle == NULL || ctx->pid != getpid())
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
    ctx->handle = NULL;
    pthread_cond_destroy(&ctx->bodies_gone);
    pthread_mutex_destroy(&ctx->lock);
    default_ctx = NULL;
    free(ctx);
}

static void default_init(void)
{
    default_ctx = ctx_make();
    if (default_ctx) {
        default_ctx->is_default = 1;
        atexit(default_release);
    }
}

zmqx_ctx_t *zmqx_ctx_default(void)
{
    pthread_once(&default_once, default_init);
    if (default_ctx == NULL)
        return zmqx__fail_null("ctx_default", NULL, ENOMEM, "cannot create the default context");
    return default_ctx;
}

zmqx_ctx_t *zmqx__ctx_resolve(zmqx_ctx_t *ctx, const char *op)
{
    if (ctx == NULL)
        ctx = zmqx_ctx_default();
    if (ctx == NULL)
        return NULL;
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
    if (ctx->pid != getpid())
        return 0;
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
    if (ctx->is_default)
        return;
    if (ctx->pid != getpid()) {
        /* A forked child: the libzmq state belongs to the parent. */
        close_all_sockets(ctx, 0);
    } else if (ctx->handle) {
        zmq_ctx_shutdown(ctx->handle);
        wait_bodies(ctx);
        close_all_sockets(ctx, 1);
        while (zmq_ctx_term(ctx->handle) != 0 && zmq_errno() == EINTR) {
        }
    }
    ctx->handle = NULL;
    pthread_cond_destroy(&ctx->bodies_gone);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
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
