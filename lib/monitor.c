/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — monitor: libzmq's socket monitor over a private inproc PAIR.
 *
 * The monitor observes the socket it watches (lib/observer.c), and
 * m->watched is guarded by one mutex here: zmqx_socket_destroy tells the
 * monitor first (monitor_gone), so the monitor never touches a freed
 * socket, and zmqx_monitor_destroy disables monitoring under the same
 * mutex, so the socket cannot be closed under it. */
#include "deadline.h"
#include "fail.h"
#include "observer.h"
#include "sock.h"

#include <stddef.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct zmqx_monitor {
    zmqx_socket_t *pair;     /* our end: receives the events */
    zmqx_socket_t *watched;  /* NULL once the watched socket is destroyed */
    zmqx__observer_t obs;    /* on watched's observer list */
    int events;              /* what the caller asked for */
    int stopped;             /* MONITOR_STOPPED was received */
    zmqx__origin_t origin;   /* made before a fork()? */
    char endpoint[64];       /* inproc://zmqx-monitor-<ptr>-<n> */
};

static pthread_mutex_t links = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint monitor_count;

/* The fork handlers hold links across fork() (lock order: lib/fork.c). */
void zmqx__monitor_fork_lock(void)
{
    pthread_mutex_lock(&links);
}

void zmqx__monitor_fork_unlock(void)
{
    pthread_mutex_unlock(&links);
}

static const char *const event_names[] = {
    "CONNECTED", "CONNECT_DELAYED", "CONNECT_RETRIED", "LISTENING", "BIND_FAILED",
    "ACCEPTED", "ACCEPT_FAILED", "CLOSED", "CLOSE_FAILED", "DISCONNECTED",
    "MONITOR_STOPPED", "HANDSHAKE_FAILED_NO_DETAIL", "HANDSHAKE_SUCCEEDED",
    "HANDSHAKE_FAILED_PROTOCOL", "HANDSHAKE_FAILED_AUTH",
};
#define N_EVENTS ((int) (sizeof event_names / sizeof event_names[0]))

const char *zmqx_monitor_event_name(int event)
{
    for (int i = 0; i < N_EVENTS; i++)
        if (event == 1 << i)
            return event_names[i];
    return zmqx__fail_null("monitor_event_name", NULL, EINVAL, "unknown monitor event %d",
                           event);
}

/* libzmq's ZMQ_PROTOCOL_ERROR_* values (zmq.h, 4.3), without the prefix. */
static const struct {
    int64_t value;
    const char *name;
} protocol_errors[] = {
#define P(n) { ZMQ_PROTOCOL_ERROR_##n, #n }
    P(ZMTP_UNSPECIFIED),
    P(ZMTP_UNEXPECTED_COMMAND),
    P(ZMTP_INVALID_SEQUENCE),
    P(ZMTP_KEY_EXCHANGE),
    P(ZMTP_MALFORMED_COMMAND_UNSPECIFIED),
    P(ZMTP_MALFORMED_COMMAND_MESSAGE),
    P(ZMTP_MALFORMED_COMMAND_HELLO),
    P(ZMTP_MALFORMED_COMMAND_INITIATE),
    P(ZMTP_MALFORMED_COMMAND_ERROR),
    P(ZMTP_MALFORMED_COMMAND_READY),
    P(ZMTP_MALFORMED_COMMAND_WELCOME),
    P(ZMTP_INVALID_METADATA),
    P(ZMTP_CRYPTOGRAPHIC),
    P(ZMTP_MECHANISM_MISMATCH),
    P(ZAP_UNSPECIFIED),
    P(ZAP_MALFORMED_REPLY),
    P(ZAP_BAD_REQUEST_ID),
    P(ZAP_BAD_VERSION),
    P(ZAP_INVALID_STATUS_CODE),
    P(ZAP_INVALID_METADATA),
    P(WS_UNSPECIFIED),
#undef P
};

const char *zmqx_monitor_protocol_error_name(int64_t value)
{
    for (size_t i = 0; i < sizeof protocol_errors / sizeof protocol_errors[0]; i++)
        if (protocol_errors[i].value == value)
            return protocol_errors[i].name;
    return zmqx__fail_null("monitor_protocol_error_name", NULL, EINVAL,
                           "unknown protocol error 0x%llx", (unsigned long long) value);
}

/* Make our PAIR and connect it before libzmq binds the endpoint (inproc
 * allows that), so no event finds the monitor unconnected. RCVHWM 0: an
 * unread monitor must never block the watched socket's I/O thread, which
 * sends events with a blocking send. */
