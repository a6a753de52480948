/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: fastpath (the inline send/receive path of socket.h, frame.h
 * and msg.h): the macros and the exported functions give the same results
 * and the same errors; a receive reuses a message's part slots and
 * releases the old parts it does not reuse; a wait happens in libzmq, in
 * one libzmq call once the socket's calls have had to wait; a call that
 * fails at once asks libzmq once (counted, test/tu_zmq_calls.h).
 * Built again with -DZMQX_TEST_MALLOC_COUNT: then it runs only the
 * allocation check of a send that waits, under the malloc_count preload. */
#include "testutil.h"

#ifndef ZMQX_TEST_MALLOC_COUNT

#include "tu_free_log.h"
#include "tu_zmq_calls.h"

static zmqx_ctx_t *ctx;
static zmqx_socket_t *push, *pull;

static void setup(void)
{
    ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://fast");
    push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://fast");
    ck_assert_ptr_nonnull(pull);
    ck_assert_ptr_nonnull(push);
}

static void teardown(void)
{
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}

/* ---- macros and functions agree ---- */

START_TEST(bytes_and_strings_both_ways)
{
    char buf[16];
    ck_assert_int_eq(zmqx_send(push, "abc", 3, 0), 3);          /* inline */
    ck_assert_int_eq((zmqx_recv)(pull, buf, sizeof buf, 0), 3); /* function */
    ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
    ck_assert_int_eq((zmqx_send)(push, "de", 2, ZMQX_MORE), 2);
    ck_assert_int_eq((zmqx_send_str)(push, "fgh"), 3);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 2);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, 2, 0), 3); /* truncated: full size */
    ck_assert_int_eq(zmqx_send_str(push, "ij"), 2);
    char *s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "ij");
    free(s);
    /* the names still denote the exported functions */
    int (*send_fn)(zmqx_socket_t *, const void *, size_t, int) = zmqx_send;
    ck_assert_int_eq(send_fn(push, "k", 1, 0), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, ZMQX_DONTWAIT), 1);
}
END_TEST

START_TEST(frames_both_ways)
{
    zmqx_frame_t out, in;
    ck_assert_int_eq(zmqx_frame_init(&in), 0);
    ck_assert_int_eq(zmqx_frame_init_copy(&out, "frame", 5), 0);
    ck_assert_uint_eq(zmqx_frame_size(&out), 5);
    ck_assert_uint_eq((zmqx_frame_size)(&out), 5);
    ck_assert_ptr_eq(zmqx_frame_data(&out), (zmqx_frame_data)(&out));
    ck_assert_int_eq(zmqx_send_frame(push, &out, 0), 5);
    ck_assert_uint_eq(zmqx_frame_size(&out), 0); /* sent: empty */
    ck_assert_int_eq((zmqx_recv_frame)(pull, &in, 0), 5);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&in), "frame", 5), 0);
    ck_assert_int_eq((zmqx_frame_init_copy)(&out, "again", 5), 0);
    ck_assert_int_eq((zmqx_send_frame)(push, &out, 0), 5);
    ck_assert_int_eq(zmqx_recv_frame(pull, &in, 0), 5); /* into a full frame */
    ck_assert_int_eq(memcmp(zmqx_frame_data(&in), "again", 5), 0);
    zmqx_frame_close(&in);
    zmqx_frame_close(&out);
}
END_TEST

