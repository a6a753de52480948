/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: libzmq's draft API (include/zmqx/draft.h): PEER, SERVER/CLIENT,
 * RADIO/DISH over tcp and udp, SCATTER/GATHER, CHANNEL, routing ids and
 * groups on frames, the send/receive helpers, waiting and polling on
 * thread-safe sockets, and every error path.
 *
 * Without ZMQX_HAVE_DRAFT the whole suite is skipped (exit 77); the refusal
 * of draft socket types is tested in test_socket.c. */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#include "testutil.h"

#ifndef ZMQX_HAVE_DRAFT

int main(void)
{
    printf("draft: zmqx was built without libzmq's draft API; skipped\n");
    return 77;
}

#else

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

#ifndef ZMQX_TEST_MALLOC_COUNT

static zmqx_socket_t *new_socket(int type, const char *endpoints)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, type, endpoints);
    ck_assert_msg(s != NULL, "%s: %s", zmqx_socket_type_name(type), zmqx_strerror());
    ck_assert_int_eq(zmqx_socket_set_timeout(s, 2000), 0);
    return s;
}

/* Receive a string (up to 63 bytes) into buf, asserting success. */
static void recv_text(zmqx_socket_t *s, char *buf, size_t cap)
{
    int n = zmqx_recv(s, buf, cap - 1, 0);
    ck_assert_msg(n >= 0, "%s", zmqx_strerror());
    ck_assert_int_lt(n, (int) cap);
    buf[n] = '\0';
}

static void assert_recv(zmqx_socket_t *s, const char *want)
{
    char buf[64];
    recv_text(s, buf, sizeof buf);
    ck_assert_str_eq(buf, want);
}

/* ---- PEER ---- */

static void peers_talk(const char *endpoint)
{
    zmqx_socket_t *a = new_socket(ZMQ_PEER, NULL);
    ck_assert_int_ge(zmqx_socket_bind(a, endpoint), 0);
    zmqx_socket_t *b = new_socket(ZMQ_PEER, NULL);
    uint32_t to_a = zmqx_socket_connect_peer(b, zmqx_socket_endpoint(a));
    ck_assert_msg(to_a != 0, "%s", zmqx_strerror());
    /* The resolved endpoint is kept, as zmqx_socket_connect does. */
    ck_assert_str_eq(zmqx_socket_endpoint(b), zmqx_socket_endpoint(a));

    ck_assert_int_eq(zmqx_send_to(b, to_a, "hello", 5, 0), 5);
    char buf[16];
    uint32_t to_b = 0;
    ck_assert_int_eq(zmqx_recv_from(a, buf, sizeof buf, &to_b, 0), 5);
    ck_assert_mem_eq(buf, "hello", 5);
    ck_assert_uint_ne(to_b, 0);

    /* The reply, by frame this time. */
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "world", 5), 0);
    ck_assert_int_eq(zmqx_frame_set_routing_id(&f, to_b), 0);
    ck_assert_uint_eq(zmqx_frame_routing_id(&f), to_b);
    ck_assert_int_eq(zmqx_send_frame(a, &f, 0), 5);
    ck_assert_int_eq(zmqx_recv_frame(b, &f, 0), 5);
    ck_assert_mem_eq(zmqx_frame_data(&f), "world", 5);
    ck_assert_uint_eq(zmqx_frame_routing_id(&f), to_a);
    zmqx_frame_close(&f);

    /* A second connect_peer gives a second, different routing id. */
    zmqx_socket_t *c = new_socket(ZMQ_PEER, NULL);
    ck_assert_int_ge(zmqx_socket_bind(c, strncmp(endpoint, "tcp", 3) == 0 ? endpoint
                                                                           : "inproc://peer-c"),
                     0);
    uint32_t to_c = zmqx_socket_connect_peer(b, zmqx_socket_endpoint(c));
    ck_assert_uint_ne(to_c, 0);
    ck_assert_uint_ne(to_c, to_a);
    ck_assert_int_eq(zmqx_send_to(b, to_c, "c", 1, 0), 1);
    ck_assert_int_eq(zmqx_send_to(b, to_a, "a", 1, 0), 1);
    assert_recv(c, "c");
    assert_recv(a, "a");
    zmqx_socket_destroy(&c);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
}

START_TEST(peers_exchange_by_routing_id_tcp)
{
    peers_talk("tcp://127.0.0.1:*");
}
END_TEST

START_TEST(peers_exchange_by_routing_id_inproc)
{
    peers_talk("inproc://peer-a");
}
END_TEST

START_TEST(connect_peer_errors)
{
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, NULL);
    ck_assert_uint_eq(zmqx_socket_connect_peer(client, "tcp://127.0.0.1:5555"), 0);
    tu_assert_error(ENOTSUP, "connect_peer: socket type CLIENT cannot connect_peer (PEER only)");
    zmqx_socket_t *peer = new_socket(ZMQ_PEER, NULL);
    ck_assert_uint_eq(zmqx_socket_connect_peer(peer, "nonsense"), 0);
    tu_assert_error(EINVAL, "nonsense");
    ck_assert_str_eq(zmqx_last_error()->op, "connect_peer");
    ck_assert_uint_eq(zmqx_socket_connect_peer(peer, NULL), 0);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_uint_eq(zmqx_socket_connect_peer(NULL, "tcp://127.0.0.1:5555"), 0);
    tu_assert_error(EINVAL, "connect_peer: socket is NULL");
    /* A transport libzmq does not offer PEER: its own error, with the endpoint. */
    ck_assert_uint_eq(zmqx_socket_connect_peer(peer, "udp://127.0.0.1:5555"), 0);
    ck_assert_int_ne(errno, 0);
    ck_assert_ptr_nonnull(strstr(zmqx_strerror(), "connect_peer udp://127.0.0.1:5555: "));
    ck_assert_str_eq(zmqx_socket_endpoint(peer), "");
    zmqx_socket_destroy(&peer);
    zmqx_socket_destroy(&client);
}
END_TEST

