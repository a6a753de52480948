/* Check suite: context (new, default, set/get, shutdown, destroy). */
#include "testutil.h"

START_TEST(new_and_destroy_twice)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    ck_assert_ptr_nonnull(zmqx_ctx_handle(ctx));
    zmqx_ctx_destroy(&ctx);
    ck_assert_ptr_null(ctx);
    zmqx_ctx_destroy(&ctx);
    zmqx_ctx_destroy(NULL);
}
END_TEST

START_TEST(default_is_one_context)
{
    zmqx_ctx_t *a = zmqx_ctx_default(), *b = zmqx_ctx_default();
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_eq(a, b);
    /* NULL means the default context. */
    ck_assert_ptr_eq(zmqx_ctx_handle(NULL), zmqx_ctx_handle(a));
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    ck_assert_ptr_eq(zmqx_socket_ctx(s), a);
    zmqx_socket_destroy(&s);
    /* Destroying the default context only forgets the caller's pointer. */
    zmqx_ctx_destroy(&b);
    ck_assert_ptr_null(b);
    ck_assert_ptr_eq(zmqx_ctx_default(), a);
    s = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    ck_assert_ptr_nonnull(s);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(set_and_get_options)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_IO_THREADS, 2), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQ_IO_THREADS), 2);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_MAX_SOCKETS, 64), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQ_MAX_SOCKETS), 64);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_LINGER), ZMQX_DEFAULT_LINGER_MS);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, 250), 0);
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_LINGER), 250);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    int linger = 0;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_LINGER, &linger), 0);
    ck_assert_int_eq(linger, 250);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(bad_options_are_errors)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, 12345, 1), -1);
    tu_assert_error(EINVAL, "ctx_set: option 12345");
    ck_assert_int_eq(zmqx_ctx_get(ctx, 12345), -1);
    tu_assert_error(EINVAL, "ctx_get: option 12345");
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, -5), -1);
    tu_assert_error(EINVAL, "linger -5 out of range");
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_IO_THREADS, -1), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

typedef struct {
    zmqx_socket_t *s;
    int rc, err;
    long long took_ms;
} blocked_t;

static void *blocked_recv(void *arg)
{
    blocked_t *b = arg;
    char buf[8];
    long long t0 = tu_now_ms();
    b->rc = zmqx_recv(b->s, buf, sizeof buf, 0);
    b->err = errno;
    b->took_ms = tu_now_ms() - t0;
    return NULL;
}

START_TEST(shutdown_wakes_a_blocked_receive)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    blocked_t b = { .s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*") };
    ck_assert_ptr_nonnull(b.s);
    pthread_t t;
    pthread_create(&t, NULL, blocked_recv, &b);
    tu_sleep_ms(100);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    pthread_join(t, NULL);
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    ck_assert_int_eq(b.rc, -1);
    ck_assert_int_eq(b.err, ETERM);
    /* Later calls fail with ETERM too; shutdown twice is harmless. */
    char buf[4];
    ck_assert_int_eq(zmqx_recv(b.s, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(errno, ETERM);
    tu_assert_error(ETERM, "context was shut down");
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    ck_assert_ptr_null(zmqx_socket_new(ctx, ZMQ_PUSH, NULL));
    ck_assert_int_eq(errno, ETERM);
    zmqx_socket_destroy(&b.s);
    zmqx_ctx_destroy(&ctx);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(destroy_closes_open_sockets)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PUSH, "@tcp://127.0.0.1:*");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_connect(b, zmqx_socket_endpoint(a)), 0);
    long long t0 = tu_now_ms();
    zmqx_ctx_destroy(&ctx);
    ck_assert_int_lt(tu_now_ms() - t0, ZMQX_DEFAULT_LINGER_MS + 500);
    ck_assert_ptr_null(ctx);
    /* The socket objects stay valid but closed until their owner destroys them. */
    ck_assert_int_eq(zmqx_send_str(a, "x"), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_ptr_null(zmqx_socket_handle(a));
    ck_assert_int_eq(zmqx_socket_bind(b, "tcp://127.0.0.1:*"), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

START_TEST(destroy_after_shutdown)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUB, "@inproc://x");
    zmqx_ctx_shutdown(ctx);
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
    ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(null_default_context_calls)
{
    ck_assert_int_ge(zmqx_ctx_get(NULL, ZMQ_IO_THREADS), 1);
    ck_assert_int_eq(zmqx_ctx_set(NULL, ZMQX_CTX_LINGER, ZMQX_DEFAULT_LINGER_MS), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ctx");
    TCase *tc = tu_tcase(s, "ctx", 20);
    tcase_add_test(tc, new_and_destroy_twice);
    tcase_add_test(tc, default_is_one_context);
    tcase_add_test(tc, set_and_get_options);
    tcase_add_test(tc, bad_options_are_errors);
    tcase_add_test(tc, shutdown_wakes_a_blocked_receive);
    tcase_add_test(tc, destroy_closes_open_sockets);
    tcase_add_test(tc, destroy_after_shutdown);
    tcase_add_test(tc, null_default_context_calls);
    return tu_run(s, 120);
}
