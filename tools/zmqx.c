/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the command-line tool: the netcat of ZeroMQ.
 *
 * zmqx COMMAND [OPTIONS] ARGS...: recv, send, sub, pub, req, rep. Exit
 * status 0 on success, 1 on a runtime error (timeout, bind failure ...),
 * 2 on a usage error. See docs/tool.md or zmqx(1). */
#include "cli.h"

#include <string.h>

#define OPT_T "  -t, --timeout MS   wait at most MS for each send and receive (-1: forever)\n"
#define OPT_Q "  -q, --quiet        do not print \"bound ENDPOINT\" lines on stderr\n"
#define OPT_X "  -x, --hex          print each part as hex instead of escaped text\n"
#define OPT_N "  -n, --count N      exit after N messages (default: never)\n"
#define OPT_E "  -e, --escapes      read \\\\ \\t \\n \\r \\0 \\xNN in messages as bytes\n"
#define OPT_M                                                                         \
    "  -m, --multipart    the arguments are the parts of ONE message; a stdin line's\n" \
    "                     tabs separate parts\n"
#define OPT_O                                                                          \
    "  -o, --option NAME=VALUE  set a libzmq socket option by its name\n"             \
    "                     (ZMQ_SNDHWM=10, rcvbuf=65536); repeatable, applied after\n" \
    "                     zmqx's own\n"
#define OPT_KEYS                                                                       \
    "      --server-key KEY   be a CURVE client of the server with this public key\n"    \
    "      --secret-key KEY   our CURVE secret key: alone, be a CURVE server; with\n"    \
    "                         --server-key, the client's own key (default: a fresh one)\n" \
    "                         KEY: a key file (zmqx keygen -o), a CZMQ/pyzmq\n"         \
    "                         certificate, or 40 Z85 characters\n"
#define SENDING_NOTE                                                                   \
    "Each argument is one message; with no message argument, each stdin line is\n"     \
    "one. Messages only queue to completed connections (ZMQ_IMMEDIATE), each send\n"   \
    "waits at most the timeout (default 10000 ms) and the exit waits as long for\n"    \
    "the last messages to leave. zmqx cannot see whether the peer application\n"       \
    "read them: when every message matters, have the peer answer (zmqx req).\n"

