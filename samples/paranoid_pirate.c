/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* paranoid_pirate: the Guide's Paranoid Pirate queue and worker (ppqueue.c,
 * ppworker.c), with heartbeats on zmqx_loop_t timers; the Guide's 1 s
 * heartbeat is 100 ms here, so that the sample ends within seconds.
 *
 * The queue (main thread) balances client requests over the ready workers
 * and sends each of them a heartbeat every HEARTBEAT_INTERVAL; any message
 * from a worker puts it at the end of the ready list, and a ready worker
 * silent for HEARTBEAT_LIVENESS intervals is dropped. A worker (a thread with its own loop) sends
 * heartbeats too; its liveness timer, restarted by every message from the
 * queue, declares the queue dead when it fires: the worker closes its
 * socket and connects anew after a back-off that doubles each time. The
 * queue starts its loop late, so the workers go through that once.
 *
 * The first worker "crashes" at its second request (the request is lost)
 * and is restarted. A client thread sends REQUESTS requests on a REQ socket
 * that may resend after a timeout (ZMQ_REQ_RELAXED, ZMQ_REQ_CORRELATE); the
 * sample checks that every one is answered and that the crash happened. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmqx.h>

#define HEARTBEAT_LIVENESS 3 /* 3-5 is reasonable */
#define HEARTBEAT_INTERVAL 100 /* ms */
#define INTERVAL_INIT 100 /* initial reconnect */
#define INTERVAL_MAX 3200 /* after exponential back-off */
#define PPP_READY "\001" /* signals worker is ready */
#define PPP_HEARTBEAT "\002" /* signals worker heartbeat */

#define NBR_WORKERS 2
#define MAX_READY 16
#define REQUESTS 10
#define REQUEST_TIMEOUT 1000 /* ms, before the client sends again */

/* ---- the queue -------------------------------------------------------- */

typedef struct {
    unsigned char id[256]; /* routing id of the worker */
    size_t size;
    int liveness;          /* heartbeats left before it expires */
} ready_t;

typedef struct {
    zmqx_socket_t *frontend, *backend;
    zmqx_msg_t *msg;
    zmqx_frame_t id;
    ready_t ready[MAX_READY]; /* the ready workers, oldest first */
    int count;
} queue_t;

/* Take worker i off the ready list; read the frontend only while one is
 * ready. */
static int s_worker_remove(zmqx_loop_t *loop, queue_t *q, int i)
{
    memmove(&q->ready[i], &q->ready[i + 1], (size_t)(--q->count - i) * sizeof q->ready[0]);
    return q->count == 0 ? zmqx_loop_remove(loop, q->frontend) : 0;
}

/* A client's request goes to the worker ready longest. */
static int s_handle_frontend(zmqx_loop_t *loop, zmqx_socket_t *frontend, int events, void *arg)
{
    (void)events;
    queue_t *q = arg;
    if (zmqx_recv_msg(frontend, q->msg) < 0 ||
        zmqx_msg_push(q->msg, q->ready[0].id, q->ready[0].size) != 0 ||
        zmqx_send_msg(q->backend, q->msg) < 0)
        return -1;
    return s_worker_remove(loop, q, 0);
}

/* Any sign of life: the worker (in q->id) goes to the end of the list. */
static int s_worker_ready(zmqx_loop_t *loop, queue_t *q)
{
    size_t size = zmqx_frame_size(&q->id);
    for (int i = 0; i < q->count; i++)
        if (q->ready[i].size == size && memcmp(q->ready[i].id, zmqx_frame_data(&q->id), size) == 0)
            s_worker_remove(loop, q, i);
    if (q->count == MAX_READY)
        return 0;
    ready_t *w = &q->ready[q->count++];
    memcpy(w->id, zmqx_frame_data(&q->id), size);
    w->size = size;
    w->liveness = HEARTBEAT_LIVENESS;
    return q->count == 1 ? zmqx_loop_add(loop, q->frontend, ZMQX_POLLIN, s_handle_frontend, q) : 0;
}

