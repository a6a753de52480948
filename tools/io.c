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

/* The largest part kept whole; a larger one is shown truncated. */
#define PART_MAX (1 << 20)

static int msg_add(cli_msg_t *m, const void *data, size_t size)
{
    if (m->n == m->cap) {
        int cap = m->cap ? m->cap * 2 : 8;
        cli_part_t *p = realloc(m->parts, (size_t) cap * sizeof *p);
        if (p == NULL)
            return -1;
        m->parts = p;
        m->cap = cap;
    }
    char *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, data, size);
    m->parts[m->n++] = (cli_part_t) { copy, size };
    return 0;
}

void cli_msg_clear(cli_msg_t *m)
{
    for (int i = 0; i < m->n; i++)
        free(m->parts[i].data);
    m->n = 0;
}

void cli_msg_free(cli_msg_t *m)
{
    cli_msg_clear(m);
    free(m->parts);
    free(m->scratch);
    memset(m, 0, sizeof *m);
}

int cli_recv_msg(zmqx_socket_t *s, cli_msg_t *m)
{
    cli_msg_clear(m);
    if (m->scratch == NULL && (m->scratch = malloc(PART_MAX)) == NULL)
        return cli_error(CLI_FAIL, "out of memory");
    int more = 1;
    while (more == 1) {
        int n = zmqx_recv(s, m->scratch, PART_MAX, 0);
        if (n < 0)
            return cli_fail();
        if (n > PART_MAX)
            fprintf(stderr, "zmqx: a part of %d bytes was cut to %d\n", n, PART_MAX);
        if (msg_add(m, m->scratch, n > PART_MAX ? PART_MAX : (size_t) n) != 0)
            return cli_error(CLI_FAIL, "out of memory");
        if ((more = zmqx_socket_more(s)) < 0)
            return cli_fail();
    }
    return CLI_OK;
}

int cli_msg_print(const cli_msg_t *m, const cli_opts_t *o)
{
    for (int i = 0; i < m->n; i++) {
        if (i > 0)
            fputc('\t', stdout);
        cli_print_part(stdout, m->parts[i].data, m->parts[i].size, o->hex);
    }
    fputc('\n', stdout);
    if (fflush(stdout) != 0)
        return cli_error(CLI_FAIL, "writing stdout failed");
    return CLI_OK;
}

int cli_recv_print(zmqx_socket_t *s, const cli_opts_t *o, cli_msg_t *m)
{
    int rc = cli_recv_msg(s, m);
    return rc == CLI_OK ? cli_msg_print(m, o) : rc;
}
