/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — socket options: a table of every libzmq option with its C type. */
#include "fail.h"
#include "sock.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum opt_type { T_INT, T_INT64, T_UINT64, T_BYTES, T_STRING, T_KEY };
enum { R = 1, W = 2, RW = 3 };

typedef struct {
    int id;
    const char *name;
    unsigned char type;
    unsigned char access;
} option_t;

#define O(n, t, a) { n, #n, t, a }
static const option_t options[] = {
    O(ZMQ_AFFINITY, T_UINT64, RW),
    O(ZMQ_ROUTING_ID, T_BYTES, RW),
    O(ZMQ_SUBSCRIBE, T_BYTES, W),
    O(ZMQ_UNSUBSCRIBE, T_BYTES, W),
    O(ZMQ_RATE, T_INT, RW),
    O(ZMQ_RECOVERY_IVL, T_INT, RW),
    O(ZMQ_SNDBUF, T_INT, RW),
    O(ZMQ_RCVBUF, T_INT, RW),
    O(ZMQ_RCVMORE, T_INT, R),
    O(ZMQ_FD, T_INT, R),
    O(ZMQ_EVENTS, T_INT, R),
    O(ZMQ_TYPE, T_INT, R),
    O(ZMQ_LINGER, T_INT, RW),
    O(ZMQ_RECONNECT_IVL, T_INT, RW),
    O(ZMQ_BACKLOG, T_INT, RW),
    O(ZMQ_RECONNECT_IVL_MAX, T_INT, RW),
    O(ZMQ_MAXMSGSIZE, T_INT64, RW),
    O(ZMQ_SNDHWM, T_INT, RW),
    O(ZMQ_RCVHWM, T_INT, RW),
    O(ZMQ_MULTICAST_HOPS, T_INT, RW),
    O(ZMQ_RCVTIMEO, T_INT, RW),
    O(ZMQ_SNDTIMEO, T_INT, RW),
    O(ZMQ_IPV4ONLY, T_INT, RW),
    O(ZMQ_LAST_ENDPOINT, T_STRING, R),
    O(ZMQ_ROUTER_MANDATORY, T_INT, W),
    O(ZMQ_TCP_KEEPALIVE, T_INT, RW),
    O(ZMQ_TCP_KEEPALIVE_CNT, T_INT, RW),
    O(ZMQ_TCP_KEEPALIVE_IDLE, T_INT, RW),
    O(ZMQ_TCP_KEEPALIVE_INTVL, T_INT, RW),
    O(ZMQ_TCP_ACCEPT_FILTER, T_BYTES, W),
    O(ZMQ_IMMEDIATE, T_INT, RW),
    O(ZMQ_XPUB_VERBOSE, T_INT, W),
    O(ZMQ_ROUTER_RAW, T_INT, W),
    O(ZMQ_IPV6, T_INT, RW),
    O(ZMQ_MECHANISM, T_INT, R),
    O(ZMQ_PLAIN_SERVER, T_INT, RW),
    O(ZMQ_PLAIN_USERNAME, T_STRING, RW),
    O(ZMQ_PLAIN_PASSWORD, T_STRING, RW),
    O(ZMQ_CURVE_SERVER, T_INT, RW),
    O(ZMQ_CURVE_PUBLICKEY, T_KEY, RW),
    O(ZMQ_CURVE_SECRETKEY, T_KEY, RW),
    O(ZMQ_CURVE_SERVERKEY, T_KEY, RW),
    O(ZMQ_PROBE_ROUTER, T_INT, W),
    O(ZMQ_REQ_CORRELATE, T_INT, W),
    O(ZMQ_REQ_RELAXED, T_INT, W),
    O(ZMQ_CONFLATE, T_INT, W),
    O(ZMQ_ZAP_DOMAIN, T_STRING, RW),
    O(ZMQ_ROUTER_HANDOVER, T_INT, W),
    O(ZMQ_TOS, T_INT, RW),
    O(ZMQ_IPC_FILTER_PID, T_INT, W),
    O(ZMQ_IPC_FILTER_UID, T_INT, W),
    O(ZMQ_IPC_FILTER_GID, T_INT, W),
    O(ZMQ_CONNECT_ROUTING_ID, T_BYTES, W),
    O(ZMQ_GSSAPI_SERVER, T_INT, RW),
    O(ZMQ_GSSAPI_PRINCIPAL, T_STRING, RW),
    O(ZMQ_GSSAPI_SERVICE_PRINCIPAL, T_STRING, RW),
    O(ZMQ_GSSAPI_PLAINTEXT, T_INT, RW),
    O(ZMQ_HANDSHAKE_IVL, T_INT, RW),
    O(ZMQ_SOCKS_PROXY, T_STRING, RW),
    O(ZMQ_XPUB_NODROP, T_INT, W),
    O(ZMQ_BLOCKY, T_INT, RW),
    O(ZMQ_XPUB_MANUAL, T_INT, W),
    O(ZMQ_XPUB_WELCOME_MSG, T_BYTES, W),
    O(ZMQ_STREAM_NOTIFY, T_INT, W),
    O(ZMQ_INVERT_MATCHING, T_INT, RW),
    O(ZMQ_HEARTBEAT_IVL, T_INT, RW),
    O(ZMQ_HEARTBEAT_TTL, T_INT, RW),
    O(ZMQ_HEARTBEAT_TIMEOUT, T_INT, RW),
    O(ZMQ_XPUB_VERBOSER, T_INT, W),
    O(ZMQ_CONNECT_TIMEOUT, T_INT, RW),
    O(ZMQ_TCP_MAXRT, T_INT, RW),
    O(ZMQ_THREAD_SAFE, T_INT, R),
    O(ZMQ_MULTICAST_MAXTPDU, T_INT, RW),
    O(ZMQ_VMCI_BUFFER_SIZE, T_UINT64, RW),
    O(ZMQ_VMCI_BUFFER_MIN_SIZE, T_UINT64, RW),
    O(ZMQ_VMCI_BUFFER_MAX_SIZE, T_UINT64, RW),
    O(ZMQ_VMCI_CONNECT_TIMEOUT, T_INT, RW),
    O(ZMQ_USE_FD, T_INT, RW),
    O(ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, T_INT, RW),
    O(ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, T_INT, RW),
    O(ZMQ_BINDTODEVICE, T_STRING, RW),
#ifdef ZMQX_HAVE_DRAFT
    O(ZMQ_ZAP_ENFORCE_DOMAIN, T_INT, RW),
    O(ZMQ_LOOPBACK_FASTPATH, T_INT, RW),
    O(ZMQ_METADATA, T_STRING, W),
    O(ZMQ_MULTICAST_LOOP, T_INT, RW),
    O(ZMQ_ROUTER_NOTIFY, T_INT, RW),
    O(ZMQ_XPUB_MANUAL_LAST_VALUE, T_INT, W),
    O(ZMQ_SOCKS_USERNAME, T_STRING, RW),
    O(ZMQ_SOCKS_PASSWORD, T_STRING, RW),
    O(ZMQ_IN_BATCH_SIZE, T_INT, RW),
    O(ZMQ_OUT_BATCH_SIZE, T_INT, RW),
#ifdef ZMQ_ONLY_FIRST_SUBSCRIBE
    O(ZMQ_ONLY_FIRST_SUBSCRIBE, T_INT, W),
#endif
#ifdef ZMQ_RECONNECT_STOP
    O(ZMQ_RECONNECT_STOP, T_INT, RW),
#endif
#ifdef ZMQ_HELLO_MSG
    O(ZMQ_HELLO_MSG, T_BYTES, W),
    O(ZMQ_DISCONNECT_MSG, T_BYTES, W),
#endif
#ifdef ZMQ_PRIORITY
    O(ZMQ_PRIORITY, T_INT, RW),
#endif
#endif
};
#undef O

