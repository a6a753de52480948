/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: frame (init forms, zero-copy and the tracker, copy and move,
 * send and receive, properties, per-call receive timeout, error paths).
 * Built again with -DZMQX_TEST_MALLOC_COUNT: then it runs only the
 * allocation check, under the malloc_count preload. */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#include "testutil.h"

#include <stdint.h>

#ifndef ZMQX_TEST_MALLOC_COUNT

#include "tu_free_log.h"

static void inproc_pair(const char *ep, zmqx_socket_t **pull, zmqx_socket_t **push)
{
    char at[64];
    snprintf(at, sizeof at, "@%s", ep);
    *pull = zmqx_socket_new(ctx, ZMQ_PULL, at);
    ck_assert_msg(*pull != NULL, "%s", zmqx_strerror());
    *push = zmqx_socket_new(ctx, ZMQ_PUSH, ep);
    ck_assert_msg(*push != NULL, "%s", zmqx_strerror());
}

/* ---- init forms ---- */

START_TEST(init_forms)
{
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init(&f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    ck_assert(!zmqx_frame_more(&f));
    zmqx_frame_close(&f);

    ck_assert_int_eq(zmqx_frame_init_size(&f, 10), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 10);
    memcpy(zmqx_frame_data(&f), "0123456789", 10);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "0123456789", 10), 0);
    zmqx_frame_close(&f);
    /* A closed frame is empty and may be closed again. */
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);

    ck_assert_int_eq(zmqx_frame_init_copy(&f, "hello", 5), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 5);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "hello", 5), 0);
    zmqx_frame_close(&f);

    char big[4096];
    memset(big, 'b', sizeof big);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, big, sizeof big), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), sizeof big);
    ck_assert_ptr_ne(zmqx_frame_data(&f), big);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), big, sizeof big), 0);
    zmqx_frame_close(&f);

    ck_assert_int_eq(zmqx_frame_init_copy(&f, NULL, 0), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
}
END_TEST

START_TEST(init_failures_leave_an_empty_frame)
{
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, NULL, 3), -1);
    tu_assert_error(EFAULT, "frame_init_copy: data is NULL");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init_size(&f, SIZE_MAX), -1);
    tu_assert_error(ENOMEM, "frame_init_size");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init_data(&f, NULL, 3, NULL, NULL), -1);
    tu_assert_error(EFAULT, "frame_init_data: data is NULL");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
}
END_TEST

/* ---- zero-copy ---- */

START_TEST(zero_copy_even_for_five_bytes)
{
    /* libzmq would keep 5 bytes inside the message if zmqx copied them; it
     * does not: the receiver sees the very same buffer (inproc), and the free
     * function runs once, on the thread that closes the last reference. */
    static char buf[5] = { 'f', 'i', 'v', 'e', '!' };
    struct free_log log = { 0 };
    zmqx_socket_t *pull, *push;
    inproc_pair("inproc://zc5", &pull, &push);
    zmqx_frame_t f, r;
    ck_assert_int_eq(zmqx_frame_init_data(&f, buf, sizeof buf, log_free, &log), 0);
    ck_assert_ptr_eq(zmqx_frame_data(&f), buf);
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), 5);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_init(&r);
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), 5);
    ck_assert_ptr_eq(zmqx_frame_data(&r), buf);
    ck_assert_int_eq(atomic_load(&log.calls), 0);
    zmqx_frame_close(&r);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    ck_assert_ptr_eq(log.data, buf);
    ck_assert(pthread_equal(log.thread, pthread_self()));
    zmqx_frame_close(&f);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

#define MIB (1024 * 1024)

START_TEST(zero_copy_1mib_over_tcp_with_tracker)
{
    unsigned char *buf = malloc(MIB);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < MIB; i++)
        buf[i] = (unsigned char) (i * 31 + 7);
    struct free_log log = { 0 };
    zmqx_tracker_t t = ZMQX_TRACKER_INIT;
    ck_assert(zmqx_tracker_done(&t));
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    zmqx_frame_t f, r;
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, buf, MIB, log_free, &log, &t), 0);
    ck_assert(!zmqx_tracker_done(&t));
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), MIB);
    zmqx_frame_init(&r);
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), MIB);
    ck_assert_ptr_ne(zmqx_frame_data(&r), buf);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&r), buf, MIB), 0);
    zmqx_frame_close(&r);
    ck_assert_int_eq(zmqx_tracker_wait(&t, 5000), 0);
    ck_assert(zmqx_tracker_done(&t));
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    ck_assert_ptr_eq(log.data, buf);
    /* tcp: libzmq's I/O thread ran it, not this one. */
    ck_assert(!pthread_equal(log.thread, pthread_self()));
    free(buf);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    tu_sleep_ms(20);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
}
END_TEST

