/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — authenticator: the ZAP handler thread, the ZAP protocol (RFC 27)
 * and the authenticator's life cycle.
 *
 * The handler is a ROUTER socket bound at inproc://zeromq.zap.01 in the
 * context (libzmq allows one per context, so a second authenticator gets
 * EADDRINUSE). Its thread waits with zmq_poll on that socket and on the read
 * end of a pipe: destroy writes to the pipe, a context shutdown makes
 * zmq_poll fail with ETERM; either way the thread closes the socket and
 * ends, so neither destroy nor zmq_ctx_term can hang on it.
 *
 * It fails closed. Nothing else ends the thread: it blocks every signal
 * (zmqx__thread_start), retries what EINTR interrupts anyway, and drops a
 * request it cannot read or answer (that client's handshake never
 * completes, so it is refused) instead of giving up. ROUTER rather than
 * REP: a failed reply can never leave it in a state that refuses the next
 * request. And where the handler is gone, the server sockets zmqx set up
 * refuse every client (zmqx__sock_zap_prepare, lib/security_socket.c). */
#include "auth_internal.h"
#include "context.h"
#include "deadline.h"
#include "thread.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define MAX_FRAMES 10 /* version, id, domain, address, identity, mechanism, credentials */

/* ---- scopes ------------------------------------------------------------- */

int zmqx__auth_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = realloc(*arr, ncap * elem);
    if (p == NULL)
        return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

zmqx__scope_t *zmqx__auth_find(zmqx_auth_t *a, const char *domain)
{
    if (domain == NULL)
        domain = "";
    for (size_t i = 0; i < a->nscopes; i++)
        if (strcmp(a->scopes[i].domain, domain) == 0)
            return &a->scopes[i];
    return NULL;
}

int zmqx__auth_scopes(zmqx_auth_t *a, const char *domain, zmqx__scope_t *out[2])
{
    int n = 0;
    if (domain != NULL && domain[0] != '\0' && (out[0] = zmqx__auth_find(a, domain)) != NULL)
        n++;
    out[n++] = &a->scopes[0];
    return n;
}

/* Append an empty scope for domain. NULL on ENOMEM. */
static zmqx__scope_t *scope_add(zmqx_auth_t *a, const char *domain)
{
    char *name = strdup(domain);
    if (name == NULL
        || zmqx__auth_grow((void **) &a->scopes, &a->capscopes, a->nscopes, sizeof *a->scopes)) {
        free(name);
        return NULL;
    }
    zmqx__scope_t *sc = &a->scopes[a->nscopes++];
    memset(sc, 0, sizeof *sc);
    sc->domain = name;
    return sc;
}

static void scope_clear(zmqx__scope_t *sc)
{
    zmqx__scope_free_addresses(sc);
    zmqx__scope_free_creds(sc);
    sc->curve_any = false;
}

int zmqx__auth_check(const zmqx_auth_t *a, const char *op)
{
    if (a == NULL)
        return zmqx__fail(op, NULL, EINVAL, "authenticator is NULL");
    return zmqx__origin_check(&a->origin, op, "authenticator");
}

zmqx__scope_t *zmqx__auth_begin(zmqx_auth_t *a, const char *op)
{
    if (zmqx__auth_check(a, op) != 0)
        return NULL;
    pthread_mutex_lock(&a->lock);
    zmqx__scope_t *sc = zmqx__auth_find(a, a->selected);
    if (sc == NULL && (sc = scope_add(a, a->selected)) == NULL) {
        pthread_mutex_unlock(&a->lock);
        return zmqx__fail_null(op, NULL, ENOMEM, NULL);
    }
    return sc;
}

void zmqx__auth_end(zmqx_auth_t *a)
{
    pthread_mutex_unlock(&a->lock);
}

