/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: glib (libzmqx-glib, include/zmqx/glib.h): the readiness
 * rule's pitfalls (tu_watch.h) through the GLib source, and the source's
 * own errors, stops and ends. */
#define TU_CTX_FIXTURE
#include "testutil.h"
#include "tu_watch.h"

#include <zmqx/glib.h>

/* ---- the driver: a GMainContext, the sources it started ---------------- */

#define GL_WATCHES 8
#define GL_TIMERS 32

typedef struct gl_timer {
    GSource *source; /* NULL: free */
    void (*cb)(void *);
    void *arg;
} gl_timer_t;

typedef struct gl {
    GMainContext *ctx;
    zmqx_watch_t *w[GL_WATCHES];
    GSource *src[GL_WATCHES];
    gl_timer_t t[GL_TIMERS];
} gl_t;

static void *gl_open(void)
{
    gl_t *l = calloc(1, sizeof *l);
    ck_assert_ptr_nonnull(l);
    l->ctx = g_main_context_new();
    return l;
}

static int gl_start(void *loop, zmqx_watch_t *w)
{
    gl_t *l = loop;
    for (int i = 0; i < GL_WATCHES; i++)
        if (l->src[i] == NULL) {
            l->src[i] = zmqx_glib_watch_source(w);
            if (l->src[i] == NULL)
                return -1;
            l->w[i] = w;
            g_source_attach(l->src[i], l->ctx);
            return 0;
        }
    return -1;
}

/* Destroy w's source and drop the driver's reference (0 also when w has
 * none). */
static int gl_stop(zmqx_watch_t *w)
{
    gl_t *l = tu_loop;
    for (int i = 0; i < GL_WATCHES; i++)
        if (l->src[i] != NULL && l->w[i] == w) {
            g_source_destroy(l->src[i]);
            g_source_unref(l->src[i]);
            l->src[i] = NULL;
        }
    return 0;
}

static void gl_iterate(void *loop)
{
    g_main_context_iteration(((gl_t *) loop)->ctx, TRUE);
}

static gboolean gl_fire(gpointer arg)
{
    gl_timer_t *t = arg, copy = *t;
    t->cb = NULL; /* its source goes when the slot is reused or closed */
    int saved = errno;
    copy.cb(copy.arg);
    errno = saved;
    return G_SOURCE_REMOVE;
}

static void gl_timer(void *loop, int ms, void (*cb)(void *), void *arg)
{
    gl_t *l = loop;
    for (int i = 0; i < GL_TIMERS; i++)
        if (l->t[i].cb == NULL) {
            if (l->t[i].source != NULL)
                g_source_unref(l->t[i].source);
            l->t[i] = (gl_timer_t) { g_timeout_source_new((guint) ms), cb, arg };
            g_source_set_callback(l->t[i].source, gl_fire, &l->t[i], NULL);
            g_source_attach(l->t[i].source, l->ctx);
            return;
        }
    ck_abort_msg("out of timers");
}

/* 0 when, its timers dropped, the context has nothing of a watch left:
 * every source the driver started was destroyed (by a stop, or by itself)
 * and an iteration that may not block dispatches nothing. */
static int gl_close(void *loop)
{
    gl_t *l = loop;
    int left = 0;
    for (int i = 0; i < GL_TIMERS; i++)
        if (l->t[i].source != NULL) {
            g_source_destroy(l->t[i].source);
            g_source_unref(l->t[i].source);
        }
    for (int i = 0; i < GL_WATCHES; i++)
        if (l->src[i] != NULL) {
            left += !g_source_is_destroyed(l->src[i]);
            g_source_destroy(l->src[i]);
            g_source_unref(l->src[i]);
        }
    if (g_main_context_iteration(l->ctx, FALSE))
        left++;
    g_main_context_unref(l->ctx);
    free(l);
    return left == 0 ? 0 : -1;
}

static const tu_loop_ops_t glib_ops = {
    "glib", gl_open, gl_start, gl_stop, gl_iterate, gl_timer, gl_close,
};

/* ---- the source's own behaviour ----------------------------------------- */

static GMainContext *gctx;

static void setup(void)
{
    tu_ctx_setup();
    gctx = g_main_context_new();
}

static void teardown(void)
{
    g_main_context_unref(gctx);
    tu_ctx_teardown();
}

static int finalized;

static void count_finalized(GSource *source)
{
    (void) source;
    finalized++;
}

