/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* asyncsrv: the ZeroMQ Guide's asynchronous client/server (DEALER to
 * ROUTER) with zmqx actors: three client actors, a server actor that
 * relays between its ROUTER frontend and a DEALER backend, and five worker
 * actors of the server's. The Guide's runs five seconds and answers each
 * request 0..4 times; this one is bounded and checks itself: a worker
 * answers each request once, after a random pause; a client sends a request
 * every 10 ms tick until it has sent REQUESTS, prints the replies as they
 * come, and returns 0 once it has them all (within 5 s); the program exits
 * 0 only if every client did. The port is random. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <zmqx.h>

#define CLIENTS 3
#define WORKERS 5
#define REQUESTS 5

/* The server's frontend, set before it is ready: zmqx_socket_endpoint's
 * string, valid as long as the frontend socket (no copy needed). */
static const char *endpoint;

/* A poller over an actor's pipe and its socket a (and b, if not NULL);
 * NULL if a is NULL or on failure. */
static zmqx_poller_t *poller_of(zmqx_socket_t *pipe, zmqx_socket_t *a, zmqx_socket_t *b)
{
    zmqx_poller_t *p = a ? zmqx_poller_new() : NULL;
    if (p && (zmqx_poller_add(p, pipe, ZMQX_POLLIN, NULL) || zmqx_poller_add(p, a, ZMQX_POLLIN, NULL)
              || (b && zmqx_poller_add(p, b, ZMQX_POLLIN, NULL))))
        zmqx_poller_destroy(&p);
    return p;
}

static int client_task(zmqx_socket_t *pipe, void *name)
{
    zmqx_socket_t *client = zmqx_socket_new(NULL, ZMQ_DEALER, endpoint);
    zmqx_poller_t *poller = poller_of(pipe, client, NULL);
    int rc = poller ? zmqx_actor_ready(pipe) : -1, replies = 0;
    zmqx_poll_event_t ev;
    for (int tick = 0; rc == 0 && replies < REQUESTS && tick < 500; tick++) {
        if (tick < REQUESTS && zmqx_sendf(client, "request #%d", tick + 1) < 0)
            rc = -1;
        while (rc == 0 && zmqx_poller_wait(poller, &ev, 1, 10) == 1) {
            char *reply = ev.socket == client ? zmqx_recv_str(client) : NULL; /* or $TERM */
            rc = reply ? 0 : -1;
            if (reply != NULL)
                printf("client %s: %s\n", (char *) name, reply), replies++;
            free(reply);
        }
    }
    zmqx_poller_destroy(&poller);
    zmqx_socket_destroy(&client);
    return replies == REQUESTS ? 0 : -1;
}

/* Once ready, pass each message from a to b and from b to a (b NULL: back
 * to a, after 1..10 ms) until $TERM comes on the pipe: 0, or -1. */
static int relay(zmqx_socket_t *pipe, zmqx_socket_t *a, zmqx_socket_t *b)
{
    zmqx_poller_t *poller = poller_of(pipe, a, b);
    zmqx_msg_t *msg = zmqx_msg_new();
    int rc = poller && msg ? zmqx_actor_ready(pipe) : -1;
    zmqx_poll_event_t ev;
    while (rc == 0 && zmqx_poller_wait(poller, &ev, 1, -1) == 1 && ev.socket != pipe) {
        struct timespec pause = { 0, (rand() % 10 + 1) * 1000000L };
        if (zmqx_recv_msg(ev.socket, msg) < 0 || (b == NULL && nanosleep(&pause, NULL) != 0)
            || zmqx_send_msg(ev.socket == a && b ? b : a, msg) < 0)
            rc = -1;
    }
    zmqx_msg_destroy(&msg);
    zmqx_poller_destroy(&poller);
    return rc;
}

/* A worker, connected to the server's backend, answers each request
 * (identity, content) once. */
static int server_worker(zmqx_socket_t *pipe, void *backend)
{
    zmqx_socket_t *worker = zmqx_socket_new(NULL, ZMQ_DEALER, backend);
    int rc = relay(pipe, worker, NULL);
    zmqx_socket_destroy(&worker);
    return rc;
}

/* The server relays between clients (its frontend, bound at endpoints) and
 * workers (backend) until zmqx_actor_destroy stops it, then stops them. */
static int server_task(zmqx_socket_t *pipe, void *endpoints)
{
    zmqx_socket_t *frontend = zmqx_socket_new(NULL, ZMQ_ROUTER, endpoints);
    zmqx_socket_t *backend = zmqx_socket_new(NULL, ZMQ_DEALER, "@inproc://backend");
    zmqx_actor_t *workers[WORKERS] = { NULL };
    int rc = frontend && backend ? 0 : -1;
    for (int i = 0; i < WORKERS && rc == 0; i++)
        rc = (workers[i] = zmqx_actor_new(NULL, server_worker, ">inproc://backend")) ? 0 : -1;
    endpoint = frontend ? zmqx_socket_endpoint(frontend) : "";
    if (rc == 0)
        rc = relay(pipe, frontend, backend);
    for (int i = 0; i < WORKERS; i++)
        zmqx_actor_destroy(&workers[i]);
    zmqx_socket_destroy(&frontend);
    zmqx_socket_destroy(&backend);
    return rc;
}

/* Start the server, then the clients; wait for every client (10 s at
 * most), then stop the server. */
int main(void)
{
    zmqx_actor_t *server = zmqx_actor_new(NULL, server_task, "@tcp://127.0.0.1:*");
    zmqx_actor_t *clients[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        clients[i] = server ? zmqx_actor_new(NULL, client_task, (char *[]) { "A", "B", "C" }[i]) : NULL;
    int failed = 0;
    for (int i = 0; i < CLIENTS; i++) {
        if (!failed && (clients[i] == NULL || zmqx_actor_wait(clients[i], 10000) != 0))
            failed = fprintf(stderr, "asyncsrv: %s\n", zmqx_strerror()) > 0;
        zmqx_actor_destroy(&clients[i]);
    }
    zmqx_actor_destroy(&server);
    printf("asyncsrv: %s\n", failed ? "FAILED" : "every client had all its replies");
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
