/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* lazy_pirate: the Guide's Lazy Pirate pattern (lpclient.c and lpserver.c),
 * reliable request/reply on the client side alone.
 *
 * The server thread echoes each request, but "crashes" on its 3rd and 8th
 * (it closes its socket without answering and binds a new one at the same
 * endpoint) and is "overloaded" on its 6th (it answers too late). The
 * client waits REQUEST_TIMEOUT for each reply (the socket's receive
 * timeout); when none comes it closes its REQ socket, opens a new one and
 * sends the request again, REQUEST_RETRIES times at most. The sample checks
 * that every request got its own reply and that the client had to retry. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmqx.h>

#define REQUEST_TIMEOUT 500 /* ms */
#define REQUEST_RETRIES 3   /* before we abandon */
#define REQUESTS 8

static char endpoint[64]; /* the server's, with the port it got: a copy, since the
                          * socket it came from goes at the first "crash" */

/* lpserver: echo requests, with crashes and an overload on schedule. */
static void *server(void *arg)
{
    zmqx_socket_t *rep = arg;
    zmqx_socket_handover(rep);
    zmqx_ctx_t *ctx = zmqx_socket_ctx(rep);
    int cycles = 0;
    char *request;
    while (rep != NULL && (request = zmqx_recv_str(rep)) != NULL) {
        if (++cycles % 5 == 3) {
            printf("I: simulating a crash\n");
            zmqx_socket_destroy(&rep);
            /* the old socket frees its port in the background: retry */
            for (int i = 0; rep == NULL && i < 100 && usleep(10000) == 0; i++)
                rep = zmqx_socket_new(ctx, ZMQ_REP, endpoint);
        } else {
            if (cycles == 6) {
                printf("I: simulating CPU overload\n");
                usleep(REQUEST_TIMEOUT * 1500);
            }
            printf("I: normal request (%s)\n", request);
            zmqx_send_str(rep, request);
        }
        free(request);
    }
    if (rep == NULL)
        printf("E: server: %s\n", zmqx_strerror());
    zmqx_socket_destroy(&rep);
    return NULL;
}

/* lpclient: send every request until answered, on a new REQ socket after
 * each timeout. The number of retries, -1 if the server seems offline. */
static int client(zmqx_ctx_t *ctx)
{
    zmqx_socket_t *client = NULL;
    int retries = 0;
    for (int sequence = 1; sequence <= REQUESTS && retries >= 0; sequence++) {
        char *reply = NULL;
        for (int left = REQUEST_RETRIES; left > 0 && reply == NULL; left--) {
            if (client == NULL) {
                printf("I: connecting to server...\n");
                client = zmqx_socket_new(ctx, ZMQ_REQ, endpoint);
                zmqx_socket_set_recv_timeout(client, REQUEST_TIMEOUT);
            }
            if (zmqx_sendf(client, "%d", sequence) >= 0)
                reply = zmqx_recv_str(client);
            if (reply == NULL) {
                printf("W: no response from server (%s), retrying...\n", zmqx_strerror());
                zmqx_socket_destroy(&client);
                retries++;
            }
        }
        if (reply != NULL && atoi(reply) == sequence)
            printf("I: server replied OK (%s)\n", reply);
        else {
            printf("E: server seems to be offline, abandoning\n");
            retries = -1;
        }
        free(reply);
    }
    zmqx_socket_destroy(&client);
    return retries;
}

int main(void)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *rep = zmqx_socket_new(ctx, ZMQ_REP, "tcp://127.0.0.1:*");
    if (rep == NULL) {
        fprintf(stderr, "lazy_pirate: %s\n", zmqx_strerror());
        return EXIT_FAILURE;
    }
    snprintf(endpoint, sizeof endpoint, "%s", zmqx_socket_endpoint(rep));
    pthread_t thread;
    if (pthread_create(&thread, NULL, server, rep) != 0)
        return EXIT_FAILURE;
    int retries = client(ctx);
    zmqx_ctx_shutdown(ctx); /* ends the server's receive (ETERM) */
    pthread_join(thread, NULL);
    zmqx_ctx_destroy(&ctx);
    printf("lazy_pirate: %d retries (3 expected, more under load)\n", retries);
    return retries >= 3 ? EXIT_SUCCESS : EXIT_FAILURE;
}
