/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — endpoint text: what each transport's address may look like, as
 * libzmq 4.3.4 reads it (src/tcp_address.cpp, ws_address.cpp,
 * udp_address.cpp, ip_resolver.cpp, ipc_address.cpp, tipc_address.cpp,
 * vmci_address.cpp, pgm_socket.cpp, norm_engine.cpp) but without its
 * silent wrap-arounds (atoi into a 16-bit port); random-port translation;
 * list walking. No libzmq or system calls: test/fuzz/fuzz_endpoint.c
 * drives it. */
#include "endpoint.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static const char *const transports[] = {
    "tcp", "ipc", "inproc", "pgm", "epgm", "tipc", "vmci", "udp", "ws", "wss", "norm",
};
#define N_TRANSPORTS ((int) (sizeof transports / sizeof transports[0]))

const char *zmqx__transport_name(int transport)
{
    return transport >= 0 && transport < N_TRANSPORTS ? transports[transport] : "?";
}

static int find_transport(const char *name, size_t len)
{
    for (int i = 0; i < N_TRANSPORTS; i++)
        if (strlen(transports[i]) == len && memcmp(name, transports[i], len) == 0)
            return i;
    return -1;
}

/* One parse: what the messages name, and where the result goes. */
typedef struct {
    const char *op;
    const char *text;      /* the whole endpoint */
    const char *addr;      /* the part after "://" */
    int mode;              /* ZMQX__EP_... */
    zmqx__endpoint_t *ep;
} parse_t;

static int bad(const parse_t *p, const char *fmt, ...) ZMQX_PRINTF(2, 3);
static int bad(const parse_t *p, const char *fmt, ...)
{
    char detail[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return zmqx__fail(p->op, p->text, EINVAL, "%s", detail);
}

/* ---- numbers and ports -------------------------------------------------- */

/* Decimal digits only, at most max; -1 if not. */
static long long number(const char *s, size_t n, long long max)
{
    if (n == 0)
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
        if (v > max)
            return -1;
    }
    return v;
}

/* Digits, maybe after a '-': a number, if not a port. */
static int is_numeric(const char *s, size_t n)
{
    if (n > 0 && *s == '-') {
        s++;
        n--;
    }
    return n > 0 && strspn(s, "0123456789") >= n;
}

/* What a port may be besides 1..65535. */
enum {
    PORT_FIXED = 0,   /* a connect: random ports are for bind */
    PORT_ANY = 1,     /* also "*" and "0" (a tcp source port) */
    PORT_RANDOM = 3,  /* also "*", "0" and "!" (a bind) */
    PORT_SESSION = 4, /* pgm, epgm, norm: a fixed port, bind or connect */
};

static int is_random_token(const char *s, size_t n)
{
    return n == 1 && (*s == '*' || *s == '!' || *s == '0');
}

/* Check the n-char port at s under rules; a "!" is noted for translation.
 * 0, or -1 with the error naming what ("port", "source port"). */
static int check_port(const parse_t *p, const char *s, size_t n, int rules, const char *what)
{
    if (is_random_token(s, n) && (rules & PORT_ANY) && (*s != '!' || rules == PORT_RANDOM)) {
        if (*s == '!')
            p->ep->random_at = (size_t) (s - p->text);
        return 0;
    }
    long long v = number(s, n, 65535);
    if (v >= 1)
        return 0;
    const char *kind = is_numeric(s, n) ? "out of range" : "is not a number";
    const char *tail = rules == PORT_RANDOM ? ", or *, ! or 0 for a random port"
                       : rules == PORT_ANY  ? ", or * or 0 for any port"
                       : rules == PORT_FIXED && is_random_token(s, n) ? "; a random port is only for bind"
                                               : "";
    return bad(p, "%s \"%.*s\" %s (1..65535%s)", what, (int) n, s, kind, tail);
}

/* The last ':' in the n chars at s, or NULL. */
static const char *last_colon(const char *s, size_t n)
{
    while (n-- > 0)
        if (s[n] == ':')
            return s + n;
    return NULL;
}

/* "host:port" in the n chars at s (the last ':' ends the host). */
static int check_host_port(const parse_t *p, const char *s, size_t n, int rules, const char *what)
{
    const char *colon = last_colon(s, n);
    if (colon == NULL || colon == s)
        return bad(p, "expected %shost:port in \"%.*s\"", what, (int) n, s);
    char label[32];
    snprintf(label, sizeof label, "%sport", what);
    return check_port(p, colon + 1, (size_t) (s + n - colon - 1), rules, label);
}

