/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx's public headers as a consumer compiles them: test/header-hygiene.sh
 * builds this file with many warnings as errors at -O0, -Og, -O2 and -O3,
 * as C and as C++, and runs it. It calls every inline fast path of
 * socket.h, frame.h and msg.h over a real inproc pair, so a header that
 * warns under a consumer's flags, or an inline path that breaks, fails. */
#include <stdio.h>
#include <string.h>
#include <zmqx.h>

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "header_hygiene.c:%d: %s failed (%s)\n", __LINE__, \
                    #cond, zmqx_strerror());                                 \
            return 1;                                                        \
        }                                                                    \
    } while (0)

static int bytes_and_strings(zmqx_socket_t *a, zmqx_socket_t *b)
{
    char buf[16];
    CHECK(zmqx_send(a, "ab", 2, ZMQX_MORE) == 2);
    CHECK(zmqx_send_str(a, "cd") == 2);
    CHECK(zmqx_recv(b, buf, sizeof buf, 0) == 2 && memcmp(buf, "ab", 2) == 0);
    CHECK(zmqx_socket_more(b) == 1);
    CHECK(zmqx_recv(b, buf, sizeof buf, 0) == 2 && memcmp(buf, "cd", 2) == 0);
    CHECK(zmqx_socket_more(b) == 0);
    return 0;
}

static int frames(zmqx_socket_t *a, zmqx_socket_t *b)
{
    zmqx_frame_t f, g;
    CHECK(zmqx_frame_init_copy(&f, "frame", 5) == 0);
    CHECK(zmqx_frame_size(&f) == 5);
    CHECK(zmqx_send_frame(a, &f, 0) == 5);
    CHECK(zmqx_frame_init(&g) == 0);
    CHECK(zmqx_recv_frame(b, &g, 0) == 5);
    CHECK(memcmp(zmqx_frame_data(&g), "frame", 5) == 0);
    zmqx_frame_close(&f);
    zmqx_frame_close(&g);
    return 0;
}

static int messages(zmqx_socket_t *a, zmqx_socket_t *b)
{
    zmqx_msg_t *m = zmqx_msg_new(), *r = zmqx_msg_new();
    CHECK(m != NULL && r != NULL);
    CHECK(zmqx_msg_append(m, "one", 3) == 0);
    CHECK(zmqx_send_msg(a, m) == 1);
    CHECK(zmqx_recv_msg(b, r) == 1);
    const zmqx_msg_t *c = r;
    CHECK(zmqx_msg_size(c, 0) == 3 && memcmp(zmqx_msg_data(c, 0), "one", 3) == 0);
    zmqx_msg_destroy(&m);
    zmqx_msg_destroy(&r);
    return 0;
}

int main(void)
{
    zmqx_socket_t *a = zmqx_socket_new(NULL, ZMQ_PAIR, "@inproc://header-hygiene");
    zmqx_socket_t *b = zmqx_socket_new(NULL, ZMQ_PAIR, ">inproc://header-hygiene");
    CHECK(a != NULL && b != NULL);
    int rc = bytes_and_strings(a, b) || frames(a, b) || messages(a, b);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
    if (rc == 0)
        printf("ok: every inline path, %s\n", ZMQX_VERSION_STRING);
    return rc;
}