START_TEST(messages_both_ways)
{
    zmqx_msg_t *out = zmqx_msg_new(), *in = zmqx_msg_new();
    ck_assert_int_eq(zmqx_msg_append(out, "one", 3), 0);
    ck_assert_int_eq(zmqx_send_msg(push, out), 1);
    ck_assert_uint_eq(zmqx_msg_count(out), 0);
    ck_assert_int_eq((zmqx_recv_msg)(pull, in), 1);
    ck_assert_uint_eq(zmqx_msg_size(in, 0), 3);
    ck_assert_uint_eq((zmqx_msg_size)(in, 0), 3);
    ck_assert_int_eq(memcmp(zmqx_msg_data(in, 0), "one", 3), 0);
    ck_assert_ptr_eq(zmqx_msg_data(in, 0), (zmqx_msg_data)(in, 0));
    ck_assert_int_eq((zmqx_msg_append)(out, "two", 3), 0);
    ck_assert_int_eq((zmqx_send_msg)(push, out), 1);
    ck_assert_int_eq(zmqx_recv_msg(pull, in), 1); /* inline, into the old slot */
    ck_assert_int_eq(memcmp(zmqx_msg_data(in, 0), "two", 3), 0);
    /* out of range: the functions' errors */
    ck_assert_uint_eq(zmqx_msg_size(in, 1), 0);
    tu_assert_error(EINVAL, "out of range");
    ck_assert_ptr_null(zmqx_msg_data(in, 5));
    tu_assert_error(EINVAL, "out of range");
    /* more parts than the inline slots: append grows out of line */
    for (int i = 0; i < 3 * ZMQX_MSG_INLINE_PARTS; i++)
        ck_assert_int_eq(zmqx_msg_append(out, &i, sizeof i), 0);
    ck_assert_int_eq(zmqx_send_msg(push, out), 3 * ZMQX_MSG_INLINE_PARTS);
    ck_assert_int_eq(zmqx_recv_msg(pull, in), 3 * ZMQX_MSG_INLINE_PARTS);
    for (int i = 0; i < 3 * ZMQX_MSG_INLINE_PARTS; i++)
        ck_assert_int_eq(*(const int *) zmqx_msg_data(in, (size_t) i), i);
    zmqx_msg_destroy(&out);
    zmqx_msg_destroy(&in);
}
END_TEST

/* ---- the same errors through the inline path ---- */

START_TEST(errors_through_the_macros)
{
    char buf[4];
    zmqx_frame_t f;
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_send(NULL, "x", 1, 0), -1);
    tu_assert_error(EINVAL, "send: socket is NULL");
    ck_assert_int_eq(zmqx_recv(NULL, buf, sizeof buf, 0), -1);
    tu_assert_error(EINVAL, "recv: socket is NULL");
    ck_assert_int_eq(zmqx_send_str(NULL, "x"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_send_str(push, NULL), -1);
    tu_assert_error(EFAULT, "string is NULL");
    ck_assert_int_eq(zmqx_send(push, NULL, 3, 0), -1);
    tu_assert_error(EFAULT, "data is NULL");
    ck_assert_int_eq(zmqx_recv(pull, NULL, 3, 0), -1);
    tu_assert_error(EFAULT, "buffer is NULL");
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, ZMQX_DONTWAIT), -1);
    tu_assert_error(EAGAIN, "(ZMQX_DONTWAIT)");
    ck_assert(!zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_send_frame(NULL, &f, 0), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_int_eq(zmqx_send_frame(push, NULL, 0), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_recv_frame(pull, NULL, 0), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, ZMQX_DONTWAIT), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_int_eq(zmqx_frame_init_copy(NULL, "x", 1), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_frame_init_copy(&f, NULL, 1), -1);
    tu_assert_error(EFAULT, "data is NULL");
    ck_assert_uint_eq(zmqx_frame_size(NULL), 0);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_ptr_null(zmqx_frame_data(NULL));
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_msg_append(NULL, "x", 1), -1);
    tu_assert_error(EINVAL, "message is NULL");
    ck_assert_int_eq(zmqx_msg_append(m, NULL, 1), -1);
    tu_assert_error(EFAULT, "data is NULL");
    ck_assert_int_eq(zmqx_send_msg(push, m), -1);
    tu_assert_error(EINVAL, "message has no parts");
    ck_assert_int_eq(zmqx_send_msg(NULL, m), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_int_eq(zmqx_recv_msg(pull, NULL), -1);
    tu_assert_error(EINVAL, "message is NULL");
    ck_assert_uint_eq(zmqx_msg_size(NULL, 0), 0);
    tu_assert_error(EINVAL, "message is NULL");
    /* a socket whose context is gone: the inline try fails in libzmq, the
     * function says why */
    zmqx_ctx_destroy(&ctx);
    ck_assert_int_eq(zmqx_send(push, "x", 1, 0), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_int_eq(zmqx_send_str(push, "x"), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_ptr_null(zmqx_recv_str(pull));
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "x", 1), 0);
    ck_assert_int_eq(zmqx_send_frame(push, &f, 0), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_uint_eq(zmqx_frame_size(&f), 1); /* still the caller's */
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, 0), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_uint_eq(zmqx_frame_size(&f), 0); /* a failed receive empties it */
    ck_assert_int_eq(zmqx_msg_append(m, "x", 1), 0);
    ck_assert_int_eq(zmqx_send_msg(push, m), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_uint_eq(zmqx_msg_count(m), 1);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_uint_eq(zmqx_msg_count(m), 1); /* left as it was */
    zmqx_msg_clear(m);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), -1);
    tu_assert_error(ENOTSOCK, "socket is closed");
    ck_assert_uint_eq(zmqx_msg_count(m), 0); /* no empty phantom part */
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
}
END_TEST

