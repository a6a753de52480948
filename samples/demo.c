/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* demo: a request/reply and a publish/subscribe exchange over random tcp
 * ports, printing what happens. The README's first command runs it. */
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>

static int fail(const char *what)
{
    fprintf(stderr, "demo: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

static int request_reply(void)
{
    /* REP binds by default; "!" picks a free port and bind hands it back. */
    zmqx_socket_t *rep = zmqx_socket_new(NULL, ZMQ_REP, "tcp://127.0.0.1:!");
    if (rep == NULL)
        return fail("REP socket");
    printf("REP bound to %s\n", zmqx_socket_endpoint(rep));
    zmqx_socket_t *req = zmqx_socket_new(NULL, ZMQ_REQ, zmqx_socket_endpoint(rep));
    if (req == NULL)
        return fail("REQ socket");
    for (int i = 1; i <= 3; i++) {
        if (zmqx_sendf(req, "hello #%d", i) < 0)
            return fail("REQ send");
        char *q = zmqx_recv_str(rep);
        if (q == NULL)
            return fail("REP receive");
        printf("  REP got \"%s\"\n", q);
        free(q);
        if (zmqx_sendf(rep, "world #%d", i) < 0)
            return fail("REP send");
        char *a = zmqx_recv_str(req);
        if (a == NULL)
            return fail("REQ receive");
        printf("  REQ got \"%s\"\n", a);
        free(a);
    }
    zmqx_socket_destroy(&req);
    zmqx_socket_destroy(&rep);
    return EXIT_SUCCESS;
}

static int publish_subscribe(void)
{
    zmqx_socket_t *pub = zmqx_socket_new(NULL, ZMQ_PUB, "@tcp://127.0.0.1:*");
    if (pub == NULL)
        return fail("PUB socket");
    printf("PUB bound to %s\n", zmqx_socket_endpoint(pub));
    zmqx_socket_t *sub = zmqx_socket_new(NULL, ZMQ_SUB, zmqx_socket_endpoint(pub));
    if (sub == NULL || zmqx_socket_subscribe(sub, "weather") != 0)
        return fail("SUB socket");
    /* A subscription takes a moment to reach the publisher: publish until
     * the subscriber hears something (each receive waits at most 100 ms). */
    if (zmqx_socket_set_recv_timeout(sub, 100) != 0)
        return fail("SUB timeout");
    int heard = 0;
    for (int i = 0; i < 50 && heard < 3; i++) {
        if (zmqx_sendf(pub, "sports score %d", i) < 0 || zmqx_sendf(pub, "weather %d C", 15 + i) < 0)
            return fail("PUB send");
        char *m = zmqx_recv_str(sub);
        if (m != NULL) {
            printf("  SUB got \"%s\"\n", m);
            free(m);
            heard++;
        } else if (!zmqx_error_is_timeout(NULL)) {
            return fail("SUB receive");
        }
    }
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
    if (heard == 0)
        return fail("no weather heard");
    return EXIT_SUCCESS;
}

int main(void)
{
    if (request_reply() != EXIT_SUCCESS || publish_subscribe() != EXIT_SUCCESS)
        return EXIT_FAILURE;
    printf("demo done\n");
    return EXIT_SUCCESS;
}
