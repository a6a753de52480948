/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — req (ask and print the reply) and rep (answer requests). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* After each request: wait for its reply and print it. */
static int print_reply(zmqx_socket_t *s, const cli_opts_t *o)
{
    zmqx_msg_t *m = cli_msg_new();
    int rc = m != NULL ? cli_recv_print(s, o, m) : CLI_FAIL;
    zmqx_msg_destroy(&m);
    return rc;
}

int cli_cmd_req(cli_opts_t *o)
{
    /* Not a "sending" socket: its reply proves delivery, and ZMQ_IMMEDIATE
     * would lose a reply that arrives just before the server disconnects
     * (libzmq drops an IMMEDIATE connection's pipe, unread messages and
     * all, when the connection ends). */
    zmqx_socket_t *s;
    int rc = cli_socket(o, ZMQ_REQ, false, &s);
    if (rc == CLI_OK)
        rc = cli_send_input(s, o, print_reply);
    cli_socket_close(&s, rc);
    return rc;
}

/* Receive, print and answer requests until -n of them were answered. */
static int serve(zmqx_socket_t *s, const cli_opts_t *o, const cli_part_t *reply)
{
    zmqx_msg_t *m = cli_msg_new();
    int rc = m != NULL ? CLI_OK : CLI_FAIL;
    for (long i = 0; rc == CLI_OK && (o->count == 0 || i < o->count); i++) {
        rc = cli_recv_print(s, o, m);
        if (rc == CLI_OK && (reply ? cli_send_parts(s, reply, 1) : zmqx_send_msg(s, m)) < 0)
            rc = cli_fail();
    }
    zmqx_msg_destroy(&m);
    return rc;
}

int cli_cmd_rep(cli_opts_t *o)
{
    cli_part_t reply = { NULL, 0 };
    if (o->reply != NULL) {
        reply.size = strlen(o->reply);
        if ((reply.data = malloc(reply.size + 1)) == NULL)
            return cli_error(CLI_FAIL, "out of memory");
        memcpy(reply.data, o->reply, reply.size + 1);
        if (o->escapes && cli_unescape(reply.data, &reply.size) != 0) {
            free(reply.data);
            return cli_error(CLI_USAGE, "bad escape in --reply \"%s\"", o->reply);
        }
    }
    zmqx_socket_t *s;
    int rc = cli_socket(o, ZMQ_REP, false, &s);
    if (rc == CLI_OK)
        rc = serve(s, o, o->reply ? &reply : NULL);
    cli_socket_close(&s, rc);
    free(reply.data);
    return rc;
}
