/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — socket: creation, endpoints, timeouts and identity. */
#include "endpoint.h"
#include "format.h"
#include "context.h"
#include "keys.h"
#include "observer.h"
#include "sock.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const type_names[] = {
    "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB",
    "STREAM", "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
};
#define N_TYPES ((int) (sizeof type_names / sizeof type_names[0]))
#define FIRST_DRAFT_TYPE 12

/* A socket's endpoint before its first bind or connect. */
static char no_endpoint[1];

/* The socket's endpoint, and its length (for error reports). */
static void set_endpoint(zmqx_socket_t *s, char *endpoint)
{
    s->endpoint = endpoint;
    s->endpoint_len = strlen(endpoint);
}

int zmqx__sock_endpoint_room(zmqx_socket_t *s, const char *op)
{
    if (s->nkept < s->kept_cap)
        return 0;
    size_t cap = s->kept_cap ? s->kept_cap * 2 : 4;
    char **kept = cap <= SIZE_MAX / sizeof *kept ? realloc(s->kept, cap * sizeof *kept) : NULL;
    if (kept == NULL)
        return zmqx__fail(op, NULL, ENOMEM, "cannot keep %zu endpoints", cap);
    s->kept = kept;
    s->kept_cap = cap;
    return 0;
}

/* Free every endpoint string the socket kept. */
static void drop_endpoints(zmqx_socket_t *s)
{
    for (size_t i = 0; i < s->nkept; i++)
        free(s->kept[i]);
    free(s->kept);
    s->kept = NULL;
    s->nkept = s->kept_cap = 0;
    set_endpoint(s, no_endpoint);
}

const char *zmqx_socket_type_name(int type)
{
    if (type < 0 || type >= N_TYPES)
        return zmqx__fail_null("socket_type_name", NULL, EINVAL, "unknown socket type %d", type);
    return type_names[type];
}

/* Is this a type zmqx can make here? Fills the error if not. */
static int check_type(int type)
{
    if (type < 0 || type >= N_TYPES)
        return zmqx__fail("socket_new", NULL, EINVAL, "unknown socket type %d", type);
    if (type >= FIRST_DRAFT_TYPE) {
#ifdef ZMQX_HAVE_DRAFT
        if (zmq_has("draft"))
            return 0;
#endif
        return zmqx__fail("socket_new", NULL, EINVAL, "socket type %s needs libzmq's draft API",
                          type_names[type]);
    }
    return 0;
}

static int set_raw_int(void *h, int option, int value)
{
    return zmq_setsockopt(h, option, &value, sizeof value);
}

zmqx_socket_t *zmqx_socket_new(zmqx_ctx_t *ctx, int type, const char *endpoints)
{
    if (check_type(type) != 0)
        return NULL;
    ctx = zmqx__ctx_resolve(ctx, "socket_new");
    if (ctx == NULL)
        return NULL;
    zmqx_socket_t *s = calloc(1, sizeof *s);
    if (s == NULL)
        return zmqx__fail_null("socket_new", NULL, ENOMEM, NULL);
    set_endpoint(s, no_endpoint);
    s->handle = zmq_socket(ctx->handle, type);
    if (s->handle == NULL) {
        int code = zmq_errno();
        free(s);
        if (code == EMFILE)
            return zmqx__fail_null("socket_new", NULL, code,
                                   "too many sockets (ZMQ_MAX_SOCKETS or the descriptor limit)");
        return zmqx__fail_null("socket_new", NULL, code, "%s socket: %s", type_names[type],
                               zmq_strerror(code));
    }
    s->ctx = ctx;
    s->type = type;
    if (ctx->thread_check && !zmqx__type_thread_safe(type)) /* draft types */
        s->slow = ZMQX__SLOW_OWNER;
    s->owner = pthread_self();
    s->sndtimeo = s->rcvtimeo = ctx->timeout_ms;
    s->timeout_from[0] = s->timeout_from[1] = ctx->timeout_set ? ZMQX__FROM_CTX : ZMQX__FROM_DEFAULT;
    if (set_raw_int(s->handle, ZMQ_LINGER, ctx->linger_ms) != 0
        || set_raw_int(s->handle, ZMQ_SNDTIMEO, s->sndtimeo) != 0
        || set_raw_int(s->handle, ZMQ_RCVTIMEO, s->rcvtimeo) != 0) {
        int code = zmq_errno();
        zmq_close(s->handle);
        free(s);
        return zmqx__fail_null("socket_new", NULL, code, NULL);
    }
    pthread_mutex_init(&s->observers_lock, NULL);
    zmqx__ctx_add_socket(ctx, s);
    if (endpoints != NULL && zmqx_socket_attach(s, endpoints) < 0) {
        int code = errno;
        zmqx_socket_destroy(&s);
        errno = code;
        return NULL;
    }
    return s;
}

