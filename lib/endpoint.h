/* zmqx — endpoint text: pure parsing of endpoints and endpoint lists (no
 * libzmq calls), so it can be tested and fuzzed on its own. Private. */
#ifndef ZMQX_ENDPOINT_H
#define ZMQX_ENDPOINT_H

#include "internal.h"

#define ZMQX__MAX_ENDPOINT 1024

/* Check "transport://address" and copy it into buf (cap bytes), turning a
 * tcp port "!" into "*". 0, or -1 with EINVAL naming the endpoint. */
ZMQX_HIDDEN int zmqx__endpoint_check(const char *op, const char *ep, char *buf, size_t cap);

/* The port of a resolved tcp/ws endpoint, or 0. */
ZMQX_HIDDEN int zmqx__endpoint_port(const char *ep);

/* Walks a comma-separated list: "@a, >b,c". */
typedef struct zmqx__eplist {
    const char *list;  /* the whole list, for messages */
    const char *next;  /* where the next item starts; NULL at the end */
} zmqx__eplist_t;

ZMQX_HIDDEN void zmqx__eplist_init(zmqx__eplist_t *it, const char *list);

/* The next item, trimmed and without its prefix, into buf; *action is '@'
 * (bind), '>' (connect) or 0 (the type's default). 1 = an item, 0 = end,
 * -1 = an empty or too long item (EINVAL, error filled). */
ZMQX_HIDDEN int zmqx__eplist_next(zmqx__eplist_t *it, char *buf, size_t cap, int *action);

#endif