/* ---- SERVER / CLIENT ---- */

START_TEST(server_answers_three_clients)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "tcp://127.0.0.1:*");
    zmqx_socket_t *clients[3];
    for (int i = 0; i < 3; i++) {
        clients[i] = new_socket(ZMQ_CLIENT, zmqx_socket_endpoint(server));
        ck_assert_int_eq(zmqx_sendf(clients[i], "client-%d", i), 8);
    }
    uint32_t ids[3];
    for (int i = 0; i < 3; i++) {
        char buf[16];
        uint32_t id = 0;
        int n = zmqx_recv_from(server, buf, sizeof buf - 1, &id, 0);
        ck_assert_int_eq(n, 8);
        buf[n] = '\0';
        int who = buf[7] - '0';
        ck_assert(who >= 0 && who < 3);
        ids[who] = id;
    }
    ck_assert(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
    /* The second message of each client comes with the same routing id. */
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(zmqx_send_str(clients[i], "x"), 1);
    int seen = 0;
    for (int i = 0; i < 3; i++) {
        zmqx_frame_t f;
        zmqx_frame_init(&f);
        ck_assert_int_eq(zmqx_recv_frame(server, &f, 0), 1);
        uint32_t id = zmqx_frame_routing_id(&f);
        for (int j = 0; j < 3; j++)
            seen |= id == ids[j] ? 1 << j : 0;
        zmqx_frame_close(&f);
    }
    ck_assert_int_eq(seen, 7);
    /* Answer in another order, each by its own routing id. */
    for (int i = 2; i >= 0; i--) {
        char reply[32];
        int n = snprintf(reply, sizeof reply, "for client-%d", i);
        ck_assert_int_eq(zmqx_send_to(server, ids[i], reply, (size_t) n, 0), n);
    }
    for (int i = 0; i < 3; i++) {
        char want[32];
        snprintf(want, sizeof want, "for client-%d", i);
        assert_recv(clients[i], want);
        ck_assert_int_eq(zmqx_recv(clients[i], NULL, 0, ZMQX_DONTWAIT), -1);
        ck_assert_int_eq(errno, EAGAIN);
    }
    /* A routing id nobody has. */
    ck_assert_int_eq(zmqx_send_to(server, ids[0] + ids[1] + ids[2], "?", 1, 0), -1);
    tu_assert_error(EHOSTUNREACH, "send_to");
    tu_assert_error(EHOSTUNREACH, "no peer with that routing id");
    for (int i = 0; i < 3; i++)
        zmqx_socket_destroy(&clients[i]);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(recv_from_truncates_and_reports_the_full_size)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "tcp://127.0.0.1:*");
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, zmqx_socket_endpoint(server));
    ck_assert_int_eq(zmqx_send_str(client, "0123456789"), 10);
    char buf[4] = "....";
    uint32_t id = 0;
    ck_assert_int_eq(zmqx_recv_from(server, buf, 3, &id, 0), 10);
    ck_assert_mem_eq(buf, "012.", 4);
    ck_assert_uint_ne(id, 0);
    ck_assert_int_eq(zmqx_send_str(client, "zero"), 4);
    ck_assert_int_eq(zmqx_recv_from(server, NULL, 0, &id, 0), 4);
    /* Nothing there: DONTWAIT is EAGAIN (no timeout), the id 0. */
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, ZMQX_DONTWAIT), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(!zmqx_error_is_timeout(NULL));
    ck_assert_uint_eq(id, 0);
    /* ... and the socket timeout a timeout. */
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(server, 50), 0);
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 50);
    ck_assert_str_eq(zmqx_last_error()->op, "recv_from");
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- RADIO / DISH ---- */

/* Send "sync" to group "sync" until the DISH (joined to it) hears one. */
static void radio_reaches_dish(zmqx_socket_t *radio, zmqx_socket_t *dish)
{
    char buf[16];
    for (int i = 0; i < 200; i++) {
        ck_assert_int_eq(zmqx_send_group(radio, "sync", "sync", 4), 4);
        if (zmqx_recv_timeout(dish, buf, sizeof buf, 20) == 4)
            return;
    }
    ck_abort_msg("the DISH never heard the RADIO");
}

/* The next message that is not a "sync" left over from radio_reaches_dish,
 * as a frame (for its group). */
static void recv_past_sync(zmqx_socket_t *dish, zmqx_frame_t *f)
{
    do {
        ck_assert_msg(zmqx_recv_frame(dish, f, 0) >= 0, "%s", zmqx_strerror());
    } while (strcmp(zmqx_frame_group(f), "sync") == 0);
}

static void assert_frame(zmqx_frame_t *f, const char *group, const char *text)
{
    ck_assert_str_eq(zmqx_frame_group(f), group);
    ck_assert_uint_eq(zmqx_frame_size(f), strlen(text));
    ck_assert_mem_eq(zmqx_frame_data(f), text, strlen(text));
}