/* A new source for w, attached to gctx, whose finalization is counted. */
static GSource *attach(zmqx_watch_t *w)
{
    GSource *src = zmqx_glib_watch_source(w);
    ck_assert_ptr_nonnull(src);
    g_source_set_dispose_function(src, count_finalized);
    g_source_attach(src, gctx);
    g_source_unref(src);
    return src;
}

/* Nothing is left in gctx: no source of ours, an iteration dispatches
 * nothing. */
static void assert_context_ends(int finalized_expected)
{
    ck_assert_int_eq(finalized, finalized_expected);
    ck_assert(!g_main_context_iteration(gctx, FALSE));
}

START_TEST(source_errors_and_stops)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    finalized = 0;
    errno = 0;
    ck_assert_ptr_null(zmqx_glib_watch_source(NULL));
    ck_assert_int_eq(errno, EINVAL);
    tu_assert_error(EINVAL, "glib_watch_source: watch is NULL");
    GSource *src = attach(w);
    errno = 0;
    ck_assert_ptr_null(zmqx_glib_watch_source(w));
    ck_assert_int_eq(errno, EEXIST);
    tu_assert_error(EEXIST, "glib_watch_source: the watch is started already");
    g_source_destroy(src); /* stops, and frees: the context held the last reference */
    assert_context_ends(1);
    guint id = g_source_get_id(attach(w)); /* w is free for a new source */
    zmqx_socket_destroy(&s); /* GONE: the source destroys itself */
    ck_assert_ptr_null(g_main_context_find_source_by_id(gctx, id));
    assert_context_ends(2);
    errno = 0;
    ck_assert_ptr_null(zmqx_glib_watch_source(w));
    ck_assert_int_eq(errno, ENOTSOCK);
    tu_assert_error(ENOTSOCK, "destroyed");
    zmqx_watch_destroy(&w);
}
END_TEST

static GSource *to_destroy;

static int destroy_source_in_fn(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) w;
    (void) s;
    (void) events;
    ++*(int *) arg;
    g_source_destroy(to_destroy);
    g_source_destroy(to_destroy); /* twice */
    return 0;
}

/* The source destroyed inside fn, messages left: fn is not called again,
 * the context is empty. */
START_TEST(destroyed_inside_fn)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_send(push, "1");
    tu_sleep_ms(50);
    int calls = 0;
    finalized = 0;
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, destroy_source_in_fn, &calls);
    to_destroy = attach(w);
    ck_assert(g_main_context_iteration(gctx, FALSE));
    ck_assert_int_eq(calls, 1);
    assert_context_ends(1);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* The context shut down while the GLib context waits: the dispatch fails
 * with ETERM, the source removes itself, the error stays. */
START_TEST(context_shutdown_removes_the_source)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    tu_seen_t seen = { 0 };
    zmqx_watch_t *w = zmqx_watch_new(s, ZMQX_POLLIN, tu_watch_fn, &seen);
    finalized = 0;
    attach(w);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, tu_shutdown_later, ctx), 0);
    long long until = tu_now_ms() + 5000;
    while (finalized == 0 && tu_now_ms() < until)
        g_main_context_iteration(gctx, TRUE);
    pthread_join(th, NULL);
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "context was shut down");
    ck_assert_int_eq(seen.calls, 0);
    assert_context_ends(1);
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&s);
}
END_TEST

/* fn returns -1: the source removes itself, the error stays; the watch is
 * free for a new source. */
START_TEST(fn_error_removes_the_source)
{
    zmqx_socket_t *push, *pull;
    tu_push_pull(ctx, &push, &pull, 0);
    tu_send(push, "0");
    tu_sleep_ms(50);
    tu_seen_t seen = { .fail_at = 1 };
    finalized = 0;
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, tu_watch_fn, &seen);
    attach(w);
    ck_assert(g_main_context_iteration(gctx, FALSE));
    ck_assert_int_eq(errno, EPROTO);
    ck_assert_int_eq(seen.calls, 1);
    assert_context_ends(1);
    attach(w);
    ck_assert(g_main_context_iteration(gctx, FALSE)); /* "0" is still there */
    ck_assert_int_eq(seen.received, 1);
    zmqx_watch_destroy(&w); /* GONE: the source goes */
    assert_context_ends(2);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("glib");
    TCase *tc = tu_tcase(s, "source", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, source_errors_and_stops);
    tcase_add_test(tc, destroyed_inside_fn);
    tcase_add_test(tc, context_shutdown_removes_the_source);
    tcase_add_test(tc, fn_error_removes_the_source);
    tu_watch_cases(s, &glib_ops);
    return tu_run(s, 300);
}
