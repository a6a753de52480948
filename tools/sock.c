/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — making the command's socket: type, options, endpoints. */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

int cli_type_from_name(const char *name)
{
    for (int t = 0; t <= 20; t++) {
        const char *n = zmqx_socket_type_name(t);
        if (n != NULL && strcasecmp(n, name) == 0)
            return t;
    }
    return -1;
}

/* zmqx binds these types when an endpoint has no @ or > prefix. */
static bool binds_by_default(int type)
{
    switch (type) {
    case ZMQ_PUB: case ZMQ_XPUB: case ZMQ_REP: case ZMQ_ROUTER: case ZMQ_PULL:
        return true;
    default:
        return type == 12 || type == 14; /* SERVER, RADIO (draft) */
    }
}

/* Attach one trimmed item of the endpoint list; report a bind. */
static int attach_item(zmqx_socket_t *s, const char *item, bool quiet)
{
    if (zmqx_socket_attach(s, item) < 0)
        return -1;
    bool bind = item[0] == '@' || (item[0] != '>' && binds_by_default(zmqx_socket_type(s)));
    if (bind && !quiet) {
        fprintf(stderr, "bound %s\n", zmqx_socket_endpoint(s));
        fflush(stderr);
    }
    return 0;
}

/* Attach every item of a comma-separated list, one at a time, so that each
 * bind's resolved endpoint (random port) can be reported. */
static int attach_all(zmqx_socket_t *s, const char *endpoints, bool quiet)
{
    char buf[4096];
    if (strlen(endpoints) >= sizeof buf)
        return cli_error(CLI_USAGE, "endpoint list longer than %zu bytes", sizeof buf - 1);
    strcpy(buf, endpoints);
    char *save = NULL;
    int n = 0;
    for (char *item = strtok_r(buf, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        if (attach_item(s, item, quiet) != 0)
            return errno == EINVAL ? (cli_fail(), CLI_USAGE) : cli_fail();
        n++;
    }
    if (n == 0)
        return cli_error(CLI_USAGE, "no endpoint in \"%s\"", endpoints);
    return CLI_OK;
}

/* Timeouts, and for a sender: queue only to completed connections
 * (ZMQ_IMMEDIATE) and let close wait for delivery as long as a send may. */
static int set_options(zmqx_socket_t *s, const cli_opts_t *o, bool sending)
{
    if (zmqx_socket_set_timeout(s, o->timeout_ms) != 0)
        return -1;
    if (sending && (zmqx_socket_set_int(s, ZMQ_IMMEDIATE, 1) != 0 ||
                    zmqx_socket_set_int(s, ZMQ_LINGER, o->timeout_ms) != 0))
        return -1;
    return 0;
}

/* The -o NAME=VALUE options, in order, after zmqx's own (so they win). */
static int set_user_options(zmqx_socket_t *s, const cli_opts_t *o)
{
    for (int i = 0; i < o->nsockopts; i++)
        if (zmqx_socket_set_text(s, o->sockopts[i].id, o->sockopts[i].value) != 0)
            return -1;
    return 0;
}

int cli_socket_open(const cli_opts_t *o, int type, bool sending, zmqx_socket_t **out)
{
    *out = zmqx_socket_new(o->ctx, type >= 0 ? type : o->type, NULL);
    if (*out == NULL)
        return cli_fail();
    int rc = set_options(*out, o, sending) == 0 ? CLI_OK : cli_fail();
    if (rc == CLI_OK && set_user_options(*out, o) != 0) /* a bad -o value: usage */
        rc = errno == EINVAL ? (cli_fail(), CLI_USAGE) : cli_fail();
    if (rc == CLI_OK)
        rc = cli_set_curve(*out, o);
    if (rc != CLI_OK)
        zmqx_socket_destroy(out);
    return rc;
}

int cli_socket_attach(zmqx_socket_t *s, const cli_opts_t *o)
{
    return attach_all(s, o->endpoints, o->quiet);
}

void cli_socket_close(zmqx_socket_t **s, int rc)
{
    if (rc != CLI_OK && *s != NULL)
        zmqx_socket_set_int(*s, ZMQ_LINGER, 0);
    zmqx_socket_destroy(s);
}

int cli_socket(const cli_opts_t *o, int type, bool sending, zmqx_socket_t **out)
{
    int rc = cli_socket_open(o, type, sending, out);
    if (rc == CLI_OK && (rc = cli_socket_attach(*out, o)) != CLI_OK)
        zmqx_socket_destroy(out);
    return rc;
}
