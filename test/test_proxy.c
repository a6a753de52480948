/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: proxy (zmqx_proxy, and the steerable proxy: traffic both
 * ways with a capture, pause/resume, statistics, terminate, context
 * shutdown, control timeouts, signal storms, fork, error paths). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#define TU_STORM       /* tu_storm_start / tu_storm_stop */
#define TU_FORK        /* tu_in_child */
#include "testutil.h"

#define N_MSGS 10000
#define N_PLAIN 1000
#define WINDOW 200
#define N_STORM 20000

/* Under valgrind (ZMQX_TEST_VALGRIND set by CI) loads shrink 50x. */
static long scaled(long n)
{
    return getenv("ZMQX_TEST_VALGRIND") ? n / 50 : n;
}

/* A client -> ROUTER frontend -> DEALER backend -> worker chain. */
typedef struct {
    zmqx_socket_t *frontend, *backend, *capture, *capture_in, *client, *worker;
} chain_t;

static void chain_make(chain_t *c, int with_capture)
{
    memset(c, 0, sizeof *c);
    c->frontend = zmqx_socket_new(ctx, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    c->backend = zmqx_socket_new(ctx, ZMQ_DEALER, "@tcp://127.0.0.1:*");
    ck_assert_msg(c->frontend && c->backend, "%s", zmqx_strerror());
    c->client = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    ck_assert_int_eq(zmqx_socket_set_routing_id(c->client, "client-1", 8), 0);
    ck_assert_int_eq(zmqx_socket_connect(c->client, zmqx_socket_endpoint(c->frontend)), 0);
    c->worker = zmqx_socket_new(ctx, ZMQ_DEALER, zmqx_socket_endpoint(c->backend));
    ck_assert_ptr_nonnull(c->worker);
    if (with_capture) {
        /* Unbounded inproc pipe: the capture is read after the traffic. */
        c->capture = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
        ck_assert_int_eq(zmqx_socket_set_int(c->capture, ZMQ_SNDHWM, 0), 0);
        ck_assert_int_eq(zmqx_socket_bind(c->capture, "inproc://capture"), 0);
        c->capture_in = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
        ck_assert_int_eq(zmqx_socket_set_int(c->capture_in, ZMQ_RCVHWM, 0), 0);
        ck_assert_int_eq(zmqx_socket_connect(c->capture_in, "inproc://capture"), 0);
    }
}

static void chain_destroy(chain_t *c)
{
    zmqx_socket_destroy(&c->client);
    zmqx_socket_destroy(&c->worker);
    zmqx_socket_destroy(&c->capture_in);
    zmqx_socket_destroy(&c->capture);
    zmqx_socket_destroy(&c->frontend);
    zmqx_socket_destroy(&c->backend);
}

/* ---- threads ---- */

typedef struct {
    zmqx_proxy_t *p;        /* steerable, or NULL for zmqx_proxy */
    chain_t *c;
    int rc, err, timed_out; /* the last return, its errno, zmqx_error_is_timeout */
    int retry_eintr;        /* call again after EINTR (a signal storm) */
    atomic_long eintr;      /* how many times it returned EINTR */
    char eintr_message[256]; /* the error message of an EINTR */
    long long ended_ms;
    atomic_int done;
    pthread_t thread;
} runner_t;

static void *runner_main(void *arg)
{
    runner_t *r = arg;
    for (;;) {
        r->rc = r->p ? zmqx_proxy_run(r->p)
                     : zmqx_proxy(r->c->frontend, r->c->backend, r->c->capture);
        r->err = r->rc ? errno : 0;
        r->timed_out = zmqx_error_is_timeout(NULL);
        if (!(r->retry_eintr && r->rc == -1 && r->err == EINTR))
            break;
        snprintf(r->eintr_message, sizeof r->eintr_message, "%s", zmqx_strerror());
        atomic_fetch_add(&r->eintr, 1);
    }
    r->ended_ms = tu_now_ms();
    atomic_store(&r->done, 1);
    return NULL;
}

static void runner_start_retrying(runner_t *r, zmqx_proxy_t *p, chain_t *c, int retry_eintr)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    r->c = c;
    r->retry_eintr = retry_eintr;
    ck_assert_int_eq(pthread_create(&r->thread, NULL, runner_main, r), 0);
}

static void runner_start(runner_t *r, zmqx_proxy_t *p, chain_t *c)
{
    runner_start_retrying(r, p, c, 0);
}

/* The worker echoes [routing id][payload] until the payload "END". */
static void *worker_main(void *arg)
{
    zmqx_socket_t *w = arg;
    char id[64], payload[64];
    zmqx_socket_handover(w); /* for ZMQX_CTX_THREAD_CHECK */
    for (;;) {
        int n = zmqx_recv(w, id, sizeof id, 0);
        int m = n >= 0 ? zmqx_recv(w, payload, sizeof payload, 0) : -1;
        if (m < 0 || zmqx_send(w, id, (size_t) n, ZMQX_MORE) < 0
            || zmqx_send(w, payload, (size_t) m, 0) < 0 || (m == 3 && !memcmp(payload, "END", 3)))
            return NULL;
    }
}

