/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — command-line option parsing shared by every command. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SERVER_KEY = 'K', OPT_SECRET_KEY = 'S', OPT_CERT = 'C' };

static const struct option long_options[] = {
    { "count", required_argument, NULL, 'n' },
    { "timeout", required_argument, NULL, 't' },
    { "hex", no_argument, NULL, 'x' },
    { "multipart", no_argument, NULL, 'm' },
    { "escapes", no_argument, NULL, 'e' },
    { "quiet", no_argument, NULL, 'q' },
    { "reply", required_argument, NULL, 'r' },
    { "subscribers", required_argument, NULL, 's' },
    { "output", required_argument, NULL, 'o' }, /* keygen; the socket commands: --option */
    { "option", required_argument, NULL, 'o' },
    { "server-key", required_argument, NULL, OPT_SERVER_KEY },
    { "secret-key", required_argument, NULL, OPT_SECRET_KEY },
    { "cert", no_argument, NULL, OPT_CERT },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int cli_error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("zmqx: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

int cli_fail(void)
{
    if (cli_stdout_gone())
        return CLI_FAIL; /* the shutdown's ETERM: nothing to report */
    return cli_error(CLI_FAIL, "%s", zmqx_strerror());
}

void cli_cmd_usage(const cli_cmd_t *cmd, FILE *f)
{
    fprintf(f, "usage: zmqx %s\n\n%s", cmd->synopsis, cmd->help);
}

/* A usage error: say why, point at --help, return CLI_USAGE. */
static int usage_error(const cli_cmd_t *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "zmqx %s: ", cmd->name);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: zmqx %s\n(zmqx %s --help for more)\n", cmd->synopsis, cmd->name);
    return CLI_USAGE;
}

/* Parse a whole decimal number in [min, max]; -1 if it is not one. */
static int parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static const char *option_name(int c)
{
    for (const struct option *lo = long_options; lo->name != NULL; lo++)
        if (lo->val == c)
            return lo->name;
    return "?";
}

/* -o NAME=VALUE: keep it, with the option's number (any libzmq socket
 * option, by its name); CLI_OK, or CLI_USAGE for an unknown name. */
static int add_sockopt(const cli_cmd_t *cmd, cli_opts_t *o, char *arg)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL)
        return usage_error(cmd, "-o wants NAME=VALUE (ZMQ_SNDHWM=10, rcvbuf=65536), not \"%s\"",
                           arg);
    *eq = '\0';
    int id = zmqx_socket_option_id(arg);
    *eq = '=';
    if (id < 0)
        return usage_error(cmd, "-o: unknown socket option in \"%s\" (a libzmq name: ZMQ_SNDHWM ...)",
                           arg);
    struct cli_sockopt *all = realloc(o->sockopts, (size_t) (o->nsockopts + 1) * sizeof *all);
    if (all == NULL)
        return cli_error(CLI_USAGE, "out of memory");
    o->sockopts = all;
    o->sockopts[o->nsockopts++] = (struct cli_sockopt) { id, eq + 1 };
    return CLI_OK;
}

void cli_opts_free(cli_opts_t *o)
{
    free(o->sockopts);
    o->sockopts = NULL;
    o->nsockopts = 0;
}

/* Store one option's value; CLI_OK or CLI_USAGE. */
static int set_option(const cli_cmd_t *cmd, cli_opts_t *o, int c, char *arg)
{
    long v = 0;
    switch (c) {
    case 'n':
        if (parse_long(arg, 1, LONG_MAX, &v) != 0)
            return usage_error(cmd, "-n wants a count >= 1, not \"%s\"", arg);
        o->count = v;
        break;
    case 't':
        if (parse_long(arg, -1, INT_MAX, &v) != 0)
            return usage_error(cmd, "-t wants milliseconds (>= 0, or -1 for forever), not \"%s\"",
                               arg);
        o->timeout_ms = (int) v;
        break;
    case 's':
        if (parse_long(arg, 0, INT_MAX, &v) != 0)
            return usage_error(cmd, "-s wants a number of subscriptions >= 0, not \"%s\"", arg);
        o->subscribers = (int) v;
        break;
    case 'x': o->hex = true; break;
    case 'm': o->multipart = true; break;
    case 'e': o->escapes = true; break;
    case 'q': o->quiet = true; break;
    case 'r': o->reply = arg; break;
    case 'o':
        if (cmd->socket_type == -2)
            o->output = arg;
        else
            return add_sockopt(cmd, o, arg);
        break;
    case OPT_SERVER_KEY: o->server_key = arg; break;
    case OPT_SECRET_KEY: o->secret_key = arg; break;
    case OPT_CERT: o->cert = true; break;
    default: break;
    }
    return CLI_OK;
}

/* TYPE and ENDPOINTS, then the command's own arguments. */
static int take_positionals(const cli_cmd_t *cmd, cli_opts_t *o, int argc, char **argv)
{
    int i = optind;
    if (cmd->socket_type == -1) {
        if (i >= argc)
            return usage_error(cmd, "%smissing socket TYPE", "");
        o->type = cli_type_from_name(argv[i]);
        if (o->type < 0)
            return usage_error(cmd, "unknown socket type \"%s\" (pull, push, pub, sub, req, "
                                    "rep, dealer, router, pair, xpub, xsub, stream)", argv[i]);
        i++;
    }
    if (cmd->socket_type != -2) {
        if (i >= argc)
            return usage_error(cmd, "%smissing ENDPOINTS", "");
        o->endpoints = argv[i++];
    }
    o->args = argv + i;
    o->nargs = argc - i;
    if (o->nargs < cmd->min_args)
        return usage_error(cmd, "%stoo few arguments", "");
    if (cmd->max_args >= 0 && o->nargs > cmd->max_args)
        return usage_error(cmd, "unexpected argument \"%s\"", argv[i + cmd->max_args]);
    return CLI_OK;
}

int cli_parse(const cli_cmd_t *cmd, int argc, char **argv, cli_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->type = cmd->socket_type;
    o->timeout_ms = CLI_TIMEOUT_DEFAULT;
    o->subscribers = 1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":n:t:xmeqr:s:o:h", long_options, NULL)) != -1) {
        if (c == 'h') {
            cli_cmd_usage(cmd, stdout);
            return -1;
        }
        if (c == '?' || c == ':') {
            const char *bad = argv[optind - 1];
            return usage_error(cmd, c == ':' ? "option %s needs a value" : "unknown option %s",
                               bad);
        }
        if (strchr(cmd->options, c) == NULL)
            return usage_error(cmd, "option --%s does not apply here", option_name(c));
        if (set_option(cmd, o, c, optarg) != CLI_OK) {
            cli_opts_free(o);
            return CLI_USAGE;
        }
    }
    if (o->timeout_ms == CLI_TIMEOUT_DEFAULT)
        o->timeout_ms = cmd->default_timeout;
    int rc = take_positionals(cmd, o, argc, argv);
    if (rc != CLI_OK)
        cli_opts_free(o);
    return rc;
}
