/* Check suite: proxy (zmqx_proxy, and the steerable proxy: traffic both
 * ways with a capture, pause/resume, statistics, terminate, context
 * shutdown, control timeouts, error paths). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#include "testutil.h"

#define N_MSGS 10000
#define N_PLAIN 1000
#define WINDOW 200

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
    int rc, err;
    long long ended_ms;
    pthread_t thread;
} runner_t;

static void *runner_main(void *arg)
{
    runner_t *r = arg;
    r->rc = r->p ? zmqx_proxy_run(r->p)
                 : zmqx_proxy(r->c->frontend, r->c->backend, r->c->capture);
    r->err = r->rc ? errno : 0;
    r->ended_ms = tu_now_ms();
    return NULL;
}

static void runner_start(runner_t *r, zmqx_proxy_t *p, chain_t *c)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    r->c = c;
    ck_assert_int_eq(pthread_create(&r->thread, NULL, runner_main, r), 0);
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
 * rest (control commands, which libzmq copies to the capture too). */
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
    ck_assert_int_eq(other, 1);             /* the STATISTICS command */
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
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_proxy_terminate(p), 0);
    runner_join_ok(&r);
    ck_assert_int_lt(r.ended_ms - t0, 500);
    /* The proxy can run again; a terminate queued before run ends it at once. */
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
    tcase_add_test(tc, null_and_closed_arguments);
    return tu_run(s, 240);
}