/* One request through the proxy and its echo back. */
static void round_trip(chain_t *c, const char *text)
{
    ck_assert_int_eq(zmqx_send_str(c->client, text), (int) strlen(text));
    char *got = zmqx_recv_str(c->client);
    ck_assert_msg(got != NULL, "%s", zmqx_strerror());
    ck_assert_str_eq(got, text);
    free(got);
}

/* Send n numbered requests with at most WINDOW outstanding; check each
 * echo arrives in order. */
static void pump(chain_t *c, int n_msgs)
{
    char buf[32], want[32];
    int received = 0;
    for (int sent = 0; sent < n_msgs || received < n_msgs;) {
        if (sent < n_msgs && sent - received < WINDOW) {
            snprintf(buf, sizeof buf, "msg %05d", sent++);
            ck_assert_int_eq(zmqx_send_str(c->client, buf), 9);
            continue;
        }
        int n = zmqx_recv(c->client, buf, sizeof buf, 0);
        ck_assert_msg(n == 9, "reply %d: %s", received, n < 0 ? zmqx_strerror() : "wrong size");
        snprintf(want, sizeof want, "msg %05d", received++);
        ck_assert_int_eq(memcmp(buf, want, 9), 0);
    }
}

/* Count what the capture saw: routing-id parts, payload parts, and the
 * rest (libzmq 4.3.4 copies control commands to the capture too; zmqx's
 * proxy does not). */
static void count_capture(chain_t *c, int *ids, int *payloads, int *other)
{
    char buf[64];
    *ids = *payloads = *other = 0;
    int n;
    while ((n = zmqx_recv(c->capture_in, buf, sizeof buf, ZMQX_DONTWAIT)) >= 0) {
        if (n == 8 && memcmp(buf, "client-1", 8) == 0)
            (*ids)++;
        else if (n == 9 && memcmp(buf, "msg ", 4) == 0)
            (*payloads)++;
        else
            (*other)++;
    }
    ck_assert_int_eq(errno, EAGAIN);
}

static void expect_stats(zmqx_proxy_t *p, uint64_t msgs)
{
    zmqx_proxy_stats_t st;
    ck_assert_msg(zmqx_proxy_stats(p, &st) == 0, "%s", zmqx_strerror());
    /* A message counts once; its bytes are routing id (8) + payload (9). */
    ck_assert_uint_eq(st.frontend_msgs_in, msgs);
    ck_assert_uint_eq(st.frontend_bytes_in, msgs * 17);
    ck_assert_uint_eq(st.backend_msgs_out, msgs);
    ck_assert_uint_eq(st.backend_bytes_out, msgs * 17);
    ck_assert_uint_eq(st.backend_msgs_in, msgs);
    ck_assert_uint_eq(st.backend_bytes_in, msgs * 17);
    ck_assert_uint_eq(st.frontend_msgs_out, msgs);
    ck_assert_uint_eq(st.frontend_bytes_out, msgs * 17);
}

static void stop_worker(chain_t *c, pthread_t worker)
{
    ck_assert_int_eq(zmqx_send_str(c->client, "END"), 3);
    char *end = zmqx_recv_str(c->client);
    ck_assert_ptr_nonnull(end);
    free(end);
    pthread_join(worker, NULL);
}

static pthread_t worker_start(chain_t *c)
{
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, worker_main, c->worker), 0);
    return t;
}

/* A chain with a steerable proxy running on a thread of its own. */
static zmqx_proxy_t *steer_start(chain_t *c, runner_t *r, int with_capture)
{
    chain_make(c, with_capture);
    zmqx_proxy_t *p = zmqx_proxy_new(c->frontend, c->backend, c->capture);
    ck_assert_msg(p != NULL, "%s", zmqx_strerror());
    runner_start(r, p, c);
    return p;
}

/* Wait for the proxy thread; run() must have returned 0. */
static void runner_join_ok(runner_t *r)
{
    pthread_join(r->thread, NULL);
    ck_assert_msg(r->rc == 0, "run: %d (%s)", r->rc, strerror(r->err));
}

/* Terminate the proxy, wait for run() to return 0, free everything. */
static void steer_finish(zmqx_proxy_t **p, runner_t *r, chain_t *c)
{
    ck_assert_int_eq(zmqx_proxy_terminate(*p), 0);
    runner_join_ok(r);
    zmqx_proxy_destroy(p);
    ck_assert_ptr_null(*p);
    chain_destroy(c);
}

/* ---- traffic ---- */

START_TEST(steerable_moves_10000_both_ways_with_capture)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 1);
    pthread_t worker = worker_start(&c);
    pump(&c, N_MSGS);
    expect_stats(p, N_MSGS);
    int ids, payloads, other;
    count_capture(&c, &ids, &payloads, &other);
    ck_assert_int_eq(ids, 2 * N_MSGS);      /* each message passes twice */
    ck_assert_int_eq(payloads, 2 * N_MSGS);
    ck_assert_int_eq(other, 0);             /* not the STATISTICS command */
    stop_worker(&c, worker);
    steer_finish(&p, &r, &c);
}
END_TEST