static zmqx_socket_t *make_pair(zmqx_socket_t *s, const char *endpoint)
{
    zmqx_socket_t *pair = zmqx_socket_new(s->ctx, ZMQ_PAIR, NULL);
    if (pair == NULL)
        return NULL;
    if (zmqx_socket_set_int(pair, ZMQ_RCVHWM, 0) != 0
        || zmqx_socket_set_int(pair, ZMQ_LINGER, 0) != 0
        || zmqx_socket_connect(pair, endpoint) != 0) {
        int code = errno;
        zmqx_socket_destroy(&pair);
        errno = code;
        return NULL;
    }
    return pair;
}

/* The watched socket is being destroyed: forget it. */
static void monitor_gone(zmqx__observer_t *o, zmqx_socket_t *s)
{
    (void) s;
    zmqx_monitor_t *m = (zmqx_monitor_t *) (void *) ((char *) o - offsetof(zmqx_monitor_t, obs));
    pthread_mutex_lock(&links);
    m->watched = NULL;
    pthread_mutex_unlock(&links);
}

/* Start libzmq's monitor on s and link s and m; under the links mutex. */
static int start_watching(zmqx_monitor_t *m, zmqx_socket_t *s)
{
    pthread_mutex_lock(&links);
    int rc = 0;
    m->obs.gone = monitor_gone;
    m->obs.owner = m;
    if (zmqx__observer_find(s, monitor_gone, NULL) != NULL)
        rc = zmqx__fail("monitor_new", NULL, EBUSY, "the socket already has a monitor");
    else if (zmqx__observe(s, &m->obs, "monitor_new") != 0)
        rc = -1;
    /* MONITOR_STOPPED always: destroy waits for it (recv hides it if unasked). */
    else if (zmq_socket_monitor(s->handle, m->endpoint, m->events | ZMQ_EVENT_MONITOR_STOPPED)
             != 0) {
        rc = zmqx__fail_zmq("monitor_new", m->endpoint);
        zmqx__unobserve(s, &m->obs);
    } else
        m->watched = s;
    pthread_mutex_unlock(&links);
    return rc;
}

zmqx_monitor_t *zmqx_monitor_new(zmqx_socket_t *s, int events)
{
    if (zmqx__sock_check(s, "monitor_new") != 0)
        return NULL;
    if (events == 0)
        events = ZMQ_EVENT_ALL;
    if (events < 0 || (events & ~ZMQ_EVENT_ALL) != 0)
        return zmqx__fail_null("monitor_new", NULL, EINVAL,
                               "event mask 0x%x has bits outside ZMQ_EVENT_ALL (0x%x)",
                               (unsigned) events, (unsigned) ZMQ_EVENT_ALL);
    zmqx_monitor_t *m = calloc(1, sizeof *m);
    if (m == NULL)
        return zmqx__fail_null("monitor_new", NULL, ENOMEM, NULL);
    m->events = events;
    zmqx__origin_init(&m->origin);
    snprintf(m->endpoint, sizeof m->endpoint, "inproc://zmqx-monitor-%p-%u", (void *) s,
             atomic_fetch_add(&monitor_count, 1));
    m->pair = make_pair(s, m->endpoint);
    if (m->pair == NULL || start_watching(m, s) != 0) {
        int code = errno;
        zmqx_socket_destroy(&m->pair);
        free(m);
        errno = code;
        return NULL;
    }
    return m;
}

zmqx_socket_t *zmqx_monitor_socket(zmqx_monitor_t *m)
{
    if (m == NULL)
        return zmqx__fail_null("monitor_socket", NULL, EINVAL, "monitor is NULL");
    if (zmqx__origin_check(&m->origin, "monitor_socket", "monitor") != 0)
        return NULL;
    return m->pair;
}

static int fail_stopped(void)
{
    return zmqx__fail("monitor_recv", NULL, EPIPE,
                      "monitoring has stopped (MONITOR_STOPPED: the watched socket was closed)");
}

/* Read the endpoint part that follows an event's first part. */
static int recv_endpoint(zmqx_monitor_t *m, zmqx_monitor_event_t *ev)
{
    zmq_msg_t part;
    zmq_msg_init(&part);
    int rc = zmqx__msg_recv(m->pair, &part, ZMQX_DONTWAIT, "monitor_recv");
    if (rc >= 0) {
        size_t n = zmq_msg_size(&part);
        if (n >= sizeof ev->endpoint)
            n = sizeof ev->endpoint - 1;
        memcpy(ev->endpoint, zmq_msg_data(&part), n);
        ev->endpoint[n] = '\0';
        if (zmq_msg_more(&part))
            rc = zmqx__fail("monitor_recv", m->endpoint, EPROTO,
                            "malformed monitor event (more than two parts)");
    }
    zmq_msg_close(&part);
    return rc < 0 ? -1 : 0;
}

