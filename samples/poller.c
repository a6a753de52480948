/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* poller: one loop waiting on two sockets and a pipe at once. A producer
 * thread sends orders and alerts on two PUSH sockets and writes log lines
 * into a pipe; the main thread's zmqx_poller reports whatever is ready and
 * the loop handles each item. When the producer sees that everything was
 * handled it calls zmqx_poller_wake, the one poller call that is safe from
 * another thread, and the loop's wait ends with ECANCELED: the loop stops. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmqx.h>

#define EACH 3 /* orders, alerts and log lines the producer sends */

static int fail(const char *what)
{
    fprintf(stderr, "poller: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

typedef struct shared {
    const char *orders, *alerts; /* the endpoints of the two PULL sockets */
    int log_fd;                  /* the write end of the pipe */
    zmqx_poller_t *poller;
    atomic_int handled;          /* items the loop has handled so far */
    int status;
} shared_t;

static void *produce(void *arg)
{
    shared_t *sh = arg;
    sh->status = EXIT_FAILURE;
    zmqx_socket_t *orders = zmqx_socket_new(NULL, ZMQ_PUSH, sh->orders);
    zmqx_socket_t *alerts = zmqx_socket_new(NULL, ZMQ_PUSH, sh->alerts);
    if (orders == NULL || alerts == NULL) {
        fail("producer sockets");
        goto done;
    }
    for (int i = 1; i <= EACH; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "log line %d\n", i);
        if (zmqx_sendf(orders, "order #%d", i) < 0 || zmqx_sendf(alerts, "alert #%d", i) < 0) {
            fail("producer send");
            goto done;
        }
        if (write(sh->log_fd, line, (size_t)n) != n) {
            perror("poller: write");
            goto done;
        }
    }
    /* Wait (at most two seconds) until the loop has handled everything,
     * then ask it to stop. */
    for (int ms = 0; atomic_load(&sh->handled) < 3 * EACH && ms < 2000; ms++)
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    if (zmqx_poller_wake(sh->poller) != 0) {
        fail("wake");
        goto done;
    }
    sh->status = EXIT_SUCCESS;
done:
    zmqx_socket_destroy(&orders);
    zmqx_socket_destroy(&alerts);
    return NULL;
}

/* Handle one ready item; the user pointer given to the poller names it. */
static int handle(shared_t *sh, const zmqx_poll_event_t *ev)
{
    const char *name = ev->user;
    if (ev->socket != NULL) {
        char *text = zmqx_recv_str(ev->socket); /* ready: does not wait */
        if (text == NULL)
            return fail(name);
        printf("%-7s %s\n", name, text);
        free(text);
        atomic_fetch_add(&sh->handled, 1);
        return EXIT_SUCCESS;
    }
    char buf[256]; /* a pipe gives bytes: several lines may come at once */
    ssize_t n = read(ev->fd, buf, sizeof buf);
    if (n <= 0) {
        perror("poller: read");
        return EXIT_FAILURE;
    }
    for (const char *p = buf, *end = buf + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        int len = (int)((nl != NULL ? nl : end) - p);
        printf("%-7s %.*s\n", name, len, p);
        if (nl != NULL)
            atomic_fetch_add(&sh->handled, 1); /* one whole line */
        p += len + 1;
    }
    return EXIT_SUCCESS;
}

int main(void)
{
    int fds[2];
    if (pipe(fds) != 0) {
        perror("poller: pipe");
        return EXIT_FAILURE;
    }
    zmqx_socket_t *orders = zmqx_socket_new(NULL, ZMQ_PULL, "tcp://127.0.0.1:*");
    zmqx_socket_t *alerts = zmqx_socket_new(NULL, ZMQ_PULL, "tcp://127.0.0.1:*");
    zmqx_poller_t *poller = zmqx_poller_new();
    if (orders == NULL || alerts == NULL || poller == NULL)
        return fail("setup");
    if (zmqx_poller_add(poller, orders, ZMQX_POLLIN, "orders") != 0 ||
        zmqx_poller_add(poller, alerts, ZMQX_POLLIN, "alerts") != 0 ||
        zmqx_poller_add_fd(poller, fds[0], ZMQX_POLLIN, "log") != 0)
        return fail("poller add");

    shared_t sh = { zmqx_socket_endpoint(orders), zmqx_socket_endpoint(alerts), fds[1],
                    poller, 0, EXIT_FAILURE };
    pthread_t thread;
    if (pthread_create(&thread, NULL, produce, &sh) != 0) {
        fprintf(stderr, "poller: cannot start the producer\n");
        return EXIT_FAILURE;
    }

    int status = EXIT_SUCCESS;
    while (status == EXIT_SUCCESS) {
        zmqx_poll_event_t events[3];
        /* Every ready item at once, in the order they were added. */
        int n = zmqx_poller_wait(poller, events, 3, 2000);
        if (n < 0) {
            if (errno == ECANCELED)
                printf("woken by the producer: stopping\n");
            else
                status = fail("wait"); /* a timeout: "after 2000 ms" */
            break;
        }
        for (int i = 0; i < n && status == EXIT_SUCCESS; i++)
            status = handle(&sh, &events[i]);
    }

    pthread_join(thread, NULL);
    if (sh.status != EXIT_SUCCESS || atomic_load(&sh.handled) != 3 * EACH)
        status = EXIT_FAILURE;
    printf("handled %d of %d items\n", atomic_load(&sh.handled), 3 * EACH);
    zmqx_poller_destroy(&poller); /* before the sockets it watches */
    zmqx_socket_destroy(&orders);
    zmqx_socket_destroy(&alerts);
    close(fds[0]);
    close(fds[1]);
    return status;
}
