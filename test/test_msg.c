/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: msg (parts, growth, string helpers, send and receive whole
 * messages, partial send failure, per-call receive timeout, error paths).
 * Built again with -DZMQX_TEST_MALLOC_COUNT: then it runs only the
 * allocation check, under the malloc_count preload. */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#include "testutil.h"

#ifndef ZMQX_TEST_MALLOC_COUNT

#include "tu_free_log.h"

static void assert_part(const zmqx_msg_t *m, size_t i, const void *data, size_t size)
{
    ck_assert_uint_eq(zmqx_msg_size(m, i), size);
    ck_assert_ptr_nonnull(zmqx_msg_data(m, i));
    ck_assert_int_eq(memcmp(zmqx_msg_data(m, i), data, size), 0);
}

/* ---- building ---- */

START_TEST(append_push_pop_clear)
{
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    ck_assert_int_eq(zmqx_msg_append(m, "one", 3), 0);
    ck_assert_int_eq(zmqx_msg_append_str(m, "two"), 0);
    ck_assert_int_eq(zmqx_msg_push(m, "zero", 4), 0);
    ck_assert_int_eq(zmqx_msg_append(m, NULL, 0), 0);
    ck_assert_uint_eq(zmqx_msg_count(m), 4);
    assert_part(m, 0, "zero", 4);
    assert_part(m, 1, "one", 3);
    assert_part(m, 2, "two", 3); /* no NUL */
    ck_assert_uint_eq(zmqx_msg_size(m, 3), 0);
    ck_assert(zmqx_msg_part_eq_str(m, 2, "two"));
    ck_assert(!zmqx_msg_part_eq_str(m, 2, "tw"));
    ck_assert(!zmqx_msg_part_eq_str(m, 2, "two\n"));
    ck_assert(zmqx_msg_part_eq_str(m, 3, ""));
    char *s = zmqx_msg_strdup(m, 1);
    ck_assert_str_eq(s, "one");
    free(s);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_msg_pop(m, &f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 4);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "zero", 4), 0);
    ck_assert_uint_eq(zmqx_msg_count(m), 3);
    assert_part(m, 0, "one", 3);
    /* Push into the slot the pop freed. */
    ck_assert_int_eq(zmqx_msg_push(m, "again", 5), 0);
    assert_part(m, 0, "again", 5);
    assert_part(m, 1, "one", 3);
    zmqx_msg_clear(m);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    ck_assert_int_eq(zmqx_msg_pop(m, &f), -1);
    tu_assert_error(ENOMSG, "msg_pop: message has no parts");
    ck_assert_uint_eq(zmqx_frame_size(&f), 4); /* untouched */
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
    ck_assert_ptr_null(m);
    zmqx_msg_destroy(&m);
    zmqx_msg_destroy(NULL);
}
END_TEST

START_TEST(grows_past_the_inline_parts)
{
    zmqx_msg_t *m = zmqx_msg_new();
    char buf[64];
    for (int i = 0; i < 100; i++) {
        int n = snprintf(buf, sizeof buf, "part %d with some text to be long enough", i);
        ck_assert_int_eq(zmqx_msg_append(m, buf, (size_t) n), 0);
    }
    ck_assert_uint_eq(zmqx_msg_count(m), 100);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(zmqx_msg_pop(m, &f), 0);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "part 30 with some text to be long enough"));
    /* Appending at the end of the array moves the parts down, not up. */
    for (int i = 100; i < 160; i++) {
        int n = snprintf(buf, sizeof buf, "part %d with some text to be long enough", i);
        ck_assert_int_eq(zmqx_msg_append(m, buf, (size_t) n), 0);
    }
    for (int i = 29; i >= 0; i--) {
        int n = snprintf(buf, sizeof buf, "part %d with some text to be long enough", i);
        ck_assert_int_eq(zmqx_msg_push(m, buf, (size_t) n), 0);
    }
    ck_assert_uint_eq(zmqx_msg_count(m), 160);
    for (int i = 0; i < 160; i++) {
        int n = snprintf(buf, sizeof buf, "part %d with some text to be long enough", i);
        ck_assert_msg(zmqx_msg_part_eq_str(m, (size_t) i, buf), "part %d", i);
        ck_assert_uint_eq(zmqx_msg_size(m, (size_t) i), (size_t) n);
    }
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(push_at_the_front_of_a_full_inline_array)
{
    zmqx_msg_t *m = zmqx_msg_new();
    for (int i = 0; i < ZMQX_MSG_INLINE_PARTS; i++)
        ck_assert_int_eq(zmqx_msg_append(m, "x", 1), 0);
    ck_assert_int_eq(zmqx_msg_push(m, "first", 5), 0);
    ck_assert_uint_eq(zmqx_msg_count(m), ZMQX_MSG_INLINE_PARTS + 1);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "first"));
    ck_assert(zmqx_msg_part_eq_str(m, ZMQX_MSG_INLINE_PARTS, "x"));
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(frames_go_in_without_a_copy)
{
    static char buf[200];
    struct free_log log = { 0 };
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_data(&f, buf, sizeof buf, log_free, &log), 0);
    ck_assert_int_eq(zmqx_msg_append_frame(m, &f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0); /* taken */
    ck_assert_ptr_eq(zmqx_msg_data(m, 0), buf);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "head", 4), 0);
    ck_assert_int_eq(zmqx_msg_push_frame(m, &f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "head"));
    ck_assert_ptr_eq(zmqx_msg_data(m, 1), buf);
    zmqx_frame_close(&f);
    ck_assert_int_eq(atomic_load(&log.calls), 0);
    zmqx_msg_clear(m); /* the message owned it: clearing frees it */
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    /* Popping hands it back out, still without a copy. */
    ck_assert_int_eq(zmqx_frame_init_data(&f, buf, sizeof buf, log_free, &log), 0);
    ck_assert_int_eq(zmqx_msg_append_frame(m, &f), 0);
    ck_assert_int_eq(zmqx_msg_pop(m, &f), 0);
    ck_assert_ptr_eq(zmqx_frame_data(&f), buf);
    zmqx_msg_destroy(&m);
    ck_assert_int_eq(atomic_load(&log.calls), 1);
    zmqx_frame_close(&f);
    ck_assert_int_eq(atomic_load(&log.calls), 2);
}
END_TEST