/* ---- receiving into a message reuses its slots ---- */

/* m gets n parts of zero-copy memory whose release logs[i] records. */
static void add_logged_parts(zmqx_msg_t *m, struct free_log *logs, int n)
{
    static char mem[8][4];
    for (int i = 0; i < n; i++) {
        zmqx_frame_t f;
        atomic_init(&logs[i].calls, 0);
        ck_assert_int_eq(zmqx_frame_init_data(&f, mem[i], sizeof mem[i], log_free, &logs[i]), 0);
        ck_assert_int_eq(zmqx_msg_append_frame(m, &f), 0);
    }
}

static void send_parts(int n)
{
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(zmqx_send(push, &i, sizeof i, i + 1 < n ? ZMQX_MORE : 0), (int) sizeof i);
}

static void assert_released(struct free_log *logs, int n)
{
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(atomic_load(&logs[i].calls), 1);
}

START_TEST(receive_releases_every_old_part)
{
    struct free_log logs[3];
    zmqx_msg_t *m = zmqx_msg_new();
    /* three old parts, one new */
    add_logged_parts(m, logs, 3);
    send_parts(1);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), 1);
    assert_released(logs, 3);
    ck_assert_int_eq(*(const int *) zmqx_msg_data(m, 0), 0);
    /* one old part (inline path), three new: the rest out of line */
    zmqx_msg_clear(m);
    add_logged_parts(m, logs, 1);
    send_parts(3);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), 3);
    assert_released(logs, 1);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(*(const int *) zmqx_msg_data(m, (size_t) i), i);
    /* two old parts after a pop (head moved): cleared first */
    zmqx_msg_clear(m);
    add_logged_parts(m, logs, 3);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_msg_pop(m, &f), 0);
    zmqx_frame_close(&f);
    send_parts(2);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), 2);
    assert_released(logs, 3);
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(failed_receive_releases_old_parts)
{
    struct free_log logs[2];
    zmqx_msg_t *m = zmqx_msg_new();
    add_logged_parts(m, logs, 2);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 50), 0);
    ck_assert_int_eq(zmqx_recv_msg(pull, m), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 50);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    assert_released(logs, 2);
    /* the same through the function, from a one-part message */
    add_logged_parts(m, logs, 1);
    ck_assert_int_eq((zmqx_recv_msg)(pull, m), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    assert_released(logs, 1);
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(recv_msg_rest_checks_its_arguments)
{
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx__recv_msg_rest(NULL, m), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_int_eq(zmqx__recv_msg_rest(pull, NULL), -1);
    tu_assert_error(EINVAL, "no message being received");
    ck_assert_int_eq(zmqx__recv_msg_rest(pull, m), -1);
    tu_assert_error(EINVAL, "no message being received");
    zmqx_msg_destroy(&m);
}
END_TEST

/* ---- waiting: the first try finds nothing, libzmq blocks ---- */

static void *send_later(void *arg)
{
    (void) arg;
    tu_sleep_ms(50);
    for (int i = 0; i < 4; i++)
        (zmqx_send_str)(push, "late");
    return NULL;
}

START_TEST(receives_wait_for_the_message)
{
    pthread_t t;
    pthread_create(&t, NULL, send_later, NULL);
    char buf[8];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 4);
    ck_assert_int_ge(tu_now_ms() - t0, 40);
    pthread_join(t, NULL);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_recv_frame(pull, &f, 0), 4);
    zmqx_frame_close(&f);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_recv_msg(pull, m), 1);
    zmqx_msg_destroy(&m);
    char *s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "late");
    free(s);
    /* nothing more: the socket's timeout expires inside libzmq */
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 60), 0);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), -1);
    ck_assert_int_ge(tu_now_ms() - t0, 55);
    ck_assert(zmqx_error_is_timeout(NULL));
    tu_assert_error(EAGAIN, "recv");
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 60);
}
END_TEST

/* ---- libzmq calls: one per failure, one per wait ---- */