void zmqx_socket_destroy(zmqx_socket_t **sockp)
{
    if (sockp == NULL || *sockp == NULL)
        return;
    zmqx_socket_t *s = *sockp;
    *sockp = NULL;
    int saved = errno;
    zmqx__observers_gone(s);
    if (s->ctx != NULL) {
        if (s->handle != NULL && !(s->slow & ZMQX__SLOW_FORKED))
            zmq_close(s->handle);
        zmqx__ctx_remove_socket(s->ctx, s);
    }
    drop_endpoints(s);
    pthread_mutex_destroy(&s->observers_lock);
    free(s);
    errno = saved;
}

/* ---- endpoints ---------------------------------------------------------- */

/* After zmqx__sock_endpoint_room: buf joins the kept strings, unless an
 * equal one is kept already (a reconnect to the same endpoint costs
 * nothing): then that one is the endpoint and buf goes. */
void zmqx__sock_keep_endpoint(zmqx_socket_t *s, char *buf, size_t cap)
{
    /* On failure buf keeps the text libzmq was given. */
    zmq_getsockopt(s->handle, ZMQ_LAST_ENDPOINT, buf, &cap);
    for (size_t i = 0; i < s->nkept; i++) {
        if (strcmp(s->kept[i], buf) == 0) {
            free(buf);
            set_endpoint(s, s->kept[i]);
            return;
        }
    }
    s->kept[s->nkept++] = buf;
    set_endpoint(s, buf);
}

/* Bind (bind = 1) or connect one endpoint, keeping the resolved one. The
 * port (bind) or 0, -1 on error. */
static int attach_endpoint(zmqx_socket_t *s, const char *endpoint, int bind)
{
    const char *op = bind ? "bind" : "connect";
    size_t cap;
    char *buf;
    if (zmqx__sock_check(s, op) != 0
        || (buf = zmqx__endpoint_prepare(op, endpoint, s->type,
                                         bind ? ZMQX__EP_BIND : ZMQX__EP_CONNECT, &cap)) == NULL)
        return -1;
    if (zmqx__sock_zap_prepare(s, op, endpoint) != 0
        || zmqx__sock_endpoint_room(s, op) != 0) {
        free(buf);
        return -1;
    }
    int users = zmqx__endpoint_users(buf), rc;
    do /* libzmq processes commands first; a signal there stops it before it began */
        rc = bind ? zmq_bind(s->handle, buf) : zmq_connect(s->handle, buf);
    while (rc != 0 && zmq_errno() == EINTR);
    if (rc != 0) {
        int rc = zmqx__fail_zmq(op, endpoint);
        free(buf);
        return rc;
    }
    zmqx__endpoint_settle(buf, users);
    zmqx__sock_keep_endpoint(s, buf, cap);
    return bind ? zmqx__endpoint_port(s->endpoint) : 0;
}

/* Unbind (bind = 1) or disconnect one endpoint. */
static int detach_endpoint(zmqx_socket_t *s, const char *endpoint, int bind)
{
    const char *op = bind ? "unbind" : "disconnect";
    size_t cap;
    char *buf;
    if (zmqx__sock_check(s, op) != 0
        || (buf = zmqx__endpoint_prepare(op, endpoint, s->type, ZMQX__EP_UNDO, &cap)) == NULL)
        return -1;
    int rc;
    do /* as in attach_endpoint: never EINTR */
        rc = bind ? zmq_unbind(s->handle, buf) : zmq_disconnect(s->handle, buf);
    while (rc != 0 && zmq_errno() == EINTR);
    if (rc != 0)
        rc = zmq_errno() == ENOENT
                 ? zmqx__fail(op, endpoint, ENOENT, bind ? "not bound there" : "not connected there")
                 : zmqx__fail_zmq(op, endpoint);
    free(buf);
    return rc;
}

int zmqx_socket_bind(zmqx_socket_t *s, const char *endpoint)
{
    return attach_endpoint(s, endpoint, 1);
}

int zmqx_socket_connect(zmqx_socket_t *s, const char *endpoint)
{
    return attach_endpoint(s, endpoint, 0);
}

int zmqx_socket_unbind(zmqx_socket_t *s, const char *endpoint)
{
    return detach_endpoint(s, endpoint, 1);
}