START_TEST(out_of_range_and_bad_arguments)
{
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "only");
    ck_assert_ptr_null(zmqx_msg_data(m, 1));
    tu_assert_error(EINVAL, "msg_data: part 1 out of range (message has 1)");
    errno = 0;
    ck_assert_uint_eq(zmqx_msg_size(m, 1), 0);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_ptr_null(zmqx_msg_strdup(m, 7));
    tu_assert_error(EINVAL, "msg_strdup: part 7 out of range");
    ck_assert(!zmqx_msg_part_eq_str(m, 1, "only"));
    tu_assert_error(EINVAL, "out of range");
    ck_assert(!zmqx_msg_part_eq_str(m, 0, NULL));
    tu_assert_error(EINVAL, "string is NULL");
    ck_assert_int_eq(zmqx_msg_append(m, NULL, 3), -1);
    tu_assert_error(EFAULT, "msg_append: data is NULL");
    ck_assert_int_eq(zmqx_msg_push(m, NULL, 3), -1);
    tu_assert_error(EFAULT, "msg_push: data is NULL");
    ck_assert_int_eq(zmqx_msg_append_str(m, NULL), -1);
    tu_assert_error(EFAULT, "string is NULL");
    ck_assert_int_eq(zmqx_msg_append(m, "x", SIZE_MAX), -1);
    tu_assert_error(ENOMEM, "msg_append");
    ck_assert_uint_eq(zmqx_msg_count(m), 1);
    zmqx_msg_destroy(&m);
}
END_TEST

/* ---- send and receive ---- */

START_TEST(five_parts_with_an_empty_one_round_trip)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    unsigned char bin[1000];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char) (i % 7 == 0 ? 0 : i);
    zmqx_msg_t *out = zmqx_msg_new();
    zmqx_msg_append_str(out, "a");
    zmqx_msg_append(out, "", 0);
    zmqx_msg_append_str(out, "ccc");
    zmqx_msg_append(out, bin, sizeof bin);
    zmqx_msg_append_str(out, "e");
    ck_assert_int_eq(zmqx_send_msg(push, out), 5);
    ck_assert_uint_eq(zmqx_msg_count(out), 0); /* sent: libzmq has the parts */
    zmqx_msg_t *in = zmqx_msg_new();
    zmqx_msg_append_str(in, "stale part, cleared by the receive");
    ck_assert_int_eq(zmqx_recv_msg(pull, in), 5);
    ck_assert_uint_eq(zmqx_msg_count(in), 5);
    assert_part(in, 0, "a", 1);
    ck_assert_uint_eq(zmqx_msg_size(in, 1), 0);
    assert_part(in, 2, "ccc", 3);
    assert_part(in, 3, bin, sizeof bin);
    assert_part(in, 4, "e", 1);
    /* The message object is reusable for sending again. */
    zmqx_msg_append_str(out, "again");
    ck_assert_int_eq(zmqx_send_msg(push, out), 1);
    ck_assert_int_eq(zmqx_recv_msg(pull, in), 1);
    assert_part(in, 0, "again", 5);
    zmqx_msg_destroy(&in);
    zmqx_msg_destroy(&out);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(recv_reuses_and_grows_storage)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    zmqx_msg_t *out = zmqx_msg_new();
    zmqx_msg_t *in = zmqx_msg_new();
    char buf[32];
    for (int round = 0; round < 3; round++) {
        int parts = round == 1 ? 2 : 20;
        for (int i = 0; i < parts; i++) {
            int n = snprintf(buf, sizeof buf, "r%d-p%d", round, i);
            zmqx_msg_append(out, buf, (size_t) n);
        }
        ck_assert_int_eq(zmqx_send_msg(push, out), parts);
        ck_assert_int_eq(zmqx_recv_msg(pull, in), parts);
        ck_assert_uint_eq(zmqx_msg_count(in), (size_t) parts);
        for (int i = 0; i < parts; i++) {
            snprintf(buf, sizeof buf, "r%d-p%d", round, i);
            ck_assert(zmqx_msg_part_eq_str(in, (size_t) i, buf));
        }
    }
    zmqx_msg_destroy(&in);
    zmqx_msg_destroy(&out);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(router_envelope_pop_and_push)
{
    zmqx_socket_t *router, *dealer;
    tu_pair(ctx, ZMQ_ROUTER, ZMQ_DEALER, &router, &dealer);
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "question");
    ck_assert_int_eq(zmqx_send_msg(dealer, m), 1);
    ck_assert_int_eq(zmqx_recv_msg(router, m), 2);
    zmqx_frame_t id;
    zmqx_frame_init(&id);
    ck_assert_int_eq(zmqx_msg_pop(m, &id), 0);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "question"));
    zmqx_msg_clear(m);
    zmqx_msg_append_str(m, "answer");
    ck_assert_int_eq(zmqx_msg_push_frame(m, &id), 0);
    ck_assert_int_eq(zmqx_send_msg(router, m), 2);
    ck_assert_int_eq(zmqx_recv_msg(dealer, m), 1);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "answer"));
    zmqx_frame_close(&id);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&dealer);
    zmqx_socket_destroy(&router);
}
END_TEST

