/* zmqx — socket: creation, endpoints, timeouts and identity. */
#include "endpoint.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const type_names[] = {
    "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB",
    "STREAM", "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
};
#define N_TYPES ((int) (sizeof type_names / sizeof type_names[0]))
#define FIRST_DRAFT_TYPE 12

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
    s->check_owner = ctx->thread_check && !zmqx__type_thread_safe(type); /* draft types */
    s->owner = pthread_self();
    s->sndtimeo = s->rcvtimeo = ZMQX_DEFAULT_TIMEOUT_MS;
    if (set_raw_int(s->handle, ZMQ_LINGER, ctx->linger_ms) != 0
        || set_raw_int(s->handle, ZMQ_SNDTIMEO, s->sndtimeo) != 0
        || set_raw_int(s->handle, ZMQ_RCVTIMEO, s->rcvtimeo) != 0) {
        int code = zmq_errno();
        zmq_close(s->handle);
        free(s);
        return zmqx__fail_null("socket_new", NULL, code, NULL);
    }
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
    zmqx__monitor_socket_gone(s);
    for (int i = 0; i < s->npollers; i++)
        zmqx__poller_socket_gone(s->pollers[i], s);
    free(s->pollers);
    if (s->ctx != NULL) {
        if (s->handle != NULL && s->ctx->pid == getpid())
            zmq_close(s->handle);
        zmqx__ctx_remove_socket(s->ctx, s);
    }
    free(s);
    errno = saved;
}

/* ---- endpoints ---------------------------------------------------------- */

void zmqx__sock_save_endpoint(zmqx_socket_t *s, const char *fallback)
{
    size_t n = sizeof s->endpoint;
    if (zmq_getsockopt(s->handle, ZMQ_LAST_ENDPOINT, s->endpoint, &n) != 0 || n == 0)
        snprintf(s->endpoint, sizeof s->endpoint, "%s", fallback);
    s->endpoint[sizeof s->endpoint - 1] = '\0';
}

int zmqx_socket_bind(zmqx_socket_t *s, const char *endpoint)
{
    char buf[ZMQX__MAX_ENDPOINT];
    if (zmqx__sock_check(s, "bind") != 0 || zmqx__endpoint_check("bind", endpoint, buf, sizeof buf) != 0
        || zmqx__sock_zap_prepare(s, "bind", endpoint) != 0)
        return -1;
    if (zmq_bind(s->handle, buf) != 0)
        return zmqx__fail_zmq("bind", endpoint);
    zmqx__sock_save_endpoint(s, buf);
    return zmqx__endpoint_port(s->endpoint);
}

int zmqx_socket_connect(zmqx_socket_t *s, const char *endpoint)
{
    char buf[ZMQX__MAX_ENDPOINT];
    if (zmqx__sock_check(s, "connect") != 0 || zmqx__endpoint_check("connect", endpoint, buf, sizeof buf) != 0
        || zmqx__sock_zap_prepare(s, "connect", endpoint) != 0)
        return -1;
    if (zmq_connect(s->handle, buf) != 0)
        return zmqx__fail_zmq("connect", endpoint);
    zmqx__sock_save_endpoint(s, buf);
    return 0;
}

int zmqx_socket_unbind(zmqx_socket_t *s, const char *endpoint)
{
    char buf[ZMQX__MAX_ENDPOINT];
    if (zmqx__sock_check(s, "unbind") != 0 || zmqx__endpoint_check("unbind", endpoint, buf, sizeof buf) != 0)
        return -1;
    if (zmq_unbind(s->handle, buf) != 0) {
        if (zmq_errno() == ENOENT)
            return zmqx__fail("unbind", endpoint, ENOENT, "not bound there");
        return zmqx__fail_zmq("unbind", endpoint);
    }
    return 0;
}

int zmqx_socket_disconnect(zmqx_socket_t *s, const char *endpoint)
{
    char buf[ZMQX__MAX_ENDPOINT];
    if (zmqx__sock_check(s, "disconnect") != 0
        || zmqx__endpoint_check("disconnect", endpoint, buf, sizeof buf) != 0)
        return -1;
    if (zmq_disconnect(s->handle, buf) != 0) {
        if (zmq_errno() == ENOENT)
            return zmqx__fail("disconnect", endpoint, ENOENT, "not connected there");
        return zmqx__fail_zmq("disconnect", endpoint);
    }
    return 0;
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
    char endpoint[256];
} attached_t;

static void undo(zmqx_socket_t *s, attached_t *done, size_t n)
{
    while (n-- > 0) {
        if (done[n].bound)
            zmq_unbind(s->handle, done[n].endpoint);
        else
            zmq_disconnect(s->handle, done[n].endpoint);
    }
}

/* Attach one item; returns the port (bind) or 0, -1 on error. */
static int attach_one(zmqx_socket_t *s, const char *item, int action, attached_t *rec)
{
    int bind = action ? action == '@' : binds_by_default(s->type);
    int rc = bind ? zmqx_socket_bind(s, item) : zmqx_socket_connect(s, item);
    if (rc >= 0) {
        rec->bound = bind;
        snprintf(rec->endpoint, sizeof rec->endpoint, "%s", s->endpoint);
    }
    return rc;
}

int zmqx_socket_attach(zmqx_socket_t *s, const char *endpoints)
{
    if (zmqx__sock_check(s, "attach") != 0)
        return -1;
    if (endpoints == NULL)
        return zmqx__fail("attach", NULL, EINVAL, "endpoint list is NULL");
    size_t count = 1;
    for (const char *c = endpoints; *c; c++)
        count += *c == ',';
    attached_t *done = calloc(count, sizeof *done);
    if (done == NULL)
        return zmqx__fail("attach", endpoints, ENOMEM, NULL);
    zmqx__eplist_t it;
    zmqx__eplist_init(&it, endpoints);
    char item[ZMQX__MAX_ENDPOINT];
    int port = 0, rc = 0, action;
    size_t n = 0;
    while (rc >= 0 && (rc = zmqx__eplist_next(&it, item, sizeof item, &action)) > 0) {
        if ((rc = attach_one(s, item, action, &done[n])) >= 0 && done[n++].bound && rc > 0)
            port = rc;
    }
    if (rc < 0) {
        int code = errno;
        undo(s, done, n);
        errno = code;
    }
    free(done);
    return rc < 0 ? -1 : port;
}

const char *zmqx_socket_endpoint(const zmqx_socket_t *s)
{
    if (s == NULL)
        return zmqx__fail_null("socket_endpoint", NULL, EINVAL, "socket is NULL");
    return s->endpoint;
}

int zmqx_socket_type(const zmqx_socket_t *s)
{
    if (s == NULL)
        return zmqx__fail("socket_type", NULL, EINVAL, "socket is NULL");
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
    if (option == ZMQ_SNDTIMEO) {
        s->sndtimeo = ms;
        s->send_deadline = 0;
    } else {
        s->rcvtimeo = ms;
        s->recv_deadline = 0;
    }
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

void zmqx__sock_timeout_changed(zmqx_socket_t *s, int option, int ms)
{
    if (option == ZMQ_SNDTIMEO) {
        s->sndtimeo = ms;
        s->send_deadline = 0;
    } else if (option == ZMQ_RCVTIMEO) {
        s->rcvtimeo = ms;
        s->recv_deadline = 0;
    }
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
    int more = 0;
    if (zmqx_socket_get_int(s, ZMQ_RCVMORE, &more) != 0)
        return -1;
    return more != 0;
}

const char *zmqx__type_name(int type)
{
    return type >= 0 && type < N_TYPES ? type_names[type] : "?";
}