int zmqx_socket_disconnect(zmqx_socket_t *s, const char *endpoint)
{
    return detach_endpoint(s, endpoint, 0);
}

static int binds_by_default(int type)
{
    switch (type) {
    case ZMQ_PUB: case ZMQ_XPUB: case ZMQ_REP: case ZMQ_ROUTER: case ZMQ_PULL:
    case 12 /* SERVER */: case 14 /* RADIO */:
        return 1;
    default:
        return 0;
    }
}

/* One attached item, kept so a later failure can undo it. */
typedef struct {
    int bound;
    char *endpoint; /* resolved (one of the socket's kept strings) */
} attached_t;

/* Attach one item, noting it in rec; the port (bind) or 0, -1 on error.
 * A bind the socket type chose that finds the address taken says how to
 * connect instead: the usual slip is a worker given its server's
 * endpoint. */
static int attach_one(zmqx_socket_t *s, const char *item, int action, attached_t *rec)
{
    int bind = action ? action == '@' : binds_by_default(s->type);
    int rc = bind ? zmqx_socket_bind(s, item) : zmqx_socket_connect(s, item);
    if (rc >= 0) {
        rec->bound = bind;
        rec->endpoint = s->endpoint;
    } else if (bind && !action && errno == EADDRINUSE) {
        zmqx__error_append(" (%s binds an endpoint without a prefix: write '>' before it to "
                           "connect)", type_names[s->type]);
    }
    return rc;
}

/* End a list of n attached items: on success the socket keeps the last
 * item's endpoint; on failure the items are undone (last first) and the
 * socket keeps the endpoint it had before the list. */
static void attach_done(zmqx_socket_t *s, attached_t *done, size_t n, int ok, char *before)
{
    for (size_t i = n; !ok && i-- > 0;) {
        if (done[i].bound)
            zmq_unbind(s->handle, done[i].endpoint);
        else
            zmq_disconnect(s->handle, done[i].endpoint);
    }
    set_endpoint(s, ok && n > 0 ? done[n - 1].endpoint : before);
}

int zmqx_socket_attach(zmqx_socket_t *s, const char *endpoints)
{
    if (zmqx__sock_check(s, "attach") != 0)
        return -1;
    if (endpoints == NULL)
        return zmqx__fail("attach", NULL, EINVAL, "endpoint list is NULL");
    size_t count = 1, len = strlen(endpoints);
    for (const char *c = endpoints; *c; c++)
        count += *c == ',';
    attached_t *done = calloc(count, sizeof *done);
    char *item = malloc(len + 1); /* holds any item */
    if (done == NULL || item == NULL) {
        free(done);
        free(item);
        return zmqx__fail("attach", endpoints, ENOMEM, NULL);
    }
    char *before = s->endpoint;
    set_endpoint(s, no_endpoint);
    zmqx__eplist_t it;
    zmqx__eplist_init(&it, endpoints);
    int port = 0, rc = 0, action;
    size_t n = 0;
    while (rc >= 0 && (rc = zmqx__eplist_next(&it, item, len + 1, &action)) > 0) {
        if ((rc = attach_one(s, item, action, &done[n])) >= 0 && done[n++].bound && rc > 0)
            port = rc;
    }
    int code = errno;
    attach_done(s, done, n, rc >= 0, before);
    free(done);
    free(item);
    errno = code;
    return rc < 0 ? -1 : port;
}

int zmqx_socket_attachf(zmqx_socket_t *s, const char *fmt, ...)
{
    if (zmqx__sock_check(s, "attach") != 0)
        return -1;
    zmqx__text_t t;
    va_list ap;
    va_start(ap, fmt);
    int rc = zmqx__vformat(&t, "attach", fmt, ap);
    va_end(ap);
    if (rc == 0) {
        rc = zmqx_socket_attach(s, t.str);
        int code = errno;
        zmqx__text_free(&t);
        errno = code;
    }
    return rc;
}

zmqx_socket_t *zmqx_socket_newf(zmqx_ctx_t *ctx, int type, const char *fmt, ...)
{
    zmqx__text_t t;
    va_list ap;
    va_start(ap, fmt);
    int rc = zmqx__vformat(&t, "socket_new", fmt, ap);
    va_end(ap);
    if (rc != 0)
        return NULL;
    zmqx_socket_t *s = zmqx_socket_new(ctx, type, t.str);
    int code = errno;
    zmqx__text_free(&t);
    errno = code;
    return s;
}

const char *zmqx_socket_endpoint(const zmqx_socket_t *s)
{
    if (s == NULL)
        return zmqx__fail_null("socket_endpoint", NULL, EINVAL, "socket is NULL");
    if (s->slow & ZMQX__SLOW_FORKED) {
        zmqx__fail_sock_forked("socket_endpoint", s);
        return NULL;
    }
    return s->endpoint;
}

