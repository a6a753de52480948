/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* A consumer of zmqx, built by test/subproject/run.sh (zmqx as a meson
 * subproject) and test/embed-pkgconfig.sh (an installed zmqx found with
 * pkg-config): one PUSH/PULL exchange over inproc; exit 0 when it works. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>

static int fail(const char *what)
{
    fprintf(stderr, "consumer: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

int main(void)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    if (ctx == NULL)
        return fail("context");
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://consumer");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://consumer");
    if (pull == NULL || push == NULL)
        return fail("sockets");
    zmqx_socket_set_timeout(pull, 5000);
    if (zmqx_send_str(push, "embedded") < 0)
        return fail("send");
    char *got = zmqx_recv_str(pull);
    if (got == NULL)
        return fail("recv");
    int ok = strcmp(got, "embedded") == 0;
    printf("consumer: zmqx %s got \"%s\"\n", ZMQX_VERSION_STRING, got);
    free(got);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
