/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* libFuzzer target: endpoint parsing (every transport, each mode) and
 * endpoint-list walking, the parsers that user-supplied endpoint text
 * reaches. (zmqx__endpoint_prepare's host checks are not driven here: they
 * open sockets.) */
#include "../../lib/endpoint.h"

#include <stdint.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a successful parse promises. */
static void check_parse(const char *text, int mode)
{
    zmqx__endpoint_t ep;
    if (zmqx__endpoint_parse("fuzz", text, mode, &ep) != 0)
        return;
    if (strstr(text, "://") == NULL || ep.transport < ZMQX__TCP || ep.transport > ZMQX__NORM)
        abort();
    if (ep.random_at != 0 && (mode == ZMQX__EP_CONNECT || text[ep.random_at] != '!'))
        abort();
    int port = zmqx__endpoint_port(text);
    if (port < 0 || port > 65535 || (mode == ZMQX__EP_CONNECT && ep.transport == ZMQX__TCP && port == 0))
        abort();
    if (ep.transport == ZMQX__PGM || ep.transport == ZMQX__EPGM || ep.transport == ZMQX__NORM) {
        if (ep.port < 1 || ep.port > 65535 || (ep.family != AF_INET && ep.family != AF_INET6))
            abort();
        if (ep.transport != ZMQX__NORM && (!ep.multicast || ep.iface[0] == '\0'))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    for (int mode = ZMQX__EP_BIND; mode <= ZMQX__EP_UNDO; mode++)
        check_parse(text, mode);

    zmqx__eplist_t it;
    zmqx__eplist_init(&it, text);
    char item[64]; /* small on purpose: exercises the too-long path */
    int action, rc, items = 0;
    size_t total = 0;
    while ((rc = zmqx__eplist_next(&it, item, sizeof item, &action)) > 0) {
        size_t n = strlen(item);
        if (n == 0 || n >= sizeof item || (action != 0 && action != '@' && action != '>'))
            abort();
        total += n;
        items++;
    }
    if (total > size || items > (int) size + 1)
        abort();
    free(text);
    return 0;
}