int zmqx_auth_domain(zmqx_auth_t *a, const char *domain)
{
    if (zmqx__auth_check(a, "auth_domain") != 0)
        return -1;
    if (domain == NULL)
        domain = "";
    size_t len = strlen(domain);
    if (len >= sizeof a->selected)
        return zmqx__fail("auth_domain", NULL, EINVAL, "domain longer than 255 chars");
    pthread_mutex_lock(&a->lock);
    memcpy(a->selected, domain, len + 1);
    pthread_mutex_unlock(&a->lock);
    return 0;
}

int zmqx_auth_clear(zmqx_auth_t *a)
{
    zmqx__scope_t *sc = zmqx__auth_begin(a, "auth_clear");
    if (sc == NULL)
        return -1;
    scope_clear(sc);
    zmqx__auth_end(a);
    return 0;
}

int zmqx_auth_set_verbose(zmqx_auth_t *a, bool verbose)
{
    if (zmqx__auth_check(a, "auth_set_verbose") != 0)
        return -1;
    pthread_mutex_lock(&a->lock);
    a->verbose = verbose;
    pthread_mutex_unlock(&a->lock);
    return 0;
}

/* ---- the ZAP protocol --------------------------------------------------- */

typedef struct {
    zmq_msg_t part[MAX_FRAMES];
    int n;            /* parts kept */
    bool too_many;    /* more parts came than fit */
    char domain[256], address[256], mechanism[32];
} zap_request_t;

typedef struct {
    const char *code, *text;
    char user_id[256];
} verdict_t;

/* Copy part i as a C string into buf; false if absent or too long. */
static bool part_str(zap_request_t *r, int i, char *buf, size_t cap)
{
    if (i >= r->n || zmq_msg_size(&r->part[i]) >= cap)
        return false;
    size_t n = zmq_msg_size(&r->part[i]);
    memcpy(buf, zmq_msg_data(&r->part[i]), n);
    buf[n] = '\0';
    return strlen(buf) == n;
}

/* Receive the next part, retrying after EINTR: 0, or -1 (zmq_errno()). */
static int zap_recv_part(void *zap, zmq_msg_t *m)
{
    while (zmq_msg_recv(m, zap, ZMQ_DONTWAIT) < 0)
        if (zmq_errno() != EINTR)
            return -1;
    return 0;
}

/* Receive the rest of a message, keeping up to MAX_FRAMES parts. */
static int zap_recv_body(void *zap, zap_request_t *r)
{
    zmq_msg_t extra;
    int more = 1;
    while (more) {
        zmq_msg_t *m = r->n < MAX_FRAMES ? &r->part[r->n] : &extra;
        zmq_msg_init(m);
        if (zap_recv_part(zap, m) != 0) {
            zmq_msg_close(m);
            return -1;
        }
        more = zmq_msg_more(m);
        if (m == &extra) {
            r->too_many = true;
            zmq_msg_close(m);
        } else {
            r->n++;
        }
    }
    return 0;
}

/* Receive one request: the ROUTER's routing id, the empty delimiter, then
 * the RFC 27 frames. 1 = a request, 0 = nothing (or a message without the
 * envelope, dropped), -1 = the socket failed (zmq_errno()). */
static int zap_recv(void *zap, zmq_msg_t *route, zap_request_t *r)
{
    r->n = 0;
    r->too_many = false;
    zmq_msg_t delim;
    zmq_msg_init(&delim);
    if (zap_recv_part(zap, route) != 0) {
        zmq_msg_close(&delim);
        return zmq_errno() == EAGAIN ? 0 : -1;
    }
    int ok = zmq_msg_more(route) && zap_recv_part(zap, &delim) == 0;
    if (!ok && zmq_msg_more(route)) {
        zmq_msg_close(&delim);
        return -1;
    }
    int framed = ok && zmq_msg_size(&delim) == 0;
    int rc = ok && zmq_msg_more(&delim) ? zap_recv_body(zap, r) : 0;
    zmq_msg_close(&delim);
    if (rc == 0 && !framed)
        return 0; /* not a ZAP request: dropped, as a REP socket would */
    return rc == 0 ? 1 : -1;
}