static int port_rules(const parse_t *p)
{
    return p->mode == ZMQX__EP_CONNECT ? PORT_FIXED : PORT_RANDOM;
}

/* ---- tcp, ws, wss, udp -------------------------------------------------- */

/* tcp: [source-host:port;]host:port (tcp_address.cpp); the source port
 * may be "*" or "0". */
static int parse_tcp(const parse_t *p)
{
    const char *a = p->addr, *semi = strrchr(a, ';');
    if (semi != NULL) {
        if (check_host_port(p, a, (size_t) (semi - a), PORT_ANY, "source ") != 0)
            return -1;
        a = semi + 1;
    }
    return check_host_port(p, a, strlen(a), port_rules(p), "");
}

/* ws, wss: host:port[/path] (ws_address.cpp). */
static int parse_ws(const parse_t *p)
{
    const char *slash = strchr(p->addr, '/');
    size_t n = slash ? (size_t) (slash - p->addr) : strlen(p->addr);
    return check_host_port(p, p->addr, n, port_rules(p), "");
}

/* udp: [interface;]host:port (udp_address.cpp). */
static int parse_udp(const parse_t *p)
{
    const char *a = p->addr, *semi = strrchr(a, ';');
    if (semi == a)
        return bad(p, "empty interface before ';'");
    if (semi != NULL)
        a = semi + 1;
    return check_host_port(p, a, strlen(a), port_rules(p), "");
}

/* ---- ipc, inproc -------------------------------------------------------- */

/* ipc: a path that fits a unix socket address, "@name" (abstract), or for
 * bind "*" (a fresh temporary path) (ipc_address.cpp). */
static int parse_ipc(const parse_t *p)
{
    size_t n = strlen(p->addr), max = sizeof ((struct sockaddr_un *) 0)->sun_path - 1;
    if (n > max)
        return zmqx__fail(p->op, p->text, ENAMETOOLONG,
                          "ipc path is %zu bytes, a unix socket address holds at most %zu", n,
                          max);
    if (strcmp(p->addr, "@") == 0)
        return bad(p, "abstract ipc name after '@' is empty");
    return 0;
}

/* ---- pgm, epgm, norm: addresses the host checks take up ---------------- */

/* Copy the n-char interface at s into the result. */
static int take_iface(const parse_t *p, const char *s, size_t n)
{
    if (n == 0)
        return bad(p, "empty interface before ';'");
    if (n >= sizeof p->ep->iface)
        return bad(p, "interface \"%.*s\" is too long", (int) n, s);
    memcpy(p->ep->iface, s, n);
    p->ep->iface[n] = '\0';
    return 0;
}

/* A numeric IPv4 or IPv6 address (brackets allowed when brackets is set)
 * into the result; 0, or -1 without an error. */