START_TEST(plain_proxy_moves_1000_with_capture)
{
    chain_t c;
    chain_make(&c, 1);
    runner_t r;
    runner_start(&r, NULL, &c);
    pthread_t worker = worker_start(&c);
    pump(&c, N_PLAIN);
    stop_worker(&c, worker);
    int ids, payloads, other;
    count_capture(&c, &ids, &payloads, &other);
    ck_assert_int_eq(ids, 2 * (N_PLAIN + 1)); /* with END */
    ck_assert_int_eq(payloads, 2 * N_PLAIN);
    ck_assert_int_eq(other, 2);              /* END, both ways */
    /* A context shutdown ends zmqx_proxy as a normal return. */
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    runner_join_ok(&r);
    ck_assert_int_lt(r.ended_ms - t0, 500);
    chain_destroy(&c);
}
END_TEST

/* ---- steering ---- */

START_TEST(pause_stops_and_resume_restarts)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c.worker, 2000), 0);
    char id[16], buf[16];
    ck_assert_int_eq(zmqx_send_str(c.client, "before"), 6);
    ck_assert_int_eq(zmqx_recv(c.worker, id, sizeof id, 0), 8);
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, 0), 6);

    ck_assert_msg(zmqx_proxy_pause(p) == 0, "%s", zmqx_strerror());
    ck_assert_int_eq(zmqx_proxy_pause(p), 0); /* twice is fine */
    ck_assert_int_eq(zmqx_send_str(c.client, "paused"), 6);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c.worker, 300), 0);
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    /* Statistics still answer while paused: one message in and out so far. */
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in, 1);
    ck_assert_uint_eq(st.backend_msgs_out, 1);

    ck_assert_int_eq(zmqx_proxy_resume(p), 0);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c.worker, 2000), 0);
    ck_assert_int_eq(zmqx_recv(c.worker, id, sizeof id, 0), 8);
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, 0), 6);
    ck_assert_int_eq(memcmp(buf, "paused", 6), 0);
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in, 2);
    ck_assert_uint_eq(st.backend_msgs_out, 2);

    steer_finish(&p, &r, &c);
}
END_TEST

START_TEST(terminate_ends_run)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    pthread_t worker = worker_start(&c);
    round_trip(&c, "one");
    stop_worker(&c, worker);
    ck_assert_int_eq(zmqx_proxy_pause(p), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_proxy_terminate(p), 0);
    runner_join_ok(&r);
    ck_assert_int_lt(r.ended_ms - t0, 500);
    /* A run after one that returned 0 starts afresh: forwarding (not
     * paused), counters at 0. */
    runner_start(&r, p, &c);
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in + st.backend_msgs_out + st.frontend_bytes_in, 0);
    worker = worker_start(&c);
    round_trip(&c, "two");
    stop_worker(&c, worker);
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in, 2); /* "two" and END */
    ck_assert_int_eq(zmqx_proxy_terminate(p), 0);
    runner_join_ok(&r);
    /* A terminate queued before run ends it at once. */
    ck_assert_int_eq(zmqx_proxy_terminate(p), 0);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_proxy_run(p), 0);
    ck_assert_int_lt(tu_now_ms() - t0, 500);
    zmqx_proxy_destroy(&p);
    zmqx_proxy_destroy(&p);
    chain_destroy(&c);
}
END_TEST

START_TEST(context_shutdown_ends_run)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    ck_assert_int_eq(zmqx_proxy_pause(p), 0); /* it is running */
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    runner_join_ok(&r);
    ck_assert_int_lt(r.ended_ms - t0, 500);
    /* Control calls then fail with ETERM at once. */
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_proxy_resume(p), -1);
    ck_assert_int_eq(errno, ETERM);
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), -1);
    ck_assert_int_eq(errno, ETERM);
    ck_assert_int_eq(zmqx_proxy_terminate(p), -1);
    ck_assert_int_eq(errno, ETERM);
    ck_assert_int_lt(tu_now_ms() - t0, 500);
    zmqx_proxy_destroy(&p);
    chain_destroy(&c);
}
END_TEST

START_TEST(control_calls_time_out_when_not_running)
{
    chain_t c;
    chain_make(&c, 0);
    zmqx_proxy_t *p = zmqx_proxy_new(c.frontend, c.backend, NULL);
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, 100), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_proxy_pause(p), -1);
    long long took = tu_now_ms() - t0;
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 100);
    ck_assert_str_eq(zmqx_last_error()->op, "proxy_pause");
    ck_assert_int_ge(took, 100);
    ck_assert_int_lt(took, 1000);
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, 0), 0);
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), -1);
    ck_assert(zmqx_error_is_timeout(NULL));

    /* Once it runs, the queued PAUSE applies and the stale replies are
     * skipped: resume confirms, and traffic flows. */
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, 5000), 0);
    runner_t r;
    runner_start(&r, p, &c);
    ck_assert_msg(zmqx_proxy_resume(p) == 0, "%s", zmqx_strerror());
    pthread_t worker = worker_start(&c);
    round_trip(&c, "after");
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in, 1);
    ck_assert_uint_eq(st.frontend_msgs_out, 1);
    ck_assert_uint_eq(st.frontend_bytes_in, 8 + 5);
    stop_worker(&c, worker);
    /* A second run at the same time is refused. */
    ck_assert_int_eq(zmqx_proxy_run(p), -1);
    tu_assert_error(EBUSY, "proxy_run: the proxy is already running");
    steer_finish(&p, &r, &c);
}
END_TEST

