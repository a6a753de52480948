/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: monitor (events of a tcp pair in order, masks, timeouts,
 * stopping, fork, event names, error paths). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#define TU_FORK        /* tu_in_child */
#include "testutil.h"

/* Receive one event and check its code (and its endpoint unless NULL). */
static void expect_event(zmqx_monitor_t *m, int event, const char *endpoint, zmqx_monitor_event_t *ev)
{
    ck_assert_msg(zmqx_monitor_recv(m, ev, 2000) == 0, "waiting for %s: %s",
                  zmqx_monitor_event_name(event), zmqx_strerror());
    ck_assert_msg(ev->event == event, "got %s (value %lld), expected %s",
                  zmqx_monitor_event_name(ev->event), (long long) ev->value,
                  zmqx_monitor_event_name(event));
    if (endpoint != NULL)
        ck_assert_str_eq(ev->endpoint, endpoint);
}

static void expect_no_event(zmqx_monitor_t *m, int ms)
{
    zmqx_monitor_event_t ev;
    int rc = zmqx_monitor_recv(m, &ev, ms);
    ck_assert_msg(rc == -1, "unexpected event %s", rc == 0 ? zmqx_monitor_event_name(ev.event) : "");
    ck_assert(zmqx_error_is_timeout(NULL));
}

static long long destroy_ms(zmqx_monitor_t **m)
{
    long long t0 = tu_now_ms();
    zmqx_monitor_destroy(m);
    ck_assert_ptr_null(*m);
    return tu_now_ms() - t0;
}

/* libzmq 4.3.4 over tcp: the bound socket reports LISTENING (at bind),
 * ACCEPTED, HANDSHAKE_SUCCEEDED and, when the peer goes, DISCONNECTED; the
 * connecting one CONNECT_DELAYED (non-blocking connect in progress; may be
 * skipped when connect() completes at once), CONNECTED, HANDSHAKE_SUCCEEDED,
 * and MONITOR_STOPPED when it is closed. */
START_TEST(tcp_pair_events_in_order)
{
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    zmqx_monitor_t *ms = zmqx_monitor_new(server, 0);
    zmqx_monitor_t *mc = zmqx_monitor_new(client, 0);
    ck_assert_msg(ms != NULL && mc != NULL, "%s", zmqx_strerror());
    ck_assert_int_gt(zmqx_socket_bind(server, "tcp://127.0.0.1:*"), 0);
    char ep[256];
    snprintf(ep, sizeof ep, "%s", zmqx_socket_endpoint(server));
    ck_assert_int_eq(zmqx_socket_connect(client, ep), 0);
    ck_assert_int_eq(zmqx_send_str(client, "hi"), 2);
    char buf[8];
    ck_assert_int_eq(zmqx_recv(server, buf, sizeof buf, 0), 2);

    zmqx_monitor_event_t ev;
    expect_event(ms, ZMQ_EVENT_LISTENING, ep, &ev);
    ck_assert_int_ge(ev.value, 0); /* the listening fd */
    expect_event(ms, ZMQ_EVENT_ACCEPTED, ep, &ev);
    int64_t accepted_fd = ev.value;
    ck_assert_int_ge(accepted_fd, 0);
    expect_event(ms, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep, &ev);
    expect_no_event(ms, 50);

    ck_assert_int_eq(zmqx_monitor_recv(mc, &ev, 2000), 0);
    if (ev.event == ZMQ_EVENT_CONNECT_DELAYED) {
        ck_assert_str_eq(ev.endpoint, ep);
        expect_event(mc, ZMQ_EVENT_CONNECTED, ep, &ev);
    }
    ck_assert_str_eq(zmqx_monitor_event_name(ev.event), "CONNECTED");
    ck_assert_int_ge(ev.value, 0);
    expect_event(mc, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep, &ev);
    expect_no_event(mc, 50);

    /* The client goes: the server sees DISCONNECTED on the accepted fd, the
     * client's own monitor MONITOR_STOPPED, and then nothing more. */
    zmqx_socket_destroy(&client);
    expect_event(ms, ZMQ_EVENT_DISCONNECTED, ep, &ev);
    ck_assert_int_eq(ev.value, accepted_fd);
    expect_event(mc, ZMQ_EVENT_MONITOR_STOPPED, "", &ev);
    ck_assert_int_eq(zmqx_monitor_recv(mc, &ev, -1), -1);
    tu_assert_error(EPIPE, "monitoring has stopped");
    ck_assert_int_lt(destroy_ms(&mc), 1000);
    ck_assert_int_lt(destroy_ms(&ms), 1000);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(mask_selects_events)
{
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(server, ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_gt(zmqx_socket_bind(server, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(server));
    zmqx_monitor_event_t ev;
    expect_event(m, ZMQ_EVENT_ACCEPTED, zmqx_socket_endpoint(server), &ev); /* no LISTENING */
    zmqx_socket_destroy(&client);
    expect_event(m, ZMQ_EVENT_DISCONNECTED, NULL, &ev);
    /* MONITOR_STOPPED was not asked for: recv reports the stop as EPIPE. */
    zmqx_socket_destroy(&server);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 5000), -1);
    tu_assert_error(EPIPE, "monitor_recv: monitoring has stopped");
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 0), -1);
    ck_assert_int_eq(errno, EPIPE);
    ck_assert_int_lt(destroy_ms(&m), 1000);
}
END_TEST