START_TEST(closing_an_unsent_frame_frees_at_once)
{
    static char buf[64];
    struct free_log log = { 0 };
    zmqx_tracker_t t;
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, buf, sizeof buf, log_free, &log, &t), 0);
    ck_assert(!zmqx_tracker_done(&t));
    zmqx_frame_close(&f);
    ck_assert(zmqx_tracker_done(&t));
    ck_assert_int_eq(zmqx_tracker_wait(&t, 0), 0);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    ck_assert(pthread_equal(log.thread, pthread_self()));
    /* A tracker can be armed again, and works without a free function. */
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, buf, sizeof buf, NULL, NULL, &t), 0);
    ck_assert(!zmqx_tracker_done(&t));
    zmqx_frame_close(&f);
    ck_assert(zmqx_tracker_done(&t));
    ck_assert_int_eq(atomic_load(&log.calls), 1);
}
END_TEST

START_TEST(tracker_wait_times_out)
{
    static char buf[8];
    zmqx_tracker_t t;
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, buf, sizeof buf, NULL, NULL, &t), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_tracker_wait(&t, 100), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 100);
    ck_assert_int_lt(took, 1000);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 100);
    tu_assert_error(EAGAIN, "tracker_wait: timed out after 100 ms");
    ck_assert_int_eq(zmqx_tracker_wait(&t, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_tracker_wait(&t, -2), -1);
    tu_assert_error(EINVAL, "out of range");
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_tracker_wait(&t, -1), 0);
}
END_TEST

START_TEST(tracked_init_failure_reads_done)
{
    struct free_log log = { 0 };
    zmqx_tracker_t t = { 0, NULL, NULL };
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, NULL, 9, log_free, &log, &t), -1);
    tu_assert_error(EFAULT, "data is NULL");
    ck_assert(zmqx_tracker_done(&t));
    ck_assert_int_eq(atomic_load(&log.calls), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
    char buf[4];
    ck_assert_int_eq(zmqx_frame_init_data_tracked(&f, buf, 4, NULL, NULL, NULL), -1);
    tu_assert_error(EINVAL, "tracker is NULL");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init_data_tracked(NULL, buf, 4, NULL, NULL, &t), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert(zmqx_tracker_done(&t));
}
END_TEST

START_TEST(constant_data_without_free_function)
{
    static const char text[] = "static text";
    zmqx_socket_t *pull, *push;
    inproc_pair("inproc://const", &pull, &push);
    zmqx_frame_t f, r;
    ck_assert_int_eq(zmqx_frame_init_data(&f, (void *) text, sizeof text - 1, NULL, NULL), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), (int) sizeof text - 1);
    zmqx_frame_init(&r);
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), (int) sizeof text - 1);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&r), text, sizeof text - 1), 0);
    zmqx_frame_close(&r);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- copy and move ---- */

START_TEST(copy_shares_and_frees_after_the_last)
{
    static char buf[100];
    struct free_log log = { 0 };
    zmqx_frame_t f, g;
    ck_assert_int_eq(zmqx_frame_init_data(&f, buf, sizeof buf, log_free, &log), 0);
    zmqx_frame_init(&g);
    ck_assert_int_eq(zmqx_frame_copy(&g, &f), 0);
    ck_assert_ptr_eq(zmqx_frame_data(&g), buf);
    ck_assert_uint_eq(zmqx_frame_size(&g), sizeof buf);
    ck_assert_int_eq(zmqx_frame_copy(&g, &g), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(atomic_load(&log.calls), 0);
    zmqx_frame_close(&g);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    /* A small copied frame is duplicated, not shared. */
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "abc", 3), 0);
    zmqx_frame_init(&g);
    ck_assert_int_eq(zmqx_frame_copy(&g, &f), 0);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&g), "abc", 3), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&g), "abc", 3), 0);
    zmqx_frame_close(&g);
}
END_TEST

