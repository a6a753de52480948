/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* curve_pubsub: a CURVE-encrypted publish/subscribe feed that only listed
 * subscribers may join.
 *
 * The publisher is the CURVE server: it has a long-term key pair, and its
 * context runs an authenticator that admits only the subscriber keys it
 * knows. A subscriber is a CURVE client: it has its own key pair and knows
 * the publisher's public key. Here both sides live in one process and the
 * keys are made on the spot; in real life each side loads its keys from
 * key files (zmqx_keypair_load / zmqx_key_load_public; see docs/security.md). */
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>

static int fail(const char *what)
{
    fprintf(stderr, "curve_pubsub: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

int main(void)
{
    zmqx_keypair_t pub_keys, sub_keys;
    if (zmqx_curve_keypair(&pub_keys) != 0 || zmqx_curve_keypair(&sub_keys) != 0)
        return fail("keys"); /* ENOTSUP: libzmq was built without CURVE */

    /* Publisher side: authenticator first, then the CURVE server socket. */
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_auth_t *auth = zmqx_auth_new(ctx);
    if (auth == NULL || zmqx_auth_curve_add_named(auth, &sub_keys.public_key, "station-7") != 0)
        return fail("authenticator");
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, NULL);
    if (pub == NULL || zmqx_socket_set_curve_server(pub, &pub_keys.secret_key) != 0
        || zmqx_socket_bind(pub, "tcp://127.0.0.1:*") < 0)
        return fail("publisher");
    printf("publisher on %s\n", zmqx_socket_endpoint(pub));

    /* Subscriber side: its own key pair and the publisher's public key. */
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    if (sub == NULL
        || zmqx_socket_set_curve_client(sub, &pub_keys.public_key, &sub_keys) != 0
        || zmqx_socket_subscribe(sub, "temp") != 0
        || zmqx_socket_connect(sub, zmqx_socket_endpoint(pub)) != 0)
        return fail("subscriber");
    zmqx_key_t server_public = pub_keys.public_key; /* public: no secret */
    zmqx_keypair_wipe(&pub_keys);
    zmqx_keypair_wipe(&sub_keys);

    /* The handshake and the subscription take a moment: publish until the
     * subscriber hears (bounded), 20 ms per round. */
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    int heard = 0;
    for (int round = 0; round < 250 && heard < 3; round++) {
        zmqx_sendf(pub, "temp %d.5 C", 18 + round % 5);
        if (zmqx_recv_frame_timeout(sub, &f, 20) < 0) {
            if (zmqx_error_is_timeout(NULL))
                continue;
            return fail("receive");
        }
        heard++;
        printf("subscriber got \"%.*s\" (encrypted on the wire)\n", (int) zmqx_frame_size(&f),
               (const char *) zmqx_frame_data(&f));
    }
    if (heard == 0)
        return fail("nothing heard");

    /* A stranger (a fresh key the authenticator does not know) hears nothing:
     * its handshake is refused, quietly, as CURVE does. */
    zmqx_socket_t *stranger = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    if (stranger == NULL || zmqx_socket_set_curve_client(stranger, &server_public, NULL) != 0
        || zmqx_socket_subscribe(stranger, "") != 0
        || zmqx_socket_connect(stranger, zmqx_socket_endpoint(pub)) != 0)
        return fail("stranger");
    zmqx_socket_set_int(stranger, ZMQ_LINGER, 0);
    for (int round = 0; round < 10; round++) {
        zmqx_sendf(pub, "temp %d.5 C", round);
        if (zmqx_recv_frame_timeout(stranger, &f, 20) >= 0)
            return fail("a stranger heard the feed");
    }
    printf("a stranger heard nothing\n");
    zmqx_socket_destroy(&stranger);
    zmqx_frame_close(&f);

    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
    printf("done\n");
    return EXIT_SUCCESS;
}