START_TEST(empty_message_cannot_be_sent)
{
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_send_msg(push, m), -1);
    tu_assert_error(EINVAL, "send_msg: message has no parts");
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(send_failure_on_the_first_part)
{
    /* A PUSH without peers cannot send. libzmq's high-water mark counts
     * whole messages, so a full pipe stops a message at its first part,
     * never in the middle. */
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_send_timeout(push, 0), 0);
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "a");
    zmqx_msg_append_str(m, "b");
    zmqx_msg_append_str(m, "c");
    ck_assert_int_eq(zmqx_send_msg(push, m), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_str_eq(zmqx_last_error()->op, "send_msg");
    ck_assert_uint_eq(zmqx_last_error()->parts_sent, 0);
    ck_assert_uint_eq(zmqx_msg_count(m), 3);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "a"));
    ck_assert(zmqx_msg_part_eq_str(m, 2, "c"));
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(send_failure_part_way_reports_parts_sent)
{
    /* A STREAM socket reads a message as [peer id, data]; a third part
     * starts the next message, so it must name a peer too. "nobody" names
     * none: libzmq refuses part 2 (EHOSTUNREACH) after parts 0 and 1 went. */
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_STREAM, "@tcp://127.0.0.1:*");
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_STREAM, NULL);
    ck_assert_int_eq(zmqx_socket_connect(client, zmqx_socket_endpoint(server)), 0);
    zmqx_msg_t *m = zmqx_msg_new();
    /* The server hears of the connection as [id, ""]. */
    ck_assert_int_eq(zmqx_recv_msg(server, m), 2);
    ck_assert_uint_eq(zmqx_msg_size(m, 1), 0);
    zmqx_frame_t id;
    zmqx_frame_init(&id);
    zmqx_msg_pop(m, &id);
    zmqx_frame_t id2; /* for the send_msg_keep below */
    zmqx_frame_init(&id2);
    zmqx_frame_copy(&id2, &id);
    zmqx_msg_clear(m);
    zmqx_msg_append_frame(m, &id);
    zmqx_msg_append_str(m, "hello");
    zmqx_msg_append_str(m, "nobody");
    zmqx_msg_append_str(m, "tail");
    ck_assert_int_eq(zmqx_send_msg(server, m), -1);
    tu_assert_error(EHOSTUNREACH, "send_msg");
    ck_assert_uint_eq(zmqx_last_error()->parts_sent, 2);
    /* The parts not sent stay, the caller's. */
    ck_assert_uint_eq(zmqx_msg_count(m), 2);
    ck_assert(zmqx_msg_part_eq_str(m, 0, "nobody"));
    ck_assert(zmqx_msg_part_eq_str(m, 1, "tail"));
    /* Parts 0 and 1 did go out: the client got "hello". */
    zmqx_msg_t *in = zmqx_msg_new();
    int n;
    do {
        n = zmqx_recv_msg_timeout(client, in, 5000);
        ck_assert_int_eq(n, 2);
    } while (zmqx_msg_size(in, 1) == 0); /* skip the connect notice */
    ck_assert(zmqx_msg_part_eq_str(in, 1, "hello"));
    /* send_msg_keep fails at the same part and keeps the whole message */
    zmqx_msg_push(m, "hello", 5);
    zmqx_msg_push_frame(m, &id2);
    ck_assert_int_eq(zmqx_send_msg_keep(server, m), -1);
    tu_assert_error(EHOSTUNREACH, "send_msg_keep");
    ck_assert_uint_eq(zmqx_last_error()->parts_sent, 2);
    ck_assert_uint_eq(zmqx_msg_count(m), 4);
    ck_assert(zmqx_msg_part_eq_str(m, 1, "hello"));
    ck_assert(zmqx_msg_part_eq_str(m, 3, "tail"));
    zmqx_frame_close(&id2);
    zmqx_frame_close(&id);
    zmqx_msg_destroy(&in);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(recv_errors)
{
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, "@inproc://pub");
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, "inproc://nowhere");
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "stale");
    ck_assert_int_eq(zmqx_recv_msg(pub, m), -1);
    tu_assert_error(ENOTSUP, "recv_msg inproc://pub: socket type PUB cannot receive");
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    ck_assert_int_eq(zmqx_recv_msg(req, m), -1);
    tu_assert_error(EFSM, "socket type REQ cannot receive in its current state");
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&req);
    zmqx_socket_destroy(&pub);
}
END_TEST

