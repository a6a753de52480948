/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: errors (zmqx_error_t, zmqx_last_error, zmqx_error_is_timeout). */
#include "testutil.h"
#ifdef TU_WHITEBOX
#include "../lib/sock.h"
#endif

START_TEST(bind_in_use_names_op_endpoint_and_reason)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    int port = zmqx_socket_bind(a, "tcp://127.0.0.1:*");
    ck_assert_int_gt(port, 0);
    char ep[64];
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    errno = 0;
    ck_assert_int_eq(zmqx_socket_bind(b, ep), -1);
    ck_assert_int_eq(errno, EADDRINUSE);
    const zmqx_error_t *e = zmqx_last_error();
    ck_assert_int_eq(e->code, EADDRINUSE);
    ck_assert_str_eq(e->op, "bind");
    ck_assert_str_eq(e->endpoint, ep);
    char want[128];
    snprintf(want, sizeof want, "bind %s: Address already in use", ep);
    ck_assert_str_eq(e->message, want);
    ck_assert_str_eq(zmqx_strerror(), want);
    ck_assert(!zmqx_error_is_timeout(e));
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(timeout_is_told_apart_from_dontwait)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://t");
    char buf[4];
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(!zmqx_error_is_timeout(NULL));
    ck_assert(!zmqx_last_error()->timed_out);
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 0);
    tu_assert_error(EAGAIN, "ZMQX_DONTWAIT");

    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 50), 0);
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert(zmqx_error_is_timeout(zmqx_last_error()));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 50);
    ck_assert_str_eq(zmqx_last_error()->op, "recv");
    tu_assert_error(EAGAIN, "timed out after 50 ms");

    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 0), 0);
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 0);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(other_errors_are_not_timeouts)
{
    zmqx_error_t e = { 0 };
    e.code = ETERM;
    e.timed_out = true;
    ck_assert(!zmqx_error_is_timeout(&e));
    e.code = EAGAIN;
    ck_assert(zmqx_error_is_timeout(&e));
}
END_TEST

START_TEST(clear_forgets_the_error)
{
    ck_assert_ptr_null(zmqx_socket_new(NULL, 999, NULL));
    ck_assert_int_eq(zmqx_last_error()->code, EINVAL);
    zmqx_error_clear();
    ck_assert_int_eq(zmqx_last_error()->code, 0);
    ck_assert_str_eq(zmqx_strerror(), "");
}
END_TEST

static void *fail_in_thread(void *arg)
{
    (void) arg;
    zmqx_socket_bind(NULL, "tcp://127.0.0.1:*");
    return (void *) (long) zmqx_last_error()->code;
}

START_TEST(error_set_fills_the_record)
{
    errno = 0;
    ck_assert_int_eq(zmqx_error_set("parse", EPROTO, "bad header %d", 7), -1);
    ck_assert_int_eq(errno, EPROTO);
    const zmqx_error_t *e = zmqx_last_error();
    ck_assert_int_eq(e->code, EPROTO);
    ck_assert_str_eq(e->op, "parse");
    ck_assert_str_eq(e->endpoint, "");
    ck_assert(!e->timed_out);
    ck_assert_str_eq(zmqx_strerror(), "parse: bad header 7");
    ck_assert_int_eq(zmqx_error_set("adapter_start", EEXIST, NULL), -1);
    ck_assert_str_eq(zmqx_strerror(), "adapter_start: File exists");
    ck_assert_int_eq(zmqx_error_set(NULL, EINVAL, "x"), -1);
    ck_assert_str_eq(zmqx_last_error()->op, "");
}
END_TEST

START_TEST(errors_are_per_thread)
{
    zmqx_error_clear();
    pthread_t t;
    pthread_create(&t, NULL, fail_in_thread, NULL);
    void *code;
    pthread_join(t, &code);
    ck_assert_int_eq((int) (long) code, EINVAL);
    ck_assert_int_eq(zmqx_last_error()->code, 0);
}
END_TEST

START_TEST(success_leaves_errno_semantics_alone)
{
    /* A failing call returns -1 and sets errno to the error's code. */
    errno = 0;
    ck_assert_int_eq(zmqx_socket_connect(NULL, "tcp://127.0.0.1:1"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_last_error()->code, errno);
    tu_assert_error(EINVAL, "connect: socket is NULL");
}
END_TEST

/* The message is written when it is read (zmqx_last_error, zmqx_strerror):
 * what it says must not depend on when that is. */
START_TEST(message_outlives_the_socket)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://gone");
    char buf[4];
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT), -1);
    zmqx_socket_destroy(&s); /* its endpoint string is freed */
    ck_assert_str_eq(zmqx_strerror(), "recv inproc://gone: no message ready (ZMQX_DONTWAIT)");
    ck_assert_str_eq(zmqx_last_error()->endpoint, "inproc://gone");
    /* a timeout, read twice */
    s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://gone2");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 10), 0);
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    zmqx_socket_destroy(&s);
#define GONE2 "recv inproc://gone2: timed out after 10 ms (the receive timeout set on this socket)"
    ck_assert_str_eq(zmqx_strerror(), GONE2);
    ck_assert_str_eq(zmqx_last_error()->message, GONE2);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(each_failure_replaces_an_unread_message)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://twice");
    char buf[4];
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT), -1); /* not read */
    ck_assert_int_eq(zmqx_socket_bind(s, "bad://x"), -1);               /* formatted at once */
    tu_assert_error(EINVAL, "bind bad://x: malformed endpoint");
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT), -1);
    zmqx_error_clear(); /* before the message was read */
    ck_assert_str_eq(zmqx_strerror(), "");
    ck_assert_int_eq(zmqx_last_error()->code, 0);
    /* libzmq's own text, for an error zmqx adds nothing to */
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert_str_eq(zmqx_strerror(), "recv inproc://twice: context was shut down");
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

#ifdef TU_WHITEBOX
/* The note of zmqx's default timeout (2 minutes, too long to wait for in a
 * test): a socket whose cached timeout is made short but whose timeout
 * still counts as the default one. Built against the static library
 * (test/meson.build, error-whitebox). */
START_TEST(default_timeout_error_says_where_to_change_it)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://default-timeout");
    ck_assert_int_eq(s->rcvtimeo, ZMQX_DEFAULT_TIMEOUT_MS);
    ck_assert_int_eq(s->timeout_from[0], ZMQX__FROM_DEFAULT);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 20), 0);
    s->timeout_from[0] = ZMQX__FROM_DEFAULT;
    char buf[4];
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    tu_assert_error(EAGAIN, "recv inproc://default-timeout: timed out after 20 ms (the receive "
                            "timeout, zmqx's default: change it with zmqx_socket_set_recv_timeout "
                            "or the context's ZMQX_CTX_TIMEOUT; -1 waits forever)");
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tu_tcase(s, "error", 20);
    tcase_add_test(tc, bind_in_use_names_op_endpoint_and_reason);
#ifdef TU_WHITEBOX
    tcase_add_test(tc, default_timeout_error_says_where_to_change_it);
#endif
    tcase_add_test(tc, timeout_is_told_apart_from_dontwait);
    tcase_add_test(tc, other_errors_are_not_timeouts);
    tcase_add_test(tc, clear_forgets_the_error);
    tcase_add_test(tc, error_set_fills_the_record);
    tcase_add_test(tc, errors_are_per_thread);
    tcase_add_test(tc, success_leaves_errno_semantics_alone);
    tcase_add_test(tc, message_outlives_the_socket);
    tcase_add_test(tc, each_failure_replaces_an_unread_message);
    return tu_run(s, 120);
}
