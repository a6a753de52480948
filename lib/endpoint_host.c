/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — endpoint checks against this libzmq and this host, made before
 * libzmq sees an endpoint: the transports libzmq was built with, the
 * socket types pgm, epgm and norm take, and what their sessions need.
 * libzmq 4.3.4 starts a pgm, epgm or norm session in its I/O thread and
 * aborts the process when that fails (session_base.cpp: errno_assert):
 * a norm port in use, an unknown interface, a group it cannot join, pgm
 * without raw sockets. So zmqx tries the same socket steps first, on a
 * socket it closes at once. (The port can still be taken by someone else
 * between this check and libzmq's own bind.) */
#include "endpoint.h"
#include "sock.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* How long zmqx__endpoint_settle waits for a session's port, in ms. */
#define SETTLE_MS 2000

#ifndef IPPROTO_PGM
#define IPPROTO_PGM 113
#endif

/* zmq_has() names; NULL: always built (tcp, inproc, udp). libzmq 4.3.4
 * spells ws and wss in capitals. */
static const char *const capability[] = {
    [ZMQX__IPC] = "ipc",   [ZMQX__PGM] = "pgm", [ZMQX__EPGM] = "pgm", [ZMQX__TIPC] = "tipc",
    [ZMQX__VMCI] = "vmci", [ZMQX__WS] = "WS",   [ZMQX__WSS] = "WSS",  [ZMQX__NORM] = "norm",
};

static int is_multicast_transport(int transport)
{
    return transport == ZMQX__PGM || transport == ZMQX__EPGM || transport == ZMQX__NORM;
}

/* pgm, epgm and norm take PUB, XPUB, SUB and XSUB (socket_base.cpp,
 * check_protocol): ENOCOMPATPROTO otherwise, as libzmq. */
static int check_type(const char *op, const char *text, int transport, int type)
{
    if (!is_multicast_transport(transport) || type == ZMQ_PUB || type == ZMQ_XPUB
        || type == ZMQ_SUB || type == ZMQ_XSUB)
        return 0;
    return zmqx__fail(op, text, ENOCOMPATPROTO,
                      "transport %s takes PUB, XPUB, SUB and XSUB sockets, not %s",
                      zmqx__transport_name(transport), zmqx__type_name(type));
}

/* ---- interfaces ----------------------------------------------------------- */

/* The name of the interface holding IPv4 address addr, or NULL. */
static const char *iface_holding(struct ifaddrs *all, const unsigned char addr[4])
{
    for (struct ifaddrs *i = all; i != NULL; i = i->ifa_next)
        if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET
            && memcmp(&((struct sockaddr_in *) (void *) i->ifa_addr)->sin_addr, addr, 4) == 0)
            return i->ifa_name;
    return NULL;
}

/* Why the interface named name cannot carry the session, or NULL. */
static const char *iface_problem(struct ifaddrs *all, const char *name, int family,
                                 int need_family, int need_multicast)
{
    int seen = 0, up = 0, multicast = 0, has_family = 0;
    for (struct ifaddrs *i = all; i != NULL; i = i->ifa_next) {
        if (strcmp(i->ifa_name, name) != 0)
            continue;
        seen = 1;
        up |= (i->ifa_flags & IFF_UP) != 0;
        multicast |= (i->ifa_flags & IFF_MULTICAST) != 0;
        has_family |= i->ifa_addr != NULL && i->ifa_addr->sa_family == family;
    }
    if (!seen)
        return "no such interface";
    if (!up)
        return "interface is down";
    if (need_multicast && !multicast)
        return "interface cannot multicast";
    if (need_family && !has_family)
        return family == AF_INET6 ? "interface has no IPv6 address" : "interface has no IPv4 address";
    return NULL;
}

/* ep's interface (pgm: by name or IPv4 address; norm: by name) must exist,
 * be up, hold an address of the group's family (when named) and, for pgm,
 * take multicast. Its index into *index (0: none given). ENODEV if not. */
