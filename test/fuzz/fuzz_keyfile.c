/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* libFuzzer target: the key-file and ZPL certificate parsers and the
 * authenticator's PLAIN password and CURVE key files, fed through a memfd. */
#include <zmqx.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zmqx_ctx_t *ctx;
static zmqx_auth_t *auth;

/* Runs at exit, so leak checkers see everything released. */
static void teardown(void)
{
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (auth == NULL) {
        ctx = zmqx_ctx_new();
        auth = zmqx_auth_new(ctx);
        if (auth == NULL)
            abort();
        atexit(teardown);
    }
    int fd = memfd_create("zmqx-fuzz", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t) size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    zmqx_keypair_t kp;
    int rc = zmqx_keypair_load(path, &kp);
    if (rc != -1 && rc != 1 && rc != 2)
        abort();
    zmqx_keypair_wipe(&kp);
    zmqx_key_t pub;
    if (zmqx_key_load_public(path, &pub) != rc) /* the same file, the same answer */
        abort();
    zmqx_auth_plain_load(auth, path);
    zmqx_auth_curve_load(auth, path);
    zmqx_auth_clear(auth);
    close(fd);
    return 0;
}