START_TEST(move_empties_the_source)
{
    static char buf[50];
    struct free_log log = { 0 };
    zmqx_frame_t f, g;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "old content of g", 16), 0);
    ck_assert_int_eq(zmqx_frame_init_data(&g, buf, sizeof buf, log_free, &log), 0);
    /* Moving f into g releases g's zero-copy content. */
    ck_assert_int_eq(zmqx_frame_move(&g, &f), 0);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&g), 16);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&g), "old content of g", 16), 0);
    ck_assert_int_eq(zmqx_frame_move(&g, &g), 0);
    ck_assert_uint_eq(zmqx_frame_size(&g), 16);
    zmqx_frame_close(&g);
    zmqx_frame_close(&f);
}
END_TEST

/* ---- send and receive ---- */

START_TEST(send_and_receive_frames)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    zmqx_frame_t f, r;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "abc", 3), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, ZMQX_MORE), 3);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0); /* taken by libzmq */
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), 0); /* an empty last part */
    zmqx_frame_init(&r);
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), 3);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&r), "abc", 3), 0);
    ck_assert(zmqx_frame_more(&r));
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), 0);
    ck_assert(!zmqx_frame_more(&r));
    zmqx_frame_close(&r);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(recv_releases_what_the_frame_held)
{
    static char buf[40];
    struct free_log log = { 0 };
    zmqx_socket_t *pull, *push;
    inproc_pair("inproc://release", &pull, &push);
    ck_assert_int_eq(zmqx_send_str(push, "new"), 3);
    zmqx_frame_t r;
    ck_assert_int_eq(zmqx_frame_init_data(&r, buf, sizeof buf, log_free, &log), 0);
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, 0), 3);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&r), "new", 3), 0);
    /* A failed receive leaves the frame empty too. */
    ck_assert_int_eq(zmqx_recv_frame(pull, &r, ZMQX_DONTWAIT), -1);
    tu_assert_error(EAGAIN, "recv_frame inproc://release: no message ready (ZMQX_DONTWAIT)");
    ck_assert(!zmqx_error_is_timeout(NULL));
    ck_assert_uint_eq(zmqx_frame_size(&r), 0);
    zmqx_frame_close(&r);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ZMQX_KEEP: a reference-counted copy goes, the frame stays whole; inproc
 * hands the receiver the very buffer, so no byte was copied. Through the
 * inline macro and through the function alike. */