START_TEST(error_values_are_decoded)
{
    /* BIND_FAILED carries the errno of bind(); CONNECT_RETRIED the next
     * reconnect interval (ZMQ_RECONNECT_IVL plus a random part below it). */
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(b, ZMQ_EVENT_BIND_FAILED | ZMQ_EVENT_CONNECT_RETRIED);
    ck_assert_ptr_nonnull(m);
    char ep[256];
    snprintf(ep, sizeof ep, "%s", zmqx_socket_endpoint(a));
    /* The bind fails; its errno may read EAGAIN instead of EADDRINUSE: libzmq
     * 4.3.4 clobbers errno while it sends BIND_FAILED to a monitor that does
     * not also watch CLOSED. The event has the real errno. */
    ck_assert_int_eq(zmqx_socket_bind(b, ep), -1);
    zmqx_monitor_event_t ev;
    expect_event(m, ZMQ_EVENT_BIND_FAILED, NULL, &ev);
    ck_assert_int_eq(ev.value, EADDRINUSE);
    ck_assert_str_eq(ev.endpoint, ep + strlen("tcp://")); /* libzmq leaves out the scheme */
    /* Close a and wait until its listener is gone (closing is asynchronous):
     * then nobody listens on ep and b's connect must retry. */
    zmqx_monitor_t *ma = zmqx_monitor_new(a, ZMQ_EVENT_CLOSED);
    ck_assert_ptr_nonnull(ma);
    zmqx_socket_destroy(&a);
    expect_event(ma, ZMQ_EVENT_CLOSED, ep, &ev);
    zmqx_monitor_destroy(&ma);
    ck_assert_int_eq(zmqx_socket_set_int(b, ZMQ_RECONNECT_IVL, 50), 0);
    ck_assert_int_eq(zmqx_socket_connect(b, ep), 0);
    expect_event(m, ZMQ_EVENT_CONNECT_RETRIED, ep, &ev);
    ck_assert_int_ge(ev.value, 50);
    ck_assert_int_lt(ev.value, 100);
    zmqx_monitor_destroy(&m);
    zmqx_socket_destroy(&b);
}
END_TEST