START_TEST(recv_timeout_of_the_socket)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://t");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 60), 0);
    zmqx_msg_t *m = zmqx_msg_new();
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_msg(pull, m), -1);
    ck_assert_int_ge(tu_now_ms() - t0, 60);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 60);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(recv_msg_timeout_leaves_the_socket_timeout)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_msg_t *m = zmqx_msg_new();
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_msg_timeout(pull, m, 200), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 200);
    ck_assert_str_eq(zmqx_last_error()->op, "recv_msg_timeout");
    int v = 0;
    ck_assert_int_eq(zmqx_socket_get_int(pull, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, ZMQX_DEFAULT_TIMEOUT_MS);
    ck_assert_int_eq(zmqx_recv_msg_timeout(pull, m, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_recv_msg_timeout(pull, m, -5), -1);
    tu_assert_error(EINVAL, "out of range");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    zmqx_msg_append_str(m, "x");
    zmqx_msg_append_str(m, "y");
    ck_assert_int_eq(zmqx_send_msg(push, m), 2);
    ck_assert_int_eq(zmqx_recv_msg_timeout(pull, m, -1), 2);
    ck_assert(zmqx_msg_part_eq_str(m, 1, "y"));
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- NULL arguments ---- */

START_TEST(null_arguments_are_errors)
{
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_uint_eq(zmqx_msg_count(NULL), 0);
    tu_assert_error(EINVAL, "msg_count: message is NULL");
    ck_assert_int_eq(zmqx_msg_append(NULL, "x", 1), -1);
    tu_assert_error(EINVAL, "msg_append: message is NULL");
    ck_assert_int_eq(zmqx_msg_append_str(NULL, "x"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_msg_append_frame(NULL, &f), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_msg_push(NULL, "x", 1), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_msg_push_frame(NULL, &f), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_msg_pop(NULL, &f), -1);
    tu_assert_error(EINVAL, "msg_pop: message is NULL");
    ck_assert_ptr_null(zmqx_msg_data(NULL, 0));
    tu_assert_error(EINVAL, "msg_data: message is NULL");
    ck_assert_uint_eq(zmqx_msg_size(NULL, 0), 0);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_ptr_null(zmqx_msg_strdup(NULL, 0));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert(!zmqx_msg_part_eq_str(NULL, 0, "x"));
    ck_assert_int_eq(errno, EINVAL);
    zmqx_msg_clear(NULL);
    zmqx_msg_destroy(NULL);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_msg_append_frame(m, NULL), -1);
    tu_assert_error(EINVAL, "msg_append_frame: frame is NULL");
    ck_assert_int_eq(zmqx_msg_push_frame(m, NULL), -1);
    tu_assert_error(EINVAL, "frame is NULL");
    ck_assert_int_eq(zmqx_msg_pop(m, NULL), -1);
    tu_assert_error(EINVAL, "msg_pop: frame is NULL");
    zmqx_msg_append_str(m, "x");
    ck_assert_int_eq(zmqx_send_msg(NULL, m), -1);
    tu_assert_error(EINVAL, "send_msg: socket is NULL");
    ck_assert_int_eq(zmqx_recv_msg(NULL, m), -1);
    tu_assert_error(EINVAL, "recv_msg: socket is NULL");
    ck_assert_int_eq(zmqx_recv_msg_timeout(NULL, m, 10), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_uint_eq(zmqx_msg_count(m), 1);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    ck_assert_int_eq(zmqx_send_msg(s, NULL), -1);
    tu_assert_error(EINVAL, "send_msg: message is NULL");
    ck_assert_int_eq(zmqx_recv_msg(s, NULL), -1);
    tu_assert_error(EINVAL, "recv_msg: message is NULL");
    ck_assert_int_eq(zmqx_recv_msg_timeout(s, NULL, 10), -1);
    tu_assert_error(EINVAL, "message is NULL");
    zmqx_socket_destroy(&s);
    zmqx_msg_destroy(&m);
    zmqx_frame_close(&f);
}
END_TEST

/* ---- editing in place ---- */

/* m's parts are exactly the strings of want[0..n). */
static void assert_parts(const zmqx_msg_t *m, const char *const *want, size_t n)
{
    ck_assert_uint_eq(zmqx_msg_count(m), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(zmqx_msg_part_eq_str(m, i, want[i]), "part %zu is not \"%s\"", i, want[i]);
}

START_TEST(insert_remove_replace_at_an_index)
{
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_msg_insert(m, 0, "b", 1), 0);           /* into an empty message */
    ck_assert_int_eq(zmqx_msg_insert(m, 0, "a", 1), 0);           /* in front */
    ck_assert_int_eq(zmqx_msg_insert(m, 2, "d", 1), 0);           /* at the end (count) */
    ck_assert_int_eq(zmqx_msg_insert(m, 2, "c", 1), 0);           /* in the middle */
    assert_parts(m, (const char *[]) { "a", "b", "c", "d" }, 4);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "x", 1), 0);
    ck_assert_int_eq(zmqx_msg_insert_frame(m, 1, &f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 0); /* taken */
    assert_parts(m, (const char *[]) { "a", "x", "b", "c", "d" }, 5);
    /* remove into a frame, or drop */
    ck_assert_int_eq(zmqx_msg_remove(m, 3, &f), 0);
    ck_assert_uint_eq(zmqx_frame_size(&f), 1);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&f), "c", 1), 0);
    ck_assert_int_eq(zmqx_msg_remove(m, 1, NULL), 0);
    assert_parts(m, (const char *[]) { "a", "b", "d" }, 3);
    /* replace, the last part too (lbbroker's zframe_reset) */
    ck_assert_int_eq(zmqx_msg_replace(m, zmqx_msg_count(m) - 1, "OK", 2), 0);
    ck_assert_int_eq(zmqx_msg_replace(m, 0, "", 0), 0);
    ck_assert_int_eq(zmqx_msg_replace_frame(m, 1, &f), 0); /* f held "c" */
    ck_assert_uint_eq(zmqx_frame_size(&f), 0);
    assert_parts(m, (const char *[]) { "", "c", "OK" }, 3);
    ck_assert_int_eq(zmqx_msg_remove(m, 2, NULL), 0);
    ck_assert_int_eq(zmqx_msg_remove(m, 0, NULL), 0);
    ck_assert_int_eq(zmqx_msg_remove(m, 0, NULL), 0);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(editing_out_of_range_and_bad_arguments)
{
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_t f;
    zmqx_frame_init_copy(&f, "keep", 4);
    zmqx_msg_append_str(m, "a");
    zmqx_msg_append_str(m, "b");
    ck_assert_int_eq(zmqx_msg_insert(m, 3, "x", 1), -1);
    tu_assert_error(EINVAL, "msg_insert: index 3 out of range (message has 2 parts)");
    ck_assert_int_eq(zmqx_msg_insert_frame(m, 3, &f), -1);
    tu_assert_error(EINVAL, "msg_insert_frame: index 3 out of range");
    ck_assert_int_eq(zmqx_msg_remove(m, 2, &f), -1);
    tu_assert_error(EINVAL, "msg_remove: index 2 out of range (message has 2 parts)");
    ck_assert_int_eq(zmqx_msg_replace(m, 2, "x", 1), -1);
    tu_assert_error(EINVAL, "msg_replace: index 2 out of range");
    ck_assert_int_eq(zmqx_msg_replace_frame(m, SIZE_MAX, &f), -1);
    tu_assert_error(EINVAL, "msg_replace_frame: index");
    ck_assert_int_eq(zmqx_msg_insert(m, 1, NULL, 1), -1);
    tu_assert_error(EFAULT, "msg_insert: data is NULL");
    ck_assert_int_eq(zmqx_msg_replace(m, 1, NULL, 1), -1);
    tu_assert_error(EFAULT, "msg_replace: data is NULL");
    ck_assert_int_eq(zmqx_msg_insert(m, 1, "x", SIZE_MAX), -1);
    tu_assert_error(ENOMEM, "msg_insert");
    ck_assert_int_eq(zmqx_msg_replace(m, 1, "x", SIZE_MAX), -1);
    tu_assert_error(ENOMEM, "msg_replace");
    ck_assert_int_eq(zmqx_msg_insert_frame(m, 1, NULL), -1);
    tu_assert_error(EINVAL, "msg_insert_frame: frame is NULL");
    ck_assert_int_eq(zmqx_msg_replace_frame(m, 1, NULL), -1);
    tu_assert_error(EINVAL, "msg_replace_frame: frame is NULL");
    /* nothing changed, f kept its content */
    assert_parts(m, (const char *[]) { "a", "b" }, 2);
    ck_assert_uint_eq(zmqx_frame_size(&f), 4);
    zmqx_msg_clear(m);
    ck_assert_int_eq(zmqx_msg_remove(m, 0, NULL), -1);
    tu_assert_error(EINVAL, "msg_remove: index 0 out of range (message has 0 parts)");
    ck_assert_int_eq(zmqx_msg_replace(m, zmqx_msg_count(m) - 1, "x", 1), -1); /* no last part */
    tu_assert_error(EINVAL, "out of range");
    ck_assert_int_eq(zmqx_msg_insert(NULL, 0, "x", 1), -1);
    tu_assert_error(EINVAL, "msg_insert: message is NULL");
    ck_assert_int_eq(zmqx_msg_insert_frame(NULL, 0, &f), -1);
    tu_assert_error(EINVAL, "message is NULL");
    ck_assert_int_eq(zmqx_msg_remove(NULL, 0, NULL), -1);
    tu_assert_error(EINVAL, "msg_remove: message is NULL");
    ck_assert_int_eq(zmqx_msg_replace(NULL, 0, "x", 1), -1);
    tu_assert_error(EINVAL, "message is NULL");
    ck_assert_int_eq(zmqx_msg_replace_frame(NULL, 0, &f), -1);
    tu_assert_error(EINVAL, "message is NULL");
    ck_assert_uint_eq(zmqx_frame_size(&f), 4);
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
}
END_TEST