START_TEST(send_with_keep_shares_the_content)
{
    static char big[4096];
    memset(big, 'k', sizeof big);
    struct free_log log = { 0 };
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://keep-frame");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://keep-frame");
    zmqx_frame_t f, in;
    zmqx_frame_init(&in);
    ck_assert_int_eq(zmqx_frame_init_data(&f, big, sizeof big, log_free, &log), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, ZMQX_KEEP | ZMQX_MORE), (int) sizeof big);
    ck_assert_int_eq((zmqx_send_frame)(push, &f, ZMQX_KEEP), (int) sizeof big);
    ck_assert_uint_eq(zmqx_frame_size(&f), sizeof big); /* kept */
    ck_assert_ptr_eq(zmqx_frame_data(&f), big);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(zmqx_recv_frame(pull, &in, 0), (int) sizeof big);
        ck_assert_ptr_eq(zmqx_frame_data(&in), big); /* the same buffer */
        ck_assert(zmqx_frame_more(&in) == (i == 0));
    }
    zmqx_frame_close(&in);
    ck_assert_int_eq(atomic_load(&log.calls), 0); /* f still holds it */
    /* a small frame is copied with its zmq_msg_t (it lives inside it) */
    zmqx_frame_t small;
    zmqx_frame_init_copy(&small, "tiny", 4);
    ck_assert_int_eq(zmqx_send_frame(push, &small, ZMQX_KEEP), 4);
    ck_assert_int_eq(zmqx_recv_frame(pull, &in, 0), 4);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&small), "tiny", 4), 0);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&in), "tiny", 4), 0);
    /* without ZMQX_KEEP it goes for good */
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), (int) sizeof big);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    ck_assert_int_eq(zmqx_recv_frame(pull, &in, 0), (int) sizeof big);
    zmqx_frame_close(&in);
    ck_assert_int_eq(atomic_load(&log.calls), 1); /* freed once, after the last copy */
    zmqx_frame_close(&small);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(failed_send_with_keep_keeps_the_content)
{
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    char big[100];
    memset(big, 'x', sizeof big);
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, big, sizeof big), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, ZMQX_KEEP | ZMQX_DONTWAIT), -1);
    tu_assert_error(EAGAIN, "send_frame: cannot send now");
    ck_assert_int_eq(zmqx_socket_set_send_timeout(push, 20), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, ZMQX_KEEP), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_uint_eq(zmqx_frame_size(&f), sizeof big);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), big, sizeof big), 0);
    ck_assert_int_eq(zmqx_send_frame(NULL, &f, ZMQX_KEEP), -1);
    tu_assert_error(EINVAL, "send_frame: socket is NULL");
    ck_assert_int_eq(zmqx_send_frame(push, NULL, ZMQX_KEEP), -1);
    tu_assert_error(EINVAL, "send_frame: frame is NULL");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(failed_send_keeps_the_content)
{
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "keep", 4), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, ZMQX_DONTWAIT), -1);
    tu_assert_error(EAGAIN, "send_frame: cannot send now");
    ck_assert_uint_eq(zmqx_frame_size(&f), 4);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "keep", 4), 0);
    ck_assert_int_eq(zmqx_socket_set_send_timeout(push, 50), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 50);
    ck_assert_uint_eq(zmqx_frame_size(&f), 4);
    /* The caller still owns it: it can go elsewhere. */
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://keep");
    ck_assert_int_eq(zmqx_socket_connect(push, "inproc://keep"), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), 4);
    char got[8];
    ck_assert_int_eq(zmqx_recv(pull, got, sizeof got, 0), 4);
    ck_assert_int_eq(memcmp(got, "keep", 4), 0);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&pull);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(frame_errors_from_the_socket)
{
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, "@inproc://pub");
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, "inproc://pub");
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_recv_frame(pub, &f, 0), -1);
    tu_assert_error(ENOTSUP, "recv_frame inproc://pub: socket type PUB cannot receive");
    ck_assert_int_eq(zmqx_send_frame(sub, &f, 0), -1);
    tu_assert_error(ENOTSUP, "socket type SUB cannot send");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
}
END_TEST

/* ---- properties ---- */

START_TEST(properties_of_a_tcp_frame)
{
    zmqx_socket_t *router = zmqx_socket_new(ctx, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    zmqx_socket_t *dealer = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    ck_assert_int_eq(zmqx_socket_set_routing_id(dealer, "dealer-7", 8), 0);
    ck_assert_int_eq(zmqx_socket_connect(dealer, zmqx_socket_endpoint(router)), 0);
    ck_assert_int_eq(zmqx_send_str(dealer, "hi"), 2);
    zmqx_frame_t id, body;
    zmqx_frame_init(&id);
    zmqx_frame_init(&body);
    ck_assert_int_eq(zmqx_recv_frame(router, &id, 0), 8);
    ck_assert_int_eq(zmqx_recv_frame(router, &body, 0), 2);
    ck_assert_str_eq(zmqx_frame_property(&body, "Socket-Type"), "DEALER");
    ck_assert_str_eq(zmqx_frame_property(&body, "Peer-Address"), "127.0.0.1");
    ck_assert_str_eq(zmqx_frame_property(&body, "Routing-Id"), "dealer-7");
    /* Absent is ENOENT, told apart from a bad argument (EINVAL). */
    ck_assert_ptr_null(zmqx_frame_property(&body, "User-Id"));
    tu_assert_error(ENOENT, "frame_property: no property \"User-Id\" on this frame");
    ck_assert_ptr_null(zmqx_frame_property(&body, "X-Nothing"));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_ptr_null(zmqx_frame_property(&body, NULL));
    tu_assert_error(EINVAL, "property name is NULL");
    zmqx_frame_close(&id);
    zmqx_frame_close(&body);
    zmqx_socket_destroy(&dealer);
    zmqx_socket_destroy(&router);
}
END_TEST

START_TEST(socket_type_of_a_push_peer)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_send_str(push, "x"), 1);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, 0), 1);
    ck_assert_str_eq(zmqx_frame_property(&f, "Socket-Type"), "PUSH");
    ck_assert_str_eq(zmqx_frame_property(&f, "Peer-Address"), "127.0.0.1");
    ck_assert_ptr_null(zmqx_frame_property(&f, "Routing-Id"));
    ck_assert_int_eq(errno, ENOENT);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(inproc_and_unsent_frames_have_no_properties)
{
    zmqx_socket_t *pull, *push;
    inproc_pair("inproc://props", &pull, &push);
    ck_assert_int_eq(zmqx_send_str(push, "x"), 1);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_ptr_null(zmqx_frame_property(&f, "Socket-Type"));
    tu_assert_error(ENOENT, "no property");
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, 0), 1);
    ck_assert_ptr_null(zmqx_frame_property(&f, "Socket-Type"));
    tu_assert_error(ENOENT, "no property \"Socket-Type\"");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A one-request ZAP handler: accepts user "alice" and attaches User-Id
 * and an X-Color property to her connection. */
