/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — socket: one libzmq socket with endpoints, timeouts and options. */
#ifndef ZMQX_SOCKET_H
#define ZMQX_SOCKET_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <zmqx/config.h> /* before <zmq.h>: a draft libzmq needs its define */
#include <zmq.h>

#include <zmqx/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_socket zmqx_socket_t;

/* Send/receive flags (same values as libzmq's). */
#define ZMQX_DONTWAIT 1   /* ZMQ_DONTWAIT: fail with EAGAIN instead of waiting */
#define ZMQX_MORE 2       /* ZMQ_SNDMORE: more parts of this message follow */
/* zmqx_send_frame only: send a reference-counted copy and keep the frame
 * (CZMQ's ZFRAME_REUSE). Not a libzmq flag: zmqx takes it off. */
#define ZMQX_KEEP 0x100

/* A new socket of a libzmq type (ZMQ_PUB ...) in ctx (NULL: the default
 * context), attached to endpoints (may be NULL; see zmqx_socket_attach).
 * Send and receive timeouts start at ZMQX_DEFAULT_TIMEOUT_MS, linger at
 * the context's default. NULL with errno (EINVAL: unknown or draft-only
 * type; EMFILE: too many sockets; ETERM; an attach error) on failure. */
ZMQX_EXPORT zmqx_socket_t *zmqx_socket_new(zmqx_ctx_t *ctx, int type, const char *endpoints);

/* Close the socket, free it and set *sockp to NULL. Safe twice / on NULL.
 * In a forked child, on a socket made before the fork: frees zmqx's memory
 * only (its calls fail with ESTALE, also through the inline macros). */
ZMQX_EXPORT void zmqx_socket_destroy(zmqx_socket_t **sockp);

/* Bind or connect every item of a comma-separated list: "@" binds, ">"
 * connects, no prefix does the type's default (bind for PUB, XPUB, REP,
 * ROUTER, PULL, SERVER, RADIO; connect otherwise): such a bind that finds
 * the address in use (EADDRINUSE) adds to its message how to connect. Spaces around items are
 * trimmed; an empty item is EINVAL. On failure, items attached before the
 * failing one are undone, the socket's endpoint is the one before, and the
 * error names the failing item. Returns the port of the last tcp bind (0
 * if none), -1 on failure. */
ZMQX_EXPORT int zmqx_socket_attach(zmqx_socket_t *s, const char *endpoints);

/* zmqx_socket_attach of a printf-formatted list: the way to connect to an
 * endpoint held in a string, whatever the type's default,
 * zmqx_socket_attachf(s, ">%s", ep). -1: EINVAL (s NULL), EFAULT (fmt
 * NULL), EINVAL ("bad format": vsnprintf refused it), ENOMEM, or as
 * zmqx_socket_attach. No length limit but memory. */
ZMQX_EXPORT int zmqx_socket_attachf(zmqx_socket_t *s, const char *fmt, ...) ZMQX_PRINTF(2, 3);

/* zmqx_socket_new attached to a printf-formatted list (fmt may not be
 * NULL): a worker connects to its server's endpoint ep with
 * zmqx_socket_newf(ctx, ZMQ_PULL, ">%s", ep). NULL with errno: as
 * zmqx_socket_attachf (op "socket_new") or zmqx_socket_new. */
ZMQX_EXPORT zmqx_socket_t *zmqx_socket_newf(zmqx_ctx_t *ctx, int type, const char *fmt, ...)
    ZMQX_PRINTF(3, 4);

/* Bind one endpoint. tcp/ws ports "*", "!" and "0" bind a free ephemeral
 * port. zmqx checks the address first (docs/endpoints.md): EINVAL (bad for
 * its transport, a port outside 1..65535), ENAMETOOLONG (ipc path),
 * EPROTONOSUPPORT (transport not in this libzmq); pgm, epgm, norm:
 * ENOCOMPATPROTO, ENODEV, EADDRINUSE, EPERM. Returns the port bound for
 * tcp/ws, 0 for other transports, -1 on error. */