/* Receive and decode one event (version 1: [u16 event, u32 value][endpoint]). */
static int recv_event(zmqx_monitor_t *m, zmqx_monitor_event_t *ev, int timeout_ms)
{
    zmq_msg_t head;
    zmq_msg_init(&head);
    if (zmqx__msg_recv_timed(m->pair, &head, timeout_ms, "monitor_recv") < 0) {
        zmq_msg_close(&head);
        return -1;
    }
    int ok = zmq_msg_size(&head) == 6 && zmq_msg_more(&head);
    if (ok) {
        uint16_t event;
        uint32_t value;
        memcpy(&event, zmq_msg_data(&head), sizeof event);
        memcpy(&value, (const char *) zmq_msg_data(&head) + 2, sizeof value);
        ev->event = event;
        ev->value = value;
    }
    zmq_msg_close(&head);
    if (!ok)
        return zmqx__fail("monitor_recv", m->endpoint, EPROTO,
                          "malformed monitor event (first part is not 6 bytes + more)");
    return recv_endpoint(m, ev);
}

int zmqx_monitor_recv(zmqx_monitor_t *m, zmqx_monitor_event_t *ev, int timeout_ms)
{
    if (m == NULL)
        return zmqx__fail("monitor_recv", NULL, EINVAL, "monitor is NULL");
    if (zmqx__origin_check(&m->origin, "monitor_recv", "monitor") != 0)
        return -1;
    if (ev == NULL)
        return zmqx__fail("monitor_recv", NULL, EFAULT, "event is NULL");
    if (timeout_ms < -1)
        return zmqx__fail("monitor_recv", NULL, EINVAL,
                          "timeout %d ms out of range (-1 = forever, >= 0)", timeout_ms);
    if (m->stopped)
        return fail_stopped();
    if (zmqx__sock_check(m->pair, "monitor_recv") != 0)
        return -1;
    if (recv_event(m, ev, timeout_ms) != 0)
        return -1;
    if (ev->event == ZMQ_EVENT_MONITOR_STOPPED) {
        m->stopped = 1;
        if ((m->events & ZMQ_EVENT_MONITOR_STOPPED) == 0)
            return fail_stopped();
    }
    return 0;
}

/* Turn libzmq's monitor off if the watched socket is still open (libzmq
 * then sends MONITOR_STOPPED) and unlink. In a forked child (forked = 1)
 * only unlink: the libzmq socket is the parent's. */
static void stop_watching(zmqx_monitor_t *m, int forked)
{
    pthread_mutex_lock(&links);
    zmqx_socket_t *s = m->watched;
    if (s != NULL) {
        if (s->handle != NULL && !forked)
            zmq_socket_monitor(s->handle, NULL, 0);
        zmqx__unobserve(s, &m->obs);
        m->watched = NULL;
    }
    pthread_mutex_unlock(&links);
}

/* Read one whole message; 1 if it was MONITOR_STOPPED, 0 if not, -1 if
 * nothing could be read. Raw libzmq: destroy leaves the thread's error be. */
static int drain_one(void *pair)
{
    zmq_msg_t part;
    zmq_msg_init(&part);
    int stopped = 0, first = 1, more = 1;
    while (more) {
        if (zmq_msg_recv(&part, pair, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&part);
            return -1;
        }
        if (first && zmq_msg_size(&part) == 6) {
            uint16_t event;
            memcpy(&event, zmq_msg_data(&part), sizeof event);
            stopped = event == ZMQ_EVENT_MONITOR_STOPPED;
        }
        first = 0;
        more = zmq_msg_more(&part);
    }
    zmq_msg_close(&part);
    return stopped;
}

/* Discard events until MONITOR_STOPPED or ZMQX_MONITOR_STOP_MS pass. */
static void drain(zmqx_monitor_t *m)
{
    void *pair = m->pair != NULL ? m->pair->handle : NULL;
    if (pair == NULL)
        return;
    int64_t deadline = zmqx__now_ms() + ZMQX_MONITOR_STOP_MS;
    for (int64_t left; (left = deadline - zmqx__now_ms()) > 0;) {
        zmq_pollitem_t item = { pair, 0, ZMQ_POLLIN, 0 };
        int rc = zmq_poll(&item, 1, (long) left);
        if (rc < 0 && zmq_errno() == EINTR)
            continue;
        if (rc <= 0 || drain_one(pair) != 0)
            return;
    }
}

void zmqx_monitor_destroy(zmqx_monitor_t **mp)
{
    if (mp == NULL || *mp == NULL)
        return;
    zmqx_monitor_t *m = *mp;
    *mp = NULL;
    int saved = errno;
    int forked = zmqx__forked(&m->origin); /* nothing to stop or drain: it is the parent's */
    stop_watching(m, forked);
    if (!m->stopped && !forked)
        drain(m);
    zmqx_socket_destroy(&m->pair);
    free(m);
    errno = saved;
}