static void *zap_handler(void *arg)
{
    zmqx_socket_t *zap = arg;
    zmqx_msg_t *req = zmqx_msg_new();
    zmqx_msg_t *rep = zmqx_msg_new();
    /* version, request id, domain, address, routing id, mechanism, user, password */
    if (zmqx_recv_msg(zap, req) == 8 && zmqx_msg_part_eq_str(req, 5, "PLAIN")) {
        bool alice = zmqx_msg_part_eq_str(req, 6, "alice");
        static const char meta[] = "\x07X-Color\x00\x00\x00\x04"
                                   "blue";
        zmqx_msg_append_str(rep, "1.0");
        zmqx_msg_append(rep, zmqx_msg_data(req, 1), zmqx_msg_size(req, 1));
        zmqx_msg_append_str(rep, alice ? "200" : "400");
        zmqx_msg_append_str(rep, alice ? "OK" : "who?");
        zmqx_msg_append_str(rep, alice ? "alice" : "");
        zmqx_msg_append(rep, meta, alice ? sizeof meta - 1 : 0);
        zmqx_send_msg(zap, rep);
    }
    zmqx_msg_destroy(&rep);
    zmqx_msg_destroy(&req);
    return NULL;
}

START_TEST(zap_user_id_and_metadata)
{
    zmqx_socket_t *zap = zmqx_socket_new(ctx, ZMQ_REP, "@inproc://zeromq.zap.01");
    ck_assert_msg(zap != NULL, "%s", zmqx_strerror());
    zmqx_socket_set_recv_timeout(zap, 5000);
    pthread_t th;
    pthread_create(&th, NULL, zap_handler, zap);
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(pull, ZMQ_PLAIN_SERVER, 1), 0);
    ck_assert_int_gt(zmqx_socket_bind(pull, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_string(push, ZMQ_PLAIN_USERNAME, "alice"), 0);
    ck_assert_int_eq(zmqx_socket_set_string(push, ZMQ_PLAIN_PASSWORD, "secret"), 0);
    ck_assert_int_eq(zmqx_socket_connect(push, zmqx_socket_endpoint(pull)), 0);
    ck_assert_int_eq(zmqx_send_str(push, "authenticated"), 13);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_recv_frame_timeout(pull, &f, 5000), 13);
    ck_assert_str_eq(zmqx_frame_property(&f, "User-Id"), "alice");
    ck_assert_str_eq(zmqx_frame_property(&f, "X-Color"), "blue");
    ck_assert_str_eq(zmqx_frame_property(&f, "Socket-Type"), "PUSH");
    ck_assert_ptr_null(zmqx_frame_property(&f, "X-Shape"));
    ck_assert_int_eq(errno, ENOENT);
    zmqx_frame_close(&f);
    pthread_join(th, NULL);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_socket_destroy(&zap);
}
END_TEST

/* ---- per-call receive timeout ---- */

START_TEST(recv_frame_timeout_leaves_the_socket_timeout)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 50), 0);
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "gone", 4), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_frame_timeout(pull, &f, 200), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 200);
    ck_assert_str_eq(zmqx_last_error()->op, "recv_frame_timeout");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    int v = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, 50);
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, 0), -1);
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 50);
    /* A frame that is there comes at once. */
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    ck_assert_int_eq(zmqx_send_str(push, "here"), 4);
    ck_assert_int_eq(zmqx_recv_frame_timeout(pull, &f, 5000), 4);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "here", 4), 0);
    ck_assert_int_eq(zmqx_recv_frame_timeout(pull, &f, -2), -1);
    tu_assert_error(EINVAL, "out of range");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- NULL arguments ---- */

