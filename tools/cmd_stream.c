/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — recv, send, sub and pub: one-way streams of messages. */
#include "cli.h"

#include <string.h>

/* Print messages until -n of them arrived (forever without -n). */
static int print_loop(zmqx_socket_t *s, const cli_opts_t *o)
{
    zmqx_msg_t *m = cli_msg_new();
    int rc = m != NULL ? CLI_OK : CLI_FAIL;
    for (long i = 0; rc == CLI_OK && (o->count == 0 || i < o->count); i++)
        rc = cli_recv_print(s, o, m);
    zmqx_msg_destroy(&m);
    return rc;
}

/* Subscribe to each topic (-e escapes apply), or to everything. */
static int subscribe(zmqx_socket_t *s, const cli_opts_t *o, char **topics, int n)
{
    if (n == 0)
        return zmqx_socket_subscribe(s, "") == 0 ? CLI_OK : cli_fail();
    for (int i = 0; i < n; i++) {
        size_t len = strlen(topics[i]);
        if (o->escapes && cli_unescape(topics[i], &len) != 0)
            return cli_error(CLI_USAGE, "bad escape in topic \"%s\"", topics[i]);
        if (zmqx_socket_set_bytes(s, ZMQ_SUBSCRIBE, topics[i], len) != 0)
            return cli_fail();
    }
    return CLI_OK;
}

/* A receiving socket of type (SUB: subscribed to topics) printing messages. */
static int receive(cli_opts_t *o, int type, char **topics, int ntopics)
{
    zmqx_socket_t *s;
    int rc = cli_socket(o, type, false, &s);
    if (rc == CLI_OK && zmqx_socket_type(s) == ZMQ_SUB)
        rc = subscribe(s, o, topics, ntopics);
    if (rc == CLI_OK)
        rc = print_loop(s, o);
    cli_socket_close(&s, rc);
    return rc;
}

int cli_cmd_recv(cli_opts_t *o)
{
    return receive(o, -1, NULL, 0);
}

int cli_cmd_sub(cli_opts_t *o)
{
    return receive(o, ZMQ_SUB, o->args, o->nargs);
}

/* STREAM: wait for the connection's notification (its routing id and an
 * empty part), so that each message can go to that peer. */
static int stream_peer(zmqx_socket_t *s, cli_opts_t *o)
{
    int n = zmqx_recv(s, o->route, sizeof o->route, 0);
    if (n < 0)
        return cli_fail();
    if ((size_t) n > sizeof o->route)
        return cli_error(CLI_FAIL, "routing id of %d bytes", n);
    o->route_len = (size_t) n;
    unsigned char rest[1];
    while (zmqx_socket_more(s) == 1)
        if (zmqx_recv(s, rest, sizeof rest, 0) < 0)
            return cli_fail();
    return CLI_OK;
}

int cli_cmd_send(cli_opts_t *o)
{
    zmqx_socket_t *s;
    /* (not ZMQ_IMMEDIATE for STREAM: its sends go to a known peer) */
    int rc = cli_socket(o, -1, o->type != ZMQ_STREAM, &s);
    if (rc == CLI_OK && o->type == ZMQ_STREAM)
        rc = stream_peer(s, o);
    if (rc == CLI_OK)
        rc = cli_send_input(s, o, NULL);
    cli_socket_close(&s, rc);
    return rc;
}

/* XPUB: wait until -s subscriptions (default 1) have arrived, so that the
 * first messages are not published to nobody. */
static int wait_subscribers(zmqx_socket_t *s, const cli_opts_t *o)
{
    unsigned char buf[256];
    for (int seen = 0; seen < o->subscribers;) {
        int n = zmqx_recv(s, buf, sizeof buf, 0);
        const zmqx_error_t *e = zmqx_last_error();
        if (n < 0 && zmqx_error_is_timeout(e))
            return cli_error(CLI_FAIL, "pub %s: %d subscription(s) of %d within %d ms", e->endpoint,
                             seen, o->subscribers, e->timeout_ms);
        if (n < 0)
            return cli_fail();
        seen += n > 0 && buf[0] == 1; /* 1 = subscribe, 0 = unsubscribe */
    }
    return CLI_OK;
}

int cli_cmd_pub(cli_opts_t *o)
{
    zmqx_socket_t *s;
    int rc = cli_socket(o, ZMQ_XPUB, true, &s);
    if (rc == CLI_OK)
        rc = wait_subscribers(s, o);
    if (rc == CLI_OK)
        rc = cli_send_input(s, o, NULL);
    cli_socket_close(&s, rc);
    return rc;
}
