/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — monitor: print a socket's connection events as they happen. */
#include "cli.h"

#include <string.h>

/* What an event's value means, by event. */
static void print_value(const zmqx_monitor_event_t *ev)
{
    switch (ev->event) {
    case ZMQ_EVENT_CONNECT_DELAYED:
    case ZMQ_EVENT_BIND_FAILED:
    case ZMQ_EVENT_ACCEPT_FAILED:
    case ZMQ_EVENT_CLOSE_FAILED:
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
        printf("errno=%lld (%s)", (long long) ev->value, zmq_strerror((int) ev->value));
        break;
    case ZMQ_EVENT_CONNECT_RETRIED:
        printf("retry_ms=%lld", (long long) ev->value);
        break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: {
        const char *name = zmqx_monitor_protocol_error_name(ev->value);
        printf("protocol_error=0x%llx (%s)", (unsigned long long) ev->value, name ? name : "?");
        break;
    }
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
        printf("status=%lld", (long long) ev->value);
        break;
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
    case ZMQ_EVENT_MONITOR_STOPPED:
        break; /* the value says nothing */
    default:
        printf("fd=%lld", (long long) ev->value);
    }
}

/* One event as a line: NAME, endpoint and value, tab-separated. */
static int print_event(const zmqx_monitor_event_t *ev)
{
    const char *name = zmqx_monitor_event_name(ev->event);
    printf("%s\t", name ? name : "?");
    cli_print_part(stdout, ev->endpoint, strlen(ev->endpoint), false);
    putchar('\t');
    print_value(ev);
    putchar('\n');
    return fflush(stdout) == 0 ? CLI_OK : cli_error(CLI_FAIL, "writing stdout failed");
}

static int watch(zmqx_monitor_t *m, const cli_opts_t *o)
{
    int rc = CLI_OK;
    for (long i = 0; rc == CLI_OK && (o->count == 0 || i < o->count); i++) {
        zmqx_monitor_event_t ev;
        rc = zmqx_monitor_recv(m, &ev, o->timeout_ms) == 0 ? print_event(&ev) : cli_fail();
    }
    return rc;
}

int cli_cmd_monitor(cli_opts_t *o)
{
    zmqx_socket_t *s;
    int rc = cli_socket_open(o, -1, false, &s);
    if (rc != CLI_OK)
        return rc;
    /* Before the socket attaches, so that its first events are seen. */
    zmqx_monitor_t *m = zmqx_monitor_new(s, 0);
    rc = m != NULL ? cli_socket_attach(s, o) : cli_fail();
    if (rc == CLI_OK)
        rc = watch(m, o);
    zmqx_monitor_destroy(&m);
    cli_socket_close(&s, rc);
    return rc;
}