START_TEST(curve_key_mismatch_is_only_visible_here)
{
    /* A client with the wrong server key gets no error at all; only the
     * server's monitor tells (docs/lessons.md). */
    if (!zmq_has("curve"))
        return;
    zmqx_keypair_t server_keys, other;
    ck_assert_int_eq(zmqx_curve_keypair(&server_keys), 0);
    ck_assert_int_eq(zmqx_curve_keypair(&other), 0);
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(server, &server_keys.secret_key), 0);
    zmqx_monitor_t *m = zmqx_monitor_new(server, ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                                                     | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                                                     | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                                                     | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    ck_assert_int_gt(zmqx_socket_bind(server, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_client(client, &other.public_key, NULL), 0);
    ck_assert_int_eq(zmqx_socket_connect(client, zmqx_socket_endpoint(server)), 0);
    zmqx_monitor_event_t ev;
    expect_event(m, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, zmqx_socket_endpoint(server), &ev);
    ck_assert_int_eq(ev.value, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
    ck_assert_str_eq(zmqx_monitor_protocol_error_name(ev.value), "ZMTP_CRYPTOGRAPHIC");
    zmqx_socket_destroy(&client);
    zmqx_monitor_destroy(&m);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(ipc_listening)
{
    char ep[128];
    snprintf(ep, sizeof ep, "ipc://@zmqx-test-monitor-%d", (int) getpid());
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(s, ZMQ_EVENT_LISTENING);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(zmqx_socket_bind(s, ep), 0);
    zmqx_monitor_event_t ev;
    expect_event(m, ZMQ_EVENT_LISTENING, ep, &ev);
    zmqx_monitor_destroy(&m);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(recv_timeout)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(s, 0);
    zmqx_monitor_event_t ev;
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 150), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 150);
    ck_assert_int_lt(took, 1000);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 150);
    ck_assert_str_eq(zmqx_last_error()->op, "monitor_recv");
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 0), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 100);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 0);
    /* After a timeout the next event still arrives whole. */
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    expect_event(m, ZMQ_EVENT_LISTENING, zmqx_socket_endpoint(s), &ev);
    zmqx_monitor_destroy(&m);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(pollable_socket)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(s, ZMQ_EVENT_LISTENING);
    zmqx_socket_t *pair = zmqx_monitor_socket(m);
    ck_assert_ptr_nonnull(pair);
    ck_assert_int_eq(zmqx_socket_type(pair), ZMQ_PAIR);
    zmq_pollitem_t item = { zmqx_socket_handle(pair), 0, ZMQ_POLLIN, 0 };
    ck_assert_int_eq(zmq_poll(&item, 1, 50), 0);
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    ck_assert_int_eq(zmq_poll(&item, 1, 2000), 1);
    zmqx_monitor_event_t ev;
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 0), 0);
    ck_assert_int_eq(ev.event, ZMQ_EVENT_LISTENING);
    zmqx_monitor_destroy(&m);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- stopping ---- */

START_TEST(destroy_with_socket_alive_stops_monitoring)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_monitor_t *m = zmqx_monitor_new(s, 0);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_null(zmqx_monitor_new(s, 0));
    tu_assert_error(EBUSY, "monitor_new: the socket already has a monitor");
    ck_assert_int_lt(destroy_ms(&m), 1000);
    zmqx_monitor_destroy(&m);
    /* Monitoring was switched off: a new monitor may start, and it sees
     * what happens from now on. */
    m = zmqx_monitor_new(s, ZMQ_EVENT_ACCEPTED);
    ck_assert_msg(m != NULL, "%s", zmqx_strerror());
    zmqx_socket_t *peer = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(s));
    zmqx_monitor_event_t ev;
    expect_event(m, ZMQ_EVENT_ACCEPTED, NULL, &ev);
    ck_assert_int_lt(destroy_ms(&m), 1000);
    zmqx_socket_destroy(&peer);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(destroy_after_the_socket)
{
    /* With pending events not read, with and without MONITOR_STOPPED asked. */
    static const int masks[] = { 0, ZMQ_EVENT_LISTENING };
    for (size_t i = 0; i < 2; i++) {
        zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
        zmqx_monitor_t *m = zmqx_monitor_new(s, masks[i]);
        ck_assert_ptr_nonnull(m);
        ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
        zmqx_socket_destroy(&s);
        ck_assert_int_lt(destroy_ms(&m), 1000);
    }
}
END_TEST

