/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx command-line tool — shared declarations (not installed). */
#ifndef ZMQX_CLI_H
#define ZMQX_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <zmqx.h>

/* Exit codes (documented in docs/tool.md and zmqx.1). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Timeout left to the command's default. */
#define CLI_TIMEOUT_DEFAULT (-2)
/* Default timeout of the commands that send first (send, pub, req). */
#define CLI_SEND_TIMEOUT_MS 10000

typedef struct cli_opts {
    const struct cli_cmd *cmd;
    zmqx_ctx_t *ctx;         /* the context every socket is made in */
    int type;                /* socket type, -1 when the command has none */
    const char *endpoints;   /* the endpoint argument */
    char **args;             /* remaining arguments: messages or topics */
    int nargs;
    long count;              /* -n: stop after this many messages (0 = no limit) */
    int timeout_ms;          /* -t: per send/receive, -1 = forever */
    int subscribers;         /* pub -s: subscriptions to wait for */
    bool hex;                /* -x: print parts as hex */
    bool multipart;          /* -m: arguments (or a line's tabs) make one message */
    bool escapes;            /* -e: interpret \t \n \\ \xNN in outgoing text */
    bool quiet;              /* -q: no "bound ..." lines */
    const char *reply;       /* rep --reply TEXT */
    const char *server_key;  /* --server-key: be a CURVE client of this server */
    const char *secret_key;  /* --secret-key: our CURVE secret key */
    const char *output;      /* keygen -o PATH */
    bool cert;               /* keygen --cert: ZPL certificates */
    struct cli_sockopt {     /* -o NAME=VALUE of the socket commands, in order */
        int id;              /* the option's number */
        const char *value;   /* VALUE, in argv */
    } *sockopts;
    int nsockopts;
    unsigned char route[256]; /* STREAM send: the peer's routing id ... */
    size_t route_len;        /* ... and its size (0: none) */
} cli_opts_t;

typedef struct cli_cmd {
    const char *name;
    int (*run)(cli_opts_t *o);
    const char *synopsis;    /* "recv TYPE ENDPOINTS [-n N] ..." */
    const char *help;        /* what it does, and its own options */
    const char *options;     /* letters of the options it accepts */
    int socket_type;         /* fixed type; -1: a TYPE argument; -2: no socket */
    int min_args, max_args;  /* after TYPE/ENDPOINTS; max -1 = any */
    int default_timeout;     /* -1 = forever */
    bool prints;             /* prints what arrives: ends when stdout's reader goes */
} cli_cmd_t;

/* ---- tools/opts.c ---- */
/* Parse argv (argv[0] is the command name) for cmd into o. CLI_OK, or
 * CLI_USAGE after printing why on stderr; -1 when --help was printed. */
int cli_parse(const cli_cmd_t *cmd, int argc, char **argv, cli_opts_t *o);
/* Free what cli_parse allocated in o. */
void cli_opts_free(cli_opts_t *o);
/* Print cmd's usage and help to f. */
void cli_cmd_usage(const cli_cmd_t *cmd, FILE *f);
/* Print "zmqx: <zmqx's last error>" on stderr; return CLI_FAIL. */
int cli_fail(void);
/* Print "zmqx: what" on stderr; return code. */
int cli_error(int code, const char *fmt, ...) ZMQX_PRINTF(2, 3);

/* ---- tools/sock.c ---- */
/* Make *out: a socket of o->type (or type when >= 0) in o->ctx with the
 * options the command needs (sending: ZMQ_IMMEDIATE and a linger as long
 * as the timeout), attached to o->endpoints item by item, each bind
 * reported as "bound ENDPOINT" on stderr. CLI_OK, or the exit code after
 * printing the error (*out NULL). */
int cli_socket(const cli_opts_t *o, int type, bool sending, zmqx_socket_t **out);
/* The two halves of cli_socket: make and configure; attach (so that a
 * monitor can be set up in between). CLI_* codes as for cli_socket. */
int cli_socket_open(const cli_opts_t *o, int type, bool sending, zmqx_socket_t **out);
int cli_socket_attach(zmqx_socket_t *s, const cli_opts_t *o);
/* The socket type named (any case), or -1. */
int cli_type_from_name(const char *name);

/* Destroy *s; after a failure (rc != CLI_OK) without a linger, so that a
 * command that gives up ends at once. */
void cli_socket_close(zmqx_socket_t **s, int rc);

/* ---- tools/outwatch.c ---- */
/* From now on, when the reader of stdout goes away (a closed pipe), shut
 * ctx down so that the command's blocked call ends at once. */
void cli_watch_stdout(zmqx_ctx_t *ctx);
/* True once that happened: the command then ends quietly, status 0. */
bool cli_stdout_gone(void);

/* ---- tools/keys.c ---- */
/* Apply --server-key / --secret-key to s (before it attaches). CLI_OK, or
 * the exit code after printing why (CLI_USAGE for a bad key argument). */
int cli_set_curve(zmqx_socket_t *s, const cli_opts_t *o);

/* ---- tools/text.c ---- */
/* One message as parts pointing into caller memory. */
typedef struct cli_part {
    char *data;
    size_t size;
} cli_part_t;
/* Write one part to f: escaped text (printable ASCII as is; \\ \t \n \r
 * \xNN) or, with hex, lowercase hex. */
void cli_print_part(FILE *f, const void *data, size_t size, bool hex);
/* Turn \\ \t \n \r \0 \xNN in s (size *n) into bytes in place; -1 on a bad
 * escape. */
int cli_unescape(char *s, size_t *n);
/* Split line at tabs into at most max parts; the count, or -1 if more. */
int cli_split_tabs(char *line, size_t len, cli_part_t *parts, int max);

/* ---- tools/io.c ---- */
/* Send parts[0..n) as one message (ZMQX_MORE on all but the last). */
int cli_send_parts(zmqx_socket_t *s, const cli_part_t *parts, int n);
/* Send the command's messages: each argument one message (-m: all one
 * message), or each stdin line when there are no arguments. after_each (if
 * not NULL) runs after every message sent. CLI_* code. */
int cli_send_input(zmqx_socket_t *s, const cli_opts_t *o,
                   int (*after_each)(zmqx_socket_t *s, const cli_opts_t *o));
/* Print m as one line on stdout (parts separated by a tab), flushed. */
int cli_msg_print(const zmqx_msg_t *m, const cli_opts_t *o);
/* Receive one whole message into m (replacing what it held) and print it.
 * CLI_* code. */
int cli_recv_print(zmqx_socket_t *s, const cli_opts_t *o, zmqx_msg_t *m);
/* A new empty message for a receive loop; NULL after printing an error. */
zmqx_msg_t *cli_msg_new(void);

/* ---- commands (tools/cmd_*.c) ---- */
int cli_cmd_recv(cli_opts_t *o);
int cli_cmd_send(cli_opts_t *o);
int cli_cmd_sub(cli_opts_t *o);
int cli_cmd_pub(cli_opts_t *o);
int cli_cmd_req(cli_opts_t *o);
int cli_cmd_rep(cli_opts_t *o);
int cli_cmd_keygen(cli_opts_t *o);
int cli_cmd_monitor(cli_opts_t *o);

#endif