/* Control calls from several threads at once share the control socket
 * safely: every call gets its own confirmation. */
static void *controller_main(void *arg)
{
    zmqx_proxy_t *p = arg;
    zmqx_proxy_stats_t st;
    for (int i = 0; i < 25; i++)
        if (zmqx_proxy_pause(p) != 0 || zmqx_proxy_stats(p, &st) != 0 || zmqx_proxy_resume(p) != 0)
            return (void *) 1;
    return NULL;
}

START_TEST(control_calls_from_many_threads)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, 10000), 0);
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, controller_main, p);
    for (int i = 0; i < 4; i++) {
        void *failed;
        pthread_join(threads[i], &failed);
        ck_assert_ptr_null(failed);
    }
    pthread_t worker = worker_start(&c);
    round_trip(&c, "still flowing");
    stop_worker(&c, worker);
    steer_finish(&p, &r, &c);
}
END_TEST

START_TEST(thread_check_mode)
{
    /* With the owner-thread check on, run() takes the proxied sockets over,
     * and the control calls work from any thread. */
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    pthread_t worker = worker_start(&c);
    round_trip(&c, "checked");
    ck_assert_int_eq(zmqx_proxy_pause(p), 0);
    ck_assert_int_eq(zmqx_proxy_resume(p), 0);
    round_trip(&c, "again");
    stop_worker(&c, worker);
    ck_assert_int_eq(zmqx_send_str(c.frontend, "x"), -1); /* the proxy thread owns it */
    tu_assert_error(EPERM, "does not own it");
    steer_finish(&p, &r, &c);
}
END_TEST

START_TEST(destroy_terminates_a_running_proxy)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    ck_assert_int_eq(zmqx_proxy_pause(p), 0);
    long long t0 = tu_now_ms();
    zmqx_proxy_destroy(&p);
    ck_assert_ptr_null(p);
    ck_assert_int_lt(tu_now_ms() - t0, 500);
    runner_join_ok(&r);
    chain_destroy(&c);
}
END_TEST

START_TEST(forwarding_errors_are_reported)
{
    /* A mandatory ROUTER cannot route a reply to an unknown peer: the
     * proxy stops with EHOSTUNREACH. */
    chain_t c;
    chain_make(&c, 0);
    ck_assert_int_eq(zmqx_socket_set_int(c.frontend, ZMQ_ROUTER_MANDATORY, 1), 0);
    runner_t r;
    runner_start(&r, NULL, &c);
    ck_assert_int_eq(zmqx_send_str(c.client, "hello"), 5); /* connects the worker's path */
    char id[16], buf[16];
    ck_assert_int_eq(zmqx_recv(c.worker, id, sizeof id, 0), 8);
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, 0), 5);
    ck_assert_int_eq(zmqx_send(c.worker, "nobody", 6, ZMQX_MORE), 6);
    ck_assert_int_eq(zmqx_send_str(c.worker, "lost"), 4);
    pthread_join(r.thread, NULL);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_int_eq(r.err, EHOSTUNREACH);
    chain_destroy(&c);
}
END_TEST

/* ---- frontend = backend, capture timeouts ---- */

START_TEST(frontend_may_equal_backend)
{
    /* One ROUTER as both sides: a message comes back to its sender. */
    zmqx_socket_t *router = zmqx_socket_new(ctx, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_DEALER, zmqx_socket_endpoint(router));
    ck_assert_ptr_nonnull(client);
    chain_t c = { .frontend = router, .backend = router };
    zmqx_proxy_t *p = zmqx_proxy_new(router, router, NULL);
    ck_assert_ptr_nonnull(p);
    runner_t r;
    runner_start(&r, p, &c);
    c.client = client;
    round_trip(&c, "echo");
    round_trip(&c, "again");
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    /* As libzmq counts it: in at the frontend, out of the backend. */
    ck_assert_uint_eq(st.frontend_msgs_in, 2);
    ck_assert_uint_eq(st.backend_msgs_out, 2);
    ck_assert_uint_eq(st.backend_msgs_in + st.frontend_msgs_out, 0);
    ck_assert_int_eq(zmqx_proxy_terminate(p), 0);
    runner_join_ok(&r);
    zmqx_proxy_destroy(&p);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&router);
}
END_TEST

START_TEST(capture_send_timeout_is_eagain_and_loses_the_message)
{
    /* A capture PUSH with no peer yet cannot take a copy: after its send
     * timeout the proxy fails with EAGAIN, and the message it was
     * forwarding ([routing id]["lost"]) is lost whole: it never reaches the
     * backend, and its unread part is discarded, so that the next call
     * starts with the next message. */
    chain_t c;
    chain_make(&c, 0);
    c.capture = zmqx_socket_new(ctx, ZMQ_PUSH, "@inproc://late-capture");
    ck_assert_int_eq(zmqx_socket_set_send_timeout(c.capture, 100), 0);
    runner_t r;
    runner_start(&r, NULL, &c);
    ck_assert_int_eq(zmqx_send_str(c.client, "lost"), 4);
    pthread_join(r.thread, NULL);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_int_eq(r.err, EAGAIN);
    ck_assert(r.timed_out);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c.worker, 200), 0);
    char buf[16];
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));

    c.capture_in = zmqx_socket_new(ctx, ZMQ_PULL, ">inproc://late-capture");
    ck_assert_int_eq(zmqx_socket_set_timeout(c.worker, 2000), 0);
    runner_start(&r, NULL, &c);
    ck_assert_int_eq(zmqx_send_str(c.client, "next"), 4);
    for (int i = 0; i < 2; i++) { /* at the backend, then in the capture */
        zmqx_socket_t *in = i == 0 ? c.worker : c.capture_in;
        ck_assert_int_eq(zmqx_recv(in, buf, sizeof buf, 0), 8);
        ck_assert_int_eq(memcmp(buf, "client-1", 8), 0);
        ck_assert_int_eq(zmqx_recv(in, buf, sizeof buf, 0), 4);
        ck_assert_int_eq(memcmp(buf, "next", 4), 0);
    }
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    runner_join_ok(&r);
    chain_destroy(&c);
}
END_TEST