static const cli_cmd_t commands[] = {
    { "recv", cli_cmd_recv, "recv TYPE ENDPOINTS [-n N] [-t MS] [-x] [-q] [-o NAME=VALUE]",
      "Make a socket of TYPE (pull, sub, dealer, router, pair ...), attach it to\n"
      "ENDPOINTS and print each message as it arrives: one line per message,\n"
      "parts separated by a tab. A SUB socket subscribes to everything.\n\n"
      "options:\n" OPT_N OPT_T OPT_X OPT_Q OPT_O OPT_KEYS,
      "ntxqoKS", -1, 0, 0, -1, true },
    { "send", cli_cmd_send, "send TYPE ENDPOINTS [-m] [-e] [-t MS] [-q] [-o NAME=VALUE] [MSG...]",
      "Make a socket of TYPE (push, pub, dealer, pair ...), attach it to ENDPOINTS\n"
      "and send messages.\n" SENDING_NOTE "\noptions:\n" OPT_M OPT_E OPT_T OPT_Q OPT_O OPT_KEYS,
      "metqoKS", -1, 0, -1, CLI_SEND_TIMEOUT_MS, false },
    { "sub", cli_cmd_sub, "sub ENDPOINTS [-n N] [-t MS] [-x] [-e] [-q] [-o NAME=VALUE] [TOPIC...]",
      "Subscribe to each TOPIC (a prefix; none: everything) and print what is\n"
      "published, like recv. ENDPOINTS without a prefix are connected.\n\n"
      "options:\n" OPT_N OPT_T OPT_X OPT_E OPT_Q OPT_O OPT_KEYS,
      "ntxeqoKS", ZMQ_SUB, 0, -1, -1, true },
    { "pub", cli_cmd_pub, "pub ENDPOINTS [-s N] [-m] [-e] [-t MS] [-q] [-o NAME=VALUE] [MSG...]",
      "Publish messages. zmqx waits until N subscriptions have arrived (an XPUB\n"
      "socket sees them; default 1, 0: publish at once), so that a subscriber\n"
      "that is already there gets the first message. ENDPOINTS without a prefix\n"
      "are bound.\n" SENDING_NOTE "\noptions:\n"
      "  -s, --subscribers N  subscriptions to wait for first (default 1)\n" OPT_M OPT_E
      OPT_T OPT_Q OPT_O OPT_KEYS,
      "smetqoKS", ZMQ_XPUB, 0, -1, CLI_SEND_TIMEOUT_MS, false },
    { "req", cli_cmd_req, "req ENDPOINTS [-m] [-e] [-x] [-t MS] [-q] [-o NAME=VALUE] [MSG...]",
      "Send each message as a request and print its reply, one line per reply.\n"
      "With no message argument, each stdin line is a request. Each send and\n"
      "receive waits at most the timeout (default 10000 ms).\n\n"
      "options:\n" OPT_M OPT_E OPT_X OPT_T OPT_Q OPT_O OPT_KEYS,
      "mextqoKS", ZMQ_REQ, 0, -1, CLI_SEND_TIMEOUT_MS, true },
    { "rep", cli_cmd_rep, "rep ENDPOINTS [-n N] [-r TEXT] [-e] [-x] [-t MS] [-q] [-o NAME=VALUE]",
      "Answer requests: print each one, then send it back (an echo server) or\n"
      "send TEXT. ENDPOINTS without a prefix are bound.\n\n"
      "options:\n"
      "  -r, --reply TEXT   answer every request with TEXT\n" OPT_N OPT_E OPT_X OPT_T OPT_Q
      OPT_O OPT_KEYS,
      "nrextqoKS", ZMQ_REP, 0, 0, -1, true },
    { "monitor", cli_cmd_monitor, "monitor TYPE ENDPOINTS [-n N] [-t MS] [-q] [-o NAME=VALUE]",
      "Make a socket of TYPE, attach it to ENDPOINTS and print its connection\n"
      "events as they happen, one line each: the event, the endpoint and its\n"
      "value (fd=, errno=, retry_ms=, protocol_error=, status=), tab-separated.\n"
      "The socket neither sends nor receives messages. Events come for tcp, ipc\n"
      "and tipc endpoints only. -t is the longest wait for the next event.\n\n"
      "options:\n" OPT_N OPT_T OPT_Q OPT_O OPT_KEYS,
      "ntqoKS", -1, 0, 0, -1, true },
    { "keygen", cli_cmd_keygen, "keygen [-o PATH [--cert]]",
      "Make a new CURVE key pair. Without -o, print it on stdout in the key file\n"
      "format (a \"public\" and a \"secret\" line, 40 Z85 characters each), so\n"
      "that the output can be saved as a key file.\n\n"
      "options:\n"
      "  -o, --output PATH  write the pair to PATH (mode 0600) and the public key\n"
      "                     to PATH.pub (PATH without .key), print the public line;\n"
      "                     an existing file is never overwritten\n"
      "      --cert         with -o: write ZPL certificates as CZMQ's zcert_save\n"
      "                     and pyzmq's create_certificates do instead: the public\n"
      "                     one to PATH, the secret one to PATH_secret (mode 0600)\n",
      "oC", -2, 0, 0, -1, false },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("usage: zmqx COMMAND [OPTIONS] ARGS...\n"
          "       zmqx --help | --version | COMMAND --help\n\n"
          "The netcat of ZeroMQ: send, receive, publish, subscribe, ask and answer\n"
          "from the shell.\n\ncommands:\n",
          f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  zmqx %s\n", commands[i].synopsis);
    fputs("\nENDPOINTS is a comma-separated list: \"@\" binds, \">\" connects (quote it\n"
          "from the shell), no prefix does the socket type's default (bind for PUB,\n"
          "XPUB, REP, ROUTER, PULL; connect for the rest). A tcp port \"*\" binds a\n"
          "free port; every bind prints \"bound ENDPOINT\" on stderr.\n\n"
          "Output: one line per message, parts separated by a tab; every byte that\n"
          "is not printable ASCII shows as \\\\ \\t \\n \\r or \\xNN (or all hex: -x).\n\n"
          "exit status: 0 done, 1 runtime error (timeout, address in use ...),\n"
          "2 usage error.\n",
          f);
}

static const cli_cmd_t *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Parse and run one command in a context of its own; the exit status. */
static int run_command(const cli_cmd_t *cmd, int argc, char **argv)
{
    cli_opts_t o;
    int rc = cli_parse(cmd, argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    o.ctx = zmqx_ctx_new();
    if (o.ctx == NULL) {
        cli_opts_free(&o);
        return cli_fail();
    }
    if (cmd->prints)
        cli_watch_stdout(o.ctx);
    rc = cmd->run(&o);
    zmqx_ctx_destroy(&o.ctx); /* waits (up to the linger) for the last sends */
    cli_opts_free(&o);
    return cli_stdout_gone() ? CLI_OK : rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        const cli_cmd_t *cmd = argc > 2 ? find_command(argv[2]) : NULL;
        if (cmd != NULL)
            cli_cmd_usage(cmd, stdout);
        else
            usage(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        int major, minor, patch;
        zmq_version(&major, &minor, &patch);
        printf("zmqx %s (libzmq %d.%d.%d)\n", ZMQX_VERSION_STRING, major, minor, patch);
        return CLI_OK;
    }
    const cli_cmd_t *cmd = find_command(name);
    if (cmd == NULL) {
        fprintf(stderr, "zmqx: unknown command \"%s\"\n\n", name);
        usage(stderr);
        return CLI_USAGE;
    }
    return run_command(cmd, argc - 1, argv + 1);
}