START_TEST(unwrap_takes_the_address_and_the_delimiter)
{
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_t addr;
    zmqx_frame_init_copy(&addr, "old", 3);
    /* [address][""][body]: both go, the address into addr */
    zmqx_msg_append_str(m, "worker-1");
    zmqx_msg_append(m, "", 0);
    zmqx_msg_append_str(m, "body");
    ck_assert_int_eq(zmqx_msg_unwrap(m, &addr), 2);
    ck_assert_uint_eq(zmqx_frame_size(&addr), 8);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&addr), "worker-1", 8), 0);
    assert_parts(m, (const char *[]) { "body" }, 1);
    /* [address][body]: no delimiter, only the address goes */
    zmqx_msg_push(m, "worker-2", 8);
    ck_assert_int_eq(zmqx_msg_unwrap(m, &addr), 1);
    ck_assert_int_eq(memcmp(zmqx_frame_data(&addr), "worker-2", 8), 0);
    assert_parts(m, (const char *[]) { "body" }, 1);
    /* [""][""][body]: the first part is the address, whatever it holds */
    zmqx_msg_push(m, "", 0);
    zmqx_msg_push(m, "", 0);
    ck_assert_int_eq(zmqx_msg_unwrap(m, &addr), 2);
    ck_assert_uint_eq(zmqx_frame_size(&addr), 0);
    assert_parts(m, (const char *[]) { "body" }, 1);
    /* [address] alone */
    zmqx_msg_clear(m);
    zmqx_msg_append_str(m, "only");
    ck_assert_int_eq(zmqx_msg_unwrap(m, &addr), 1);
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    ck_assert_int_eq(zmqx_msg_unwrap(m, &addr), -1);
    tu_assert_error(ENOMSG, "msg_unwrap: message has no parts");
    ck_assert_uint_eq(zmqx_frame_size(&addr), 4); /* untouched */
    ck_assert_int_eq(zmqx_msg_unwrap(m, NULL), -1);
    tu_assert_error(EINVAL, "msg_unwrap: frame is NULL");
    ck_assert_int_eq(zmqx_msg_unwrap(NULL, &addr), -1);
    tu_assert_error(EINVAL, "msg_unwrap: message is NULL");
    zmqx_frame_close(&addr);
    zmqx_msg_destroy(&m);
}
END_TEST

