/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* broker: a request/reply broker with zmqx's steerable proxy.
 *
 * Clients (REQ) talk to a ROUTER frontend, workers (REP) to a DEALER
 * backend; a proxy thread moves requests and replies between them. The
 * main thread reads the proxy's statistics, then stops it with
 * zmqx_proxy_terminate and joins it. All ports are random. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>

#define WORKERS 2
#define REQUESTS 10

static int fail(const char *what)
{
    fprintf(stderr, "broker: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

static void *run_proxy(void *proxy)
{
    if (zmqx_proxy_run(proxy) != 0)
        fprintf(stderr, "broker: proxy: %s\n", zmqx_strerror());
    return NULL;
}

/* A worker answers until its context is shut down (ETERM). inproc
 * endpoints only reach sockets of the same context: pass the broker's. */
static void *worker(void *ctx)
{
    zmqx_socket_t *rep = zmqx_socket_new(ctx, ZMQ_REP, ">inproc://workers"); /* REP would bind */
    if (rep == NULL) {
        fprintf(stderr, "broker: worker: %s\n", zmqx_strerror());
        zmqx_socket_destroy(&rep);
        return NULL;
    }
    char *request;
    while ((request = zmqx_recv_str(rep)) != NULL) {
        zmqx_sendf(rep, "done: %s", request);
        free(request);
    }
    zmqx_socket_destroy(&rep);
    return NULL;
}

int main(void)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *frontend = zmqx_socket_new(ctx, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    zmqx_socket_t *backend = zmqx_socket_new(ctx, ZMQ_DEALER, "@inproc://workers");
    if (ctx == NULL || frontend == NULL || backend == NULL)
        return fail("sockets");
    printf("broker: clients connect to %s\n", zmqx_socket_endpoint(frontend));

    zmqx_proxy_t *proxy = zmqx_proxy_new(frontend, backend, NULL);
    if (proxy == NULL)
        return fail("proxy");
    pthread_t proxy_thread, workers[WORKERS];
    pthread_create(&proxy_thread, NULL, run_proxy, proxy);
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&workers[i], NULL, worker, ctx);

    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_REQ, zmqx_socket_endpoint(frontend));
    if (client == NULL)
        return fail("client");
    for (int i = 1; i <= REQUESTS; i++) {
        zmqx_sendf(client, "job %d", i);
        char *reply = zmqx_recv_str(client);
        if (reply == NULL)
            return fail("reply");
        printf("client: %s\n", reply);
        free(reply);
    }

    zmqx_proxy_stats_t st;
    if (zmqx_proxy_stats(proxy, &st) != 0)
        return fail("stats");
    printf("proxy: %llu requests in, %llu replies out\n",
           (unsigned long long) st.frontend_msgs_in, (unsigned long long) st.frontend_msgs_out);
    zmqx_proxy_terminate(proxy);
    pthread_join(proxy_thread, NULL);
    zmqx_proxy_destroy(&proxy);

    /* Stop the workers: shutting the context down ends their receives. */
    zmqx_socket_destroy(&client);
    zmqx_socket_destroy(&frontend);
    zmqx_socket_destroy(&backend);
    zmqx_ctx_shutdown(ctx);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(workers[i], NULL);
    zmqx_ctx_destroy(&ctx);
    return st.frontend_msgs_in == REQUESTS ? EXIT_SUCCESS : EXIT_FAILURE;
}