/* dish joined "sync" and "weather": only the weather gets through. */
static void only_joined_groups(zmqx_socket_t *radio, zmqx_socket_t *dish)
{
    radio_reaches_dish(radio, dish);
    ck_assert_int_eq(zmqx_send_group(radio, "sports", "goal", 4), 4);
    ck_assert_int_eq(zmqx_send_group(radio, "weathe", "prefix", 6), 6);
    ck_assert_int_eq(zmqx_send_group(radio, "weather", "rain", 4), 4);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    recv_past_sync(dish, &f);
    assert_frame(&f, "weather", "rain");
    /* A frame with a group set by hand goes the same way. */
    zmqx_frame_close(&f);
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "sun", 3), 0);
    ck_assert_int_eq(zmqx_frame_set_group(&f, "weather"), 0);
    ck_assert_int_eq(zmqx_send_frame(radio, &f, 0), 3);
    ck_assert_int_eq(zmqx_recv_frame(dish, &f, 0), 3);
    assert_frame(&f, "weather", "sun");
    zmqx_frame_close(&f);
}

START_TEST(dish_gets_only_its_groups_tcp)
{
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, "tcp://127.0.0.1:*");
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, NULL);
    ck_assert_int_eq(zmqx_socket_join(dish, "sync"), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "weather"), 0);
    ck_assert_int_eq(zmqx_socket_connect(dish, zmqx_socket_endpoint(radio)), 0);
    only_joined_groups(radio, dish);
    zmqx_socket_destroy(&dish);
    zmqx_socket_destroy(&radio);
}
END_TEST

/* A free udp port on 127.0.0.1 (bound to 0 and closed again). */
static int free_udp_port(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

START_TEST(dish_gets_only_its_groups_udp)
{
    char ep[64];
    snprintf(ep, sizeof ep, "udp://127.0.0.1:%d", free_udp_port());
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, NULL);
    ck_assert_msg(zmqx_socket_bind(dish, ep) == 0, "%s", zmqx_strerror());
    ck_assert_int_eq(zmqx_socket_join(dish, "sync"), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "weather"), 0);
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, NULL);
    ck_assert_msg(zmqx_socket_connect(radio, ep) == 0, "%s", zmqx_strerror());
    only_joined_groups(radio, dish);
    zmqx_socket_destroy(&radio);
    zmqx_socket_destroy(&dish);
}
END_TEST

START_TEST(leave_stops_delivery)
{
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, "tcp://127.0.0.1:*");
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, zmqx_socket_endpoint(radio));
    /* "sync" last: the RADIO reads a DISH's joins in order, so once it
     * sends to "sync" it knows the groups joined before */
    ck_assert_int_eq(zmqx_socket_join(dish, "news"), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "sync"), 0);
    radio_reaches_dish(radio, dish);
    ck_assert_int_eq(zmqx_send_group(radio, "news", "first", 5), 5);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    recv_past_sync(dish, &f);
    assert_frame(&f, "news", "first");
    /* After leave, news sent at once is not delivered (the DISH filters as
     * well as the RADIO), and what comes next is the marker. */
    ck_assert_int_eq(zmqx_socket_leave(dish, "news"), 0);
    ck_assert_int_eq(zmqx_send_group(radio, "news", "second", 6), 6);
    ck_assert_int_eq(zmqx_send_group(radio, "sync", "marker", 6), 6);
    do {
        ck_assert_int_ge(zmqx_recv_frame(dish, &f, 0), 0);
    } while (zmqx_frame_size(&f) == 4); /* a leftover "sync" */
    assert_frame(&f, "sync", "marker");
    ck_assert_int_eq(zmqx_socket_leave(dish, "news"), -1);
    tu_assert_error(EINVAL, "leave: group \"news\" not joined");
    /* Join again: delivery resumes. */
    ck_assert_int_eq(zmqx_socket_join(dish, "news"), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "news"), -1);
    tu_assert_error(EINVAL, "join: group \"news\" already joined");
    int got = 0;
    for (int i = 0; i < 200 && !got; i++) {
        ck_assert_int_eq(zmqx_send_group(radio, "news", "third", 5), 5);
        got = zmqx_recv_frame_timeout(dish, &f, 20) >= 0 && strcmp(zmqx_frame_group(&f), "news") == 0;
    }
    ck_assert(got);
    assert_frame(&f, "news", "third");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&dish);
    zmqx_socket_destroy(&radio);
}
END_TEST

START_TEST(group_calls_errors)
{
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, NULL);
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, NULL);
    ck_assert_int_eq(zmqx_socket_join(radio, "a"), -1);
    tu_assert_error(ENOTSUP, "join: socket type RADIO cannot join groups (DISH only)");
    ck_assert_int_eq(zmqx_socket_leave(radio, "a"), -1);
    tu_assert_error(ENOTSUP, "leave: socket type RADIO cannot leave groups (DISH only)");
    ck_assert_int_eq(zmqx_send_group(dish, "a", "x", 1), -1);
    tu_assert_error(ENOTSUP, "send_group: socket type DISH cannot send to groups (RADIO only)");
    char longest[ZMQ_GROUP_MAX_LENGTH + 2];
    memset(longest, 'g', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0'; /* 256 bytes: one too many */
    ck_assert_int_eq(zmqx_socket_join(dish, longest), -1);
    tu_assert_error(EINVAL, "join: group longer than 255 bytes (ZMQ_GROUP_MAX_LENGTH)");
    ck_assert_int_eq(zmqx_send_group(radio, longest, "x", 1), -1);
    tu_assert_error(EINVAL, "send_group: group longer than 255 bytes");
    longest[ZMQ_GROUP_MAX_LENGTH] = '\0'; /* 255: fine */
    ck_assert_int_eq(zmqx_socket_join(dish, longest), 0);
    ck_assert_int_eq(zmqx_socket_leave(dish, longest), 0);
    ck_assert_int_eq(zmqx_send_group(radio, longest, "x", 1), 1);
    ck_assert_int_eq(zmqx_send_group(radio, "", NULL, 0), 0);
    ck_assert_int_eq(zmqx_send_group(radio, "a", NULL, 1), -1);
    tu_assert_error(EFAULT, "send_group: data is NULL");
    /* RADIO cannot receive nor DISH send through the plain calls either. */
    ck_assert_int_eq(zmqx_send_str(dish, "x"), -1);
    tu_assert_error(ENOTSUP, "socket type DISH cannot send");
    zmqx_socket_destroy(&dish);
    zmqx_socket_destroy(&radio);
}
END_TEST

