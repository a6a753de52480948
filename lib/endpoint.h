/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — endpoint text: parsing of endpoints and endpoint lists (endpoint.c:
 * pure, no libzmq or system calls, so it can be tested and fuzzed on its
 * own) and the checks against this libzmq and this host that run before
 * libzmq sees an endpoint (endpoint_host.c). Private. */
#ifndef ZMQX_ENDPOINT_H
#define ZMQX_ENDPOINT_H

#include "base.h"
#include "fail.h"

/* The transports libzmq 4.3 knows, in the order of zmqx__transport_name. */
enum {
    ZMQX__TCP, ZMQX__IPC, ZMQX__INPROC, ZMQX__PGM, ZMQX__EPGM, ZMQX__TIPC,
    ZMQX__VMCI, ZMQX__UDP, ZMQX__WS, ZMQX__WSS, ZMQX__NORM,
};

/* What the endpoint is for: the port rules differ. */
enum {
    ZMQX__EP_BIND,     /* random tcp/ws/udp ports ("*", "!", "0") allowed */
    ZMQX__EP_CONNECT,  /* a port must be 1..65535 */
    ZMQX__EP_UNDO,     /* unbind/disconnect: bind's rules */
};

/* What zmqx__endpoint_parse found. */
typedef struct zmqx__endpoint {
    int transport;          /* ZMQX__TCP ... */
    size_t random_at;       /* offset of a "!" port to turn into "*", 0 if none */
    /* pgm, epgm, norm: what the host checks need */
    int family;             /* AF_INET / AF_INET6 of the group (pgm) or address (norm) */
    int multicast;          /* that address is a multicast group */
    unsigned char addr[16]; /* the address, network byte order */
    unsigned port;          /* 1..65535 */
    int iface_is_addr;      /* pgm: the interface is given by its IPv4 address */
    unsigned char iface_addr[4];
    char iface[64];         /* the interface as written, "" if none */
} zmqx__endpoint_t;

/* "tcp", "ipc" ... for a ZMQX__ transport. */
ZMQX_HIDDEN const char *zmqx__transport_name(int transport);

/* Check the text of "transport://address" the way libzmq 4.3.4 reads it
 * for mode (ZMQX__EP_...) and fill *ep. 0, or -1 with EINVAL (or
 * ENAMETOOLONG for an ipc path) and a message naming op and the endpoint. */
ZMQX_HIDDEN int zmqx__endpoint_parse(const char *op, const char *text, int mode,
                                     zmqx__endpoint_t *ep);

/* zmqx__endpoint_parse, then (endpoint_host.c) whether this libzmq has the
 * transport (EPROTONOSUPPORT), and for a bind or connect whether a socket
 * of this type may use it (ENOCOMPATPROTO) and, for pgm, epgm and norm,
 * whether this host can start the session (interface, port, group, raw
 * sockets): libzmq finds those failures only in its I/O thread, and aborts
 * the process there. Returns a malloc'd copy of text for libzmq (a "!"
 * port turned into "*") in a buffer of *cap bytes, room enough for the
 * resolved endpoint too; NULL with the error filled. */
ZMQX_HIDDEN char *zmqx__endpoint_prepare(const char *op, const char *text, int type, int mode,
                                         size_t *cap);

/* For an epgm or norm endpoint text (as prepared): how many udp sockets
 * hold its port now, else -1. Then, after libzmq took the endpoint,
 * zmqx__endpoint_settle waits (up to 2 s) until one more does: the session
 * libzmq's I/O thread starts has bound it, so the next
 * zmqx__endpoint_prepare in this process sees the port taken rather than
 * racing that session to it. Both keep errno and the error. */
ZMQX_HIDDEN int zmqx__endpoint_users(const char *text);
ZMQX_HIDDEN void zmqx__endpoint_settle(const char *text, int users);

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
 * -1 = an empty or too long item (EINVAL, error filled). A buffer of
 * strlen(list) + 1 bytes holds any item. */
ZMQX_HIDDEN int zmqx__eplist_next(zmqx__eplist_t *it, char *buf, size_t cap, int *action);

#endif