static int check_iface(const char *op, const char *text, const zmqx__endpoint_t *ep,
                       unsigned *index)
{
    *index = 0;
    if (ep->iface[0] == '\0')
        return 0;
    struct ifaddrs *all;
    if (getifaddrs(&all) != 0)
        return zmqx__fail(op, text, errno, "cannot list the network interfaces: %s",
                          strerror(errno));
    const char *name = ep->iface_is_addr ? iface_holding(all, ep->iface_addr) : ep->iface;
    const char *why = name == NULL ? "no interface holds this address"
                                   : iface_problem(all, name, ep->family, !ep->iface_is_addr,
                                                   ep->transport != ZMQX__NORM);
    if (why == NULL)
        *index = if_nametoindex(name);
    freeifaddrs(all);
    if (why != NULL)
        return zmqx__fail(op, text, ENODEV, "interface \"%s\": %s", ep->iface, why);
    return 0;
}

/* ---- the session's sockets, tried ----------------------------------------- */

/* What the session does with its UDP socket. */
enum { TRY_REUSEADDR = 1, TRY_REUSEPORT = 2, TRY_BIND = 4, TRY_JOIN = 8 };

static int set_one(int fd, int option)
{
    int one = 1;
    return setsockopt(fd, SOL_SOCKET, option, &one, sizeof one);
}

/* The any address of ep's family with ep's port or, when group is set,
 * ep's group, into *sa; its length. */
static socklen_t sockaddr_of(const zmqx__endpoint_t *ep, int group, struct sockaddr_storage *sa)
{
    memset(sa, 0, sizeof *sa);
    if (ep->family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *) (void *) sa;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t) (group ? 0 : ep->port));
        if (group)
            memcpy(&in->sin_addr, ep->addr, 4);
        return sizeof *in;
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) (void *) sa;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t) (group ? 0 : ep->port));
    if (group)
        memcpy(&in6->sin6_addr, ep->addr, 16);
    return sizeof *in6;
}

static int join(int fd, const zmqx__endpoint_t *ep, unsigned index)
{
    struct group_req req;
    memset(&req, 0, sizeof req);
    req.gr_interface = index;
    sockaddr_of(ep, 1, &req.gr_group);
    return setsockopt(fd, ep->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6, MCAST_JOIN_GROUP,
                      &req, sizeof req);
}

/* Open a UDP socket and take the steps in how, as the session will, then
 * close it. 0, or -1 with the errno of the step that failed. */
static int trial(const char *op, const char *text, const zmqx__endpoint_t *ep, int how,
                 unsigned index)
{
    int fd = socket(ep->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return zmqx__fail(op, text, errno, "cannot open a UDP socket: %s", strerror(errno));
    struct sockaddr_storage any;
    socklen_t len = sockaddr_of(ep, 0, &any);
    const char *step = NULL;
    if ((how & TRY_REUSEADDR) && set_one(fd, SO_REUSEADDR) != 0)
        step = "set SO_REUSEADDR";
    else if ((how & TRY_REUSEPORT) && set_one(fd, SO_REUSEPORT) != 0)
        step = "set SO_REUSEPORT";
    else if ((how & TRY_BIND) && bind(fd, (struct sockaddr *) &any, len) != 0)
        step = "bind its udp port";
    else if ((how & TRY_JOIN) && join(fd, ep, index) != 0)
        step = "join the group";
    int code = errno;
    close(fd);
    if (step == NULL)
        return 0;
    if (code == EADDRINUSE)
        return zmqx__fail(op, text, code, "udp port %u is in use", ep->port);
    return zmqx__fail(op, text, code, "%s session cannot %s: %s",
                      zmqx__transport_name(ep->transport), step, strerror(code));
}

/* pgm (not epgm) runs on raw IP sockets: without CAP_NET_RAW OpenPGM
 * fails in libzmq's I/O thread. */
static int check_raw(const char *op, const char *text, const zmqx__endpoint_t *ep)
{
    int fd = socket(ep->family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_PGM);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (errno == EPERM || errno == EACCES)
        return zmqx__fail(op, text, EPERM,
                          "pgm needs raw sockets (CAP_NET_RAW); epgm (pgm over udp) does not");
    return zmqx__fail(op, text, errno, "cannot open a raw pgm socket: %s", strerror(errno));
}

/* What libzmq's pgm, epgm or norm session will need of this host. */
static int check_session(const char *op, const char *text, const zmqx__endpoint_t *ep)
{
    unsigned index;
    if (check_iface(op, text, ep, &index) != 0)
        return -1;
    if (ep->transport == ZMQX__PGM)
        return check_raw(op, text, ep) != 0 ? -1 : trial(op, text, ep, TRY_JOIN, index);
    if (ep->transport == ZMQX__EPGM)
        return trial(op, text, ep, TRY_REUSEPORT | TRY_BIND | TRY_JOIN, index);
    /* norm (norm_engine.cpp, NormSession::Open): port reuse and a join for
     * a multicast address only */
    return trial(op, text, ep,
                 ep->multicast ? TRY_REUSEADDR | TRY_REUSEPORT | TRY_BIND | TRY_JOIN : TRY_BIND,
                 index);
}

/* ---- after libzmq took the endpoint --------------------------------------- */

/* How many udp sockets of ep's family are bound to ep's port, from the
 * kernel's table (Linux /proc/net/udp, udp6); -1 if unknown. A probe bind
 * would do, but could take the port from the session starting right then. */
static int port_users(const zmqx__endpoint_t *ep)
{
    FILE *f = fopen(ep->family == AF_INET6 ? "/proc/net/udp6" : "/proc/net/udp", "re");
    if (f == NULL)
        return -1;
    char line[512];
    unsigned port;
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, " %*u: %*[0-9A-Fa-f]:%x", &port) == 1 && port == ep->port)
            n++;
    fclose(f);
    return n;
}

