/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* peer: two PEER sockets (libzmq's draft API) talking by routing id.
 *
 * zmqx_socket_connect_peer connects and hands back the routing id of the
 * peer at that endpoint, so the connecting side can speak first; the bound
 * side learns each sender's routing id from what it receives and answers
 * with it. Built only when libzmq has its draft API (ZMQX_HAVE_DRAFT). */
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>

static int fail(const char *what)
{
    fprintf(stderr, "peer: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

int main(void)
{
    zmqx_socket_t *alice = zmqx_socket_new(NULL, ZMQ_PEER, "@tcp://127.0.0.1:*");
    zmqx_socket_t *bob = zmqx_socket_new(NULL, ZMQ_PEER, NULL);
    if (alice == NULL || bob == NULL)
        return fail("PEER sockets"); /* EINVAL: "needs libzmq's draft API" */
    printf("alice listens on %s\n", zmqx_socket_endpoint(alice));

    uint32_t to_alice = zmqx_socket_connect_peer(bob, zmqx_socket_endpoint(alice));
    if (to_alice == 0)
        return fail("connect_peer");
    printf("bob reaches alice as routing id %u\n", (unsigned) to_alice);

    for (int i = 1; i <= 3; i++) {
        char text[32], buf[64];
        int n = snprintf(text, sizeof text, "ping %d", i);
        if (zmqx_send_to(bob, to_alice, text, (size_t) n, 0) < 0)
            return fail("bob send");
        uint32_t from = 0;
        n = zmqx_recv_from(alice, buf, sizeof buf - 1, &from, 0);
        if (n < 0)
            return fail("alice receive");
        buf[n] = '\0';
        printf("alice got \"%s\" from routing id %u\n", buf, (unsigned) from);
        n = snprintf(text, sizeof text, "pong %d", i);
        if (zmqx_send_to(alice, from, text, (size_t) n, 0) < 0)
            return fail("alice send");
        n = zmqx_recv_from(bob, buf, sizeof buf - 1, &from, 0);
        if (n < 0)
            return fail("bob receive");
        buf[n] = '\0';
        printf("bob got \"%s\" from routing id %u\n", buf, (unsigned) from);
    }
    zmqx_socket_destroy(&bob);
    zmqx_socket_destroy(&alice);
    return EXIT_SUCCESS;
}