START_TEST(destroy_after_the_context)
{
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(c, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_monitor_t *m = zmqx_monitor_new(s, 0);
    ck_assert_ptr_nonnull(m);
    zmqx_ctx_destroy(&c);
    zmqx_monitor_event_t ev;
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, 100), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_lt(destroy_ms(&m), 1000);
    zmqx_socket_destroy(&s);
    /* And the other order: socket, then context, then monitor. */
    c = zmqx_ctx_new();
    s = zmqx_socket_new(c, ZMQ_PULL, "@tcp://127.0.0.1:*");
    m = zmqx_monitor_new(s, 0);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&c);
    ck_assert_int_lt(destroy_ms(&m), 1000);
}
END_TEST

typedef struct {
    zmqx_monitor_t *m;
    zmqx_socket_t *s; /* the watched socket */
} watched_t;

static int destroy_monitor_in_child(void *arg)
{
    watched_t *w = arg;
    zmqx_monitor_destroy(&w->m);
    zmqx_socket_destroy(&w->s); /* must not touch the freed monitor */
    return w->m != NULL || w->s != NULL;
}

START_TEST(fork_child_destroys_a_monitor)
{
    watched_t w;
    w.s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    w.m = zmqx_monitor_new(w.s, 0);
    ck_assert_ptr_nonnull(w.m);
    ck_assert_int_gt(zmqx_socket_bind(w.s, "tcp://127.0.0.1:*"), 0);
    zmqx_monitor_event_t ev;
    expect_event(w.m, ZMQ_EVENT_LISTENING, NULL, &ev);
    /* In the child: destroy frees zmqx's memory only, at once (monitoring
     * is not switched off in the parent's libzmq state, no wait for
     * MONITOR_STOPPED), leaking nothing (under valgrind the child's leaks
     * are checked). */
    int status = tu_in_child(destroy_monitor_in_child, &w, 100);
    ck_assert_msg(status == 0, "child: wait status 0x%x (exit 2: not freed, 3: slow)", status);
    /* The parent's monitor goes on. */
    zmqx_socket_t *peer = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(w.s));
    expect_event(w.m, ZMQ_EVENT_ACCEPTED, NULL, &ev);
    ck_assert_int_lt(destroy_ms(&w.m), 1000);
    zmqx_socket_destroy(&peer);
    zmqx_socket_destroy(&w.s);
}
END_TEST

START_TEST(after_context_shutdown)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_monitor_t *m = zmqx_monitor_new(s, ZMQ_EVENT_ACCEPTED);
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    zmqx_monitor_event_t ev;
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, -1), -1);
    ck_assert_int_eq(errno, ETERM);
    ck_assert_int_lt(destroy_ms(&m), 1000);
    zmqx_socket_destroy(&s);
}
END_TEST

/* Read one event on a thread of its own: 0 and the event, or the errno. */
typedef struct {
    zmqx_monitor_t *m;
    int handover, rc, err;
    zmqx_monitor_event_t ev;
} reader_t;

static void *reader_main(void *arg)
{
    reader_t *r = arg;
    if (r->handover)
        zmqx_socket_handover(zmqx_monitor_socket(r->m));
    r->rc = zmqx_monitor_recv(r->m, &r->ev, 2000);
    r->err = r->rc ? errno : 0;
    return NULL;
}

static void read_on_thread(reader_t *r, zmqx_monitor_t *m, int handover)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->handover = handover;
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, reader_main, r), 0);
    pthread_join(t, NULL);
}

