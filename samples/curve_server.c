/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* curve_server: a CURVE-secured server that admits only listed clients.
 * It makes key pairs for the server and for a client, alice, keeps them in
 * key files in a temporary directory, and starts an authenticator that
 * allows the public keys found in the directory clients/ (alice's only).
 * Alice's message arrives, carrying as its User-Id the name her public key
 * file gives her (without one it would be her key in Z85); a stranger with
 * a key of its own is refused during the handshake, so nothing of it ever
 * reaches the server. Ends with 77 (meson: skipped) without CURVE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zmqx.h>

static char dir[] = "/tmp/zmqx-curve-XXXXXX";
static char clients[64], server_key[64], server_pub[64], alice_key[64], alice_pub[64];

static int fail(const char *what)
{
    int code = zmqx_last_error()->code;
    fprintf(stderr, "curve_server: %s: %s\n", what, zmqx_strerror());
    return code == ENOTSUP ? 77 : EXIT_FAILURE; /* 77: no CURVE in libzmq */
}

/* The key files, as each side would make them once: a secret .key file to
 * keep, a .pub file to hand to the other side. */
static int make_key_files(void)
{
    snprintf(clients, sizeof clients, "%s/clients", dir);
    snprintf(server_key, sizeof server_key, "%s/server.key", dir);
    snprintf(server_pub, sizeof server_pub, "%s/server.pub", dir);
    snprintf(alice_key, sizeof alice_key, "%s/alice.key", dir);
    snprintf(alice_pub, sizeof alice_pub, "%s/clients/alice.pub", dir);
    if (mkdir(clients, 0700) != 0) {
        perror("curve_server: mkdir");
        return EXIT_FAILURE;
    }
    zmqx_keypair_t server, alice;
    if (zmqx_curve_keypair(&server) != 0 || zmqx_curve_keypair(&alice) != 0)
        return fail("keys"); /* ENOTSUP: libzmq was built without CURVE */
    int bad = zmqx_keypair_save(server_key, &server) != 0 ||
              zmqx_key_save_public(server_pub, &server.public_key, NULL) != 0 ||
              zmqx_keypair_save(alice_key, &alice) != 0 ||
              zmqx_key_save_public(alice_pub, &alice.public_key, "alice") != 0;
    zmqx_keypair_wipe(&server); /* secrets live in the files only */
    zmqx_keypair_wipe(&alice);
    return bad ? fail("key files") : EXIT_SUCCESS;
}

/* A PUSH client that knows the server's public key and uses the key pair
 * in key_file (NULL: a fresh random pair, as a stranger would), connects,
 * and sends text. */
static zmqx_socket_t *client(zmqx_ctx_t *ctx, const char *key_file, const char *endpoint,
                             const char *text)
{
    zmqx_key_t server;
    zmqx_keypair_t me;
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    int bad = s == NULL || zmqx_key_load_public(server_pub, &server) != 1 ||
              (key_file != NULL && zmqx_keypair_load(key_file, &me) != 2) ||
              zmqx_socket_set_curve_client(s, &server, key_file != NULL ? &me : NULL) != 0 ||
              zmqx_socket_connect(s, endpoint) != 0 || zmqx_send_str(s, text) < 0;
    if (key_file != NULL)
        zmqx_keypair_wipe(&me);
    if (bad) {
        fail("client");
        zmqx_socket_destroy(&s);
    }
    return s;
}

static int run(zmqx_ctx_t *ctx)
{
    /* One authenticator per context; it allows every key in clients/. */
    zmqx_auth_t *auth = zmqx_auth_new(ctx);
    int keys = auth == NULL ? -1 : zmqx_auth_curve_load(auth, clients);
    if (keys < 0 || zmqx_auth_set_verbose(auth, true) != 0)
        return fail("authenticator");
    printf("authenticator: %d client key allowed\n", keys);

    /* The server: CURVE is set before the bind (later would be EISCONN). */
    zmqx_keypair_t kp;
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    int bad = pull == NULL || zmqx_keypair_load(server_key, &kp) != 2 ||
              zmqx_socket_set_curve_server(pull, &kp.secret_key) != 0;
    zmqx_keypair_wipe(&kp);
    if (bad || zmqx_socket_bind(pull, "tcp://127.0.0.1:*") < 0)
        return fail("server");
    const char *endpoint = zmqx_socket_endpoint(pull);
    printf("server: CURVE on %s\n", endpoint);

    /* Alice is listed: her message arrives, with the name of her public key
     * file ("public <key> alice") as the User-Id the authenticator gave the
     * connection. */
    zmqx_socket_t *alice = client(ctx, alice_key, endpoint, "hello from alice");
    zmqx_frame_t f;
    if (alice == NULL || zmqx_frame_init(&f) != 0 || zmqx_recv_frame_timeout(pull, &f, 2000) < 0)
        return fail("alice");
    const char *user = zmqx_frame_property(&f, "User-Id");
    printf("server: \"%.*s\" from User-Id %s\n", (int)zmqx_frame_size(&f),
           (char *)zmqx_frame_data(&f), user != NULL ? user : "(none)");
    if (user == NULL || strcmp(user, "alice") != 0) {
        fprintf(stderr, "curve_server: the User-Id is not alice\n");
        return EXIT_FAILURE;
    }

    /* A stranger is refused: libzmq keeps retrying its handshake, so its
     * message waits in its own queue (linger 0: drop it on close). */
    zmqx_socket_t *stranger = client(ctx, NULL, endpoint, "hello from a stranger");
    if (stranger == NULL || zmqx_socket_set_int(stranger, ZMQ_LINGER, 0) != 0)
        return fail("stranger");
    if (zmqx_recv_frame_timeout(pull, &f, 500) >= 0 || !zmqx_error_is_timeout(NULL)) {
        fprintf(stderr, "curve_server: the stranger got through or the receive failed\n");
        return EXIT_FAILURE;
    }
    printf("server: nothing from the stranger in %d ms: refused\n",
           zmqx_last_error()->timeout_ms);

    zmqx_frame_close(&f);
    zmqx_socket_destroy(&stranger);
    zmqx_socket_destroy(&alice);
    zmqx_socket_destroy(&pull);
    zmqx_auth_destroy(&auth);
    return EXIT_SUCCESS;
}

int main(void)
{
    if (mkdtemp(dir) == NULL) {
        perror("curve_server: mkdtemp");
        return EXIT_FAILURE;
    }
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    int status = ctx == NULL ? fail("context") : make_key_files();
    if (status == EXIT_SUCCESS)
        status = run(ctx);
    zmqx_ctx_destroy(&ctx); /* closes whatever an error path left open */
    const char *files[] = { server_key, server_pub, alice_key, alice_pub, clients, dir };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (files[i][0] != '\0')
            remove(files[i]);
    return status;
}