ZMQX_EXPORT int zmqx_socket_bind(zmqx_socket_t *s, const char *endpoint);

/* Connect to one endpoint: zmqx_socket_bind's checks, and a random port is
 * EINVAL. 0, or -1 with errno. */
ZMQX_EXPORT int zmqx_socket_connect(zmqx_socket_t *s, const char *endpoint);

/* Undo a bind (use the resolved endpoint for a random port). 0 or -1
 * (ENOENT: not bound there; EINVAL ...: text zmqx_socket_bind refuses). */
ZMQX_EXPORT int zmqx_socket_unbind(zmqx_socket_t *s, const char *endpoint);

/* Undo a connect. 0 or -1 (ENOENT: not connected there). */
ZMQX_EXPORT int zmqx_socket_disconnect(zmqx_socket_t *s, const char *endpoint);

/* The last endpoint bound or connected, resolved ("tcp://127.0.0.1:41234"),
 * whole, or "" if none; NULL (EINVAL) for a NULL socket. The string stays
 * valid, unchanged, until zmqx_socket_destroy(s), also after later binds
 * and connects: no need to copy it while s lives. (The socket keeps each
 * distinct endpoint string it had until then.) */
ZMQX_EXPORT const char *zmqx_socket_endpoint(const zmqx_socket_t *s);

/* The socket's libzmq type (ZMQ_PUB ...), -1 on a NULL socket. */
ZMQX_EXPORT int zmqx_socket_type(const zmqx_socket_t *s);

/* "PUB", "ROUTER" ...; NULL (EINVAL) for an unknown type. */
ZMQX_EXPORT const char *zmqx_socket_type_name(int type);

/* The libzmq socket (void *) for calls zmqx does not wrap; NULL if closed. */
ZMQX_EXPORT void *zmqx_socket_handle(zmqx_socket_t *s);

/* The context the socket belongs to; NULL if closed. */
ZMQX_EXPORT zmqx_ctx_t *zmqx_socket_ctx(zmqx_socket_t *s);

/* With the owner-thread check on (ZMQX_CTX_THREAD_CHECK): the calling thread
 * becomes the socket's owner. Call it once the previous owner has stopped
 * using the socket. 0, or -1 (EINVAL: NULL; ENOTSOCK: closed). */
ZMQX_EXPORT int zmqx_socket_handover(zmqx_socket_t *s);

/* Send and receive timeouts in ms: -1 waits forever, 0 never waits. */
ZMQX_EXPORT int zmqx_socket_set_timeout(zmqx_socket_t *s, int ms);
ZMQX_EXPORT int zmqx_socket_set_send_timeout(zmqx_socket_t *s, int ms);
ZMQX_EXPORT int zmqx_socket_set_recv_timeout(zmqx_socket_t *s, int ms);

/* Typed access to any libzmq socket option. An option of another C type is
 * converted where it is safe (int <-> int64/uint64 in range), else EINVAL
 * naming the option and its type; an unknown option is EINVAL; a write to a
 * read-only option (or the reverse) is EINVAL. 0 or -1. */
ZMQX_EXPORT int zmqx_socket_set_int(zmqx_socket_t *s, int option, int value);
ZMQX_EXPORT int zmqx_socket_get_int(zmqx_socket_t *s, int option, int *value);
ZMQX_EXPORT int zmqx_socket_set_int64(zmqx_socket_t *s, int option, int64_t value);
ZMQX_EXPORT int zmqx_socket_get_int64(zmqx_socket_t *s, int option, int64_t *value);
/* Bytes options (routing id, subscriptions, keys ...). get_bytes sets *n to
 * the length; too small a buffer is EINVAL with the needed size in *n. */