/* ---- signal storms ---- */

/* A PUSH -> PULL frontend -> PUSH backend -> PULL line, with high-water
 * mark 1 on both proxied sockets (and the two ends), in a chain_t: client =
 * the producer, worker = the consumer. The proxied sockets bind
 * inproc://storm-front and -back (inproc = 1) or tcp. */
static zmqx_socket_t *hwm1_socket(int type, const char *endpoint)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, type, NULL);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_SNDHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_RCVHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_timeout(s, 10000), 0);
    ck_assert_msg(zmqx_socket_attach(s, endpoint) >= 0, "%s", zmqx_strerror());
    return s;
}

static void line_make(chain_t *c, int with_capture, int inproc)
{
    memset(c, 0, sizeof *c);
    c->frontend = hwm1_socket(ZMQ_PULL, inproc ? "@inproc://storm-front" : "@tcp://127.0.0.1:*");
    c->backend = hwm1_socket(ZMQ_PUSH, inproc ? "@inproc://storm-back" : "@tcp://127.0.0.1:*");
    char ep[300];
    snprintf(ep, sizeof ep, ">%s", zmqx_socket_endpoint(c->frontend));
    c->client = hwm1_socket(ZMQ_PUSH, ep);
    snprintf(ep, sizeof ep, ">%s", zmqx_socket_endpoint(c->backend));
    c->worker = hwm1_socket(ZMQ_PULL, ep);
    if (with_capture) { /* a capture that blocks too */
        c->capture = hwm1_socket(ZMQ_PUSH, "@inproc://storm-capture");
        c->capture_in = hwm1_socket(ZMQ_PULL, ">inproc://storm-capture");
    }
}

/* Send or receive one part, calling again after EINTR (*more: ZMQ_RCVMORE). */
static int send_retry(zmqx_socket_t *s, const void *data, size_t n, int flags)
{
    int rc;
    while ((rc = zmqx_send(s, data, n, flags)) < 0 && errno == EINTR) {
    }
    return rc;
}

static int recv_retry(zmqx_socket_t *s, void *buf, size_t cap, int *more)
{
    int rc;
    while ((rc = zmqx_recv(s, buf, cap, 0)) < 0 && errno == EINTR) {
    }
    *more = 0;
    if (rc >= 0 && zmqx_socket_get_int(s, ZMQ_RCVMORE, more) != 0)
        return -1;
    return rc;
}

typedef struct {
    zmqx_socket_t *s;
    long n;
    int failed; /* errno of a failed send */
    pthread_t thread;
} producer_t;

/* Send n messages [sequence number (8 digits)][body], whatever signals come. */
static void *producer_main(void *arg)
{
    producer_t *pr = arg;
    char seq[24];
    for (long i = 0; i < pr->n && !pr->failed; i++) {
        snprintf(seq, sizeof seq, "%08ld", i);
        if (send_retry(pr->s, seq, 8, ZMQX_MORE) < 0 || send_retry(pr->s, "body", 4, 0) < 0)
            pr->failed = errno;
    }
    return NULL;
}

static void producer_start(producer_t *pr, zmqx_socket_t *s, long n)
{
    memset(pr, 0, sizeof *pr);
    pr->s = s;
    pr->n = n;
    ck_assert_int_eq(pthread_create(&pr->thread, NULL, producer_main, pr), 0);
}

typedef struct {
    long next;             /* the next sequence number expected */
    long lost, dup, bad;   /* gaps; numbers seen before (or out of order); malformed */
} seq_check_t;

/* Receive messages until sequence number `until` - 1 came or a receive
 * times out; count gaps, numbers seen before and messages that are not
 * [8 digits][4 bytes]. 0 when it came, -1 on a timeout. It stops for 1 ms
 * every 50 messages, so that the line backs up and the proxy waits. */
static int consume(zmqx_socket_t *s, seq_check_t *sc, long until)
{
    char seq[16], body[16];
    while (sc->next < until) {
        if (sc->next % 50 == 49)
            tu_sleep_ms(1);
        int more, n = recv_retry(s, seq, sizeof seq - 1, &more);
        if (n < 0)
            return -1;
        int m = more ? recv_retry(s, body, sizeof body, &more) : -1;
        while (more)
            recv_retry(s, body, sizeof body, &more);
        if (n != 8 || m != 4) {
            sc->bad++;
            continue;
        }
        seq[n] = '\0';
        long got = atol(seq);
        if (got < sc->next) {
            sc->dup++;
            continue;
        }
        sc->lost += got - sc->next;
        sc->next = got + 1;
    }
    return 0;
}