static int take_addr(const parse_t *p, const char *s, size_t n, int brackets)
{
    char buf[64];
    if (brackets && n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    zmqx__endpoint_t *ep = p->ep;
    if (inet_pton(AF_INET, buf, ep->addr) == 1) {
        ep->family = AF_INET;
        ep->multicast = ep->addr[0] >= 224 && ep->addr[0] <= 239;
    } else if (inet_pton(AF_INET6, buf, ep->addr) == 1) {
        ep->family = AF_INET6;
        ep->multicast = ep->addr[0] == 0xff;
    } else {
        return -1;
    }
    return 0;
}

/* "...:port" at the end of the n chars at s: the port into the result and
 * the length before the ':' into *before. */
static int take_port(const parse_t *p, const char *s, size_t n, size_t *before)
{
    const char *colon = last_colon(s, n);
    if (colon == NULL)
        return bad(p, "expected address:port in \"%.*s\"", (int) n, s);
    size_t pn = (size_t) (s + n - colon - 1);
    if (check_port(p, colon + 1, pn, PORT_SESSION, "port") != 0)
        return -1;
    p->ep->port = (unsigned) number(colon + 1, pn, 65535);
    *before = (size_t) (colon - s);
    return 0;
}

/* pgm, epgm: interface;group:port, as zmq_pgm(7) documents it: the
 * interface by name or by IPv4 address, a numeric multicast group (IPv6
 * in brackets or not), a port 1..65535 (pgm_socket.cpp reads it with
 * atoi: 0 fails without an errno and 65536 wraps). */
static int parse_pgm(const parse_t *p)
{
    const char *a = p->addr, *semi = strchr(a, ';');
    if (semi == NULL || strchr(semi + 1, ';') != NULL)
        return bad(p, "expected interface;group:port (e.g. eth0;239.192.1.1:5555)");
    if (take_iface(p, a, (size_t) (semi - a)) != 0)
        return -1;
    p->ep->iface_is_addr = inet_pton(AF_INET, p->ep->iface, p->ep->iface_addr) == 1;
    const char *g = semi + 1;
    size_t glen;
    if (take_port(p, g, strlen(g), &glen) != 0)
        return -1;
    if (take_addr(p, g, glen, 1) != 0 || !p->ep->multicast)
        return bad(p, "group \"%.*s\" is not a numeric multicast address (224.0.0.0/4 or ff00::/8)",
                   (int) glen, g);
    return 0;
}

/* norm: [node-id,][interface;]address:port (norm_engine.cpp): the id
 * 1..2147483647 (atoi), the interface by name, a numeric address (NORM
 * resolves names in libzmq's I/O thread, takes IPv6 without brackets). */
static int parse_norm(const parse_t *p)
{
    const char *a = p->addr, *comma = strchr(a, ',');
    if (comma != NULL) {
        if (number(a, (size_t) (comma - a), 2147483647) < 1)
            return bad(p, "norm node id \"%.*s\" is not 1..2147483647", (int) (comma - a), a);
        a = comma + 1;
    }
    const char *semi = strchr(a, ';');
    if (semi != NULL) {
        if (take_iface(p, a, (size_t) (semi - a)) != 0)
            return -1;
        a = semi + 1;
    }
    size_t alen;
    if (take_port(p, a, strlen(a), &alen) != 0)
        return -1;
    if (take_addr(p, a, alen, 0) != 0)
        return bad(p, "address \"%.*s\" is not a numeric IPv4 or IPv6 address%s", (int) alen, a,
                   a[0] == '[' ? " (norm takes IPv6 without brackets)" : "");
    return 0;
}

/* ---- tipc, vmci --------------------------------------------------------- */

/* Digits at *s up to max, followed by the char end; *s moves past end. */
static int take_uint(const char **s, long long max, char end, unsigned long long *v)
{
    size_t n = strspn(*s, "0123456789");
    long long x = number(*s, n, max);
    if (x < 0 || (*s)[n] != end)
        return -1;
    *v = (unsigned long long) x;
    *s += n + (end != '\0');
    return 0;
}

/* z.c.n of a tipc node address followed by end (zone 0..255, cluster and
 * node 0..4095: tipc_addr packs them into 32 bits). */
static int take_tipc_node(const char **s, char end)
{
    unsigned long long z, c, n;
    return take_uint(s, 255, '.', &z) == 0 && take_uint(s, 4095, '.', &c) == 0
                   && take_uint(s, 4095, end, &n) == 0
               ? 0 : -1;
}

/* "a,b}" or "a,b,c}" (32-bit numbers) into v and *count; *s moves past '}'. */
static int take_braces(const char **s, unsigned long long v[3], int *count)
{
    for (*count = 0; *count < 3;) {
        char end = (*s)[strspn(*s, "0123456789")];
        if ((end != ',' && end != '}') || take_uint(s, 4294967295LL, end, &v[(*count)++]) != 0)
            return -1;
        if (end == '}')
            return *count >= 2 ? 0 : -1;
    }
    return -1;
}

/* Nothing, or "@z.c.n". */
static int take_tipc_domain(const char *s)
{
    if (*s == '\0')
        return 0;
    s++;
    return s[-1] == '@' ? take_tipc_node(&s, '\0') : -1;
}

/* tipc (tipc_address.cpp): {type,lower,upper} with type >= 64 and
 * lower <= upper, {type,instance} with type > 64, either with an optional
 * @z.c.n domain; <z.c.n:ref>; and for bind <*>. libzmq's sscanf takes
 * more (signs, trailing text) and returns EINVAL without setting errno. */
static int parse_tipc(const parse_t *p)
{
    const char *s = p->addr;
    unsigned long long v[3];
    int n;
    if (strcmp(s, "<*>") == 0)
        return p->mode == ZMQX__EP_CONNECT ? bad(p, "tipc <*> (a random port id) is only for bind")
                                           : 0;
    if (*s == '<') {
        s++;
        if (take_tipc_node(&s, ':') == 0 && take_uint(&s, 4294967295LL, '>', v) == 0 && *s == '\0')
            return 0;
    } else if (*s == '{') {
        s++;
        if (take_braces(&s, v, &n) == 0 && take_tipc_domain(s) == 0) {
            if ((n == 3 && v[0] >= 64 && v[1] <= v[2]) || (n == 2 && v[0] > 64))
                return 0;
            return bad(p, "tipc {type,lower,upper} needs type >= 64 and lower <= upper, "
                          "{type,instance} type > 64");
        }
    }
    return bad(p, "tipc address is not {type,lower,upper}, {type,instance} (each with an "
                  "optional @zone.cluster.node), <zone.cluster.node:ref> or <*>");
}

/* vmci (vmci_address.cpp): cid:port, cid a number, "@" (local), "*" or
 * "-1" (any); port a number, "*" or "-1" (any). */
static int vmci_part(const char *s, size_t n, int local_ok)
{
    if ((n == 1 && (*s == '*' || (local_ok && *s == '@'))) || (n == 2 && memcmp(s, "-1", 2) == 0))
        return 0;
    return number(s, n, 4294967295LL) >= 0 ? 0 : -1;
}

static int parse_vmci(const parse_t *p)
{
    const char *colon = strrchr(p->addr, ':');
    if (colon == NULL || vmci_part(p->addr, (size_t) (colon - p->addr), 1) != 0
        || vmci_part(colon + 1, strlen(colon + 1), 0) != 0)
        return bad(p, "vmci address is not cid:port (cid a number, @ or *; port a number or *)");
    return 0;
}

static int parse_inproc(const parse_t *p)
{
    (void) p;
    return 0;
}

/* ---- the endpoint --------------------------------------------------------- */

typedef int parse_fn(const parse_t *p);
static parse_fn *const parsers[] = {
    [ZMQX__TCP] = parse_tcp,   [ZMQX__IPC] = parse_ipc,   [ZMQX__INPROC] = parse_inproc,
    [ZMQX__PGM] = parse_pgm,   [ZMQX__EPGM] = parse_pgm,  [ZMQX__TIPC] = parse_tipc,
    [ZMQX__VMCI] = parse_vmci, [ZMQX__UDP] = parse_udp,   [ZMQX__WS] = parse_ws,
    [ZMQX__WSS] = parse_ws,    [ZMQX__NORM] = parse_norm,
};

int zmqx__endpoint_parse(const char *op, const char *text, int mode, zmqx__endpoint_t *ep)
{
    memset(ep, 0, sizeof *ep);
    if (text == NULL)
        return zmqx__fail(op, NULL, EINVAL, "endpoint is NULL");
    if (text[0] == '\0')
        return zmqx__fail(op, NULL, EINVAL, "empty endpoint");
    const char *sep = strstr(text, "://");
    ep->transport = sep ? find_transport(text, (size_t) (sep - text)) : -1;
    if (ep->transport < 0 || sep[3] == '\0')
        return zmqx__fail(op, text, EINVAL,
                          "malformed endpoint (expected transport://address, "
                          "transport one of tcp ipc inproc pgm epgm tipc vmci udp ws wss norm)");
    parse_t p = { op, text, sep + 3, mode, ep };
    return parsers[ep->transport](&p);
}

int zmqx__endpoint_port(const char *ep)
{
    if (strncmp(ep, "tcp://", 6) != 0 && strncmp(ep, "ws://", 5) != 0)
        return 0;
    const char *colon = strrchr(ep, ':');
    if (colon == NULL || colon[1] < '0' || colon[1] > '9')
        return 0;
    long port = strtol(colon + 1, NULL, 10);
    return port > 0 && port <= 65535 ? (int) port : 0;
}

void zmqx__eplist_init(zmqx__eplist_t *it, const char *list)
{
    it->list = list;
    it->next = list;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

int zmqx__eplist_next(zmqx__eplist_t *it, char *buf, size_t cap, int *action)
{
    if (it->next == NULL)
        return 0;
    const char *start = it->next, *end = strchr(start, ',');
    it->next = end ? end + 1 : NULL;
    if (end == NULL)
        end = start + strlen(start);
    while (start < end && is_space(*start))
        start++;
    while (end > start && is_space(end[-1]))
        end--;
    *action = 0;
    if (start < end && (*start == '@' || *start == '>'))
        *action = *start++;
    size_t n = (size_t) (end - start);
    if (n == 0)
        return zmqx__fail("attach", it->list, EINVAL, "empty endpoint in list \"%s\"", it->list);
    if (n >= cap)
        return zmqx__fail("attach", it->list, EINVAL, "endpoint longer than %zu bytes",
                          cap - 1);
    memcpy(buf, start, n);
    buf[n] = '\0';
    return 1;
}