/* ---- frames: routing ids and groups ---- */

START_TEST(frame_routing_id_and_group)
{
    zmqx_frame_t f;
    ck_assert_int_eq(zmqx_frame_init_copy(&f, "payload", 7), 0);
    ck_assert_uint_eq(zmqx_frame_routing_id(&f), 0);
    ck_assert_str_eq(zmqx_frame_group(&f), "");
    ck_assert_int_eq(zmqx_frame_set_routing_id(&f, 0), -1);
    tu_assert_error(EINVAL, "frame_set_routing_id: routing id 0 is not valid");
    ck_assert_int_eq(zmqx_frame_set_routing_id(&f, 0xfffffffeu), 0);
    ck_assert_uint_eq(zmqx_frame_routing_id(&f), 0xfffffffeu);

    char longest[ZMQ_GROUP_MAX_LENGTH + 2];
    memset(longest, 'x', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    ck_assert_int_eq(zmqx_frame_set_group(&f, longest), -1);
    tu_assert_error(EINVAL, "frame_set_group: group longer than 255 bytes");
    ck_assert_str_eq(zmqx_frame_group(&f), "");
    longest[ZMQ_GROUP_MAX_LENGTH] = '\0';
    /* Short, long, another long, the same long, short, empty: each reads
     * back, and nothing leaks or breaks (libzmq 4.3 would on its own). */
    const char *groups[] = { "short", longest, "a group of more than 14 bytes",
                             "a group of more than 14 bytes", "fourteen bytes", "", longest };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        ck_assert_int_eq(zmqx_frame_set_group(&f, groups[i]), 0);
        ck_assert_str_eq(zmqx_frame_group(&f), groups[i]);
        ck_assert_uint_eq(zmqx_frame_routing_id(&f), 0xfffffffeu);
        ck_assert_uint_eq(zmqx_frame_size(&f), 7);
        ck_assert_mem_eq(zmqx_frame_data(&f), "payload", 7);
    }
    /* A copy shares the long group; both can change theirs and close. */
    zmqx_frame_t g;
    zmqx_frame_init(&g);
    ck_assert_int_eq(zmqx_frame_copy(&g, &f), 0);
    ck_assert_str_eq(zmqx_frame_group(&g), longest);
    ck_assert_int_eq(zmqx_frame_set_group(&g, "g"), 0);
    ck_assert_str_eq(zmqx_frame_group(&f), longest);
    ck_assert_str_eq(zmqx_frame_group(&g), "g");
    ck_assert_int_eq(zmqx_frame_set_group(&f, "another group of 26 bytes"), 0);
    zmqx_frame_close(&g);
    zmqx_frame_close(&f);
    /* A closed frame is plain again. */
    ck_assert_str_eq(zmqx_frame_group(&f), "");
    ck_assert_uint_eq(zmqx_frame_routing_id(&f), 0);
}
END_TEST

START_TEST(long_groups_travel)
{
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, "tcp://127.0.0.1:*");
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, zmqx_socket_endpoint(radio));
    const char *group = "a group name well past fourteen bytes";
    ck_assert_int_eq(zmqx_socket_join(dish, group), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "sync"), 0); /* last: see leave_stops_delivery */
    radio_reaches_dish(radio, dish);
    ck_assert_int_eq(zmqx_send_group(radio, group, "long", 4), 4);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    recv_past_sync(dish, &f);
    assert_frame(&f, group, "long");
    /* A received frame with a long group, sent on to another group. */
    ck_assert_int_eq(zmqx_frame_set_group(&f, "sync"), 0);
    ck_assert_int_eq(zmqx_send_frame(radio, &f, 0), 4);
    ck_assert_int_eq(zmqx_recv_frame(dish, &f, 0), 4);
    assert_frame(&f, "sync", "long");
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&dish);
    zmqx_socket_destroy(&radio);
}
END_TEST

/* ---- SCATTER / GATHER, CHANNEL ---- */

static void scatter_gather(const char *endpoint)
{
    zmqx_socket_t *scatter = new_socket(ZMQ_SCATTER, NULL);
    ck_assert_int_ge(zmqx_socket_bind(scatter, endpoint), 0);
    zmqx_socket_t *gather = new_socket(ZMQ_GATHER, zmqx_socket_endpoint(scatter));
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(zmqx_sendf(scatter, "job %d", i), 5);
    for (int i = 0; i < 3; i++) {
        char want[8];
        snprintf(want, sizeof want, "job %d", i);
        assert_recv(gather, want);
    }
    ck_assert_int_eq(zmqx_send_str(gather, "x"), -1);
    tu_assert_error(ENOTSUP, "socket type GATHER cannot send");
    ck_assert_int_eq(zmqx_recv(scatter, NULL, 0, ZMQX_DONTWAIT), -1);
    tu_assert_error(ENOTSUP, "socket type SCATTER cannot receive");
    zmqx_socket_destroy(&gather);
    zmqx_socket_destroy(&scatter);
}

START_TEST(scatter_gather_tcp)
{
    scatter_gather("tcp://127.0.0.1:*");
}
END_TEST