static const char *const type_words[] = { "int", "int64", "uint64", "bytes", "string", "key" };

static const option_t *find(int id)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].id == id)
            return &options[i];
    return NULL;
}

const char *zmqx_socket_option_name(int option)
{
    const option_t *o = find(option);
    return o ? o->name : NULL;
}

int zmqx_socket_option_id(const char *name)
{
    if (name == NULL)
        return zmqx__fail("option_id", NULL, EINVAL, "name is NULL");
    const char *bare = strncasecmp(name, "ZMQ_", 4) == 0 ? name + 4 : name;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcasecmp(options[i].name + 4, bare) == 0)
            return options[i].id;
    return zmqx__fail("option_id", NULL, EINVAL, "unknown socket option \"%.64s\"", name);
}

/* Look the option up and check socket, access and type family. */
static const option_t *lookup(zmqx_socket_t *s, int option, int access, int numeric,
                              const char *op)
{
    if (zmqx__sock_check(s, op) != 0)
        return NULL;
    const option_t *o = find(option);
    if (o == NULL)
        return zmqx__fail_null(op, NULL, EINVAL, "unknown socket option %d", option);
    if (!(o->access & access))
        return zmqx__fail_null(op, NULL, EINVAL, "%s is %s", o->name,
                               access == W ? "read-only" : "write-only");
    int is_numeric = o->type <= T_UINT64;
    if (numeric != is_numeric)
        return zmqx__fail_null(op, NULL, EINVAL, "%s is of type %s", o->name,
                               type_words[o->type]);
    return o;
}