ZMQX_EXPORT int zmqx_socket_set_bytes(zmqx_socket_t *s, int option, const void *v, size_t n);
ZMQX_EXPORT int zmqx_socket_get_bytes(zmqx_socket_t *s, int option, void *v, size_t *n);
/* String options (ZMQ_LAST_ENDPOINT, ZMQ_ZAP_DOMAIN ...): get writes a
 * NUL-terminated string into buf of size cap (ENOSPC if it does not fit). */
ZMQX_EXPORT int zmqx_socket_set_string(zmqx_socket_t *s, int option, const char *value);
ZMQX_EXPORT int zmqx_socket_get_string(zmqx_socket_t *s, int option, char *buf, size_t cap);

/* The libzmq name of a socket option ("ZMQ_SNDHWM"), NULL if unknown. */
ZMQX_EXPORT const char *zmqx_socket_option_name(int option);
/* The option that libzmq names name ("ZMQ_SNDHWM"; the "ZMQ_" prefix and
 * the case do not matter: "sndhwm"), or -1 with EINVAL if none. */
ZMQX_EXPORT int zmqx_socket_option_id(const char *name);
/* Set an option from text, as its type wants: a decimal number for the
 * numeric options, the bytes of text for the others (a CURVE key as 40 Z85
 * characters). 0, or -1 with errno: EINVAL for text that is not a whole
 * number where one is wanted, then as zmqx_socket_set_int64/_string. */
ZMQX_EXPORT int zmqx_socket_set_text(zmqx_socket_t *s, int option, const char *text);

/* SUB/XSUB (and DISH-less) subscriptions; "" subscribes to everything.
 * ENOTSUP on a socket type without subscriptions. */
ZMQX_EXPORT int zmqx_socket_subscribe(zmqx_socket_t *s, const char *prefix);
ZMQX_EXPORT int zmqx_socket_unsubscribe(zmqx_socket_t *s, const char *prefix);

/* Routing id (ZMQ_ROUTING_ID), 1..255 bytes. get: *n is in/out capacity. */
ZMQX_EXPORT int zmqx_socket_set_routing_id(zmqx_socket_t *s, const void *id, size_t n);
ZMQX_EXPORT int zmqx_socket_routing_id(zmqx_socket_t *s, void *id, size_t *n);

/* 1 if the last part received has more parts following, 0 if not, -1 on error. */
ZMQX_EXPORT int zmqx_socket_more(zmqx_socket_t *s);

/* Send size bytes as one part (flags: ZMQX_MORE, ZMQX_DONTWAIT). Returns the
 * size sent, or -1: EAGAIN (timeout: zmqx_error_is_timeout; or DONTWAIT),
 * EFSM, ENOTSUP, ETERM, EINTR (a retry keeps the original deadline) ... */
ZMQX_EXPORT int zmqx_send(zmqx_socket_t *s, const void *data, size_t size, int flags);

/* Receive one part into buf (cap bytes). Returns the part's full size,
 * which is more than cap when the part was truncated; -1 as for zmqx_send. */
ZMQX_EXPORT int zmqx_recv(zmqx_socket_t *s, void *buf, size_t cap, int flags);

/* Send a C string as one part, without its NUL. */
ZMQX_EXPORT int zmqx_send_str(zmqx_socket_t *s, const char *str);
/* Send a string part with ZMQX_MORE set. */
ZMQX_EXPORT int zmqx_send_strmore(zmqx_socket_t *s, const char *str);

/* Send a printf-formatted string as one part (no NUL). -1: EFAULT (fmt
 * NULL), EINVAL (a format vsnprintf refuses), ENOMEM, or as zmqx_send. */
ZMQX_EXPORT int zmqx_sendf(zmqx_socket_t *s, const char *fmt, ...) ZMQX_PRINTF(2, 3);
ZMQX_EXPORT int zmqx_vsendf(zmqx_socket_t *s, const char *fmt, va_list ap) ZMQX_PRINTF(2, 0);
/* The same with ZMQX_MORE set: more parts of this message follow (CZMQ's
 * zstr_sendfm). */