START_TEST(null_arguments_are_errors)
{
    char buf[4];
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_tracker_t t = ZMQX_TRACKER_INIT;
    ck_assert_int_eq(zmqx_frame_init(NULL), -1);
    tu_assert_error(EINVAL, "frame_init: frame is NULL");
    ck_assert_int_eq(zmqx_frame_init_size(NULL, 3), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_frame_init_copy(NULL, "x", 1), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_frame_init_data(NULL, buf, 1, NULL, NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_frame_init_data_tracked(NULL, buf, 1, NULL, NULL, &t), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert(!zmqx_tracker_done(NULL));
    tu_assert_error(EINVAL, "tracker is NULL");
    ck_assert_int_eq(zmqx_tracker_wait(NULL, 10), -1);
    tu_assert_error(EINVAL, "tracker is NULL");
    zmqx_frame_close(NULL);
    ck_assert_ptr_null(zmqx_frame_data(NULL));
    tu_assert_error(EINVAL, "frame_data: frame is NULL");
    ck_assert_uint_eq(zmqx_frame_size(NULL), 0);
    tu_assert_error(EINVAL, "frame_size: frame is NULL");
    ck_assert(!zmqx_frame_more(NULL));
    tu_assert_error(EINVAL, "frame_more: frame is NULL");
    ck_assert_ptr_null(zmqx_frame_property(NULL, "Socket-Type"));
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_frame_copy(NULL, &f), -1);
    ck_assert_int_eq(zmqx_frame_copy(&f, NULL), -1);
    tu_assert_error(EINVAL, "frame_copy: frame is NULL");
    ck_assert_int_eq(zmqx_frame_move(NULL, &f), -1);
    ck_assert_int_eq(zmqx_frame_move(&f, NULL), -1);
    tu_assert_error(EINVAL, "frame_move: frame is NULL");
    ck_assert_int_eq(zmqx_send_frame(NULL, &f, 0), -1);
    tu_assert_error(EINVAL, "send_frame: socket is NULL");
    ck_assert_int_eq(zmqx_recv_frame(NULL, &f, 0), -1);
    tu_assert_error(EINVAL, "recv_frame: socket is NULL");
    ck_assert_int_eq(zmqx_recv_frame_timeout(NULL, &f, 10), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    ck_assert_int_eq(zmqx_send_frame(s, NULL, 0), -1);
    tu_assert_error(EINVAL, "send_frame: frame is NULL");
    ck_assert_int_eq(zmqx_recv_frame(s, NULL, 0), -1);
    tu_assert_error(EINVAL, "recv_frame: frame is NULL");
    ck_assert_int_eq(zmqx_recv_frame_timeout(s, NULL, 10), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    zmqx_socket_destroy(&s);
    zmqx_frame_close(&f);
}
END_TEST

/* The debug print: text as is, binary as hex, long parts cut, errors. */
START_TEST(print_shows_size_and_bytes)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "hello", 5), 0);
    ck_assert_int_eq(zmqx_frame_print(&f, out), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "\x00\x6b\xff", 3), 0);
    ck_assert_int_eq(zmqx_frame_print(&f, out), 0);
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init(&f), 0);
    ck_assert_int_eq(zmqx_frame_print(&f, out), 0);
    zmqx_frame_close(&f);
    char big[100];
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, big, sizeof big), 0);
    ck_assert_int_eq(zmqx_frame_print(&f, out), 0);
    zmqx_frame_close(&f);
    memset(big, 0, sizeof big);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, big, sizeof big), 0);
    ck_assert_int_eq(zmqx_frame_print(&f, out), 0);
    fclose(out);
    ck_assert_str_eq(text, "[005] hello\n"
                           "[003] 0x006bff\n"
                           "[000] \n"
                           "[100] aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\n"
                           "[100] 0x0000000000000000000000000000000000000000000000000000000000000000...\n");
    free(text);
    ck_assert_int_eq(zmqx_frame_print(NULL, stderr), -1);
    tu_assert_error(EINVAL, "frame_print: frame is NULL");
    ck_assert_int_eq(zmqx_frame_print(&f, NULL), -1);
    tu_assert_error(EINVAL, "frame_print: out is NULL");
    /* a stream that cannot be written */
    FILE *ro = fopen("/dev/null", "r");
    ck_assert_int_eq(zmqx_frame_print(&f, ro), -1);
    tu_assert_error(EIO, "frame_print: writing the output failed");
    fclose(ro);
    zmqx_frame_close(&f);
}
END_TEST

