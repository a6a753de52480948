/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* weather: publish/subscribe with a topic filter. A publisher sends weather
 * updates for three zip codes; a subscriber asks only for zip code 10001.
 *
 * The "slow joiner": a subscription needs a moment to reach the publisher,
 * and a PUB socket silently drops whatever it publishes before then. So the
 * publisher keeps publishing, round after round, until the subscriber has
 * heard enough, and gives up after a bounded number of rounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>

#define WANTED 5         /* updates the subscriber waits for */
#define MAX_ROUNDS 200   /* at most 200 rounds of 10 ms: about two seconds */

static int fail(const char *what)
{
    fprintf(stderr, "weather: %s: %s\n", what, zmqx_strerror());
    return EXIT_FAILURE;
}

int main(void)
{
    zmqx_socket_t *pub = zmqx_socket_new(NULL, ZMQ_PUB, "@tcp://127.0.0.1:!");
    if (pub == NULL)
        return fail("PUB socket");
    printf("publisher bound to %s\n", zmqx_socket_endpoint(pub));

    /* SUB connects by default. The filter is a prefix of the message bytes:
     * "10001 " (with the space) does not match "100012 ...". */
    zmqx_socket_t *sub = zmqx_socket_new(NULL, ZMQ_SUB, zmqx_socket_endpoint(pub));
    if (sub == NULL || zmqx_socket_subscribe(sub, "10001 ") != 0)
        return fail("SUB socket");

    static const int zips[] = { 10001, 10002, 10003 };
    int heard = 0, total_temp = 0;
    for (int round = 0; round < MAX_ROUNDS && heard < WANTED; round++) {
        /* One update per zip code: "<zip> <temperature> <round>". */
        for (size_t z = 0; z < sizeof zips / sizeof zips[0]; z++)
            if (zmqx_sendf(pub, "%d %d %d", zips[z], 10 + (round + 3 * (int)z) % 20, round) < 0)
                return fail("publish");

        /* Wait up to 10 ms for this round's update (this call only: the
         * socket's own timeout stays as it is). */
        char buf[64];
        int n = zmqx_recv_timeout(sub, buf, sizeof buf - 1, 10);
        if (n < 0) {
            if (zmqx_error_is_timeout(NULL))
                continue; /* not subscribed yet, or late: publish again */
            return fail("receive");
        }
        buf[n < (int)sizeof buf - 1 ? n : (int)sizeof buf - 1] = '\0';
        if (strncmp(buf, "10001 ", 6) != 0) {
            fprintf(stderr, "weather: the filter let \"%s\" through\n", buf);
            return EXIT_FAILURE;
        }
        int zip, temp, sent_in;
        if (sscanf(buf, "%d %d %d", &zip, &temp, &sent_in) != 3) {
            fprintf(stderr, "weather: cannot parse \"%s\"\n", buf);
            return EXIT_FAILURE;
        }
        /* Messages on one connection keep their order, so the first one
         * heard tells how many were published before the subscription. */
        if (heard == 0 && sent_in > 0)
            printf("slow joiner: rounds 0..%d were published before the subscription "
                   "arrived, and dropped\n", sent_in - 1);
        printf("  zip %d: %d C (published in round %d)\n", zip, temp, sent_in);
        total_temp += temp;
        heard++;
    }

    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
    if (heard < WANTED) {
        fprintf(stderr, "weather: heard only %d of %d updates\n", heard, WANTED);
        return EXIT_FAILURE;
    }
    printf("average temperature for zip 10001: %.1f C\n", (double)total_temp / heard);
    return EXIT_SUCCESS;
}