/* Random inserts, removes, pushes, pops, appends and replaces against a
 * plain array: the parts stay in order through every move of the slots. */
START_TEST(random_edits_match_a_model)
{
    enum { MAX = 300 };
    static int model[MAX];
    size_t n = 0;
    unsigned seed = 12345;
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        int op = (int) (r % 6), v = step;
        size_t i = n ? (r / 8) % (n + 1) : 0;
        if ((op == 0 || op == 3) && n < MAX) { /* insert at i, or push */
            size_t at = op == 3 ? 0 : i;
            ck_assert_int_eq(zmqx_msg_insert(m, at, &v, sizeof v), 0);
            memmove(model + at + 1, model + at, (n - at) * sizeof *model);
            model[at] = v;
            n++;
        } else if (op == 1 && n < MAX) { /* append */
            ck_assert_int_eq(zmqx_msg_append(m, &v, sizeof v), 0);
            model[n++] = v;
        } else if ((op == 2 || op == 4) && n > 0) { /* remove at i, or pop */
            size_t at = op == 4 ? 0 : i % n;
            ck_assert_int_eq(op == 4 ? zmqx_msg_pop(m, &f) : zmqx_msg_remove(m, at, &f), 0);
            ck_assert_int_eq(memcmp(zmqx_frame_data(&f), &model[at], sizeof v), 0);
            memmove(model + at, model + at + 1, (n - at - 1) * sizeof *model);
            n--;
        } else if (op == 5 && n > 0) { /* replace */
            ck_assert_int_eq(zmqx_msg_replace(m, i % n, &v, sizeof v), 0);
            model[i % n] = v;
        }
        ck_assert_uint_eq(zmqx_msg_count(m), n);
        if (step % 97 == 0 || n < 3)
            for (size_t k = 0; k < n; k++)
                ck_assert_msg(memcmp(zmqx_msg_data(m, k), &model[k], sizeof v) == 0,
                              "step %d part %zu", step, k);
    }
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
}
END_TEST