static void zap_release(zap_request_t *r)
{
    for (int i = 0; i < r->n; i++) {
        if (i >= 6) /* credentials: a password may be among them */
            zmqx__wipe(zmq_msg_data(&r->part[i]), zmq_msg_size(&r->part[i]));
        zmq_msg_close(&r->part[i]);
    }
    r->n = 0;
}

static void set_verdict(verdict_t *v, const char *code, const char *text)
{
    v->code = code;
    v->text = text;
}

/* Judge a well-formed request (lock held). */
static void judge_mechanism(zmqx_auth_t *a, zap_request_t *r, verdict_t *v)
{
    int ncreds = r->n - 6;
    zmq_msg_t *cred = &r->part[6];
    if (strcmp(r->mechanism, "NULL") == 0 && ncreds == 0) {
        snprintf(v->user_id, sizeof v->user_id, "%s", r->address);
        set_verdict(v, "200", "OK");
    } else if (strcmp(r->mechanism, "PLAIN") == 0 && ncreds == 2) {
        if (zmqx__auth_plain_ok(a, r->domain, zmq_msg_data(&cred[0]), zmq_msg_size(&cred[0]),
                                zmq_msg_data(&cred[1]), zmq_msg_size(&cred[1]), v->user_id))
            set_verdict(v, "200", "OK");
        else
            set_verdict(v, "400", "invalid user name or password");
    } else if (strcmp(r->mechanism, "CURVE") == 0 && ncreds == 1
               && zmq_msg_size(&cred[0]) == 32) {
        if (zmqx__auth_curve_ok(a, r->domain, zmq_msg_data(&cred[0]), v->user_id))
            set_verdict(v, "200", "OK");
        else
            set_verdict(v, "400", "client key not allowed");
    } else if (strcmp(r->mechanism, "NULL") == 0 || strcmp(r->mechanism, "PLAIN") == 0
               || strcmp(r->mechanism, "CURVE") == 0) {
        set_verdict(v, "400", "malformed credentials");
    } else {
        set_verdict(v, "400", "mechanism not supported");
    }
}

/* Does r have the frames of RFC 27 (fills domain, address, mechanism)? */
static bool well_formed(zap_request_t *r)
{
    char version[8];
    if (!r->too_many && r->n >= 6 && part_str(r, 0, version, sizeof version)
        && strcmp(version, "1.0") == 0 && part_str(r, 2, r->domain, sizeof r->domain)
        && part_str(r, 3, r->address, sizeof r->address)
        && part_str(r, 5, r->mechanism, sizeof r->mechanism))
        return true;
    r->domain[0] = r->address[0] = r->mechanism[0] = '\0';
    return false;
}

static void judge(zmqx_auth_t *a, zap_request_t *r, verdict_t *v, bool *verbose)
{
    v->user_id[0] = '\0';
    bool ok = well_formed(r);
    pthread_mutex_lock(&a->lock);
    *verbose = a->verbose;
    if (!ok)
        set_verdict(v, "500", "malformed ZAP request");
    else if (!zmqx__auth_address_ok(a, r->domain, r->address))
        set_verdict(v, "400", "address not allowed");
    else
        judge_mechanism(a, r, v);
    pthread_mutex_unlock(&a->lock);
}

/* Send one part, retrying after EINTR: 0, or -1 (zmq_errno()). */
static int zap_send(void *zap, const void *data, size_t n, int flags)
{
    while (zmq_send(zap, data, n, flags) < 0)
        if (zmq_errno() != EINTR)
            return -1;
    return 0;
}

