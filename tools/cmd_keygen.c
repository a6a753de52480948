/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — keygen: a new CURVE key pair, printed or saved. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Print kp in the key file format, so that stdout can be saved as one. */
static int print_pair(const zmqx_keypair_t *kp)
{
    char pub[ZMQX_KEY_Z85_LEN + 1], sec[ZMQX_KEY_Z85_LEN + 1];
    if (zmqx_key_z85(&kp->public_key, pub) != 0 || zmqx_key_z85(&kp->secret_key, sec) != 0)
        return cli_fail();
    printf("# zmqx CURVE key pair: keep this file secret\npublic %s\nsecret %s\n", pub, sec);
    memset(sec, 0, sizeof sec);
    return fflush(stdout) == 0 ? CLI_OK : cli_error(CLI_FAIL, "writing stdout failed");
}

/* PATH.key -> PATH.pub, anything else -> anything else.pub (malloc'd). */
static char *public_path(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".key") == 0)
        n -= 4;
    char *pub = malloc(n + 5);
    if (pub != NULL) {
        memcpy(pub, path, n);
        memcpy(pub + n, ".pub", 5);
    }
    return pub;
}

/* "PATH_secret" (malloc'd). */
static char *secret_path(const char *path)
{
    size_t n = strlen(path);
    char *sec = malloc(n + sizeof "_secret");
    if (sec != NULL) {
        memcpy(sec, path, n);
        memcpy(sec + n, "_secret", sizeof "_secret");
    }
    return sec;
}

/* Write the pair to its two files: with cert, certificates to path (public)
 * and path_secret (mode 0600); else a key file at path (0600) and the .pub
 * file next to it (0644). Print the public line. Never overwrites a file. */
static int save_pair(const char *path, bool cert, const zmqx_keypair_t *kp)
{
    char *other = cert ? secret_path(path) : public_path(path);
    const char *secret = cert ? other : path, *public = cert ? path : other;
    int rc = CLI_OK;
    if (other == NULL)
        rc = cli_error(CLI_FAIL, "out of memory");
    else if (access(path, F_OK) == 0 || access(other, F_OK) == 0)
        rc = cli_error(CLI_FAIL, "keygen: %s exists; not overwriting a key",
                       access(path, F_OK) == 0 ? path : other);
    else if (cert ? zmqx_keypair_save_cert(path, kp, NULL) != 0
                  : zmqx_keypair_save(path, kp) != 0
                        || zmqx_key_save_public(other, &kp->public_key, NULL) != 0)
        rc = cli_fail();
    char text[ZMQX_KEY_Z85_LEN + 1];
    if (rc == CLI_OK && zmqx_key_z85(&kp->public_key, text) == 0) {
        printf("public %s\n", text);
        fprintf(stderr, "wrote %s (secret, mode 0600) and %s\n", secret, public);
    }
    free(other);
    return rc;
}

int cli_cmd_keygen(cli_opts_t *o)
{
    if (o->cert && o->output == NULL)
        return cli_error(CLI_USAGE, "keygen: --cert needs -o PATH (certificates are two files)");
    zmqx_keypair_t kp;
    if (zmqx_curve_keypair(&kp) != 0)
        return cli_fail();
    int rc = o->output ? save_pair(o->output, o->cert, &kp) : print_pair(&kp);
    zmqx_keypair_wipe(&kp);
    return rc;
}