int zmqx_socket_type(const zmqx_socket_t *s)
{
    if (s == NULL)
        return zmqx__fail("socket_type", NULL, EINVAL, "socket is NULL");
    if (s->slow & ZMQX__SLOW_FORKED)
        return zmqx__fail_sock_forked("socket_type", s);
    return s->type;
}

void *zmqx_socket_handle(zmqx_socket_t *s)
{
    if (zmqx__sock_check(s, "socket_handle") != 0)
        return NULL;
    return s->handle;
}

zmqx_ctx_t *zmqx_socket_ctx(zmqx_socket_t *s)
{
    if (zmqx__sock_check(s, "socket_ctx") != 0)
        return NULL;
    return s->ctx;
}

int zmqx_socket_handover(zmqx_socket_t *s)
{
    if (zmqx__sock_open(s, "socket_handover") != 0)
        return -1;
    s->owner = pthread_self();
    return 0;
}

/* ---- timeouts ----------------------------------------------------------- */

static int set_timeout(zmqx_socket_t *s, int option, int ms, const char *op)
{
    if (zmqx__sock_check(s, op) != 0)
        return -1;
    if (ms < -1)
        return zmqx__fail(op, NULL, EINVAL, "timeout %d ms out of range (-1 = forever, >= 0)", ms);
    if (set_raw_int(s->handle, option, ms) != 0)
        return zmqx__fail_zmq(op, NULL);
    zmqx__sock_timeout_changed(s, option, ms);
    return 0;
}

int zmqx_socket_set_send_timeout(zmqx_socket_t *s, int ms)
{
    return set_timeout(s, ZMQ_SNDTIMEO, ms, "set_send_timeout");
}

int zmqx_socket_set_recv_timeout(zmqx_socket_t *s, int ms)
{
    return set_timeout(s, ZMQ_RCVTIMEO, ms, "set_recv_timeout");
}

int zmqx_socket_set_timeout(zmqx_socket_t *s, int ms)
{
    if (set_timeout(s, ZMQ_SNDTIMEO, ms, "set_timeout") != 0)
        return -1;
    return set_timeout(s, ZMQ_RCVTIMEO, ms, "set_timeout");
}

/* ---- subscriptions and routing id --------------------------------------- */

static int subscription(zmqx_socket_t *s, int option, const char *prefix, const char *op)
{
    if (zmqx__sock_check(s, op) != 0)
        return -1;
    if (prefix == NULL)
        return zmqx__fail(op, NULL, EINVAL, "prefix is NULL (use \"\" for everything)");
    if (s->type != ZMQ_SUB && s->type != ZMQ_XSUB)
        return zmqx__fail(op, NULL, ENOTSUP, "socket type %s has no subscriptions",
                          type_names[s->type]);
    if (zmq_setsockopt(s->handle, option, prefix, strlen(prefix)) != 0)
        return zmqx__fail_zmq(op, NULL);
    return 0;
}

int zmqx_socket_subscribe(zmqx_socket_t *s, const char *prefix)
{
    return subscription(s, ZMQ_SUBSCRIBE, prefix, "subscribe");
}

int zmqx_socket_unsubscribe(zmqx_socket_t *s, const char *prefix)
{
    return subscription(s, ZMQ_UNSUBSCRIBE, prefix, "unsubscribe");
}

int zmqx_socket_set_routing_id(zmqx_socket_t *s, const void *id, size_t n)
{
    if (id == NULL || n < 1 || n > 255)
        return zmqx__fail("set_routing_id", NULL, EINVAL, "routing id must be 1..255 bytes");
    return zmqx_socket_set_bytes(s, ZMQ_ROUTING_ID, id, n);
}

int zmqx_socket_routing_id(zmqx_socket_t *s, void *id, size_t *n)
{
    return zmqx_socket_get_bytes(s, ZMQ_ROUTING_ID, id, n);
}

int zmqx_socket_more(zmqx_socket_t *s)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "socket_more") != 0))
        return -1;
    int more = 0;
    size_t n = sizeof more;
    if (ZMQX_UNLIKELY(zmq_getsockopt(s->handle, ZMQ_RCVMORE, &more, &n) != 0))
        return zmqx__fail_zmq("socket_more", zmqx__sock_ep(s));
    return more != 0;
}

const char *zmqx__type_name(int type)
{
    return type >= 0 && type < N_TYPES ? type_names[type] : "?";
}