/* Nothing lost, duplicated, reordered or malformed. */
#define assert_all_in_order(sc, n)                                                          \
    ck_assert_msg((sc).lost == 0 && (sc).dup == 0 && (sc).bad == 0,                         \
                  "of %ld: %ld lost, %ld duplicated or out of order, %ld malformed", (long) (n), \
                  (sc).lost, (sc).dup, (sc).bad)

typedef struct {
    zmqx_socket_t *s;
    long n;
    seq_check_t sc;
    pthread_t thread;
} consumer_t;

/* consume() all n on a thread of its own (the capture's copies). */
static void *consumer_main(void *arg)
{
    consumer_t *co = arg;
    consume(co->s, &co->sc, co->n);
    co->sc.lost += co->n - co->sc.next;
    return NULL;
}

/* A storm test under way: its line (made first), the proxy thread
 * (calling again after EINTR), a 1 kHz storm and a producer. */
typedef struct {
    chain_t c;
    runner_t r;
    tu_storm_t storm;
    producer_t pr;
} storm_run_t;

/* Start the proxy (p, or zmqx_proxy for NULL), the storm, and a producer
 * of n messages. */
static void storm_run_start(storm_run_t *sr, zmqx_proxy_t *p, long n)
{
    runner_start_retrying(&sr->r, p, &sr->c, 1);
    tu_storm_start(&sr->storm, 1000);
    producer_start(&sr->pr, sr->c.client, n);
}

START_TEST(proxy_loses_nothing_under_a_signal_storm)
{
    long n = scaled(N_STORM);
    storm_run_t sr;
    line_make(&sr.c, 1, 1);
    storm_run_start(&sr, NULL, n);
    consumer_t copies = { .s = sr.c.capture_in, .n = n };
    ck_assert_int_eq(pthread_create(&copies.thread, NULL, consumer_main, &copies), 0);
    seq_check_t sc = { 0, 0, 0, 0 };
    consume(sr.c.worker, &sc, n); /* a timeout: the rest was lost */
    pthread_join(copies.thread, NULL);
    long signals = tu_storm_stop(&sr.storm);
    pthread_join(sr.pr.thread, NULL);
    ck_assert_int_eq(sr.pr.failed, 0);
    sc.lost += n - sc.next;
    assert_all_in_order(sc, n);
    assert_all_in_order(copies.sc, n);
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    runner_join_ok(&sr.r);
    char tried[320];
    snprintf(tried, sizeof tried,
             "%ld 2-part messages through zmqx_proxy (inproc, HWM 1 on both sides and on "
             "the capture) under a 1 kHz SIGUSR1 storm (%ld signals; the proxy returned EINTR "
             "%ld times and was called again)",
             n, signals, (long) sr.r.eintr);
    tu_report("proxy_loses_nothing_under_a_signal_storm", tried,
              "0 lost, 0 duplicated, 0 malformed, in order, at the backend's reader and at "
              "the capture's");
    chain_destroy(&sr.c);
}
END_TEST

START_TEST(send_timeout_keeps_its_deadline_under_a_signal_storm)
{
    /* The backend (inproc, HWM 1 + the reader's 1) takes two messages and
     * its reader reads none: the third waits in the send, with a 300 ms
     * send timeout, while signals interrupt it every millisecond. The
     * retries keep the deadline: the proxy fails with EAGAIN after about
     * 300 ms, and that message is lost. */
    chain_t c = { 0 };
    c.frontend = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://deadline-front");
    c.backend = hwm1_socket(ZMQ_PUSH, "@inproc://deadline-back");
    ck_assert_int_eq(zmqx_socket_set_send_timeout(c.backend, 300), 0);
    c.client = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://deadline-front");
    c.worker = hwm1_socket(ZMQ_PULL, ">inproc://deadline-back");
    char m[4] = "m0";
    for (; m[1] < '5'; m[1]++)
        ck_assert_int_eq(zmqx_send(c.client, m, 2, 0), 2);
    tu_storm_t storm;
    tu_storm_start(&storm, 1000);
    long long t0 = tu_now_ms();
    runner_t r;
    runner_start_retrying(&r, NULL, &c, 1);
    while (!atomic_load(&r.done) && tu_now_ms() - t0 < 10000)
        tu_sleep_ms(10);
    tu_storm_stop(&storm);
    int in_time = atomic_load(&r.done);
    if (!in_time)
        zmqx_ctx_shutdown(ctx); /* ends the proxy, for the join */
    pthread_join(r.thread, NULL);
    ck_assert_msg(in_time, "no EAGAIN within 10 s: the send timeout's deadline was lost");
    long long took = r.ended_ms - t0;
    ck_assert_int_eq(r.rc, -1);
    ck_assert_int_eq(r.err, EAGAIN);
    ck_assert(r.timed_out);
    ck_assert_int_ge(took, 290);
    ck_assert_int_lt(took, 3000);
    /* m0 and m1 went, m2 is lost, m3 and m4 wait in the frontend. */
    char buf[8];
    ck_assert_int_eq(recv_retry(c.worker, buf, sizeof buf, &(int) { 0 }), 2);
    ck_assert_int_eq(memcmp(buf, "m0", 2), 0);
    ck_assert_int_eq(recv_retry(c.worker, buf, sizeof buf, &(int) { 0 }), 2);
    ck_assert_int_eq(memcmp(buf, "m1", 2), 0);
    ck_assert_int_eq(zmqx_recv(c.worker, buf, sizeof buf, ZMQX_DONTWAIT), -1);
    ck_assert_int_eq(zmqx_recv(c.frontend, buf, sizeof buf, ZMQX_DONTWAIT), 2);
    ck_assert_int_eq(memcmp(buf, "m3", 2), 0);
    chain_destroy(&c);
}
END_TEST

