/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* hello_world: request/reply. A REP server thread answers "World" to every
 * request until its context is shut down; the main thread is a REQ client
 * that sends five "Hello" requests and prints each reply. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>

#define REQUESTS 5

static int fail(const char *what)
{
    fprintf(stderr, "hello_world: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

/* The server thread: the REP socket was made by main, but from now on only
 * this thread touches it (a libzmq socket belongs to one thread at a time). */
static void *server(void *arg)
{
    zmqx_socket_t *rep = arg;
    /* Take ownership (only checked with ZMQX_CTX_THREAD_CHECK on). */
    if (zmqx_socket_handover(rep) != 0) {
        fail("handover");
        return (void *)1;
    }
    for (;;) {
        char *request = zmqx_recv_str(rep);
        if (request == NULL)
            break; /* ETERM when main shuts the context down */
        printf("server: received \"%s\"\n", request);
        free(request);
        if (zmqx_send_str(rep, "World") < 0)
            break;
    }
    if (errno != ETERM) {
        fail("server");
        return (void *)1;
    }
    printf("server: context shut down, stopping\n");
    zmqx_socket_destroy(&rep);
    return NULL;
}

int main(void)
{
    /* An own context, so that shutting it down stops the server thread. */
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    if (ctx == NULL)
        return fail("context");

    /* "@" binds; port "*" picks a free one, and the socket remembers it. */
    zmqx_socket_t *rep = zmqx_socket_new(ctx, ZMQ_REP, "@tcp://127.0.0.1:*");
    if (rep == NULL)
        return fail("REP socket");
    printf("server bound to %s\n", zmqx_socket_endpoint(rep));

    /* REQ connects by default; give up after one second, not two minutes. */
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, zmqx_socket_endpoint(rep));
    if (req == NULL || zmqx_socket_set_timeout(req, 1000) != 0)
        return fail("REQ socket");

    pthread_t thread;
    if (pthread_create(&thread, NULL, server, rep) != 0) {
        fprintf(stderr, "hello_world: cannot start the server thread\n");
        return EXIT_FAILURE;
    }

    int status = EXIT_SUCCESS;
    for (int i = 1; i <= REQUESTS && status == EXIT_SUCCESS; i++) {
        if (zmqx_send_str(req, "Hello") < 0) {
            status = fail("send");
            break;
        }
        char *reply = zmqx_recv_str(req);
        if (reply == NULL) {
            status = fail("receive"); /* a timeout would say "after 1000 ms" */
            break;
        }
        printf("client: request %d got \"%s\"\n", i, reply);
        free(reply);
    }

    /* Stop the server the zmqx way: shut down (its receive fails with
     * ETERM), join, then destroy what is left. */
    void *result = NULL;
    if (zmqx_ctx_shutdown(ctx) != 0)
        status = fail("shutdown");
    pthread_join(thread, &result);
    if (result != NULL)
        status = EXIT_FAILURE;
    zmqx_socket_destroy(&req);
    zmqx_ctx_destroy(&ctx);
    return status;
}