START_TEST(scatter_gather_inproc)
{
    scatter_gather("inproc://scatter");
}
END_TEST

static void channel(const char *endpoint)
{
    zmqx_socket_t *a = new_socket(ZMQ_CHANNEL, NULL);
    ck_assert_int_ge(zmqx_socket_bind(a, endpoint), 0);
    zmqx_socket_t *b = new_socket(ZMQ_CHANNEL, zmqx_socket_endpoint(a));
    ck_assert_int_eq(zmqx_send_str(b, "ping"), 4);
    assert_recv(a, "ping");
    ck_assert_int_eq(zmqx_send_str(a, "pong"), 4);
    char *s = zmqx_recv_str(b);
    ck_assert_str_eq(s, "pong");
    free(s);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
}

START_TEST(channel_tcp)
{
    channel("tcp://127.0.0.1:*");
}
END_TEST

START_TEST(channel_inproc)
{
    channel("inproc://channel");
}
END_TEST

/* ---- single-part only ---- */

START_TEST(multipart_is_refused_clearly)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "tcp://127.0.0.1:*");
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, zmqx_socket_endpoint(server));
    ck_assert_int_eq(zmqx_send(client, "a", 1, ZMQX_MORE), -1);
    tu_assert_error(EINVAL, "send tcp://127.0.0.1:");
    tu_assert_error(EINVAL, "socket type CLIENT does not take multipart messages");
    ck_assert_int_eq(zmqx_send_strmore(client, "a"), -1);
    tu_assert_error(EINVAL, "socket type CLIENT does not take multipart messages");
    ck_assert_int_eq(zmqx_send_timeout(client, "a", 1, ZMQX_MORE, 100), -1);
    tu_assert_error(EINVAL, "send_timeout tcp://127.0.0.1:");
    tu_assert_error(EINVAL, "socket type CLIENT does not take multipart messages");
    zmqx_msg_t *m = zmqx_msg_new();
    zmqx_msg_append_str(m, "one");
    zmqx_msg_append_str(m, "two");
    ck_assert_int_eq(zmqx_send_msg(client, m), -1);
    tu_assert_error(EINVAL, "send_msg");
    tu_assert_error(EINVAL, "socket type CLIENT does not take multipart messages");
    ck_assert_uint_eq(zmqx_last_error()->parts_sent, 0);
    /* A one-part message is fine. */
    zmqx_msg_clear(m);
    zmqx_msg_append_str(m, "one");
    ck_assert_int_ge(zmqx_send_msg(client, m), 0);
    uint32_t id = 0;
    char buf[8];
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, 0), 3);
    ck_assert_int_eq(zmqx_send_to(server, id, "x", 1, ZMQX_MORE), -1);
    tu_assert_error(EINVAL, "send_to tcp://127.0.0.1:");
    tu_assert_error(EINVAL, "socket type SERVER does not take multipart messages");
    zmqx_frame_t f;
    zmqx_frame_init_copy(&f, "x", 1);
    zmqx_frame_set_routing_id(&f, id);
    ck_assert_int_eq(zmqx_send_frame(server, &f, ZMQX_MORE), -1);
    tu_assert_error(EINVAL, "socket type SERVER does not take multipart messages");
    ck_assert_uint_eq(zmqx_frame_size(&f), 1); /* still the caller's */
    zmqx_frame_close(&f);
    zmqx_msg_destroy(&m);
    /* The others. */
    static const int types[] = { ZMQ_RADIO, ZMQ_SCATTER, ZMQ_PEER, ZMQ_CHANNEL };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        zmqx_socket_t *s = new_socket(types[i], NULL);
        ck_assert_int_eq(zmqx_send(s, "a", 1, ZMQX_MORE | ZMQX_DONTWAIT), -1);
        char want[64];
        snprintf(want, sizeof want, "socket type %s does not take multipart messages",
                 zmqx_socket_type_name(types[i]));
        tu_assert_error(EINVAL, want);
        zmqx_socket_destroy(&s);
    }
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- routing-id helpers: errors ---- */

START_TEST(send_to_and_recv_from_errors)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, NULL);
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, NULL);
    uint32_t id = 99;
    char buf[4];
    ck_assert_int_eq(zmqx_send_to(client, 1, "x", 1, 0), -1);
    tu_assert_error(ENOTSUP, "send_to: socket type CLIENT has no routing ids (SERVER and PEER only)");
    ck_assert_int_eq(zmqx_recv_from(client, buf, sizeof buf, &id, 0), -1);
    tu_assert_error(ENOTSUP, "recv_from: socket type CLIENT has no routing ids");
    ck_assert_int_eq(zmqx_send_to(server, 0, "x", 1, 0), -1);
    tu_assert_error(EINVAL, "send_to: routing id 0 is not valid");
    ck_assert_int_eq(zmqx_send_to(server, 1, NULL, 1, 0), -1);
    tu_assert_error(EFAULT, "send_to: data is NULL");
    ck_assert_int_eq(zmqx_recv_from(server, NULL, 1, &id, 0), -1);
    tu_assert_error(EFAULT, "recv_from: buffer is NULL");
    ck_assert_uint_eq(id, 0);
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, NULL, 0), -1);
    tu_assert_error(EINVAL, "recv_from: routing_id is NULL");
    /* No peer yet: EHOSTUNREACH at once, no wait. */
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_send_to(server, 1, "x", 1, 0), -1);
    tu_assert_error(EHOSTUNREACH, "no peer with that routing id");
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- NULL arguments ---- */