/* A worker's message: READY, HEARTBEAT, or a reply for a client. */
static int s_handle_backend(zmqx_loop_t *loop, zmqx_socket_t *backend, int events, void *arg)
{
    (void)events;
    queue_t *q = arg;
    if (zmqx_recv_msg(backend, q->msg) < 0 || zmqx_msg_pop(q->msg, &q->id) != 0 ||
        s_worker_ready(loop, q) != 0)
        return -1;
    if (zmqx_msg_count(q->msg) > 1)
        return zmqx_send_msg(q->frontend, q->msg) < 0 ? -1 : 0;
    if (!zmqx_msg_part_eq_str(q->msg, 0, PPP_READY) &&
        !zmqx_msg_part_eq_str(q->msg, 0, PPP_HEARTBEAT))
        printf("E: invalid message from worker\n");
    return 0;
}

/* Every HEARTBEAT_INTERVAL: drop the workers silent for too long, send a
 * heartbeat to the others. */
static int s_queue_heartbeat(zmqx_loop_t *loop, int timer, void *arg)
{
    (void)timer;
    queue_t *q = arg;
    for (int i = q->count - 1; i >= 0; i--) {
        if (--q->ready[i].liveness == 0) {
            printf("W: worker expired\n");
            s_worker_remove(loop, q, i);
        } else if (zmqx_send(q->backend, q->ready[i].id, q->ready[i].size, ZMQX_MORE) < 0 ||
                   zmqx_send_str(q->backend, PPP_HEARTBEAT) < 0)
            return -1;
    }
    return 0;
}

/* ---- the worker ------------------------------------------------------- */

typedef struct {
    zmqx_ctx_t *ctx;
    const char *endpoint;  /* the queue's backend */
    zmqx_socket_t *socket; /* NULL while waiting to reconnect */
    zmqx_msg_t *msg;
    int liveness;          /* the timer that declares the queue dead */
    long interval;         /* the next reconnect back-off, ms */
    int crash_at, cycles;  /* crash at this request (0: never) */
} worker_t;

/* A request (the client's envelope and body) or a heartbeat (1 part). */
static int s_handle_queue(zmqx_loop_t *loop, zmqx_socket_t *socket, int events, void *arg)
{
    (void)events;
    worker_t *w = arg;
    if (zmqx_recv_msg(socket, w->msg) < 0 || zmqx_loop_timer_reset(loop, w->liveness) != 0)
        return -1;
    w->interval = INTERVAL_INIT;
    if (zmqx_msg_count(w->msg) > 1) {
        if (++w->cycles == w->crash_at) {
            printf("I: simulating a crash\n");
            w->crash_at = 0;
            return zmqx_loop_stop(loop);
        }
        printf("I: normal reply\n");
        return zmqx_send_msg(socket, w->msg) < 0 ? -1 : 0;
    }
    if (!zmqx_msg_part_eq_str(w->msg, 0, PPP_HEARTBEAT))
        printf("E: invalid message\n");
    return 0;
}

static int s_queue_lost(zmqx_loop_t *loop, int timer, void *arg);

/* A new socket to the queue, READY sent, and a liveness timer. */
static int s_worker_connect(zmqx_loop_t *loop, int timer, void *arg)
{
    (void)timer;
    worker_t *w = arg;
    w->socket = zmqx_socket_new(w->ctx, ZMQ_DEALER, w->endpoint);
    printf("I: worker ready\n");
    if (w->socket == NULL || zmqx_loop_add(loop, w->socket, ZMQX_POLLIN, s_handle_queue, w) != 0 ||
        zmqx_send_str(w->socket, PPP_READY) < 0)
        return -1;
    w->liveness = zmqx_loop_timer(loop, HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS, 1,
                                  s_queue_lost, w);
    return w->liveness > 0 ? 0 : -1;
}

/* No message from the queue for HEARTBEAT_LIVENESS intervals: close the
 * socket (which leaves the loop) and connect anew after a back-off. */
static int s_queue_lost(zmqx_loop_t *loop, int timer, void *arg)
{
    (void)timer;
    worker_t *w = arg;
    printf("W: heartbeat failure, can't reach queue; reconnecting in %ld msec...\n", w->interval);
    zmqx_socket_destroy(&w->socket);
    timer = zmqx_loop_timer(loop, w->interval, 1, s_worker_connect, w);
    if (w->interval < INTERVAL_MAX)
        w->interval *= 2;
    return timer > 0 ? 0 : -1;
}

static int s_worker_heartbeat(zmqx_loop_t *loop, int timer, void *arg)
{
    (void)loop, (void)timer;
    worker_t *w = arg;
    return w->socket != NULL && zmqx_send_str(w->socket, PPP_HEARTBEAT) < 0 ? -1 : 0;
}

