/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* epoll_watch: zmqx sockets in a plain epoll loop, with no library, by the
 * readiness rule (docs/event-loops.md): register zmqx_watch_fd for reading
 * only, dispatch when it is readable, and never block while
 * zmqx_watch_pending says 1.
 *
 * A timerfd sends a request from a DEALER every 5 ms, outside any watch
 * handler: such a send can take the signal of a reply that has just
 * arrived, which only the pending check finds. A ROUTER in the same loop
 * echoes; after 20 replies the program ends. */
#include <zmqx.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define REQUESTS 20

/* fn runs when ZMQ_EVENTS shows a message: receiving does not wait. */
static int echo(zmqx_watch_t *w, zmqx_socket_t *router, int events, void *msg)
{
    (void) w, (void) events;
    return zmqx_recv_msg(router, msg) < 0 || zmqx_send_msg(router, msg) < 0 ? -1 : 0;
}

static int reply(zmqx_watch_t *w, zmqx_socket_t *dealer, int events, void *replies)
{
    (void) w, (void) events;
    char *text = zmqx_recv_str(dealer);
    if (text == NULL)
        return -1;
    printf("reply %d: %s\n", ++*(int *) replies, text);
    free(text);
    return 0;
}

/* Add a watch's fd to epoll, for reading only (also for ZMQX_POLLOUT). */
static int add(int ep, zmqx_watch_t *w)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };
    return epoll_ctl(ep, EPOLL_CTL_ADD, zmqx_watch_fd(w), &ev);
}

int main(void)
{
    zmqx_socket_t *router = zmqx_socket_new(NULL, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    zmqx_socket_t *dealer = zmqx_socket_new(NULL, ZMQ_DEALER, NULL);
    if (router == NULL || dealer == NULL ||
        zmqx_socket_connect(dealer, zmqx_socket_endpoint(router)) != 0) {
        fprintf(stderr, "%s\n", zmqx_strerror());
        return 1;
    }
    int replies = 0, sent = 0;
    zmqx_msg_t *msg = zmqx_msg_new();
    zmqx_watch_t *watches[2] = {
        zmqx_watch_new(router, ZMQX_POLLIN, echo, msg),
        zmqx_watch_new(dealer, ZMQX_POLLIN, reply, &replies),
    };
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int tick = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec every = { { 0, 5000000 }, { 0, 5000000 } };
    struct epoll_event tev = { .events = EPOLLIN, .data.ptr = NULL };
    if (msg == NULL || watches[0] == NULL || watches[1] == NULL || ep < 0 || tick < 0 ||
        timerfd_settime(tick, 0, &every, NULL) != 0 || add(ep, watches[0]) != 0 ||
        add(ep, watches[1]) != 0 || epoll_ctl(ep, EPOLL_CTL_ADD, tick, &tev) != 0) {
        perror("setup");
        return 1;
    }
    int rc = 0;
    while (rc == 0 && replies < REQUESTS) {
        /* The rule: do not block while a watch is pending. */
        int timeout = -1;
        for (int i = 0; i < 2; i++)
            if (zmqx_watch_pending(watches[i]) != 0)
                timeout = 0;
        struct epoll_event ev[3];
        int n = epoll_wait(ep, ev, 3, timeout);
        for (int i = 0; i < n; i++) {
            uint64_t ticks;
            if (ev[i].data.ptr == NULL && read(tick, &ticks, sizeof ticks) > 0 &&
                sent < REQUESTS)
                rc = zmqx_sendf(dealer, "request %d", ++sent) < 0 ? -1 : 0;
        }
        /* Dispatch every watch: those whose fd woke and those pending
         * (64 calls at most each, so that one socket cannot starve the
         * rest of the loop). */
        for (int i = 0; i < 2 && rc == 0; i++)
            if (zmqx_watch_dispatch(watches[i], 64) < 0)
                rc = -1;
    }
    if (rc != 0)
        fprintf(stderr, "%s\n", zmqx_strerror());
    close(tick);
    close(ep);
    zmqx_watch_destroy(&watches[0]);
    zmqx_watch_destroy(&watches[1]);
    zmqx_socket_destroy(&dealer);
    zmqx_socket_destroy(&router);
    zmqx_msg_destroy(&msg);
    return rc == 0 ? 0 : 1;
}