#else /* ZMQX_TEST_MALLOC_COUNT */

#include "tu_malloc_count.h"

START_TEST(small_frame_send_recv_allocates_nothing)
{
    tu_count_fn count = tu_mc_thread_count();
    /* HWM 0 (no limit): no flow-control commands, which libzmq itself
     * sometimes allocates a queue chunk for; inproc on one thread. */
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(pull, ZMQ_RCVHWM, 0), 0);
    ck_assert_int_eq(zmqx_socket_set_int(push, ZMQ_SNDHWM, 0), 0);
    ck_assert_int_eq(zmqx_socket_bind(pull, "inproc://alloc-frame"), 0);
    ck_assert_int_eq(zmqx_socket_connect(push, "inproc://alloc-frame"), 0);
    const char payload[] = "sixteen bytes!!";
    zmqx_frame_t f, r;
    zmqx_frame_init(&r);
    enum { WARM_UP = 1000, N = 10000 };
    /* No ck_assert in the loop: Check's bookkeeping allocates. */
    size_t before = 0;
    int failed = 0;
    for (int i = 0; i < WARM_UP + N && !failed; i++) {
        if (i == WARM_UP)
            before = count();
        failed = zmqx_frame_init_copy(&f, payload, 16) != 0 || zmqx_send_frame(push, &f, 0) != 16
                 || zmqx_recv_frame(pull, &r, 0) != 16;
        zmqx_frame_close(&f);
    }
    size_t made = count() - before;
    ck_assert_msg(!failed, "%s", zmqx_strerror());
    ck_assert_int_eq(memcmp(zmqx_frame_data(&r), payload, 16), 0);
    zmqx_frame_close(&r);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    ck_assert_msg(made == 0, "%zu allocations in %d frame round trips", made, N);
}
END_TEST

#endif

int main(void)
{
    Suite *s = suite_create("frame");
#ifndef ZMQX_TEST_MALLOC_COUNT
    TCase *tc = tu_tcase(s, "frame", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, init_forms);
    tcase_add_test(tc, init_failures_leave_an_empty_frame);
    tcase_add_test(tc, zero_copy_even_for_five_bytes);
    tcase_add_test(tc, zero_copy_1mib_over_tcp_with_tracker);
    tcase_add_test(tc, closing_an_unsent_frame_frees_at_once);
    tcase_add_test(tc, tracker_wait_times_out);
    tcase_add_test(tc, tracked_init_failure_reads_done);
    tcase_add_test(tc, constant_data_without_free_function);
    tcase_add_test(tc, copy_shares_and_frees_after_the_last);
    tcase_add_test(tc, move_empties_the_source);
    tcase_add_test(tc, send_and_receive_frames);
    tcase_add_test(tc, recv_releases_what_the_frame_held);
    tcase_add_test(tc, failed_send_keeps_the_content);
    tcase_add_test(tc, send_with_keep_shares_the_content);
    tcase_add_test(tc, failed_send_with_keep_keeps_the_content);
    tcase_add_test(tc, frame_errors_from_the_socket);
    tcase_add_test(tc, properties_of_a_tcp_frame);
    tcase_add_test(tc, socket_type_of_a_push_peer);
    tcase_add_test(tc, inproc_and_unsent_frames_have_no_properties);
    tcase_add_test(tc, zap_user_id_and_metadata);
    tcase_add_test(tc, recv_frame_timeout_leaves_the_socket_timeout);
    tcase_add_test(tc, null_arguments_are_errors);
    tcase_add_test(tc, print_shows_size_and_bytes);
#else
    TCase *tc = tu_tcase(s, "alloc", 60);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, small_frame_send_recv_allocates_nothing);
#endif
    return tu_run(s, 240);
}