/* A worker thread: each pass is one life of the worker, which ends with a
 * crash (run returns 0: restart) or with the context's shutdown (-1). */
static void *worker_task(void *arg)
{
    worker_t *w = arg;
    w->msg = zmqx_msg_new();
    for (int rc = 0; rc == 0;) {
        zmqx_loop_t *loop = zmqx_loop_new();
        w->interval = INTERVAL_INIT;
        rc = -1;
        if (loop != NULL && w->msg != NULL && s_worker_connect(loop, 0, w) == 0 &&
            zmqx_loop_timer(loop, HEARTBEAT_INTERVAL, 0, s_worker_heartbeat, w) > 0)
            rc = zmqx_loop_run(loop);
        zmqx_loop_destroy(&loop);
        zmqx_socket_destroy(&w->socket);
    }
    zmqx_msg_destroy(&w->msg);
    return NULL;
}

/* ---- the client, and the queue's main --------------------------------- */

static zmqx_loop_t *queue_loop;
static zmqx_ctx_t *ctx;
static int answered;

static void *client_task(void *endpoint)
{
    zmqx_socket_t *client = zmqx_socket_new(ctx, ZMQ_REQ, endpoint);
    zmqx_socket_set_int(client, ZMQ_REQ_RELAXED, 1);
    zmqx_socket_set_int(client, ZMQ_REQ_CORRELATE, 1);
    zmqx_socket_set_timeout(client, REQUEST_TIMEOUT);
    for (int tries = 0; answered < REQUESTS && tries < 3 * REQUESTS; tries++) {
        char *reply = NULL;
        if (zmqx_sendf(client, "%d", answered + 1) >= 0)
            reply = zmqx_recv_str(client);
        if (reply != NULL && atoi(reply) == answered + 1)
            printf("I: server replied OK (%d)\n", ++answered);
        else
            printf("W: no response from server (%s), retrying...\n", zmqx_strerror());
        free(reply);
    }
    zmqx_socket_destroy(&client);
    zmqx_loop_stop(queue_loop);
    return NULL;
}

int main(void)
{
    queue_t q = { 0 };
    zmqx_frame_init(&q.id);
    ctx = zmqx_ctx_new();
    q.frontend = zmqx_socket_new(ctx, ZMQ_ROUTER, "tcp://127.0.0.1:*");
    q.backend = zmqx_socket_new(ctx, ZMQ_ROUTER, "tcp://127.0.0.1:*");
    q.msg = zmqx_msg_new();
    queue_loop = zmqx_loop_new();
    if (q.frontend == NULL || q.backend == NULL || q.msg == NULL || queue_loop == NULL ||
        zmqx_loop_add(queue_loop, q.backend, ZMQX_POLLIN, s_handle_backend, &q) != 0 ||
        zmqx_loop_timer(queue_loop, HEARTBEAT_INTERVAL, 0, s_queue_heartbeat, &q) < 0)
        return EXIT_FAILURE;

    pthread_t client, workers[NBR_WORKERS];
    worker_t w[NBR_WORKERS];
    for (int i = 0; i < NBR_WORKERS; i++) {
        w[i] = (worker_t){ ctx, zmqx_socket_endpoint(q.backend), .crash_at = i == 0 ? 2 : 0 };
        pthread_create(&workers[i], NULL, worker_task, &w[i]);
    }
    pthread_create(&client, NULL, client_task, (void *)zmqx_socket_endpoint(q.frontend));
    usleep(2 * HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS * 1000); /* a late start */
    int rc = zmqx_loop_run(queue_loop);
    pthread_join(client, NULL);
    zmqx_ctx_shutdown(ctx); /* ends the workers' loops (ETERM) */
    for (int i = 0; i < NBR_WORKERS; i++)
        pthread_join(workers[i], NULL);

    zmqx_loop_destroy(&queue_loop);
    zmqx_frame_close(&q.id);
    zmqx_msg_destroy(&q.msg);
    zmqx_socket_destroy(&q.frontend);
    zmqx_socket_destroy(&q.backend);
    zmqx_ctx_destroy(&ctx);
    printf("paranoid_pirate: %d of %d requests answered, crash %s\n", answered, REQUESTS,
           w[0].crash_at == 0 ? "and restart done" : "missing");
    return rc == 0 && answered == REQUESTS && w[0].crash_at == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
