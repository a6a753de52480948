/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* pipeline: a parallel pipeline. A ventilator (PUSH) hands out 100 tasks,
 * three worker threads (PULL -> PUSH) do them, and a sink (PULL) collects
 * the results and checks that every task came back exactly once. Then the
 * workers are stopped by shutting the context down, and joined.
 *
 * PUSH deals its messages round-robin to the peers attached when it sends.
 * Over tcp a peer attaches only once its handshake is done, so a worker
 * that connects late would get no tasks. The tasks therefore go over
 * inproc, where a connect attaches at once: when a worker has said "ready",
 * the ventilator already counts it. The results go over tcp. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>

#define TASKS 100
#define WORKERS 3

static int fail(const char *what)
{
    fprintf(stderr, "pipeline: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

typedef struct worker {
    int id;
    zmqx_ctx_t *ctx;
    const char *tasks_from;  /* the ventilator's endpoint */
    const char *results_to;  /* the sink's endpoint */
    int status;              /* EXIT_SUCCESS once it stopped cleanly */
} worker_t;

/* A worker: receive a task "n", send back the result "n id n*n". Runs
 * until a receive fails with ETERM (the context was shut down). */
static void *work(void *arg)
{
    worker_t *w = arg;
    w->status = EXIT_FAILURE;
    /* PULL would bind by default, so ">" connects it; PUSH connects by
     * default. */
    zmqx_socket_t *in = zmqx_socket_newf(w->ctx, ZMQ_PULL, ">%s", w->tasks_from);
    zmqx_socket_t *out = zmqx_socket_new(w->ctx, ZMQ_PUSH, w->results_to);
    if (in == NULL || out == NULL) {
        fail("worker sockets");
        goto done;
    }
    /* Tell the sink we are here: the ventilator waits for all of us. */
    if (zmqx_sendf(out, "ready %d", w->id) < 0) {
        fail("worker ready");
        goto done;
    }
    for (;;) {
        char task[16];
        int n = zmqx_recv(in, task, sizeof task - 1, 0);
        if (n < 0)
            break;
        task[n < (int)sizeof task - 1 ? n : (int)sizeof task - 1] = '\0';
        int t = atoi(task);
        if (zmqx_sendf(out, "%d %d %d", t, w->id, t * t) < 0)
            break;
    }
    if (errno == ETERM)
        w->status = EXIT_SUCCESS; /* the normal way to stop */
    else
        fail("worker");
done:
    zmqx_socket_destroy(&in);
    zmqx_socket_destroy(&out);
    return NULL;
}

/* The sink: the results of every task, each exactly once and right. */
static int collect(zmqx_socket_t *sink)
{
    int seen[TASKS] = { 0 }, per_worker[WORKERS] = { 0 };
    for (int i = 0; i < TASKS; i++) {
        char *r = zmqx_recv_str(sink);
        if (r == NULL)
            return fail("sink receive");
        int t, id, square;
        int ok = sscanf(r, "%d %d %d", &t, &id, &square) == 3 && t >= 0 && t < TASKS &&
                 id >= 0 && id < WORKERS && square == t * t && seen[t]++ == 0;
        if (!ok)
            fprintf(stderr, "pipeline: bad or repeated result \"%s\"\n", r);
        free(r);
        if (!ok)
            return EXIT_FAILURE;
        per_worker[id]++;
    }
    printf("sink: all %d results arrived, each once\n", TASKS);
    for (int id = 0; id < WORKERS; id++)
        printf("  worker %d did %d tasks\n", id, per_worker[id]);
    return EXIT_SUCCESS;
}

int main(void)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    if (ctx == NULL)
        return fail("context");
    /* PUSH would connect by default, so "@" binds it; PULL binds anyway. */
    zmqx_socket_t *vent = zmqx_socket_new(ctx, ZMQ_PUSH, "@inproc://tasks");
    zmqx_socket_t *sink = zmqx_socket_new(ctx, ZMQ_PULL, "tcp://127.0.0.1:*");
    if (vent == NULL || sink == NULL || zmqx_socket_set_timeout(vent, 2000) != 0 ||
        zmqx_socket_set_timeout(sink, 2000) != 0)
        return fail("ventilator and sink");
    printf("ventilator at %s, sink at %s\n", zmqx_socket_endpoint(vent),
           zmqx_socket_endpoint(sink));

    worker_t workers[WORKERS];
    pthread_t threads[WORKERS];
    for (int id = 0; id < WORKERS; id++) {
        workers[id] = (worker_t){ id, ctx, zmqx_socket_endpoint(vent),
                                  zmqx_socket_endpoint(sink), EXIT_FAILURE };
        if (pthread_create(&threads[id], NULL, work, &workers[id]) != 0) {
            fprintf(stderr, "pipeline: cannot start worker %d\n", id);
            return EXIT_FAILURE;
        }
    }

    int status = EXIT_SUCCESS;
    for (int id = 0; id < WORKERS && status == EXIT_SUCCESS; id++) {
        char *ready = zmqx_recv_str(sink);
        if (ready == NULL)
            status = fail("waiting for the workers");
        free(ready);
    }
    for (int t = 0; t < TASKS && status == EXIT_SUCCESS; t++)
        if (zmqx_sendf(vent, "%d", t) < 0)
            status = fail("ventilator send");
    if (status == EXIT_SUCCESS) {
        printf("ventilator: %d tasks sent\n", TASKS);
        status = collect(sink);
    }

    /* Stop the workers: shut the context down (their blocked receive
     * fails with ETERM), join them, then destroy what is left. */
    if (zmqx_ctx_shutdown(ctx) != 0)
        status = fail("shutdown");
    for (int id = 0; id < WORKERS; id++) {
        pthread_join(threads[id], NULL);
        if (workers[id].status != EXIT_SUCCESS)
            status = EXIT_FAILURE;
    }
    printf("workers stopped\n");
    zmqx_socket_destroy(&vent);
    zmqx_socket_destroy(&sink);
    zmqx_ctx_destroy(&ctx);
    return status;
}