/* The libzmq calls that expr makes on this thread. */
#define CALLS(expr) (tu_zmq_calls = 0, (void) (expr), tu_zmq_calls)

START_TEST(a_failure_asks_libzmq_once)
{
    char buf[8];
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_socket_t *lone = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer: cannot send */
    ck_assert_ptr_nonnull(lone);
    ck_assert_int_eq(CALLS(zmqx_recv(pull, buf, sizeof buf, ZMQX_DONTWAIT)), 1);
    tu_assert_error(EAGAIN, "recv inproc://fast: no message ready (ZMQX_DONTWAIT)");
    ck_assert_int_eq(CALLS(zmqx_recv_frame(pull, &f, ZMQX_DONTWAIT)), 1);
    tu_assert_error(EAGAIN, "recv_frame inproc://fast: no message ready (ZMQX_DONTWAIT)");
    ck_assert_int_eq(CALLS(zmqx_send(lone, "x", 1, ZMQX_DONTWAIT)), 1);
    tu_assert_error(EAGAIN, "send: cannot send now (ZMQX_DONTWAIT)");
    ck_assert_int_eq(zmqx_socket_set_send_timeout(lone, 0), 0);
    ck_assert_int_eq(CALLS(zmqx_send_str(lone, "xyz")), 1);
    ck_assert(zmqx_error_is_timeout(NULL));
    tu_assert_error(EAGAIN, "send: timed out after 0 ms");
    zmqx_frame_init_copy(&f, "abc", 3);
    ck_assert_int_eq(CALLS(zmqx_send_frame(lone, &f, ZMQX_DONTWAIT)), 1);
    ck_assert_uint_eq(zmqx_frame_size(&f), 3); /* still the caller's */
    /* the functions themselves (no inline try first) ask once too */
    ck_assert_int_eq(CALLS((zmqx_recv)(pull, buf, sizeof buf, ZMQX_DONTWAIT)), 1);
    tu_assert_error(EAGAIN, "no message ready (ZMQX_DONTWAIT)");
    ck_assert_int_eq(CALLS((zmqx_send_frame)(lone, &f, ZMQX_DONTWAIT)), 1);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&lone);
}
END_TEST

/* The head of the inline path's view of s: nonzero sends receives out of
 * line (the block-first hint, or a retry pending). */
static long long recv_mark(zmqx_socket_t *s)
{
    return (long long) ((const zmqx__socket_head_t *) (const void *) s)->recv_deadline_;
}

static void *send_twice_later(void *arg)
{
    (void) arg;
    for (int i = 0; i < 2; i++) {
        tu_sleep_ms(30);
        (zmqx_send_str)(push, "late");
    }
    return NULL;
}

START_TEST(a_socket_that_waited_blocks_at_once)
{
    pthread_t t;
    char buf[8];
    pthread_create(&t, NULL, send_twice_later, NULL);
    /* the inline try finds nothing, then the call blocks in libzmq */
    ck_assert_int_eq(CALLS(zmqx_recv(pull, buf, sizeof buf, 0)), 2);
    ck_assert_int_ne(recv_mark(pull), 0);
    /* the socket had to wait: the next receive blocks at once */
    int rc;
    ck_assert_int_eq(CALLS(rc = zmqx_recv(pull, buf, sizeof buf, 0)), 1);
    ck_assert_int_eq(rc, 4);
    pthread_join(t, NULL);
    /* messages are there again: within a few calls a probe finds one and
     * the inline path is back, each call still one libzmq call */
    for (int i = 0; i < 40; i++)
        ck_assert_int_eq((zmqx_send)(push, "ready", 5, 0), 5);
    for (int i = 0; i < 40; i++) {
        ck_assert_int_eq(CALLS(rc = zmqx_recv(pull, buf, sizeof buf, 0)), 1);
        ck_assert_int_eq(rc, 5);
    }
    ck_assert_int_eq(recv_mark(pull), 0);
}
END_TEST

START_TEST(a_dontwait_success_ends_the_hint)
{
    pthread_t t;
    char buf[8];
    pthread_create(&t, NULL, send_twice_later, NULL);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 4);
    pthread_join(t, NULL);
    ck_assert_int_ne(recv_mark(pull), 0);
    ck_assert_int_eq(CALLS(zmqx_recv(pull, buf, sizeof buf, ZMQX_DONTWAIT)), 1);
    ck_assert_int_eq(recv_mark(pull), 0);
    /* and a new timeout starts afresh */
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 20), 0);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_ne(recv_mark(pull), 0);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 30), 0);
    ck_assert_int_eq(recv_mark(pull), 0);
}
END_TEST