static int opt_fail(const char *op, const option_t *o)
{
    int code = zmq_errno();
    return zmqx__fail(op, NULL, code, "%s: %s", o->name, zmq_strerror(code));
}

int zmqx_socket_set_int64(zmqx_socket_t *s, int option, int64_t value)
{
    const option_t *o = lookup(s, option, W, 1, "set_option");
    if (o == NULL)
        return -1;
    int rc;
    if (o->type == T_INT) {
        if (value < INT_MIN || value > INT_MAX)
            return zmqx__fail("set_option", NULL, EINVAL, "%s: value out of int range", o->name);
        int v = (int) value;
        rc = zmq_setsockopt(s->handle, option, &v, sizeof v);
        if (rc == 0)
            zmqx__sock_timeout_changed(s, option, v);
    } else if (o->type == T_UINT64) {
        if (value < 0)
            return zmqx__fail("set_option", NULL, EINVAL, "%s: negative value for uint64", o->name);
        uint64_t v = (uint64_t) value;
        rc = zmq_setsockopt(s->handle, option, &v, sizeof v);
    } else {
        rc = zmq_setsockopt(s->handle, option, &value, sizeof value);
    }
    return rc == 0 ? 0 : opt_fail("set_option", o);
}

int zmqx_socket_set_int(zmqx_socket_t *s, int option, int value)
{
    return zmqx_socket_set_int64(s, option, value);
}

int zmqx_socket_get_int64(zmqx_socket_t *s, int option, int64_t *value)
{
    const option_t *o = lookup(s, option, R, 1, "get_option");
    if (o == NULL)
        return -1;
    if (value == NULL)
        return zmqx__fail("get_option", NULL, EFAULT, "%s: value pointer is NULL", o->name);
    union { int i; int64_t i64; uint64_t u64; } v = { 0 };
    size_t n = o->type == T_INT ? sizeof v.i : sizeof v.i64;
    int rc;
    do /* ZMQ_EVENTS processes commands first, which a signal can interrupt */
        rc = zmq_getsockopt(s->handle, option, &v, &n);
    while (rc != 0 && zmq_errno() == EINTR);
    if (rc != 0)
        return opt_fail("get_option", o);
    if (o->type == T_INT)
        *value = v.i;
    else if (o->type == T_INT64)
        *value = v.i64;
    else if (v.u64 > INT64_MAX)
        return zmqx__fail("get_option", NULL, ERANGE, "%s: value too large for int64", o->name);
    else
        *value = (int64_t) v.u64;
    return 0;
}