/* A control call, called again after EINTR. */
static int control_retry(int (*fn)(zmqx_proxy_t *), zmqx_proxy_t *p)
{
    int rc;
    while ((rc = fn(p)) < 0 && errno == EINTR) {
    }
    return rc;
}

static zmqx_proxy_stats_t stats_retry(zmqx_proxy_t *p)
{
    zmqx_proxy_stats_t st;
    int rc;
    while ((rc = zmqx_proxy_stats(p, &st)) < 0 && errno == EINTR) {
    }
    ck_assert_msg(rc == 0, "%s", zmqx_strerror());
    return st;
}

START_TEST(steerable_proxy_under_a_signal_storm)
{
    long n = scaled(N_STORM / 2);
    storm_run_t sr;
    line_make(&sr.c, 0, 0);
    zmqx_proxy_t *p = zmqx_proxy_new(sr.c.frontend, sr.c.backend, NULL);
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, 10000), 0);
    storm_run_start(&sr, p, n);
    chain_t *c = &sr.c;
    runner_t *r = &sr.r;
    seq_check_t sc = { 0, 0, 0, 0 };
    ck_assert_int_eq(consume(c->worker, &sc, n / 2), 0);

    /* Paused: what was forwarded arrives, then nothing more, however
     * often run() returns EINTR and is called again meanwhile. */
    ck_assert_msg(control_retry(zmqx_proxy_pause, p) == 0, "%s", zmqx_strerror());
    zmqx_proxy_stats_t st = stats_retry(p);
    ck_assert_uint_eq(st.frontend_msgs_in, st.backend_msgs_out);
    ck_assert_int_eq(consume(c->worker, &sc, (long) st.backend_msgs_out), 0);
    long eintr_before = atomic_load(&r->eintr);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c->worker, 300), 0);
    ck_assert_int_eq(consume(c->worker, &sc, sc.next + 1), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    zmqx_proxy_stats_t again = stats_retry(p);
    ck_assert_uint_eq(again.frontend_msgs_in, st.frontend_msgs_in);
    ck_assert_uint_eq(again.backend_msgs_out, st.backend_msgs_out);

    long eintr_paused = atomic_load(&r->eintr) - eintr_before;
    ck_assert_int_eq(control_retry(zmqx_proxy_resume, p), 0);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(c->worker, 10000), 0);
    ck_assert_int_eq(consume(c->worker, &sc, n), 0);
    pthread_join(sr.pr.thread, NULL);
    ck_assert_int_eq(sr.pr.failed, 0);
    st = stats_retry(p);
    ck_assert_uint_eq(st.frontend_msgs_in, (uint64_t) n);
    ck_assert_uint_eq(st.frontend_bytes_in, (uint64_t) n * 12);
    ck_assert_uint_eq(st.backend_msgs_out, (uint64_t) n);
    ck_assert_uint_eq(st.backend_bytes_out, (uint64_t) n * 12);
    ck_assert_int_eq(control_retry(zmqx_proxy_terminate, p), 0);
    runner_join_ok(r);
    long signals = tu_storm_stop(&sr.storm);
    /* It was interrupted while paused (waiting on nothing but control). */
    ck_assert_int_gt(eintr_paused, 0);
    ck_assert_msg(strstr(r->eintr_message, "proxy_run: interrupted by a signal while waiting "
                                          "(no message was in flight: call again to go on)"),
                  "%s", r->eintr_message);
    assert_all_in_order(sc, n);
    char tried[256];
    snprintf(tried, sizeof tried,
             "%ld messages through the steerable proxy (tcp, HWM 1), paused, read, resumed and "
             "terminated under a 1 kHz SIGUSR1 storm (%ld signals; run() returned EINTR %ld "
             "times, %ld of them while paused, and was called again)",
             n, signals, (long) r->eintr, eintr_paused);
    tu_report("steerable_proxy_under_a_signal_storm", tried,
              "0 lost, 0 duplicated, 0 malformed, in order; nothing forwarded while paused; "
              "statistics exact; terminate ends run() with 0");
    zmqx_proxy_destroy(&p);
    chain_destroy(c);
}
END_TEST

/* ---- fork ---- */

typedef struct {
    zmqx_proxy_t **pp;
    runner_t *r;
} inherited_t;

/* In the child: destroy the proxy that the parent's thread runs. */
static int destroy_proxy_in_child(void *arg)
{
    inherited_t *in = arg;
    in->r->p = NULL; /* *pp is the only pointer left: a leak checker sees a leak */
    zmqx_proxy_destroy(in->pp);
    return *in->pp != NULL;
}