/* Answer r through route: 0, or -1 (zmq_errno()). */
static int zap_reply(void *zap, zmq_msg_t *route, zap_request_t *r, const verdict_t *v)
{
    const void *id = r->n > 1 ? zmq_msg_data(&r->part[1]) : "";
    size_t idlen = r->n > 1 ? zmq_msg_size(&r->part[1]) : 0;
    const struct {
        const void *data;
        size_t n;
    } frames[] = {
        { zmq_msg_data(route), zmq_msg_size(route) }, { "", 0 }, { "1.0", 3 }, { id, idlen },
        { v->code, 3 }, { v->text, strlen(v->text) }, { v->user_id, strlen(v->user_id) },
        { "", 0 }, /* metadata: none */
    };
    size_t count = sizeof frames / sizeof frames[0];
    for (size_t i = 0; i < count; i++)
        if (zap_send(zap, frames[i].data, frames[i].n, i + 1 < count ? ZMQ_SNDMORE : 0) != 0)
            return -1;
    return 0;
}

/* Log a decision: mechanism, domain, address and user id; never a
 * password (PLAIN's user id is the user name, CURVE's a public key). */
static void log_verdict(const zap_request_t *r, const verdict_t *v)
{
    fprintf(stderr, "zmqx auth: %s client from \"%s\", domain \"%s\": %s %s%s%s%s\n",
            r->mechanism[0] ? r->mechanism : "?", r->address, r->domain, v->code, v->text,
            v->user_id[0] ? " (user id \"" : "", v->user_id, v->user_id[0] ? "\")" : "");
}

/* Answer one request: 0, or -1 when the socket failed (zmq_errno()). */
static int zap_serve_one(zmqx_auth_t *a)
{
    zap_request_t r;
    zmq_msg_t route;
    zmq_msg_init(&route);
    int rc = zap_recv(a->zap, &route, &r);
    if (rc == 1) {
        verdict_t v;
        bool verbose = false;
        judge(a, &r, &v, &verbose);
        if (verbose) /* before the reply, so the log line is there when it arrives */
            log_verdict(&r, &v);
        rc = zap_reply(a->zap, &route, &r, &v);
    }
    int code = zmq_errno();
    zap_release(&r);
    zmq_msg_close(&route);
    errno = code;
    return rc < 0 ? -1 : 0;
}

/* A request could not be read or answered for a reason other than the
 * context's end: it is dropped (its client is refused when its handshake
 * times out) and the thread goes on, after a pause so that a lasting
 * failure (ENOMEM) cannot spin. */
static void zap_dropped(zmqx_auth_t *a, int code)
{
    pthread_mutex_lock(&a->lock);
    bool verbose = a->verbose;
    pthread_mutex_unlock(&a->lock);
    if (verbose)
        fprintf(stderr, "zmqx auth: a ZAP request was dropped (%s): its client is refused\n",
                zmq_strerror(code));
    struct timespec pause = { 0, 1000000L };
    nanosleep(&pause, NULL);
}

static void *auth_main(void *arg)
{
    zmqx_auth_t *a = arg;
    zmq_pollitem_t items[2] = { { a->zap, 0, ZMQ_POLLIN, 0 }, { NULL, a->wake[0], ZMQ_POLLIN, 0 } };
    for (;;) {
        if (zmq_poll(items, 2, -1) < 0) {
            if (zmq_errno() == EINTR)
                continue;
            break; /* ETERM: the context is shutting down */
        }
        if (items[1].revents)
            break;
        if ((items[0].revents & ZMQ_POLLIN) && zap_serve_one(a) != 0) {
            if (errno == ETERM)
                break;
            zap_dropped(a, errno);
        }
    }
    /* zmq_close releases the endpoint later, on libzmq's reaper thread;
     * unbind first so a new authenticator can bind it at once. */
    zmq_unbind(a->zap, ZAP_ENDPOINT);
    zmq_close(a->zap);
    a->zap = NULL;
    return NULL;
}

/* ---- life cycle --------------------------------------------------------- */