START_TEST(socket_more_both_ways)
{
    char buf[8];
    ck_assert_int_eq(zmqx_send(push, "a", 1, ZMQX_MORE), 1);
    ck_assert_int_eq(zmqx_send(push, "b", 1, 0), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    ck_assert_int_eq((zmqx_socket_more)(pull), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_socket_more(pull), 0);
    ck_assert_int_eq((zmqx_socket_more)(pull), 0);
    ck_assert_int_eq(zmqx_socket_more(NULL), -1);
    tu_assert_error(EINVAL, "socket_more: socket is NULL");
    /* a socket closed by its context */
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(other, ZMQ_PULL, NULL);
    zmqx_ctx_destroy(&other);
    ck_assert_int_eq(zmqx_socket_more(s), -1);
    tu_assert_error(ENOTSOCK, "socket_more: socket is closed");
    zmqx_socket_destroy(&s);
}
END_TEST

#else /* ZMQX_TEST_MALLOC_COUNT */

#include "tu_malloc_count.h"

#include <stdatomic.h>

static zmqx_ctx_t *ctx;
static zmqx_socket_t *drain;
static atomic_int stop;

static void *drain_slowly(void *arg)
{
    (void) arg;
    char buf[16];
    while (!atomic_load(&stop))
        if (zmqx_recv(drain, buf, sizeof buf, 0) < 0 && errno == ETERM)
            break;
    return NULL;
}

/* A 64 KiB zmqx_send to a peer that keeps the pipe full (high-water marks
 * 1) waits for room on most sends: it copies the data into one libzmq
 * message, as zmq_send does, not one per try. */
START_TEST(a_send_that_waits_copies_once)
{
    tu_count_fn count = tu_mc_thread_count();
    ctx = zmqx_ctx_new();
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    drain = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(push, ZMQ_SNDHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_int(drain, ZMQ_RCVHWM, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(drain, 100), 0);
    ck_assert_int_ge(zmqx_socket_bind(drain, "inproc://full"), 0);
    ck_assert_int_ge(zmqx_socket_connect(push, "inproc://full"), 0);
    static char big[65536];
    enum { N = 400 };
    pthread_t t;
    pthread_create(&t, NULL, drain_slowly, NULL);
    for (int i = 0; i < 20; i++) /* warm up: the pipe, the hint */
        ck_assert_int_eq(zmqx_send(push, big, sizeof big, 0), (int) sizeof big);
    int sent = 0;
    size_t before = count(); /* (no ck_assert in the loop: Check allocates) */
    for (int i = 0; i < N; i++)
        sent += zmqx_send(push, big, sizeof big, 0) == (int) sizeof big;
    size_t allocs = count() - before;
    ck_assert_int_eq(sent, N);
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    /* one content per message, and now and then a pipe chunk of libzmq's */
    ck_assert_msg(allocs <= N + N / 20, "%zu allocations for %d sends", allocs, N);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&drain);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

#endif /* ZMQX_TEST_MALLOC_COUNT */

int main(void)
{
    Suite *s = suite_create("fastpath");
#ifdef ZMQX_TEST_MALLOC_COUNT
    TCase *tc = tu_tcase(s, "alloc", 60);
    tcase_add_test(tc, a_send_that_waits_copies_once);
#else
    TCase *tc = tu_tcase(s, "agree", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bytes_and_strings_both_ways);
    tcase_add_test(tc, frames_both_ways);
    tcase_add_test(tc, messages_both_ways);
    tcase_add_test(tc, errors_through_the_macros);
    tc = tu_tcase(s, "reuse", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, receive_releases_every_old_part);
    tcase_add_test(tc, failed_receive_releases_old_parts);
    tcase_add_test(tc, recv_msg_rest_checks_its_arguments);
    tc = tu_tcase(s, "wait", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, receives_wait_for_the_message);
    tc = tu_tcase(s, "calls", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_failure_asks_libzmq_once);
    tcase_add_test(tc, a_socket_that_waited_blocks_at_once);
    tcase_add_test(tc, a_dontwait_success_ends_the_hint);
    tcase_add_test(tc, socket_more_both_ways);
#endif
    return tu_run(s, 120);
}
