/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* libFuzzer target: the authenticator's ZAP request decoder and its address
 * (CIDR) parser. The input is split into frames: each frame is one length
 * byte and that many bytes. */
#include "../../lib/auth_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zmqx_ctx_t *ctx;
static zmqx_auth_t *auth;

/* Runs at exit, so leak checkers see everything released. */
static void teardown(void)
{
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
}

static void setup(void)
{
    ctx = zmqx_ctx_new();
    auth = zmqx_auth_new(ctx);
    if (auth == NULL)
        abort();
    atexit(teardown);
    zmqx_auth_allow(auth, "127.0.0.0/8");
    zmqx_auth_deny(auth, "127.0.0.2");
    zmqx_auth_allow(auth, "::1");
    zmqx_auth_plain_add(auth, "admin", "secret");
    zmqx_auth_curve_allow_any(auth);
    zmqx_auth_domain(auth, "strict");
    zmqx_auth_allow(auth, "10.1.0.0/16");
    zmqx_auth_domain(auth, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (auth == NULL)
        setup();
    zmq_msg_t parts[16];
    int n = 0;
    size_t at = 0;
    while (at < size && n < 16) {
        size_t len = data[at++];
        if (len > size - at)
            len = size - at;
        zmq_msg_init_size(&parts[n], len);
        memcpy(zmq_msg_data(&parts[n]), data + at, len);
        at += len;
        n++;
    }
    char status[4], user_id[256];
    zmqx__auth_decide(auth, parts, n, status, user_id, sizeof user_id);
    if (strcmp(status, "200") != 0 && strcmp(status, "400") != 0 && strcmp(status, "500") != 0)
        abort();
    if (strcmp(status, "200") != 0 && user_id[0] != '\0')
        abort();

    /* The same bytes as an address or a rule. */
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    zmqx_auth_check_address(auth, NULL, text);
    zmqx_auth_t *scratch = auth; /* rules grow; clear them in a spare domain */
    zmqx_auth_domain(scratch, "scratch");
    zmqx_auth_allow(scratch, text);
    zmqx_auth_deny(scratch, text);
    zmqx_auth_clear(scratch);
    zmqx_auth_domain(scratch, NULL);
    free(text);
    return 0;
}