ZMQX_EXPORT int zmqx_sendfmore(zmqx_socket_t *s, const char *fmt, ...) ZMQX_PRINTF(2, 3);
ZMQX_EXPORT int zmqx_vsendfmore(zmqx_socket_t *s, const char *fmt, va_list ap)
    ZMQX_PRINTF(2, 0);

/* Receive one part as a malloc'd NUL-terminated string; the caller frees.
 * NULL with errno on failure (ENOMEM, or a receive error). */
ZMQX_EXPORT char *zmqx_recv_str(zmqx_socket_t *s);

/* ---- waiting with a per-call timeout -------------------------------------
 * For one call only: the socket's own send/receive timeouts are neither
 * used nor changed (no setsockopt). timeout_ms -1 waits forever, 0 does not
 * wait. A timeout is -1 with EAGAIN, zmqx_error_is_timeout() true and the
 * error's timeout_ms set; one deadline holds across spurious wake-ups. A
 * signal ends the call with EINTR; a retry (the same call on the same
 * socket with the same timeout, as this thread's next wait) keeps the
 * deadline. A context shutdown ends it with ETERM. */

/* Poll events (same values as libzmq's ZMQ_POLLIN ...). */
#ifndef ZMQX_POLLIN
#define ZMQX_POLLIN 1
#endif
#ifndef ZMQX_POLLOUT
#define ZMQX_POLLOUT 2
#endif
#ifndef ZMQX_POLLERR
#define ZMQX_POLLERR 4
#endif

/* Wait until s can receive (ZMQX_POLLIN) and/or send (ZMQX_POLLOUT): returns
 * the events ready (> 0), or -1: EAGAIN (timeout), EINTR, ETERM, EINVAL
 * (s NULL, events not a non-empty mix of ZMQX_POLLIN|ZMQX_POLLOUT,
 * timeout_ms < -1). */
ZMQX_EXPORT int zmqx_socket_wait(zmqx_socket_t *s, int events, int timeout_ms);

/* zmqx_recv within timeout_ms: the part's full size, or -1 as above or as
 * for zmqx_recv (ENOTSUP, EFSM ...). */
ZMQX_EXPORT int zmqx_recv_timeout(zmqx_socket_t *s, void *buf, size_t cap, int timeout_ms);

/* zmqx_send within timeout_ms (flags: ZMQX_MORE only; other bits are
 * EINVAL): the size sent, or -1 as above or as for zmqx_send. */
ZMQX_EXPORT int zmqx_send_timeout(zmqx_socket_t *s, const void *data, size_t size, int flags,
                                  int timeout_ms);

/* ---- the inline fast path -------------------------------------------------
 * zmqx_send, zmqx_recv, zmqx_send_str and zmqx_socket_more (and
 * zmqx_send_frame, zmqx_recv_frame in frame.h) are also function-like
 * macros: the caller's own code makes the one libzmq call (with ZMQ_DONTWAIT
 * for a send or receive), and calls the function of the same name (every
 * check, the waiting, the error report) only when the socket cannot take
 * that path (NULL, closed, owner-checked, a retry after EINTR pending, or
 * the last call in that direction had to wait: then the function blocks in
 * libzmq at once) or the call did not succeed at once. Behaviour is the
 * same; a call costs about 30 instructions less (docs/performance.md). The
 * functions stay exported: take their address, call them as
 * (zmqx_send)(...), or define ZMQX_NO_INLINE before including <zmqx.h>
 * never to inline. */

/* The inline fast path reads the library's objects through views of their
 * first fields: may_alias tells the compiler they are the same memory. */
#if defined(__GNUC__) || defined(__clang__)
#define ZMQX__MAY_ALIAS __attribute__((may_alias))
#else
#define ZMQX__MAY_ALIAS
#endif

/* Not API: the first fields of every zmqx_socket_t (lib/internal.h), the
 * ones named here read by the inline fast path only. They change only with
 * the library's soname; lib/socket_io.c checks the offsets. */