START_TEST(null_arguments_are_errors)
{
    zmqx_socket_t *dish = new_socket(ZMQ_DISH, NULL);
    zmqx_socket_t *radio = new_socket(ZMQ_RADIO, NULL);
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, NULL);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    uint32_t id;
    char buf[4];

    ck_assert_uint_eq(zmqx_frame_routing_id(NULL), 0);
    tu_assert_error(EINVAL, "frame_routing_id: frame is NULL");
    ck_assert_int_eq(zmqx_frame_set_routing_id(NULL, 7), -1);
    tu_assert_error(EINVAL, "frame_set_routing_id: frame is NULL");
    ck_assert_ptr_null(zmqx_frame_group(NULL));
    tu_assert_error(EINVAL, "frame_group: frame is NULL");
    ck_assert_int_eq(zmqx_frame_set_group(NULL, "g"), -1);
    tu_assert_error(EINVAL, "frame_set_group: frame is NULL");
    ck_assert_int_eq(zmqx_frame_set_group(&f, NULL), -1);
    tu_assert_error(EINVAL, "frame_set_group: group is NULL");

    ck_assert_int_eq(zmqx_socket_join(NULL, "g"), -1);
    tu_assert_error(EINVAL, "join: socket is NULL");
    ck_assert_int_eq(zmqx_socket_join(dish, NULL), -1);
    tu_assert_error(EINVAL, "join: group is NULL");
    ck_assert_int_eq(zmqx_socket_leave(NULL, "g"), -1);
    tu_assert_error(EINVAL, "leave: socket is NULL");
    ck_assert_int_eq(zmqx_socket_leave(dish, NULL), -1);
    tu_assert_error(EINVAL, "leave: group is NULL");

    ck_assert_int_eq(zmqx_send_group(NULL, "g", "x", 1), -1);
    tu_assert_error(EINVAL, "send_group: socket is NULL");
    ck_assert_int_eq(zmqx_send_group(radio, NULL, "x", 1), -1);
    tu_assert_error(EINVAL, "send_group: group is NULL");

    ck_assert_int_eq(zmqx_send_to(NULL, 1, "x", 1, 0), -1);
    tu_assert_error(EINVAL, "send_to: socket is NULL");
    ck_assert_int_eq(zmqx_recv_from(NULL, buf, sizeof buf, &id, 0), -1);
    tu_assert_error(EINVAL, "recv_from: socket is NULL");
    ck_assert_uint_eq(zmqx_socket_connect_peer(NULL, "inproc://x"), 0);
    tu_assert_error(EINVAL, "connect_peer: socket is NULL");

    /* A socket whose context is gone: ENOTSOCK, not a crash. */
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_socket_t *gone = zmqx_socket_new(other, ZMQ_PEER, NULL);
    zmqx_ctx_destroy(&other);
    ck_assert_uint_eq(zmqx_socket_connect_peer(gone, "inproc://x"), 0);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_send_to(gone, 1, "x", 1, 0), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_recv_from(gone, buf, sizeof buf, &id, 0), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_socket_join(gone, "g"), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_send_group(gone, "g", "x", 1), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&gone);

    zmqx_frame_close(&f);
    zmqx_socket_destroy(&server);
    zmqx_socket_destroy(&radio);
    zmqx_socket_destroy(&dish);
}
END_TEST

/* ---- waiting and polling on thread-safe sockets ---- */

START_TEST(socket_wait_and_poller_over_client)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "tcp://127.0.0.1:*");
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, zmqx_socket_endpoint(server));
    /* Nothing to read: a timeout of the right length. */
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(client, ZMQX_POLLIN, 100), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_ge(tu_now_ms() - t0, 100);
    ck_assert_int_eq(zmqx_socket_wait(client, ZMQX_POLLOUT, 2000), ZMQX_POLLOUT);
    ck_assert_int_eq(zmqx_send_str(client, "hi"), 2);
    ck_assert_int_eq(zmqx_socket_wait(server, ZMQX_POLLIN, 2000), ZMQX_POLLIN);
    uint32_t id;
    char buf[8];
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, 0), 2);

    zmqx_poller_t *p = zmqx_poller_new();
    ck_assert_ptr_nonnull(p);
    int tag;
    ck_assert_int_eq(zmqx_poller_add(p, client, ZMQX_POLLIN, &tag), 0);
    zmqx_poll_event_t ev[2];
    ck_assert_int_eq(zmqx_poller_wait(p, ev, 2, 50), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_send_to(server, id, "back", 4, 0), 4);
    ck_assert_int_eq(zmqx_poller_wait(p, ev, 2, 2000), 1);
    ck_assert_ptr_eq(ev[0].socket, client);
    ck_assert_int_eq(ev[0].events, ZMQX_POLLIN);
    ck_assert_ptr_eq(ev[0].user, &tag);
    assert_recv(client, "back");
    ck_assert_int_eq(zmqx_poller_wait(p, ev, 2, 0), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_int_eq(zmqx_poller_modify(p, client, ZMQX_POLLIN | ZMQX_POLLOUT), 0);
    ck_assert_int_eq(zmqx_poller_wait(p, ev, 2, 2000), 1);
    ck_assert_int_eq(ev[0].events, ZMQX_POLLOUT);
    zmqx_poller_destroy(&p);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

struct delayed {
    zmqx_socket_t *s;
    uint32_t to; /* 0: plain send */
    int delay_ms;
    pthread_t thread;
};

static void *delayed_main(void *arg)
{
    struct delayed *d = arg;
    tu_sleep_ms(d->delay_ms);
    if (d->to != 0)
        zmqx_send_to(d->s, d->to, "late", 4, 0);
    else
        zmqx_send_str(d->s, "late");
    return NULL;
}

START_TEST(blocking_calls_wait_on_thread_safe_sockets)
{
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "tcp://127.0.0.1:*");
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, zmqx_socket_endpoint(server));
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(client, 150), 0);
    char buf[8];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(client, buf, sizeof buf, 0), -1);
    long long took = tu_now_ms() - t0;
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 150);
    ck_assert_int_ge(took, 150);
    ck_assert_int_lt(took, 1500);
    /* The slow path receives what comes while it waits. */
    ck_assert_int_eq(zmqx_send_str(client, "id?"), 3);
    uint32_t id;
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, 0), 3);
    struct delayed d = { .s = server, .to = id, .delay_ms = 50 };
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(client, 2000), 0);
    pthread_create(&d.thread, NULL, delayed_main, &d);
    assert_recv(client, "late");
    pthread_join(d.thread, NULL);
    /* ... and the timed variants too. */
    d.delay_ms = 50;
    pthread_create(&d.thread, NULL, delayed_main, &d);
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    ck_assert_int_eq(zmqx_recv_frame_timeout(client, &f, 2000), 4);
    pthread_join(d.thread, NULL);
    zmqx_frame_close(&f);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