START_TEST(fork_child_destroys_a_running_proxy)
{
    chain_t c;
    runner_t r;
    zmqx_proxy_t *p = steer_start(&c, &r, 0);
    ck_assert_int_eq(zmqx_proxy_pause(p), 0); /* it runs */
    ck_assert_int_eq(zmqx_proxy_resume(p), 0);
    /* In the child: destroy frees zmqx's memory only, at once (no
     * TERMINATE into the parent's libzmq state, no wait for the parent's
     * thread), leaking nothing (under valgrind the child's leaks are
     * checked). */
    inherited_t in = { &p, &r };
    int status = tu_in_child(destroy_proxy_in_child, &in, 100);
    ck_assert_msg(status == 0, "child: wait status 0x%x (exit 2: not freed, 3: slow)", status);
    /* The parent's proxy goes on. */
    pthread_t worker = worker_start(&c);
    round_trip(&c, "after the fork");
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(p, &st), 0);
    ck_assert_uint_eq(st.frontend_msgs_in, 1);
    stop_worker(&c, worker);
    steer_finish(&p, &r, &c);
}
END_TEST

/* ---- errors ---- */

START_TEST(null_and_closed_arguments)
{
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_ROUTER, NULL);
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    ck_assert_int_eq(zmqx_proxy(NULL, b, NULL), -1);
    tu_assert_error(EINVAL, "proxy: socket is NULL");
    ck_assert_int_eq(zmqx_proxy(a, NULL, NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_ptr_null(zmqx_proxy_new(NULL, b, NULL));
    tu_assert_error(EINVAL, "proxy_new: socket is NULL");
    ck_assert_ptr_null(zmqx_proxy_new(a, NULL, NULL));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_proxy_run(NULL), -1);
    tu_assert_error(EINVAL, "proxy_run: proxy is NULL");
    ck_assert_int_eq(zmqx_proxy_pause(NULL), -1);
    tu_assert_error(EINVAL, "proxy_pause: proxy is NULL");
    ck_assert_int_eq(zmqx_proxy_resume(NULL), -1);
    tu_assert_error(EINVAL, "proxy_resume: proxy is NULL");
    ck_assert_int_eq(zmqx_proxy_terminate(NULL), -1);
    tu_assert_error(EINVAL, "proxy_terminate: proxy is NULL");
    zmqx_proxy_stats_t st;
    ck_assert_int_eq(zmqx_proxy_stats(NULL, &st), -1);
    tu_assert_error(EINVAL, "proxy_stats: proxy is NULL");
    ck_assert_int_eq(zmqx_proxy_set_timeout(NULL, 10), -1);
    tu_assert_error(EINVAL, "proxy is NULL");
    zmqx_proxy_destroy(NULL);

    zmqx_proxy_t *p = zmqx_proxy_new(a, b, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(zmqx_proxy_stats(p, NULL), -1);
    tu_assert_error(EFAULT, "stats is NULL");
    ck_assert_int_eq(zmqx_proxy_set_timeout(p, -1), -1);
    tu_assert_error(EINVAL, "control calls are always bounded");
    zmqx_proxy_destroy(&p);

    /* Sockets closed by their context's destruction. */
    zmqx_ctx_t *c2 = zmqx_ctx_new();
    zmqx_socket_t *x = zmqx_socket_new(c2, ZMQ_ROUTER, NULL);
    zmqx_socket_t *y = zmqx_socket_new(c2, ZMQ_DEALER, NULL);
    zmqx_ctx_destroy(&c2);
    ck_assert_int_eq(zmqx_proxy(x, y, NULL), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_proxy(a, b, x), -1); /* a closed capture too */
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_ptr_null(zmqx_proxy_new(x, y, NULL));
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&x);
    zmqx_socket_destroy(&y);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("proxy");
    TCase *tc = tu_tcase(s, "proxy", 60);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, steerable_moves_10000_both_ways_with_capture);
    tcase_add_test(tc, plain_proxy_moves_1000_with_capture);
    tcase_add_test(tc, pause_stops_and_resume_restarts);
    tcase_add_test(tc, terminate_ends_run);
    tcase_add_test(tc, context_shutdown_ends_run);
    tcase_add_test(tc, control_calls_time_out_when_not_running);
    tcase_add_test(tc, control_calls_from_many_threads);
    tcase_add_test(tc, thread_check_mode);
    tcase_add_test(tc, destroy_terminates_a_running_proxy);
    tcase_add_test(tc, forwarding_errors_are_reported);
    tcase_add_test(tc, frontend_may_equal_backend);
    tcase_add_test(tc, capture_send_timeout_is_eagain_and_loses_the_message);
    tcase_add_test(tc, fork_child_destroys_a_running_proxy);
    tcase_add_test(tc, null_and_closed_arguments);
    TCase *storm = tu_tcase(s, "storm", 120);
    tcase_add_checked_fixture(storm, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(storm, proxy_loses_nothing_under_a_signal_storm);
    tcase_add_test(storm, steerable_proxy_under_a_signal_storm);
    tcase_add_test(storm, send_timeout_keeps_its_deadline_under_a_signal_storm);
    return tu_run(s, 240);
}
