/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — CURVE keys from the command line: --server-key, --secret-key.
 *
 * KEY is the path of a key file (zmqx keygen -o) or of a CZMQ/pyzmq
 * certificate (zmqx keygen --cert -o; the library reads both) when such a
 * file exists, else 40 Z85 characters. A key argument that is not an
 * existing file is never echoed in an error: it may be a (mistyped)
 * secret. */
#include "cli.h"

#include <string.h>
#include <unistd.h>

/* Is arg a key file (it exists) rather than Z85 text? */
static bool is_file(const char *arg)
{
    return access(arg, F_OK) == 0;
}

/* A key given as Z85 text; CLI_USAGE with a message that hides the text. */
static int parse_z85(const char *what, const char *arg, zmqx_key_t *key)
{
    if (strlen(arg) == ZMQX_KEY_Z85_LEN && zmqx_key_parse(key, arg, ZMQX_KEY_Z85_LEN) == 0)
        return CLI_OK;
    return cli_error(CLI_USAGE, "%s: neither an existing key file nor a Z85 key "
                                "(40 characters of the Z85 alphabet)", what);
}

/* The public key of --server-key: Z85, or a key file's public line (a
 * certificate's public-key). */
static int server_public(const char *arg, zmqx_key_t *key)
{
    if (!is_file(arg))
        return parse_z85("--server-key", arg, key);
    if (zmqx_key_load_public(arg, key) < 0)
        return cli_error(CLI_USAGE, "--server-key: %s", zmqx_strerror());
    return CLI_OK;
}

/* The pair of --secret-key: Z85 secret (public derived), or a key file
 * that holds a secret line. */
static int own_keypair(const char *arg, zmqx_keypair_t *kp)
{
    if (!is_file(arg)) {
        int rc = parse_z85("--secret-key", arg, &kp->secret_key);
        if (rc == CLI_OK && zmqx_curve_public(&kp->public_key, &kp->secret_key) != 0)
            rc = cli_fail();
        return rc;
    }
    int rc = zmqx_keypair_load(arg, kp);
    if (rc < 0)
        return cli_error(CLI_USAGE, "--secret-key: %s", zmqx_strerror());
    if (rc == 1)
        return cli_error(CLI_USAGE, "--secret-key: %s holds no secret key (a .pub file or a "
                                     "public certificate?)", arg);
    return CLI_OK;
}

/* With --server-key: a CURVE client (own pair from --secret-key, or a
 * fresh one); with --secret-key alone: a CURVE server. */
static int apply(zmqx_socket_t *s, const cli_opts_t *o, zmqx_keypair_t *own, zmqx_key_t *server)
{
    int rc = o->secret_key ? own_keypair(o->secret_key, own) : CLI_OK;
    if (rc == CLI_OK && o->server_key)
        rc = server_public(o->server_key, server);
    if (rc != CLI_OK)
        return rc;
    /* The tool runs no authenticator: its CURVE server encrypts and admits
     * any client that knows its public key, and says so with the domain "". */
    int set = o->server_key
        ? zmqx_socket_set_curve_client(s, server, o->secret_key ? own : NULL)
        : zmqx_socket_set_curve_server(s, &own->secret_key) != 0
            ? -1
            : zmqx_socket_set_zap_domain(s, "");
    return set == 0 ? CLI_OK : cli_fail();
}

int cli_set_curve(zmqx_socket_t *s, const cli_opts_t *o)
{
    if (o->server_key == NULL && o->secret_key == NULL)
        return CLI_OK;
    zmqx_keypair_t own;
    zmqx_key_t server;
    int rc = apply(s, o, &own, &server);
    zmqx_keypair_wipe(&own);
    zmqx_key_wipe(&server);
    return rc;
}