/* Two threads receiving on one GATHER socket at once. */
struct receiver {
    zmqx_socket_t *s;
    int rc;
    int code;
    long long took;
    pthread_t thread;
};

static void *receiver_main(void *arg)
{
    struct receiver *r = arg;
    char buf[8];
    long long t0 = tu_now_ms();
    r->rc = zmqx_recv(r->s, buf, sizeof buf, 0);
    r->code = r->rc < 0 ? errno : 0;
    r->took = tu_now_ms() - t0;
    return NULL;
}

START_TEST(two_threads_receive_on_one_socket)
{
    zmqx_socket_t *scatter = new_socket(ZMQ_SCATTER, "@inproc://two-threads");
    zmqx_socket_t *gather = new_socket(ZMQ_GATHER, "inproc://two-threads");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(gather, 400), 0);
    struct receiver r[2] = { { .s = gather }, { .s = gather } };
    for (int i = 0; i < 2; i++)
        pthread_create(&r[i].thread, NULL, receiver_main, &r[i]);
    /* One message for two waiting threads: one gets it, the other wakes
     * up for nothing and must still time out at its own deadline (not
     * wait forever, not give up early). */
    tu_sleep_ms(100);
    ck_assert_int_eq(zmqx_send_str(scatter, "one"), 3);
    for (int i = 0; i < 2; i++)
        pthread_join(r[i].thread, NULL);
    int got = (r[0].rc == 3) + (r[1].rc == 3);
    ck_assert_int_eq(got, 1);
    struct receiver *late = r[0].rc == 3 ? &r[1] : &r[0];
    ck_assert_int_eq(late->rc, -1);
    ck_assert_int_eq(late->code, EAGAIN);
    ck_assert_int_ge(late->took, 400);
    ck_assert_msg(late->took < 1500, "took %lld ms", late->took);
    /* Both get one when two come. */
    for (int i = 0; i < 2; i++)
        pthread_create(&r[i].thread, NULL, receiver_main, &r[i]);
    tu_sleep_ms(50);
    ck_assert_int_eq(zmqx_send_str(scatter, "one"), 3);
    ck_assert_int_eq(zmqx_send_str(scatter, "two"), 3);
    for (int i = 0; i < 2; i++) {
        pthread_join(r[i].thread, NULL);
        ck_assert_int_eq(r[i].rc, 3);
    }
    zmqx_socket_destroy(&gather);
    zmqx_socket_destroy(&scatter);
}
END_TEST

static void *send_from_another_thread(void *arg)
{
    return (void *) (intptr_t) zmqx_send_str(arg, "from another thread");
}

START_TEST(owner_check_leaves_thread_safe_types_alone)
{
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    zmqx_socket_t *server = new_socket(ZMQ_SERVER, "inproc://owner");
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, "inproc://owner");
    zmqx_socket_t *push = new_socket(ZMQ_PUSH, "@inproc://owner-push");
    pthread_t th;
    void *rc;
    pthread_create(&th, NULL, send_from_another_thread, client);
    pthread_join(th, &rc);
    ck_assert_int_eq((int) (intptr_t) rc, 19);
    uint32_t id;
    char buf[32];
    ck_assert_int_eq(zmqx_recv_from(server, buf, sizeof buf, &id, 0), 19);
    /* A classic type is still checked. */
    pthread_create(&th, NULL, send_from_another_thread, push);
    pthread_join(th, &rc);
    ck_assert_int_eq((int) (intptr_t) rc, -1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(shutdown_wakes_a_blocked_client)
{
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, "tcp://127.0.0.1:9");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(client, -1), 0);
    pthread_t th;
    pthread_create(&th, NULL, tu_shutdown_later, ctx);
    char buf[4];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(client, buf, sizeof buf, 0), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 2000);
    tu_assert_error(ETERM, "context was shut down");
    pthread_join(th, NULL);
    zmqx_socket_destroy(&client);
}
END_TEST

static void on_alarm(int sig)
{
    (void) sig;
}