/* This thread's CPU time in ns: other processes' load does not count. */
static long long thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The least CPU time (ns) of three runs of pushing n parts, then of
 * appending n parts after one push (mixed ends). */
static long long push_ns(long n)
{
    long long best = -1;
    for (int run = 0; run < 3; run++) {
        zmqx_msg_t *m = zmqx_msg_new();
        long long t0 = thread_cpu_ns();
        for (long i = 0; i < n; i++)
            ck_assert_int_eq(zmqx_msg_push(m, "p", 1), 0);
        for (long i = 0; i < n; i++)
            ck_assert_int_eq(i % 2 ? zmqx_msg_append(m, "a", 1) : zmqx_msg_push(m, "q", 1), 0);
        long long t = thread_cpu_ns() - t0;
        ck_assert_uint_eq(zmqx_msg_count(m), (size_t) (2 * n));
        zmqx_msg_destroy(&m);
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

START_TEST(push_is_linear_in_the_count)
{
    /* O(1) amortised: 10x the parts costs about 10x the time. Moving every
     * part on each push (O(n) a push) costs 100x. The bound (40x) leaves
     * room for caches and a loaded machine; CPU time, best of three. */
    long small = getenv("ZMQX_TEST_VALGRIND") ? 1000 : 10000, big = 10 * small;
    long long t_small = push_ns(small), t_big = push_ns(big);
    double ratio = (double) t_big / (double) (t_small > 0 ? t_small : 1);
    ck_assert_msg(ratio < 40.0, "%ld parts: %lld ns, %ld parts: %lld ns (%.1fx)", small, t_small,
                  big, t_big, ratio);
}
END_TEST

/* ---- sending and keeping ---- */

START_TEST(send_msg_keep_sends_shared_copies)
{
    static char big[1000];
    memset(big, 'b', sizeof big);
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PAIR, "@inproc://keep");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PAIR, ">inproc://keep");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    zmqx_msg_t *m = zmqx_msg_new(), *in = zmqx_msg_new();
    zmqx_msg_append_str(m, "head");
    zmqx_msg_append(m, big, sizeof big);
    const void *shared = zmqx_msg_data(m, 1);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(zmqx_send_msg_keep(a, m), 2);
        ck_assert_uint_eq(zmqx_msg_count(m), 2); /* kept, intact */
        ck_assert(zmqx_msg_part_eq_str(m, 0, "head"));
        assert_part(m, 1, big, sizeof big);
        ck_assert_ptr_eq(zmqx_msg_data(m, 1), shared);
        ck_assert_int_eq(zmqx_recv_msg(b, in), 2);
        ck_assert(zmqx_msg_part_eq_str(in, 0, "head"));
        assert_part(in, 1, big, sizeof big);
        /* inproc hands over the very buffer: no byte copy was made */
        ck_assert_ptr_eq(zmqx_msg_data(in, 1), shared);
    }
    ck_assert_int_eq(zmqx_send_msg(a, m), 2); /* and it can still go for good */
    ck_assert_uint_eq(zmqx_msg_count(m), 0);
    ck_assert_int_eq(zmqx_recv_msg(b, in), 2);
    ck_assert_ptr_eq(zmqx_msg_data(in, 1), shared);
    zmqx_msg_destroy(&in);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
}
END_TEST

START_TEST(send_msg_keep_failure_leaves_the_message)
{
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    ck_assert_int_eq(zmqx_socket_set_send_timeout(push, 0), 0);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_send_msg_keep(push, m), -1);
    tu_assert_error(EINVAL, "send_msg_keep: message has no parts");
    zmqx_msg_append_str(m, "a");
    zmqx_msg_append_str(m, "b");
    ck_assert_int_eq(zmqx_send_msg_keep(push, m), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_str_eq(zmqx_last_error()->op, "send_msg_keep");
    ck_assert_uint_eq(zmqx_last_error()->parts_sent, 0);
    assert_parts(m, (const char *[]) { "a", "b" }, 2);
    ck_assert_int_eq(zmqx_send_msg_keep(NULL, m), -1);
    tu_assert_error(EINVAL, "send_msg_keep: socket is NULL");
    ck_assert_int_eq(zmqx_send_msg_keep(push, NULL), -1);
    tu_assert_error(EINVAL, "send_msg_keep: message is NULL");
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&push);
}
END_TEST

/* The debug print: a header line, then one line per part. */
START_TEST(print_shows_every_part)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_msg_print(m, out), 0);
    ck_assert_int_eq(zmqx_msg_append(m, "\x00\x01", 2), 0);
    ck_assert_int_eq(zmqx_msg_append(m, "", 0), 0);
    ck_assert_int_eq(zmqx_msg_append_str(m, "READY"), 0);
    ck_assert_int_eq(zmqx_msg_print(m, out), 0);
    fclose(out);
    ck_assert_str_eq(text, "--- message of 0 parts\n"
                           "--- message of 3 parts\n[002] 0x0001\n[000] \n[005] READY\n");
    free(text);
    ck_assert_int_eq(zmqx_msg_print(NULL, stderr), -1);
    tu_assert_error(EINVAL, "msg_print: message is NULL");
    ck_assert_int_eq(zmqx_msg_print(m, NULL), -1);
    tu_assert_error(EINVAL, "msg_print: out is NULL");
    FILE *ro = fopen("/dev/null", "r");
    ck_assert_int_eq(zmqx_msg_print(m, ro), -1);
    tu_assert_error(EIO, "msg_print: writing the output failed");
    fclose(ro);
    zmqx_msg_destroy(&m);
}
END_TEST