int zmqx_socket_get_int(zmqx_socket_t *s, int option, int *value)
{
    int64_t v;
    if (value == NULL)
        return zmqx__fail("get_option", NULL, EFAULT, "value pointer is NULL");
    if (zmqx_socket_get_int64(s, option, &v) != 0)
        return -1;
    if (v < INT_MIN || v > INT_MAX)
        return zmqx__fail("get_option", NULL, ERANGE, "%s: value does not fit an int",
                          zmqx_socket_option_name(option));
    *value = (int) v;
    return 0;
}

int zmqx_socket_set_bytes(zmqx_socket_t *s, int option, const void *v, size_t n)
{
    const option_t *o = lookup(s, option, W, 0, "set_option");
    if (o == NULL)
        return -1;
    if (v == NULL && n > 0)
        return zmqx__fail("set_option", NULL, EFAULT, "%s: value is NULL", o->name);
    if (zmq_setsockopt(s->handle, option, v, n) != 0)
        return opt_fail("set_option", o);
    return 0;
}

int zmqx_socket_get_bytes(zmqx_socket_t *s, int option, void *v, size_t *n)
{
    const option_t *o = lookup(s, option, R, 0, "get_option");
    if (o == NULL)
        return -1;
    if (v == NULL || n == NULL)
        return zmqx__fail("get_option", NULL, EFAULT, "%s: buffer or size is NULL", o->name);
    if (o->type == T_KEY && *n < 32) {
        *n = 32;
        return zmqx__fail("get_option", NULL, EINVAL, "%s: buffer too small (need 32 bytes)",
                          o->name);
    }
    if (o->type == T_KEY && *n != 32 && *n != 41)
        *n = *n >= 41 ? 41 : 32; /* libzmq wants exactly 32 (raw) or 41 (Z85) */
    size_t cap = *n;
    if (zmq_getsockopt(s->handle, option, v, n) != 0) {
        if (zmq_errno() == EINVAL && o->type != T_KEY) {
            *n = 256;
            return zmqx__fail("get_option", NULL, EINVAL,
                              "%s: buffer of %zu bytes too small", o->name, cap);
        }
        return opt_fail("get_option", o);
    }
    return 0;
}

int zmqx_socket_set_string(zmqx_socket_t *s, int option, const char *value)
{
    if (value == NULL)
        return zmqx__fail("set_option", NULL, EFAULT, "value is NULL");
    return zmqx_socket_set_bytes(s, option, value, strlen(value));
}

int zmqx_socket_set_text(zmqx_socket_t *s, int option, const char *text)
{
    if (text == NULL)
        return zmqx__fail("set_option", NULL, EFAULT, "value is NULL");
    const option_t *o = find(option);
    if (o == NULL || o->type > T_UINT64)
        return zmqx_socket_set_string(s, option, text); /* (its checks and errors) */
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return zmqx__fail("set_option", NULL, EINVAL, "%s wants a whole number, not \"%.64s\"",
                          o->name, text);
    return zmqx_socket_set_int64(s, option, v);
}

int zmqx_socket_get_string(zmqx_socket_t *s, int option, char *buf, size_t cap)
{
    if (buf == NULL || cap == 0)
        return zmqx__fail("get_option", NULL, EFAULT, "buffer is NULL or empty");
    size_t n = cap;
    const option_t *o = find(option);
    if (o != NULL && o->type == T_KEY) {
        if (cap < 41)
            return zmqx__fail("get_option", NULL, ENOSPC, "%s: a Z85 key needs 41 bytes", o->name);
        n = 41;
    }
    if (zmqx_socket_get_bytes(s, option, buf, &n) != 0) {
        if (errno == EINVAL && o != NULL && strstr(zmqx_strerror(), "too small"))
            return zmqx__fail("get_option", NULL, ENOSPC, "%s: buffer of %zu bytes too small",
                              o->name, cap);
        return -1;
    }
    if (n >= cap && (n == 0 || buf[n - 1] != '\0'))
        return zmqx__fail("get_option", NULL, ENOSPC, "%s: buffer too small", o ? o->name : "");
    if (n == 0 || buf[n - 1] != '\0')
        buf[n] = '\0';
    return 0;
}