START_TEST(eintr_on_a_thread_safe_socket)
{
    /* Several threads may wait on one such socket, so the deadline is the
     * call's own, kept by this thread for a retry after EINTR. */
    zmqx_socket_t *client = new_socket(ZMQ_CLIENT, "tcp://127.0.0.1:9");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(client, 500), 0);
    struct sigaction sa = { .sa_handler = on_alarm }, old; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    struct itimerval it = { { 0, 0 }, { 0, 100 * 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    char buf[4];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(client, buf, sizeof buf, 0), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 450);
    tu_assert_error(EINTR, "interrupted by a signal (a retry keeps the deadline)");
    ck_assert(!zmqx_error_is_timeout(NULL));
    sigaction(SIGALRM, &old, NULL);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(client, buf, sizeof buf, 0), -1); /* the retry */
    ck_assert(zmqx_error_is_timeout(NULL));
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 250); /* what was left of 500 ms */
    ck_assert_int_lt(took, 480);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(client, buf, sizeof buf, 0), -1); /* a new call */
    ck_assert_int_ge(tu_now_ms() - t0, 490);
    zmqx_socket_destroy(&client);
}
END_TEST

#else /* ZMQX_TEST_MALLOC_COUNT */

#include "tu_malloc_count.h"

/* A SERVER/CLIENT round trip of small messages through zmqx_send_to and
 * zmqx_recv_from, and RADIO to DISH through zmqx_send_group, on one thread
 * over inproc: no allocation (libzmq makes none for up to 33 bytes). */
START_TEST(send_to_recv_from_send_group_allocate_nothing)
{
    tu_count_fn count = tu_mc_thread_count();
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_SERVER, NULL);
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_CLIENT, NULL);
    zmqx_socket_t *radio = zmqx_socket_new(ctx, ZMQ_RADIO, NULL);
    zmqx_socket_t *dish = zmqx_socket_new(ctx, ZMQ_DISH, NULL);
    zmqx_socket_t *all[] = { server, client, radio, dish };
    for (int i = 0; i < 4; i++) {
        ck_assert_ptr_nonnull(all[i]);
        ck_assert_int_eq(zmqx_socket_set_int(all[i], ZMQ_SNDHWM, 0), 0);
        ck_assert_int_eq(zmqx_socket_set_int(all[i], ZMQ_RCVHWM, 0), 0);
    }
    ck_assert_int_eq(zmqx_socket_bind(server, "inproc://alloc-server"), 0);
    ck_assert_int_eq(zmqx_socket_connect(client, "inproc://alloc-server"), 0);
    ck_assert_int_eq(zmqx_socket_join(dish, "group"), 0);
    ck_assert_int_eq(zmqx_socket_bind(radio, "inproc://alloc-radio"), 0);
    ck_assert_int_eq(zmqx_socket_connect(dish, "inproc://alloc-radio"), 0);
    const char payload[] = "sixteen bytes!!";
    char buf[32];
    uint32_t id = 0;
    enum { WARM_UP = 1000, N = 10000 };
    /* No ck_assert in the loop: Check's bookkeeping allocates. */
    size_t before = 0;
    int failed = 0;
    for (int i = 0; i < WARM_UP + N && !failed; i++) {
        if (i == WARM_UP)
            before = count();
        failed = zmqx_send(client, payload, 16, 0) != 16
                 || zmqx_recv_from(server, buf, sizeof buf, &id, 0) != 16
                 || zmqx_send_to(server, id, payload, 16, 0) != 16
                 || zmqx_recv(client, buf, sizeof buf, 0) != 16
                 || zmqx_send_group(radio, "group", payload, 16) != 16
                 || zmqx_recv(dish, buf, sizeof buf, 0) != 16;
    }
    size_t made = count() - before;
    ck_assert_msg(!failed, "%s", zmqx_strerror());
    ck_assert_int_eq(memcmp(buf, payload, 16), 0);
    for (int i = 0; i < 4; i++)
        zmqx_socket_destroy(&all[i]);
    ck_assert_msg(made == 0, "%zu allocations in %d round trips", made, N);
}
END_TEST

#endif /* ZMQX_TEST_MALLOC_COUNT */

int main(void)
{
    Suite *s = suite_create("draft");
    TCase *tc = tu_tcase(s, "draft", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
#ifdef ZMQX_TEST_MALLOC_COUNT
    tcase_add_test(tc, send_to_recv_from_send_group_allocate_nothing);
#else
    tcase_add_test(tc, peers_exchange_by_routing_id_tcp);
    tcase_add_test(tc, peers_exchange_by_routing_id_inproc);
    tcase_add_test(tc, connect_peer_errors);
    tcase_add_test(tc, server_answers_three_clients);
    tcase_add_test(tc, recv_from_truncates_and_reports_the_full_size);
    tcase_add_test(tc, dish_gets_only_its_groups_tcp);
    tcase_add_test(tc, dish_gets_only_its_groups_udp);
    tcase_add_test(tc, leave_stops_delivery);
    tcase_add_test(tc, group_calls_errors);
    tcase_add_test(tc, frame_routing_id_and_group);
    tcase_add_test(tc, long_groups_travel);
    tcase_add_test(tc, scatter_gather_tcp);
    tcase_add_test(tc, scatter_gather_inproc);
    tcase_add_test(tc, channel_tcp);
    tcase_add_test(tc, channel_inproc);
    tcase_add_test(tc, multipart_is_refused_clearly);
    tcase_add_test(tc, send_to_and_recv_from_errors);
    tcase_add_test(tc, null_arguments_are_errors);
    tcase_add_test(tc, socket_wait_and_poller_over_client);
    tcase_add_test(tc, blocking_calls_wait_on_thread_safe_sockets);
    tcase_add_test(tc, two_threads_receive_on_one_socket);
    tcase_add_test(tc, owner_check_leaves_thread_safe_types_alone);
    tcase_add_test(tc, shutdown_wakes_a_blocked_client);
    tcase_add_test(tc, eintr_on_a_thread_safe_socket);
#endif
    return tu_run(s, 240);
}

#endif