START_TEST(thread_check_mode)
{
    /* With the owner-thread check on, another thread reads a monitor only
     * after taking its socket over; destroying works from any thread. */
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_monitor_t *m = zmqx_monitor_new(s, ZMQ_EVENT_LISTENING);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    reader_t r;
    read_on_thread(&r, m, 0);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_int_eq(r.err, EPERM);
    read_on_thread(&r, m, 1);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(r.ev.event, ZMQ_EVENT_LISTENING);
    ck_assert_int_lt(destroy_ms(&m), 1000);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- names and errors ---- */

START_TEST(event_names)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        { ZMQ_EVENT_CONNECTED, "CONNECTED" },
        { ZMQ_EVENT_CONNECT_DELAYED, "CONNECT_DELAYED" },
        { ZMQ_EVENT_CONNECT_RETRIED, "CONNECT_RETRIED" },
        { ZMQ_EVENT_LISTENING, "LISTENING" },
        { ZMQ_EVENT_BIND_FAILED, "BIND_FAILED" },
        { ZMQ_EVENT_ACCEPTED, "ACCEPTED" },
        { ZMQ_EVENT_ACCEPT_FAILED, "ACCEPT_FAILED" },
        { ZMQ_EVENT_CLOSED, "CLOSED" },
        { ZMQ_EVENT_CLOSE_FAILED, "CLOSE_FAILED" },
        { ZMQ_EVENT_DISCONNECTED, "DISCONNECTED" },
        { ZMQ_EVENT_MONITOR_STOPPED, "MONITOR_STOPPED" },
        { ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, "HANDSHAKE_FAILED_NO_DETAIL" },
        { ZMQ_EVENT_HANDSHAKE_SUCCEEDED, "HANDSHAKE_SUCCEEDED" },
        { ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, "HANDSHAKE_FAILED_PROTOCOL" },
        { ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, "HANDSHAKE_FAILED_AUTH" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = zmqx_monitor_event_name(names[i].code);
        ck_assert_msg(got != NULL, "no name for 0x%x", names[i].code);
        ck_assert_str_eq(got, names[i].name);
    }
    static const int unknown[] = { 0, -1, 3, 0x8000, 0x10000, ZMQ_EVENT_ALL };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        ck_assert_ptr_null(zmqx_monitor_event_name(unknown[i]));
        ck_assert_int_eq(errno, EINVAL);
    }
    ck_assert_ptr_null(zmqx_monitor_event_name(0x8000));
    tu_assert_error(EINVAL, "unknown monitor event 32768");
}
END_TEST

START_TEST(protocol_error_names)
{
    static const struct {
        int64_t value;
        const char *name;
    } names[] = {
        { 0x10000000, "ZMTP_UNSPECIFIED" },
        { 0x10000001, "ZMTP_UNEXPECTED_COMMAND" },
        { 0x10000002, "ZMTP_INVALID_SEQUENCE" },
        { 0x10000003, "ZMTP_KEY_EXCHANGE" },
        { 0x10000011, "ZMTP_MALFORMED_COMMAND_UNSPECIFIED" },
        { 0x10000012, "ZMTP_MALFORMED_COMMAND_MESSAGE" },
        { 0x10000013, "ZMTP_MALFORMED_COMMAND_HELLO" },
        { 0x10000014, "ZMTP_MALFORMED_COMMAND_INITIATE" },
        { 0x10000015, "ZMTP_MALFORMED_COMMAND_ERROR" },
        { 0x10000016, "ZMTP_MALFORMED_COMMAND_READY" },
        { 0x10000017, "ZMTP_MALFORMED_COMMAND_WELCOME" },
        { 0x10000018, "ZMTP_INVALID_METADATA" },
        { 0x11000001, "ZMTP_CRYPTOGRAPHIC" },
        { 0x11000002, "ZMTP_MECHANISM_MISMATCH" },
        { 0x20000000, "ZAP_UNSPECIFIED" },
        { 0x20000001, "ZAP_MALFORMED_REPLY" },
        { 0x20000002, "ZAP_BAD_REQUEST_ID" },
        { 0x20000003, "ZAP_BAD_VERSION" },
        { 0x20000004, "ZAP_INVALID_STATUS_CODE" },
        { 0x20000005, "ZAP_INVALID_METADATA" },
        { 0x30000000, "WS_UNSPECIFIED" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *got = zmqx_monitor_protocol_error_name(names[i].value);
        ck_assert_msg(got != NULL, "no name for 0x%llx", (unsigned long long) names[i].value);
        ck_assert_str_eq(got, names[i].name);
    }
    static const int64_t unknown[] = { 0, -1, 285212672, 0x10000004, 0x40000000, INT64_MAX };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        ck_assert_ptr_null(zmqx_monitor_protocol_error_name(unknown[i]));
        ck_assert_int_eq(errno, EINVAL);
    }
    ck_assert_ptr_null(zmqx_monitor_protocol_error_name(0x10000004));
    tu_assert_error(EINVAL, "monitor_protocol_error_name: unknown protocol error 0x10000004");
}
END_TEST