/* An epgm or norm endpoint's parse, or 0. */
static int session_endpoint(const char *text, zmqx__endpoint_t *ep)
{
    int saved = errno;
    int ok = zmqx__endpoint_parse("settle", text, ZMQX__EP_BIND, ep) == 0
             && (ep->transport == ZMQX__EPGM || ep->transport == ZMQX__NORM);
    errno = saved;
    return ok;
}

int zmqx__endpoint_users(const char *text)
{
    zmqx__endpoint_t ep;
    return session_endpoint(text, &ep) ? port_users(&ep) : -1;
}

void zmqx__endpoint_settle(const char *text, int users)
{
    zmqx__endpoint_t ep;
    if (users < 0 || !session_endpoint(text, &ep))
        return;
    struct timespec ms = { 0, 1000000 };
    int saved = errno;
    for (int i = 0; i < SETTLE_MS && port_users(&ep) == users; i++)
        nanosleep(&ms, NULL);
    errno = saved;
}

/* ---- the endpoint for libzmq ---------------------------------------------- */

/* Room beyond the text for the resolved endpoint: an IPv6 address with a
 * scope and a port for a tcp/ws wildcard, an ipc wildcard's path. */
#define RESOLVED_ROOM 128

char *zmqx__endpoint_prepare(const char *op, const char *text, int type, int mode, size_t *cap)
{
    zmqx__endpoint_t ep;
    if (zmqx__endpoint_parse(op, text, mode, &ep) != 0)
        return NULL;
    const char *needs = capability[ep.transport];
    if (needs != NULL && !zmq_has(needs))
        return zmqx__fail_null(op, text, EPROTONOSUPPORT,
                               "transport %s: this libzmq was built without it",
                               zmqx__transport_name(ep.transport));
    if (mode != ZMQX__EP_UNDO
        && (check_type(op, text, ep.transport, type) != 0
            || (is_multicast_transport(ep.transport) && check_session(op, text, &ep) != 0)))
        return NULL;
    size_t n = strlen(text);
    char *copy = malloc(n + RESOLVED_ROOM);
    if (copy == NULL)
        return zmqx__fail_null(op, text, ENOMEM, NULL);
    memcpy(copy, text, n + 1);
    if (ep.random_at != 0)
        copy[ep.random_at] = '*';
    *cap = n + RESOLVED_ROOM;
    return copy;
}