static void *auth_failed(zmqx_auth_t *a, int code, const char *detail)
{
    if (a->zap)
        zmq_close(a->zap);
    for (int i = 0; i < 2; i++)
        if (a->wake[i] >= 0)
            close(a->wake[i]);
    for (size_t i = 0; i < a->nscopes; i++)
        free(a->scopes[i].domain);
    free(a->scopes);
    free(a);
    return zmqx__fail_null("auth_new", ZAP_ENDPOINT, code, "%s", detail);
}

zmqx_auth_t *zmqx_auth_new(zmqx_ctx_t *ctx)
{
    ctx = zmqx__ctx_resolve(ctx, "auth_new");
    if (ctx == NULL)
        return NULL;
    zmqx_auth_t *a = calloc(1, sizeof *a);
    if (a == NULL)
        return zmqx__fail_null("auth_new", NULL, ENOMEM, NULL);
    a->wake[0] = a->wake[1] = -1;
    if (scope_add(a, "") == NULL)
        return auth_failed(a, ENOMEM, strerror(ENOMEM));
    if (pipe2(a->wake, O_CLOEXEC) != 0)
        return auth_failed(a, errno, strerror(errno));
    int linger = 0;
    a->zap = zmq_socket(ctx->handle, ZMQ_ROUTER);
    if (a->zap == NULL)
        return auth_failed(a, zmq_errno(), zmq_strerror(zmq_errno()));
    zmq_setsockopt(a->zap, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(a->zap, ZAP_ENDPOINT) != 0) {
        int code = zmq_errno();
        return auth_failed(a, code, code == EADDRINUSE
                                        ? "this context already has an authenticator "
                                          "(a ZAP handler); one per context"
                                        : zmq_strerror(code));
    }
    pthread_mutex_init(&a->lock, NULL);
    zmqx__origin_init(&a->origin);
    int rc = zmqx__thread_start(&a->thread, "zmqx-auth", auth_main, a);
    if (rc != 0) {
        pthread_mutex_destroy(&a->lock);
        return auth_failed(a, rc, "cannot start the authenticator thread");
    }
    zmqx__fork_track(&a->fork_lock, &a->lock);
    return a;
}

void zmqx_auth_destroy(zmqx_auth_t **ap)
{
    if (ap == NULL || *ap == NULL)
        return;
    zmqx_auth_t *a = *ap;
    *ap = NULL;
    int saved = errno;
    zmqx__fork_untrack(&a->fork_lock);
    if (!zmqx__forked(&a->origin)) {
        ssize_t w;
        do {
            w = write(a->wake[1], "x", 1);
        } while (w < 0 && errno == EINTR);
        pthread_join(a->thread, NULL);
    } /* else a forked child: the thread and the libzmq state are the parent's */
    close(a->wake[0]);
    close(a->wake[1]);
    for (size_t i = 0; i < a->nscopes; i++) {
        scope_clear(&a->scopes[i]);
        free(a->scopes[i].domain);
    }
    free(a->scopes);
    pthread_mutex_destroy(&a->lock);
    free(a);
    errno = saved;
}

/* Judge one ZAP request given as parts, without the ZAP socket: the entry
 * point of the request-decoder fuzz target. Takes the parts (each is
 * closed); writes the status code ("200", "400", "500") and the user id. */
void zmqx__auth_decide(zmqx_auth_t *a, zmq_msg_t *parts, int n, char status[4], char *user_id,
                       size_t cap)
{
    zap_request_t r;
    r.n = 0;
    r.too_many = n > MAX_FRAMES;
    for (int i = 0; i < n; i++) {
        if (r.n < MAX_FRAMES) {
            zmq_msg_init(&r.part[r.n]);
            zmq_msg_move(&r.part[r.n++], &parts[i]);
        }
        zmq_msg_close(&parts[i]);
    }
    verdict_t v;
    bool verbose = false;
    judge(a, &r, &v, &verbose);
    snprintf(status, 4, "%s", v.code);
    snprintf(user_id, cap, "%s", v.user_id);
    zap_release(&r);
}
