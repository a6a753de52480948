/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* lbbroker: the Guide's load-balancing broker in reactor style (lbbroker3.c,
 * written for CZMQ's zloop), on a zmqx_loop_t, over inproc.
 *
 * NBR_CLIENTS client threads (REQ) send REQUESTS "HELLO"s each to the
 * frontend ROUTER; NBR_WORKERS worker threads (REQ) say READY on the backend
 * ROUTER, then answer "OK" to every request. The broker queues the routing
 * ids of the ready workers (in a zmqx_msg_t: a list of frames, as CZMQ's
 * zlist of zframes) and hands each request to the one waiting longest. Its
 * loop reads the frontend only while a worker is ready: the backend's
 * handler adds the frontend when the queue goes from 0 to 1, the frontend's
 * handler removes it when the queue goes from 1 to 0. The last client to
 * finish stops the loop (zmqx_loop_stop works from any thread); the sample
 * checks that every request got its "OK". */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>

#define NBR_CLIENTS 10
#define NBR_WORKERS 3
#define REQUESTS 5          /* per client */
#define WORKER_READY "\001" /* signals worker is ready */

static zmqx_loop_t *reactor;
static atomic_int clients_done, answered;

/* Basic request-reply client using a REQ socket. */
static void *client_task(void *ctx)
{
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_REQ, "inproc://frontend");
    zmqx_socket_set_timeout(client, 5000);
    for (int i = 0; i < REQUESTS && zmqx_send_str(client, "HELLO") >= 0; i++) {
        char *reply = zmqx_recv_str(client);
        if (reply == NULL)
            break;
        printf("Client: %s\n", reply);
        answered += strcmp(reply, "OK") == 0;
        free(reply);
    }
    zmqx_socket_destroy(&client);
    if (++clients_done == NBR_CLIENTS)
        zmqx_loop_stop(reactor);
    return NULL;
}

/* Worker using a REQ socket to do load-balancing: a request comes as
 * [client id][""][body], the reply goes back as [client id][""]["OK"]: the
 * same message, its last part replaced (CZMQ's zframe_reset). */
static void *worker_task(void *ctx)
{
    zmqx_socket_t *worker = zmqx_socket_new(ctx, ZMQ_REQ, "inproc://backend");
    zmqx_msg_t *msg = zmqx_msg_new();
    zmqx_send_str(worker, WORKER_READY);
    while (zmqx_recv_msg(worker, msg) == 3) {
        printf("Worker: %.*s\n", (int)zmqx_msg_size(msg, 2), (const char *)zmqx_msg_data(msg, 2));
        if (zmqx_msg_replace(msg, zmqx_msg_count(msg) - 1, "OK", 2) != 0 ||
            zmqx_send_msg(worker, msg) < 0)
            break;
    }
    zmqx_msg_destroy(&msg);
    zmqx_socket_destroy(&worker); /* the receive failed: ETERM at the end */
    return NULL;
}

/* Our load-balancer structure, passed to the loop's handlers. */
typedef struct {
    zmqx_socket_t *frontend; /* listen to clients */
    zmqx_socket_t *backend;  /* listen to workers */
    zmqx_msg_t *workers;     /* the ready workers' ids, oldest first */
    zmqx_msg_t *msg;         /* the message being moved */
    zmqx_frame_t frame;      /* a worker id */
} lbbroker_t;

/* Handle input from a client, on the frontend: route it to the worker
 * ready longest. */
static int s_handle_frontend(zmqx_loop_t *loop, zmqx_socket_t *frontend, int events, void *arg)
{
    (void)events;
    lbbroker_t *self = arg;
    if (zmqx_recv_msg(frontend, self->msg) < 0 || zmqx_msg_push(self->msg, "", 0) != 0 ||
        zmqx_msg_pop(self->workers, &self->frame) != 0 ||
        zmqx_msg_push_frame(self->msg, &self->frame) != 0 ||
        zmqx_send_msg(self->backend, self->msg) < 0)
        return -1;
    /* Cancel reader on frontend if we went from 1 to 0 workers */
    return zmqx_msg_count(self->workers) == 0 ? zmqx_loop_remove(loop, frontend) : 0;
}

/* Handle input from a worker, on the backend: queue the worker as ready
 * (unwrap takes its id and the empty delimiter off), and forward its
 * reply, if it is not a READY, to the client. */
static int s_handle_backend(zmqx_loop_t *loop, zmqx_socket_t *backend, int events, void *arg)
{
    (void)events;
    lbbroker_t *self = arg;
    if (zmqx_recv_msg(backend, self->msg) < 0 || zmqx_msg_unwrap(self->msg, &self->frame) < 0 ||
        zmqx_msg_append_frame(self->workers, &self->frame) != 0)
        return -1;
    /* Enable reader on frontend if we went from 0 to 1 workers */
    if (zmqx_msg_count(self->workers) == 1 &&
        zmqx_loop_add(loop, self->frontend, ZMQX_POLLIN, s_handle_frontend, self) != 0)
        return -1;
    if (zmqx_msg_part_eq_str(self->msg, 0, WORKER_READY))
        return 0;
    return zmqx_send_msg(self->frontend, self->msg) < 0 ? -1 : 0;
}

int main(void)
{
    lbbroker_t self = { 0 };
    zmqx_frame_init(&self.frame);
    zmqx_ctx_t *ctx = zmqx_ctx_new(); /* inproc: the sockets of one context */
    self.frontend = zmqx_socket_new(ctx, ZMQ_ROUTER, "inproc://frontend");
    self.backend = zmqx_socket_new(ctx, ZMQ_ROUTER, "inproc://backend");
    self.workers = zmqx_msg_new();
    self.msg = zmqx_msg_new();
    reactor = zmqx_loop_new();
    int rc = -1;
    if (self.frontend && self.backend && self.workers && self.msg && reactor)
        rc = zmqx_loop_add(reactor, self.backend, ZMQX_POLLIN, s_handle_backend, &self);

    pthread_t threads[NBR_CLIENTS + NBR_WORKERS];
    for (int i = 0; rc == 0 && i < NBR_CLIENTS + NBR_WORKERS; i++)
        rc = pthread_create(&threads[i], NULL, i < NBR_CLIENTS ? client_task : worker_task, ctx);
    if (rc != 0 || zmqx_loop_run(reactor) != 0) {
        fprintf(stderr, "lbbroker: %s\n", zmqx_strerror());
        return EXIT_FAILURE;
    }
    for (int i = 0; i < NBR_CLIENTS + NBR_WORKERS; i++) {
        if (i == NBR_CLIENTS)
            zmqx_ctx_shutdown(ctx); /* the clients are done: stop the workers */
        pthread_join(threads[i], NULL);
    }
    printf("lbbroker: %d of %d requests answered\n", answered, NBR_CLIENTS * REQUESTS);

    zmqx_loop_destroy(&reactor);
    zmqx_frame_close(&self.frame);
    zmqx_msg_destroy(&self.workers);
    zmqx_msg_destroy(&self.msg);
    zmqx_socket_destroy(&self.frontend);
    zmqx_socket_destroy(&self.backend);
    zmqx_ctx_destroy(&ctx);
    return answered == NBR_CLIENTS * REQUESTS ? EXIT_SUCCESS : EXIT_FAILURE;
}