START_TEST(null_and_bad_arguments)
{
    ck_assert_ptr_null(zmqx_monitor_new(NULL, 0));
    tu_assert_error(EINVAL, "monitor_new: socket is NULL");
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_ptr_null(zmqx_monitor_new(s, 0x10000));
    tu_assert_error(EINVAL, "bits outside ZMQ_EVENT_ALL");
    ck_assert_ptr_null(zmqx_monitor_new(s, -4));
    tu_assert_error(EINVAL, "bits outside ZMQ_EVENT_ALL");
    zmqx_monitor_event_t ev;
    ck_assert_int_eq(zmqx_monitor_recv(NULL, &ev, 0), -1);
    tu_assert_error(EINVAL, "monitor_recv: monitor is NULL");
    ck_assert_ptr_null(zmqx_monitor_socket(NULL));
    tu_assert_error(EINVAL, "monitor is NULL");
    zmqx_monitor_t *m = zmqx_monitor_new(s, 0);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(zmqx_monitor_recv(m, NULL, 0), -1);
    tu_assert_error(EFAULT, "event is NULL");
    ck_assert_int_eq(zmqx_monitor_recv(m, &ev, -2), -1);
    tu_assert_error(EINVAL, "timeout -2 ms out of range");
    zmqx_monitor_destroy(NULL);
    zmqx_monitor_destroy(&m);
    zmqx_monitor_destroy(&m);
    /* A closed socket cannot be monitored. */
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *closed = zmqx_socket_new(c, ZMQ_PULL, NULL);
    zmqx_ctx_destroy(&c);
    ck_assert_ptr_null(zmqx_monitor_new(closed, 0));
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&closed);
    zmqx_socket_destroy(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tu_tcase(s, "monitor", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, tcp_pair_events_in_order);
    tcase_add_test(tc, mask_selects_events);
    tcase_add_test(tc, error_values_are_decoded);
    tcase_add_test(tc, curve_key_mismatch_is_only_visible_here);
    tcase_add_test(tc, ipc_listening);
    tcase_add_test(tc, recv_timeout);
    tcase_add_test(tc, pollable_socket);
    tcase_add_test(tc, destroy_with_socket_alive_stops_monitoring);
    tcase_add_test(tc, destroy_after_the_socket);
    tcase_add_test(tc, destroy_after_the_context);
    tcase_add_test(tc, after_context_shutdown);
    tcase_add_test(tc, fork_child_destroys_a_monitor);
    tcase_add_test(tc, thread_check_mode);
    tcase_add_test(tc, event_names);
    tcase_add_test(tc, protocol_error_names);
    tcase_add_test(tc, null_and_bad_arguments);
    return tu_run(s, 120);
}