#else /* ZMQX_TEST_MALLOC_COUNT */

#include "tu_malloc_count.h"

enum { N_MSGS = 10000 };

static void *send_many(void *arg)
{
    zmqx_socket_t *push = arg;
    zmqx_msg_t *m = zmqx_msg_new();
    for (int i = 0; i < N_MSGS; i++) {
        zmqx_msg_append_str(m, "header");
        zmqx_msg_append(m, &i, sizeof i);
        zmqx_msg_append_str(m, "a small body");
        if (zmqx_send_msg(push, m) != 3)
            break;
    }
    zmqx_msg_destroy(&m);
    return NULL;
}

/* A receive loop into one message allocates nothing on its thread after
 * the first message. HWM 0 (no limit) keeps libzmq's flow-control commands
 * out: for those, libzmq itself now and then allocates a command-queue chunk
 * on the receiving thread (raw zmq_msg_recv loops show the same). */
static void receive_loop(const char *endpoint)
{
    tu_count_fn count = tu_mc_thread_count();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(pull, ZMQ_RCVHWM, 0), 0);
    ck_assert_int_eq(zmqx_socket_set_int(push, ZMQ_SNDHWM, 0), 0);
    ck_assert_int_ge(zmqx_socket_bind(pull, endpoint), 0);
    ck_assert_int_eq(zmqx_socket_connect(push, zmqx_socket_endpoint(pull)), 0);
    zmqx_msg_t *m = zmqx_msg_new();
    pthread_t th;
    pthread_create(&th, NULL, send_many, push);
    /* No ck_assert in the loop: Check's bookkeeping allocates. */
    size_t before = 0;
    int wrong = 0;
    for (int i = 0; i < N_MSGS; i++) {
        if (zmqx_recv_msg(pull, m) != 3) {
            wrong = -1;
            break;
        }
        if (i == 0)
            before = count();
        int got;
        memcpy(&got, zmqx_msg_data(m, 1), sizeof got);
        wrong += got != i || !zmqx_msg_part_eq_str(m, 2, "a small body");
    }
    size_t made = count() - before;
    ck_assert_msg(wrong == 0, "bad messages (%d): %s", wrong, zmqx_strerror());
    pthread_join(th, NULL);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    ck_assert_msg(made == 0, "%s: %zu allocations in %d receives", endpoint, made, N_MSGS - 1);
}

START_TEST(receive_loop_allocates_nothing_tcp)
{
    receive_loop("tcp://127.0.0.1:*");
}
END_TEST

START_TEST(receive_loop_allocates_nothing_inproc)
{
    receive_loop("inproc://alloc-msg");
}
END_TEST

#endif

int main(void)
{
    Suite *s = suite_create("msg");
#ifndef ZMQX_TEST_MALLOC_COUNT
    TCase *tc = tu_tcase(s, "msg", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, append_push_pop_clear);
    tcase_add_test(tc, grows_past_the_inline_parts);
    tcase_add_test(tc, push_at_the_front_of_a_full_inline_array);
    tcase_add_test(tc, frames_go_in_without_a_copy);
    tcase_add_test(tc, out_of_range_and_bad_arguments);
    tcase_add_test(tc, five_parts_with_an_empty_one_round_trip);
    tcase_add_test(tc, recv_reuses_and_grows_storage);
    tcase_add_test(tc, router_envelope_pop_and_push);
    tcase_add_test(tc, empty_message_cannot_be_sent);
    tcase_add_test(tc, send_failure_on_the_first_part);
    tcase_add_test(tc, send_failure_part_way_reports_parts_sent);
    tcase_add_test(tc, recv_errors);
    tcase_add_test(tc, recv_timeout_of_the_socket);
    tcase_add_test(tc, recv_msg_timeout_leaves_the_socket_timeout);
    tcase_add_test(tc, null_arguments_are_errors);
    tcase_add_test(tc, print_shows_every_part);
    tcase_add_test(tc, insert_remove_replace_at_an_index);
    tcase_add_test(tc, editing_out_of_range_and_bad_arguments);
    tcase_add_test(tc, unwrap_takes_the_address_and_the_delimiter);
    tcase_add_test(tc, random_edits_match_a_model);
    tcase_add_test(tc, push_is_linear_in_the_count);
    tcase_add_test(tc, send_msg_keep_sends_shared_copies);
    tcase_add_test(tc, send_msg_keep_failure_leaves_the_message);
#else
    TCase *tc = tu_tcase(s, "alloc", 60);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, receive_loop_allocates_nothing_tcp);
    tcase_add_test(tc, receive_loop_allocates_nothing_inproc);
#endif
    return tu_run(s, 240);
}
