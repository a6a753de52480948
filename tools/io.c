/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — sending the command's input and printing what arrives. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_send_parts(zmqx_socket_t *s, const cli_part_t *parts, int n)
{
    for (int i = 0; i < n; i++)
        if (zmqx_send(s, parts[i].data, parts[i].size, i + 1 < n ? ZMQX_MORE : 0) < 0)
            return -1;
    return 0;
}

/* Interpret -e escapes in every part; CLI_OK or CLI_USAGE. */
static int unescape_parts(const cli_opts_t *o, cli_part_t *parts, int n)
{
    for (int i = 0; o->escapes && i < n; i++)
        if (cli_unescape(parts[i].data, &parts[i].size) != 0)
            return cli_error(CLI_USAGE, "bad escape in \"%.*s\" (use \\\\ \\t \\n \\r \\0 \\xNN)",
                             (int) parts[i].size, parts[i].data);
    return CLI_OK;
}

/* Send parts as one message, then run after_each. */
static int send_one(zmqx_socket_t *s, const cli_opts_t *o, cli_part_t *parts, int n,
                    int (*after_each)(zmqx_socket_t *, const cli_opts_t *))
{
    int rc = unescape_parts(o, parts, n);
    if (rc != CLI_OK)
        return rc;
    if (o->route_len > 0 && zmqx_send(s, o->route, o->route_len, ZMQX_MORE) < 0)
        return cli_fail(); /* STREAM: the peer's routing id first */
    if (cli_send_parts(s, parts, n) != 0)
        return cli_fail();
    return after_each ? after_each(s, o) : CLI_OK;
}

static int send_args(zmqx_socket_t *s, const cli_opts_t *o,
                     int (*after_each)(zmqx_socket_t *, const cli_opts_t *))
{
    cli_part_t *parts = calloc((size_t) o->nargs, sizeof *parts);
    if (parts == NULL)
        return cli_error(CLI_FAIL, "out of memory");
    for (int i = 0; i < o->nargs; i++)
        parts[i] = (cli_part_t) { o->args[i], strlen(o->args[i]) };
    int rc = CLI_OK;
    if (o->multipart)
        rc = send_one(s, o, parts, o->nargs, after_each);
    for (int i = 0; !o->multipart && rc == CLI_OK && i < o->nargs; i++)
        rc = send_one(s, o, parts + i, 1, after_each);
    free(parts);
    return rc;
}

/* One stdin line (without its newline) as one message: with -m its tabs
 * separate parts. */
static int send_line(zmqx_socket_t *s, const cli_opts_t *o, char *line, size_t len,
                     int (*after_each)(zmqx_socket_t *, const cli_opts_t *))
{
    int max = 1;
    for (size_t i = 0; o->multipart && i < len; i++)
        max += line[i] == '\t';
    cli_part_t one, *parts = max == 1 ? &one : calloc((size_t) max, sizeof *parts);
    if (parts == NULL)
        return cli_error(CLI_FAIL, "out of memory");
    int n = o->multipart ? cli_split_tabs(line, len, parts, max) : 1;
    if (!o->multipart)
        one = (cli_part_t) { line, len };
    int rc = send_one(s, o, parts, n, after_each);
    if (parts != &one)
        free(parts);
    return rc;
}

static int send_stdin(zmqx_socket_t *s, const cli_opts_t *o,
                      int (*after_each)(zmqx_socket_t *, const cli_opts_t *))
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = CLI_OK;
    while (rc == CLI_OK && (len = getline(&line, &cap, stdin)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            len--;
        rc = send_line(s, o, line, (size_t) len, after_each);
    }
    free(line);
    if (rc == CLI_OK && ferror(stdin))
        rc = cli_error(CLI_FAIL, "reading stdin failed");
    return rc;
}

int cli_send_input(zmqx_socket_t *s, const cli_opts_t *o,
                   int (*after_each)(zmqx_socket_t *s, const cli_opts_t *o))
{
    return o->nargs > 0 ? send_args(s, o, after_each) : send_stdin(s, o, after_each);
}

/* ---- receiving ----------------------------------------------------------- */

int cli_msg_print(const zmqx_msg_t *m, const cli_opts_t *o)
{
    for (size_t i = 0; i < zmqx_msg_count(m); i++) {
        if (i > 0)
            fputc('\t', stdout);
        cli_print_part(stdout, zmqx_msg_data(m, i), zmqx_msg_size(m, i), o->hex);
    }
    fputc('\n', stdout);
    if (fflush(stdout) != 0)
        return cli_error(CLI_FAIL, "writing stdout failed");
    return CLI_OK;
}

int cli_recv_print(zmqx_socket_t *s, const cli_opts_t *o, zmqx_msg_t *m)
{
    if (zmqx_recv_msg(s, m) < 0)
        return cli_fail();
    return cli_msg_print(m, o);
}

zmqx_msg_t *cli_msg_new(void)
{
    zmqx_msg_t *m = zmqx_msg_new();
    if (m == NULL)
        cli_fail();
    return m;
}
