/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* multipart: messages of several parts. Two DEALER clients, "alice" and
 * "bob", send two-part requests to a ROUTER server. The ROUTER puts the
 * sender's routing id in front of each message (the envelope); the server
 * pops it, builds a reply in the same zmqx_msg_t, pushes the envelope back
 * in front and sends: the reply goes to that client. One message object
 * serves the whole receive loop (its storage is reused). Last, the server
 * sends alice a large buffer without copying it (a zero-copy frame) and
 * uses a tracker to learn when libzmq is done with the buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>

#define BIG (1024 * 1024)

static int fail(const char *what)
{
    fprintf(stderr, "multipart: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

/* A DEALER with a routing id of our choice (set before connecting). */
static zmqx_socket_t *client(const char *name, const char *server)
{
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_DEALER, NULL);
    if (s == NULL || zmqx_socket_set_routing_id(s, name, strlen(name)) != 0 ||
        zmqx_socket_set_timeout(s, 2000) != 0 || zmqx_socket_connect(s, server) != 0 ||
        zmqx_send_strmore(s, "greeting") < 0 || zmqx_sendf(s, "hi, I am %s", name) < 0) {
        fail(name);
        zmqx_socket_destroy(&s);
    }
    return s;
}

/* Answer two requests with one message object and one envelope frame. */
static int serve(zmqx_socket_t *router)
{
    zmqx_msg_t *msg = zmqx_msg_new();
    zmqx_frame_t envelope;
    if (msg == NULL || zmqx_frame_init(&envelope) != 0)
        return fail("server message");
    int status = EXIT_SUCCESS;
    for (int i = 0; i < 2 && status == EXIT_SUCCESS; i++) {
        /* [routing id][greeting][hi, I am ...]: recv_msg clears msg first. */
        if (zmqx_recv_msg(router, msg) < 0 || zmqx_msg_pop(msg, &envelope) != 0) {
            status = fail("server receive");
            break;
        }
        printf("server: from \"%.*s\", %zu parts:", (int)zmqx_frame_size(&envelope),
               (char *)zmqx_frame_data(&envelope), zmqx_msg_count(msg));
        for (size_t p = 0; p < zmqx_msg_count(msg); p++)
            printf(" [%.*s]", (int)zmqx_msg_size(msg, p), (const char *)zmqx_msg_data(msg, p));
        printf("\n");
        /* The reply: [routing id][welcome]; send_msg leaves msg empty. */
        zmqx_msg_clear(msg);
        if (zmqx_msg_append_str(msg, "welcome") != 0 || zmqx_msg_push_frame(msg, &envelope) != 0 ||
            zmqx_send_msg(router, msg) < 0)
            status = fail("server reply");
    }
    zmqx_frame_close(&envelope);
    zmqx_msg_destroy(&msg);
    return status;
}

/* Send alice BIG bytes straight from our buffer and wait until it is ours
 * again: the tracker (no free function) says when libzmq let go of it. */
static int send_big(zmqx_socket_t *router)
{
    char *buf = malloc(BIG);
    if (buf == NULL)
        return EXIT_FAILURE;
    memset(buf, 'z', BIG);
    zmqx_tracker_t tracker = ZMQX_TRACKER_INIT;
    zmqx_frame_t f;
    if (zmqx_frame_init_data_tracked(&f, buf, BIG, NULL, NULL, &tracker) != 0) {
        free(buf); /* on failure the buffer stays ours */
        return fail("zero-copy frame");
    }
    int status = EXIT_SUCCESS;
    if (zmqx_send(router, "alice", 5, ZMQX_MORE) < 0 || zmqx_send_frame(router, &f, 0) < 0)
        status = fail("zero-copy send");
    else
        printf("server: sent %d bytes without copying; buffer still in use: %s\n", BIG,
               zmqx_tracker_done(&tracker) ? "no" : "yes");
    zmqx_frame_close(&f); /* unsent: releases it; sent: f is already empty */
    if (zmqx_tracker_wait(&tracker, 2000) != 0)
        return fail("tracker"); /* still in libzmq's hands: must not free */
    printf("server: libzmq is done with the buffer: free it\n");
    free(buf);
    return status;
}

/* A client reads its reply, or (alice) the big frame too. */
static int read_reply(zmqx_socket_t *dealer, const char *name, int big)
{
    char *text = zmqx_recv_str(dealer);
    if (text == NULL)
        return fail("client receive");
    printf("%s: got \"%s\"\n", name, text);
    free(text);
    if (!big)
        return EXIT_SUCCESS;
    zmqx_frame_t f;
    if (zmqx_frame_init(&f) != 0 || zmqx_recv_frame(dealer, &f, 0) < 0)
        return fail("client receive big");
    printf("%s: got a frame of %zu bytes, first byte '%c'\n", name, zmqx_frame_size(&f),
           ((char *)zmqx_frame_data(&f))[0]);
    int ok = zmqx_frame_size(&f) == BIG;
    zmqx_frame_close(&f);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

int main(void)
{
    zmqx_socket_t *router = zmqx_socket_new(NULL, ZMQ_ROUTER, "tcp://127.0.0.1:*");
    if (router == NULL || zmqx_socket_set_timeout(router, 2000) != 0)
        return fail("ROUTER socket");
    zmqx_socket_t *alice = client("alice", zmqx_socket_endpoint(router));
    zmqx_socket_t *bob = client("bob", zmqx_socket_endpoint(router));
    if (alice == NULL || bob == NULL)
        return EXIT_FAILURE;

    int status = serve(router);
    if (status == EXIT_SUCCESS)
        status = read_reply(bob, "bob", 0);
    if (status == EXIT_SUCCESS)
        status = send_big(router);
    if (status == EXIT_SUCCESS)
        status = read_reply(alice, "alice", 1);

    zmqx_socket_destroy(&alice);
    zmqx_socket_destroy(&bob);
    zmqx_socket_destroy(&router);
    return status;
}
