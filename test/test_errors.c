/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: the error table. Every public function is called with NULL
 * arguments, objects in a wrong state (a socket of a shut-down context, a
 * socket closed by its context, a closed frame, an emptied message), a wrong
 * socket type and out-of-range values; each row checks the return value,
 * errno, zmqx_last_error()->code and a piece of the message. */
#include "testutil.h"

static int rows;

static void check_row(const char *expr, int ok_return, int code, const char *text, int line)
{
    const zmqx_error_t *e = zmqx_last_error();
    int err = errno;
    rows++;
    ck_assert_msg(ok_return, "line %d: %s: wrong return value", line, expr);
    ck_assert_msg(err == code && e->code == code,
                  "line %d: %s: errno %d / error %d (%s), expected %d", line, expr, err, e->code,
                  e->message, code);
    ck_assert_msg(e->message[0] != '\0' && e->op != NULL && e->op[0] != '\0',
                  "line %d: %s: empty message or op", line, expr);
    ck_assert_msg(strstr(e->message, text) != NULL, "line %d: %s: message \"%s\" lacks \"%s\"",
                  line, expr, e->message, text);
}

#define PRIME() (errno = 0, zmqx_error_clear())
/* int-returning calls: -1 */
#define FAILS(expr, code, text)                                                              \
    do {                                                                                     \
        PRIME();                                                                             \
        int r_ = (int) (expr);                                                               \
        check_row(#expr, r_ == -1, code, text, __LINE__);                                    \
    } while (0)
/* pointer-returning calls: NULL */
#define FAILS_NULL(expr, code, text)                                                         \
    do {                                                                                     \
        PRIME();                                                                             \
        const void *r_ = (const void *) (expr);                                              \
        check_row(#expr, r_ == NULL, code, text, __LINE__);                                  \
    } while (0)
/* size_t / bool / uint32_t-returning calls: 0 */
#define FAILS_ZERO(expr, code, text)                                                         \
    do {                                                                                     \
        PRIME();                                                                             \
        unsigned long long r_ = (unsigned long long) (expr);                                 \
        check_row(#expr, r_ == 0, code, text, __LINE__);                                     \
    } while (0)

START_TEST(null_arguments)
{
    char buf[64];
    size_t n = sizeof buf;
    int iv;
    int64_t i64;
    zmqx_frame_t f;
    zmqx_poll_event_t ev[2];

    FAILS(zmqx_ctx_set(NULL, 424242, 1), EINVAL, "ctx_set");
    FAILS(zmqx_ctx_get(NULL, 424242), EINVAL, "ctx_get");
    FAILS(zmqx_ctx_get_int(NULL, 424242, &iv), EINVAL, "ctx_get_int");
    FAILS(zmqx_ctx_get_int(NULL, ZMQX_CTX_LINGER, NULL), EFAULT, "value is NULL");
    zmqx_ctx_destroy(NULL);

    FAILS_NULL(zmqx_socket_new(NULL, ZMQ_PAIR, ""), EINVAL, "empty endpoint");
    zmqx_socket_destroy(NULL);
    FAILS(zmqx_socket_attach(NULL, "@inproc://x"), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_bind(NULL, "inproc://x"), EINVAL, "bind: socket is NULL");
    FAILS(zmqx_socket_connect(NULL, "inproc://x"), EINVAL, "connect: socket is NULL");
    FAILS(zmqx_socket_unbind(NULL, "inproc://x"), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_disconnect(NULL, "inproc://x"), EINVAL, "socket is NULL");
    FAILS_NULL(zmqx_socket_endpoint(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_type(NULL), EINVAL, "socket is NULL");
    FAILS_NULL(zmqx_socket_handle(NULL), EINVAL, "socket is NULL");
    FAILS_NULL(zmqx_socket_ctx(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_handover(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_timeout(NULL, 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_send_timeout(NULL, 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_recv_timeout(NULL, 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_int(NULL, ZMQ_LINGER, 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_get_int(NULL, ZMQ_LINGER, &iv), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_int64(NULL, ZMQ_MAXMSGSIZE, 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_get_int64(NULL, ZMQ_MAXMSGSIZE, &i64), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_bytes(NULL, ZMQ_ROUTING_ID, "x", 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_get_bytes(NULL, ZMQ_ROUTING_ID, buf, &n), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_string(NULL, ZMQ_ZAP_DOMAIN, "x"), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_get_string(NULL, ZMQ_ZAP_DOMAIN, buf, sizeof buf), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_subscribe(NULL, ""), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_unsubscribe(NULL, ""), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_routing_id(NULL, "x", 1), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_routing_id(NULL, buf, &n), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_more(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_wait(NULL, ZMQX_POLLIN, 0), EINVAL, "socket is NULL");
    FAILS(zmqx_send(NULL, "x", 1, 0), EINVAL, "send: socket is NULL");
    FAILS(zmqx_recv(NULL, buf, sizeof buf, 0), EINVAL, "recv: socket is NULL");
    FAILS(zmqx_send_str(NULL, "x"), EINVAL, "socket is NULL");
    FAILS(zmqx_send_strmore(NULL, "x"), EINVAL, "socket is NULL");
    FAILS(zmqx_sendf(NULL, "%d", 1), EINVAL, "socket is NULL");
    FAILS_NULL(zmqx_recv_str(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_send_timeout(NULL, "x", 1, 0, 10), EINVAL, "socket is NULL");
    FAILS(zmqx_recv_timeout(NULL, buf, sizeof buf, 10), EINVAL, "socket is NULL");

    FAILS(zmqx_frame_init(NULL), EINVAL, "");
    FAILS(zmqx_frame_init_size(NULL, 4), EINVAL, "");
    FAILS(zmqx_frame_init_copy(NULL, "x", 1), EINVAL, "");
    FAILS(zmqx_frame_init_copy(&f, NULL, 1), EFAULT, "");
    FAILS(zmqx_frame_init_data(NULL, buf, 1, NULL, NULL), EINVAL, "");
    FAILS(zmqx_frame_init_data_tracked(&f, buf, 1, NULL, NULL, NULL), EINVAL, "");
    FAILS_ZERO(zmqx_tracker_done(NULL), EINVAL, "");
    FAILS(zmqx_tracker_wait(NULL, 0), EINVAL, "");
    zmqx_frame_close(NULL);
    FAILS_NULL(zmqx_frame_data(NULL), EINVAL, "");
    FAILS_ZERO(zmqx_frame_size(NULL), EINVAL, "");
    FAILS_ZERO(zmqx_frame_more(NULL), EINVAL, "");
    FAILS_NULL(zmqx_frame_property(NULL, "Peer-Address"), EINVAL, "");
    FAILS(zmqx_frame_copy(NULL, &f), EINVAL, "");
    FAILS(zmqx_frame_move(&f, NULL), EINVAL, "");
    FAILS(zmqx_send_frame(NULL, &f, 0), EINVAL, "socket is NULL");
    FAILS(zmqx_recv_frame(NULL, &f, 0), EINVAL, "");
    FAILS(zmqx_recv_frame_timeout(NULL, &f, 0), EINVAL, "");

    zmqx_msg_destroy(NULL);
    FAILS_ZERO(zmqx_msg_count(NULL), EINVAL, "");
    FAILS(zmqx_msg_append(NULL, "x", 1), EINVAL, "");
    FAILS(zmqx_msg_append_str(NULL, "x"), EINVAL, "");
    FAILS(zmqx_msg_append_frame(NULL, &f), EINVAL, "");
    FAILS(zmqx_msg_push(NULL, "x", 1), EINVAL, "");
    FAILS(zmqx_msg_push_frame(NULL, &f), EINVAL, "");
    FAILS(zmqx_msg_pop(NULL, &f), EINVAL, "");
    FAILS_NULL(zmqx_msg_data(NULL, 0), EINVAL, "");
    FAILS_ZERO(zmqx_msg_size(NULL, 0), EINVAL, "");
    FAILS_NULL(zmqx_msg_strdup(NULL, 0), EINVAL, "");
    FAILS_ZERO(zmqx_msg_part_eq_str(NULL, 0, "x"), EINVAL, "");
    zmqx_msg_clear(NULL);
    FAILS(zmqx_send_msg(NULL, NULL), EINVAL, "");
    FAILS(zmqx_recv_msg(NULL, NULL), EINVAL, "");
    FAILS(zmqx_recv_msg_timeout(NULL, NULL, 0), EINVAL, "");

    zmqx_poller_destroy(NULL);
    FAILS(zmqx_poller_add(NULL, NULL, ZMQX_POLLIN, NULL), EINVAL, "");
    FAILS(zmqx_poller_add_fd(NULL, 0, ZMQX_POLLIN, NULL), EINVAL, "");
    FAILS(zmqx_poller_modify(NULL, NULL, ZMQX_POLLIN), EINVAL, "");
    FAILS(zmqx_poller_modify_fd(NULL, 0, ZMQX_POLLIN), EINVAL, "");
    FAILS(zmqx_poller_remove(NULL, NULL), EINVAL, "");
    FAILS(zmqx_poller_remove_fd(NULL, 0), EINVAL, "");
    FAILS(zmqx_poller_size(NULL), EINVAL, "");
    FAILS(zmqx_poller_wait(NULL, ev, 2, 0), EINVAL, "");
    FAILS(zmqx_poller_wake(NULL), EINVAL, "");

    uint8_t raw[64];
    char z85[128];
    zmqx_key_t k;
    zmqx_keypair_t kp;
    zmqx_monitor_event_t mev;
    zmqx_proxy_stats_t st;
    FAILS(zmqx_z85_encode(NULL, 10, raw, 4), EINVAL, "");
    FAILS(zmqx_z85_encode(z85, sizeof z85, NULL, 4), EINVAL, "");
    FAILS(zmqx_z85_decode(NULL, 10, "HelloWorld"), EINVAL, "");
    FAILS(zmqx_z85_decode(raw, sizeof raw, NULL), EINVAL, "");
    FAILS(zmqx_key_parse(NULL, raw, 32), EINVAL, "");
    FAILS(zmqx_key_parse(&k, NULL, 32), EINVAL, "");
    FAILS(zmqx_key_z85(NULL, z85), EINVAL, "");
    FAILS(zmqx_curve_keypair(NULL), EINVAL, "");
    FAILS(zmqx_curve_public(NULL, &k), EINVAL, "");
    zmqx_key_wipe(NULL);
    zmqx_keypair_wipe(NULL);
    FAILS(zmqx_keypair_save(NULL, &kp), EINVAL, "");
    FAILS(zmqx_key_save_public("/tmp/x", NULL, NULL), EINVAL, "");
    FAILS(zmqx_keypair_save_cert(NULL, &kp, NULL), EINVAL, "");
    FAILS(zmqx_keypair_load(NULL, &kp), EINVAL, "");
    FAILS(zmqx_key_load_public("/tmp/x", NULL), EINVAL, "");
    FAILS(zmqx_socket_set_curve_server(NULL, &k), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_curve_client(NULL, &k, NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_plain_server(NULL), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_plain_client(NULL, "u", "p"), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_set_zap_domain(NULL, "d"), EINVAL, "socket is NULL");

    zmqx_auth_destroy(NULL);
    FAILS(zmqx_auth_set_verbose(NULL, true), EINVAL, "authenticator is NULL");
    FAILS(zmqx_auth_domain(NULL, "d"), EINVAL, "");
    FAILS(zmqx_auth_allow(NULL, "127.0.0.1"), EINVAL, "");
    FAILS(zmqx_auth_deny(NULL, "127.0.0.1"), EINVAL, "");
    FAILS(zmqx_auth_check_address(NULL, NULL, "127.0.0.1"), EINVAL, "");
    FAILS(zmqx_auth_plain_add(NULL, "u", "p"), EINVAL, "");
    FAILS(zmqx_auth_plain_remove(NULL, "u"), EINVAL, "");
    FAILS(zmqx_auth_plain_load(NULL, "/tmp/x"), EINVAL, "");
    FAILS(zmqx_auth_curve_allow_any(NULL), EINVAL, "");
    FAILS(zmqx_auth_curve_add(NULL, &k), EINVAL, "");
    FAILS(zmqx_auth_curve_add_named(NULL, &k, "n"), EINVAL, "");
    FAILS(zmqx_auth_curve_remove(NULL, &k), EINVAL, "");
    FAILS(zmqx_auth_curve_load(NULL, "/tmp/x"), EINVAL, "");
    FAILS(zmqx_auth_clear(NULL), EINVAL, "");

    FAILS_NULL(zmqx_monitor_new(NULL, 0), EINVAL, "");
    FAILS(zmqx_monitor_recv(NULL, &mev, 0), EINVAL, "");
    FAILS_NULL(zmqx_monitor_event_name(0), EINVAL, "");
    FAILS_NULL(zmqx_monitor_socket(NULL), EINVAL, "");
    zmqx_monitor_destroy(NULL);
    FAILS(zmqx_proxy(NULL, NULL, NULL), EINVAL, "");
    FAILS_NULL(zmqx_proxy_new(NULL, NULL, NULL), EINVAL, "");
    FAILS(zmqx_proxy_run(NULL), EINVAL, "");
    FAILS(zmqx_proxy_pause(NULL), EINVAL, "");
    FAILS(zmqx_proxy_resume(NULL), EINVAL, "");
    FAILS(zmqx_proxy_terminate(NULL), EINVAL, "");
    FAILS(zmqx_proxy_stats(NULL, &st), EINVAL, "");
    FAILS(zmqx_proxy_set_timeout(NULL, 10), EINVAL, "");
    zmqx_proxy_destroy(NULL);
    ck_assert_int_gt(rows, 115);
}
END_TEST

START_TEST(socket_of_a_shut_down_context)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, "@inproc://shut");
    zmqx_ctx_shutdown(ctx);
    char buf[8];
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "x");
    FAILS(zmqx_send(s, "x", 1, 0), ETERM, "context was shut down");
    FAILS(zmqx_recv(s, buf, sizeof buf, 0), ETERM, "context was shut down");
    FAILS(zmqx_send_frame(s, &f, 0), ETERM, "context was shut down");
    FAILS(zmqx_recv_frame(s, &f, 0), ETERM, "context was shut down");
    FAILS(zmqx_send_msg(s, m), ETERM, "context was shut down");
    FAILS(zmqx_recv_msg(s, m), ETERM, "context was shut down");
    FAILS(zmqx_recv_timeout(s, buf, sizeof buf, 10), ETERM, "");
    FAILS(zmqx_socket_wait(s, ZMQX_POLLIN, 10), ETERM, "");
    FAILS(zmqx_socket_bind(s, "inproc://again"), ETERM, "bind inproc://again");
    FAILS(zmqx_socket_connect(s, "inproc://x"), ETERM, "connect inproc://x");
    FAILS_NULL(zmqx_socket_new(ctx, ZMQ_PAIR, NULL), ETERM, "socket_new");
    zmqx_msg_destroy(&m);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(socket_closed_by_its_context)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    zmqx_ctx_destroy(&ctx);
    char buf[8];
    int iv;
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_poller_t *p = zmqx_poller_new();
    FAILS(zmqx_send(s, "x", 1, 0), ENOTSOCK, "socket is closed");
    FAILS(zmqx_recv(s, buf, sizeof buf, 0), ENOTSOCK, "socket is closed");
    FAILS(zmqx_send_frame(s, &f, 0), ENOTSOCK, "socket is closed");
    FAILS(zmqx_recv_msg(s, m), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_bind(s, "inproc://x"), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_attach(s, "@inproc://x"), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_set_int(s, ZMQ_LINGER, 0), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_get_int(s, ZMQ_LINGER, &iv), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_set_timeout(s, 10), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_wait(s, ZMQX_POLLIN, 0), ENOTSOCK, "socket is closed");
    FAILS(zmqx_socket_handover(s), ENOTSOCK, "socket is closed");
    FAILS_NULL(zmqx_socket_handle(s), ENOTSOCK, "socket is closed");
    FAILS(zmqx_poller_add(p, s, ZMQX_POLLIN, NULL), ENOTSOCK, "");
    zmqx_poller_destroy(&p);
    zmqx_msg_destroy(&m);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(closed_frames_and_emptied_messages)
{
    zmqx_frame_t f;
    zmqx_frame_init_copy(&f, "abc", 3);
    zmqx_frame_close(&f);
    /* A closed frame is empty, never a crash. */
    ck_assert_int_eq(zmqx_frame_size(&f), 0);
    FAILS_NULL(zmqx_frame_property(&f, "Peer-Address"), ENOENT, "");
    FAILS_NULL(zmqx_frame_property(&f, NULL), EINVAL, "");
    zmqx_frame_close(&f);

    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "one");
    zmqx_msg_clear(m);
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_PAIR, NULL);
    FAILS(zmqx_send_msg(s, m), EINVAL, "");
    FAILS(zmqx_msg_pop(m, &f), ENOMSG, "");
    FAILS_NULL(zmqx_msg_data(m, 0), EINVAL, "");
    FAILS_ZERO(zmqx_msg_size(m, 0), EINVAL, "");
    FAILS_NULL(zmqx_msg_strdup(m, 3), EINVAL, "");
    FAILS_ZERO(zmqx_msg_part_eq_str(m, 0, "one"), EINVAL, "");
    FAILS(zmqx_msg_append(m, NULL, 3), EFAULT, "");
    FAILS(zmqx_msg_append_str(m, NULL), EFAULT, "");
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
    ck_assert_ptr_null(m);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(wrong_socket_types)
{
    zmqx_socket_t *pub = zmqx_socket_new(NULL, ZMQ_PUB, "@inproc://wrong-types");
    zmqx_socket_t *sub = zmqx_socket_new(NULL, ZMQ_SUB, ">inproc://wrong-types");
    char buf[8];
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "x");
    FAILS(zmqx_recv(pub, buf, sizeof buf, 0), ENOTSUP, "socket type PUB cannot receive");
    FAILS(zmqx_recv_frame(pub, &f, 0), ENOTSUP, "socket type PUB cannot receive");
    FAILS(zmqx_recv_msg(pub, m), ENOTSUP, "socket type PUB cannot receive");
    FAILS_NULL(zmqx_recv_str(pub), ENOTSUP, "socket type PUB cannot receive");
    FAILS(zmqx_send(sub, "x", 1, 0), ENOTSUP, "socket type SUB cannot send");
    zmqx_msg_append_str(m, "x"); /* the failed zmqx_recv_msg left m empty */
    FAILS(zmqx_send_msg(sub, m), ENOTSUP, "socket type SUB cannot send");
    FAILS(zmqx_socket_subscribe(pub, "x"), ENOTSUP, "socket type PUB has no subscriptions");
    /* Security options after bind/connect would be silently ignored. */
    zmqx_key_t k;
    memset(&k, 7, sizeof k);
    FAILS(zmqx_socket_set_curve_server(pub, &k), EISCONN, "");
    FAILS(zmqx_socket_set_plain_server(pub), EISCONN, "");
    FAILS_NULL(zmqx_socket_new(NULL, 42, NULL), EINVAL, "unknown socket type 42");
    zmqx_msg_destroy(&m);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
}
END_TEST

START_TEST(out_of_range_values)
{
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_DEALER, NULL);
    zmqx_poller_t *p = zmqx_poller_new();
    zmqx_poll_event_t ev[1];
    FAILS(zmqx_socket_set_timeout(s, -2), EINVAL, "out of range");
    FAILS(zmqx_socket_set_int(s, ZMQ_SNDHWM, -1), EINVAL, "ZMQ_SNDHWM");
    FAILS(zmqx_socket_set_int64(s, ZMQ_SNDHWM, (int64_t) 1 << 40), EINVAL, "out of int range");
    FAILS(zmqx_socket_set_int(s, 999999, 0), EINVAL, "unknown socket option 999999");
    FAILS(zmqx_socket_set_routing_id(s, "", 0), EINVAL, "1..255 bytes");
    FAILS(zmqx_socket_wait(s, 0x40, 0), EINVAL, "");
    FAILS(zmqx_ctx_set(NULL, ZMQX_CTX_LINGER, -7), EINVAL, "out of range");
    FAILS(zmqx_ctx_set(NULL, ZMQX_CTX_THREAD_CHECK, 5), EINVAL, "takes 0 or 1");
    FAILS_NULL(zmqx_socket_type_name(1000), EINVAL, "unknown socket type 1000");
    FAILS(zmqx_poller_add(p, s, 0x40, NULL), EINVAL, "");
    FAILS(zmqx_poller_add_fd(p, -1, ZMQX_POLLIN, NULL), EINVAL, "");
    FAILS(zmqx_poller_wait(p, ev, 0, 0), EINVAL, "");
    FAILS(zmqx_poller_wait(p, ev, 1, -1), EINVAL, "");
    FAILS(zmqx_tracker_wait(&(zmqx_tracker_t) ZMQX_TRACKER_INIT, -5), EINVAL, "");
    FAILS_NULL(zmqx_monitor_new(s, 1 << 20), EINVAL, "");
    FAILS_NULL(zmqx_monitor_event_name(0x7fff0000), EINVAL, "");
    uint8_t raw[8];
    char z85[16];
    FAILS(zmqx_z85_encode(z85, sizeof z85, raw, 3), EINVAL, "");
    FAILS(zmqx_z85_encode(z85, 5, raw, 4), EINVAL, "");
    FAILS(zmqx_z85_decode(raw, sizeof raw, "Hell"), EINVAL, "");
    FAILS(zmqx_z85_decode(raw, 2, "HelloWorld"), EINVAL, "");
    zmqx_key_t k;
    FAILS(zmqx_key_parse(&k, "short", 5), EINVAL, "5");
    zmqx_poller_destroy(&p);
    zmqx_socket_destroy(&s);
}
END_TEST

/* Endpoints: what zmqx refuses before libzmq sees them (docs/endpoints.md). */
START_TEST(endpoint_errors)
{
    zmqx_socket_t *pull = zmqx_socket_new(NULL, ZMQ_PULL, NULL);
    zmqx_socket_t *pub = zmqx_socket_new(NULL, ZMQ_PUB, NULL);
    FAILS(zmqx_socket_bind(pull, "tcp://127.0.0.1"), EINVAL, "expected host:port");
    FAILS(zmqx_socket_bind(pull, "tcp://127.0.0.1:99999"), EINVAL, "port \"99999\" out of range");
    FAILS(zmqx_socket_connect(pull, "tcp://127.0.0.1:0"), EINVAL, "a random port is only for bind");
    FAILS(zmqx_socket_unbind(pull, "tcp://127.0.0.1:-1"), EINVAL, "port \"-1\" out of range");
    FAILS(zmqx_socket_bind(pull, "udp://127.0.0.1:70000"), EINVAL, "out of range");
    FAILS(zmqx_socket_connect(pull, "ws://127.0.0.1:65536/"), EINVAL, "out of range");
    if (zmq_has("ipc")) {
        char ep[128] = "ipc:///";
        memset(ep + 7, 'x', 107);
        ep[114] = '\0';
        FAILS(zmqx_socket_bind(pull, ep), ENAMETOOLONG, "holds at most 107");
        FAILS(zmqx_socket_bind(pull, "ipc://@"), EINVAL, "abstract ipc name");
    }
    if (zmq_has("tipc"))
        FAILS(zmqx_socket_connect(pull, "tipc://{63,0,0}"), EINVAL, "type >= 64");
    if (zmq_has("norm")) {
        FAILS(zmqx_socket_bind(pub, "norm://x"), EINVAL, "expected address:port");
        FAILS(zmqx_socket_bind(pull, "norm://127.0.0.1:5555"), ENOCOMPATPROTO,
              "transport norm takes PUB, XPUB, SUB and XSUB sockets, not PULL");
        FAILS(zmqx_socket_bind(pub, "norm://zmqx-no-such;239.1.1.1:5555"), ENODEV,
              "interface \"zmqx-no-such\": no such interface");
    }
    if (zmq_has("pgm"))
        FAILS(zmqx_socket_bind(pub, "epgm://zmqx-no-such;239.1.1.1:0"), EINVAL, "out of range");
    if (!zmq_has("vmci"))
        FAILS(zmqx_socket_bind(pull, "vmci://1:2"), EPROTONOSUPPORT,
              "transport vmci: this libzmq was built without it");
    zmqx_socket_destroy(&pub);
    zmqx_socket_destroy(&pull);
}
END_TEST

#ifdef ZMQX_HAVE_DRAFT
/* draft.h (test_draft.c covers the successful paths). */
START_TEST(draft_calls)
{
    char buf[8];
    uint32_t id;
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    FAILS_ZERO(zmqx_socket_connect_peer(NULL, "inproc://x"), EINVAL, "socket is NULL");
    FAILS_ZERO(zmqx_frame_routing_id(NULL), EINVAL, "frame is NULL");
    FAILS(zmqx_frame_set_routing_id(NULL, 1), EINVAL, "frame is NULL");
    FAILS_NULL(zmqx_frame_group(NULL), EINVAL, "frame is NULL");
    FAILS(zmqx_frame_set_group(NULL, "g"), EINVAL, "frame is NULL");
    FAILS(zmqx_frame_set_group(&f, NULL), EINVAL, "group is NULL");
    FAILS(zmqx_socket_join(NULL, "g"), EINVAL, "socket is NULL");
    FAILS(zmqx_socket_leave(NULL, "g"), EINVAL, "socket is NULL");
    FAILS(zmqx_send_to(NULL, 1, "x", 1, 0), EINVAL, "socket is NULL");
    FAILS(zmqx_recv_from(NULL, buf, sizeof buf, &id, 0), EINVAL, "socket is NULL");
    FAILS(zmqx_send_group(NULL, "g", "x", 1), EINVAL, "socket is NULL");
    /* Out of range. */
    char group[300];
    memset(group, 'g', sizeof group - 1);
    group[sizeof group - 1] = '\0';
    FAILS(zmqx_frame_set_routing_id(&f, 0), EINVAL, "routing id 0");
    FAILS(zmqx_frame_set_group(&f, group), EINVAL, "longer than 255 bytes");
    /* Wrong socket types. */
    zmqx_socket_t *client = zmqx_socket_new(NULL, ZMQ_CLIENT, NULL);
    zmqx_socket_t *server = zmqx_socket_new(NULL, ZMQ_SERVER, NULL);
    FAILS_ZERO(zmqx_socket_connect_peer(client, "inproc://x"), ENOTSUP, "PEER only");
    FAILS(zmqx_socket_join(client, "g"), ENOTSUP, "DISH only");
    FAILS(zmqx_socket_leave(client, "g"), ENOTSUP, "DISH only");
    FAILS(zmqx_send_to(client, 1, "x", 1, 0), ENOTSUP, "no routing ids");
    FAILS(zmqx_recv_from(client, buf, sizeof buf, &id, 0), ENOTSUP, "no routing ids");
    FAILS(zmqx_send_group(client, "g", "x", 1), ENOTSUP, "RADIO only");
    FAILS(zmqx_send(client, "x", 1, ZMQX_MORE), EINVAL, "does not take multipart messages");
    FAILS(zmqx_send_to(server, 0, "x", 1, 0), EINVAL, "routing id 0");
    zmqx_socket_destroy(&server);
    zmqx_socket_destroy(&client);
    /* A shut-down context. */
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *peer = zmqx_socket_new(ctx, ZMQ_PEER, NULL);
    zmqx_socket_t *radio = zmqx_socket_new(ctx, ZMQ_RADIO, NULL);
    zmqx_ctx_shutdown(ctx);
    FAILS_ZERO(zmqx_socket_connect_peer(peer, "inproc://x"), ETERM, "connect_peer inproc://x");
    FAILS(zmqx_send_to(peer, 1, "x", 1, 0), ETERM, "context was shut down");
    FAILS(zmqx_recv_from(peer, buf, sizeof buf, &id, 0), ETERM, "context was shut down");
    FAILS(zmqx_send_group(radio, "g", "x", 1), ETERM, "context was shut down");
    zmqx_socket_destroy(&radio);
    zmqx_socket_destroy(&peer);
    zmqx_ctx_destroy(&ctx);
    zmqx_frame_close(&f);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tu_tcase(s, "table", 30);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, socket_of_a_shut_down_context);
    tcase_add_test(tc, socket_closed_by_its_context);
    tcase_add_test(tc, closed_frames_and_emptied_messages);
    tcase_add_test(tc, wrong_socket_types);
    tcase_add_test(tc, out_of_range_values);
    tcase_add_test(tc, endpoint_errors);
#ifdef ZMQX_HAVE_DRAFT
    tcase_add_test(tc, draft_calls);
#endif
    return tu_run(s, 120);
}