typedef struct ZMQX__MAY_ALIAS zmqx__socket_head {
    void *handle_;          /* the libzmq socket; NULL once closed */
    void *private0_;        /* context */
    int private1_[3];       /* type, cached timeouts */
    int64_t send_deadline_; /* nonzero: sends go out of line (a retry after
                             * EINTR is pending, or the last send waited) */
    int64_t recv_deadline_; /* the same for receiving */
    void *private2_;        /* observers */
    int private3_[2];
    int check_owner_;       /* nonzero: every call goes out of line (it
                             * checks the calling thread, or a loop or a
                             * watch must see the call) */
} zmqx__socket_head_t;

/* Not API: a flag the inline fast path adds when it calls the function
 * after its own ZMQ_DONTWAIT try failed (errno holds why), so that the
 * function does not make the same try again. */
#define ZMQX__TRIED 0x40000000

#ifndef ZMQX_NO_INLINE

#if defined(__GNUC__) || defined(__clang__)
#define ZMQX__LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define ZMQX__LIKELY(x) (x)
#endif

/* True when s may take the inline path (send: 1 to send, 0 to receive);
 * *h gets its libzmq socket. A closed socket's handle is NULL: libzmq fails
 * that call (ENOTSOCK) and the out-of-line function then reports it. */
static inline int zmqx__fast(const zmqx_socket_t *s, int send, void **h)
{
    const zmqx__socket_head_t *head = (const zmqx__socket_head_t *) (const void *) s;
    if (ZMQX__LIKELY(head != NULL && head->check_owner_ == 0 &&
                     (send ? head->send_deadline_ : head->recv_deadline_) == 0)) {
        *h = head->handle_;
        return 1;
    }
    return 0;
}

static inline int zmqx__send_fast(zmqx_socket_t *s, const void *data, size_t size, int flags)
{
    void *h = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 1, &h) && (data != NULL || size == 0))) {
        int rc = zmq_send(h, data, size, flags | ZMQ_DONTWAIT);
        if (ZMQX__LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx_send(s, data, size, flags);
}

static inline int zmqx__recv_fast(zmqx_socket_t *s, void *buf, size_t cap, int flags)
{
    void *h = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 0, &h) && (buf != NULL || cap == 0))) {
        int rc = zmq_recv(h, buf, cap, flags | ZMQ_DONTWAIT);
        if (ZMQX__LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx_recv(s, buf, cap, flags);
}

static inline int zmqx__send_str_fast(zmqx_socket_t *s, const char *str)
{
    void *h = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 1, &h) && str != NULL)) {
        size_t n = strlen(str);
        int rc = zmq_send(h, str, n, ZMQ_DONTWAIT);
        if (ZMQX__LIKELY(rc >= 0))
            return rc;
        return zmqx_send(s, str, n, ZMQX__TRIED);
    }
    return zmqx_send_str(s, str);
}

static inline int zmqx__socket_more_fast(zmqx_socket_t *s)
{
    const zmqx__socket_head_t *head = (const zmqx__socket_head_t *) (const void *) s;
    if (ZMQX__LIKELY(head != NULL && head->check_owner_ == 0)) {
        int more;
        size_t n = sizeof more;
        if (ZMQX__LIKELY(zmq_getsockopt(head->handle_, ZMQ_RCVMORE, &more, &n) == 0))
            return more != 0;
    }
    return zmqx_socket_more(s);
}

#define zmqx_send(s, data, size, flags) zmqx__send_fast((s), (data), (size), (flags))
#define zmqx_recv(s, buf, cap, flags) zmqx__recv_fast((s), (buf), (cap), (flags))
#define zmqx_send_str(s, str) zmqx__send_str_fast((s), (str))
#define zmqx_socket_more(s) zmqx__socket_more_fast(s)

#endif /* ZMQX_NO_INLINE */

#ifdef __cplusplus
}
#endif
#endif
