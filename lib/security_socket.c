/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — socket security: CURVE, PLAIN and ZAP domain options.
 *
 * libzmq copies a socket's security options when it binds or connects, so
 * a change afterwards would not protect the endpoints already there: these
 * helpers refuse (EISCONN) once the socket has been bound or connected.
 * Every bind and connect first runs zmqx__sock_zap_prepare, which makes a
 * server that relies on an authenticator fail closed without one. */
#include "fail.h"
#include "keys.h"
#include "sock.h"

#include <string.h>

/* s is usable and not yet bound or connected. */
static int check_unattached(zmqx_socket_t *s, const char *op)
{
    if (zmqx__sock_check(s, op) != 0)
        return -1;
    if (s->endpoint[0] != '\0')
        return zmqx__fail(op, s->endpoint, EISCONN,
                          "set security before the first bind/connect "
                          "(libzmq applies it when a connection is made)");
    return 0;
}

static int set_int(zmqx_socket_t *s, int option, int value, const char *op)
{
    if (zmq_setsockopt(s->handle, option, &value, sizeof value) != 0)
        return zmqx__fail_zmq(op, NULL);
    return 0;
}

static int set_key(zmqx_socket_t *s, int option, const zmqx_key_t *k, const char *op)
{
    if (zmq_setsockopt(s->handle, option, k->bytes, sizeof k->bytes) != 0)
        return zmqx__fail_zmq(op, NULL);
    return 0;
}

/* Undo a half-done CURVE setup so a failure never leaves a socket that
 * looks configured. */
static int curve_failed(zmqx_socket_t *s)
{
    int code = errno;
    static const uint8_t zero[32];
    zmq_setsockopt(s->handle, ZMQ_CURVE_SECRETKEY, zero, sizeof zero);
    int off = 0;
    zmq_setsockopt(s->handle, ZMQ_CURVE_SERVER, &off, sizeof off);
    errno = code;
    return -1;
}

int zmqx_socket_set_curve_server(zmqx_socket_t *s, const zmqx_key_t *secret_key)
{
    const char *op = "set_curve_server";
    if (check_unattached(s, op) != 0)
        return -1;
    if (secret_key == NULL)
        return zmqx__fail(op, NULL, EINVAL, "secret key is NULL");
    if (zmqx__curve_check(op) != 0)
        return -1;
    if (set_int(s, ZMQ_CURVE_SERVER, 1, op) != 0
        || set_key(s, ZMQ_CURVE_SECRETKEY, secret_key, op) != 0)
        return curve_failed(s);
    return 0;
}

int zmqx_socket_set_curve_client(zmqx_socket_t *s, const zmqx_key_t *server_public,
                                 const zmqx_keypair_t *client)
{
    const char *op = "set_curve_client";
    if (check_unattached(s, op) != 0)
        return -1;
    if (server_public == NULL)
        return zmqx__fail(op, NULL, EINVAL, "server public key is NULL");
    if (zmqx__curve_check(op) != 0)
        return -1;
    zmqx_keypair_t fresh;
    if (client == NULL) {
        if (zmqx_curve_keypair(&fresh) != 0)
            return -1; /* its error says why */
        client = &fresh;
    }
    int rc = set_key(s, ZMQ_CURVE_SERVERKEY, server_public, op);
    if (rc == 0)
        rc = set_key(s, ZMQ_CURVE_PUBLICKEY, &client->public_key, op);
    if (rc == 0)
        rc = set_key(s, ZMQ_CURVE_SECRETKEY, &client->secret_key, op);
    zmqx_keypair_wipe(&fresh);
    return rc == 0 ? 0 : curve_failed(s);
}

int zmqx_socket_set_plain_server(zmqx_socket_t *s)
{
    if (check_unattached(s, "set_plain_server") != 0)
        return -1;
    return set_int(s, ZMQ_PLAIN_SERVER, 1, "set_plain_server");
}

int zmqx_socket_set_plain_client(zmqx_socket_t *s, const char *user, const char *password)
{
    const char *op = "set_plain_client";
    if (check_unattached(s, op) != 0)
        return -1;
    if (user == NULL || password == NULL)
        return zmqx__fail(op, NULL, EINVAL, "%s is NULL", user ? "password" : "user");
    size_t ulen = strlen(user), plen = strlen(password);
    if (ulen < 1 || ulen > 255 || plen < 1 || plen > 255)
        return zmqx__fail(op, NULL, EINVAL, "%s must be 1..255 bytes",
                          ulen < 1 || ulen > 255 ? "user" : "password");
    if (zmq_setsockopt(s->handle, ZMQ_PLAIN_USERNAME, user, ulen) != 0
        || zmq_setsockopt(s->handle, ZMQ_PLAIN_PASSWORD, password, plen) != 0)
        return zmqx__fail(op, NULL, zmq_errno(), "cannot set the credentials: %s",
                          zmq_strerror(zmq_errno()));
    return 0;
}

/* libzmq's ZMQ_ZAP_ENFORCE_DOMAIN: zmq.h declares it with the draft API
 * only, but every libzmq 4.3 accepts it. With it on and a non-empty ZAP
 * domain, a handshake that needs ZAP fails when no handler is bound
 * (EFAULT, HANDSHAKE_FAILED_NO_DETAIL) instead of admitting the client. */
#define ZAP_ENFORCE_DOMAIN 93

/* The domain libzmq holds for s: 1 if it is not empty, 0 if empty, -1 on
 * error. */
static int has_zap_domain(zmqx_socket_t *s, const char *op, const char *endpoint)
{
    char domain[256];
    size_t n = sizeof domain;
    if (zmq_getsockopt(s->handle, ZMQ_ZAP_DOMAIN, domain, &n) != 0)
        return zmqx__fail_zmq(op, endpoint);
    return n > 1; /* n counts the terminating NUL */
}

int zmqx_socket_set_zap_domain(zmqx_socket_t *s, const char *domain)
{
    const char *op = "set_zap_domain";
    if (check_unattached(s, op) != 0)
        return -1;
    if (domain == NULL)
        return zmqx__fail(op, NULL, EINVAL, "domain is NULL (use \"\" for none)");
    size_t len = strlen(domain);
    if (len > 255)
        return zmqx__fail(op, NULL, EINVAL, "domain longer than 255 chars");
    if (len == 0) {
        int has = has_zap_domain(s, op, NULL);
        if (has != 0)
            return has < 0 ? -1
                           : zmqx__fail(op, NULL, EINVAL,
                                        "libzmq cannot clear a ZAP domain once set");
    } else if (zmq_setsockopt(s->handle, ZMQ_ZAP_DOMAIN, domain, len) != 0) {
        return zmqx__fail_zmq(op, NULL);
    }
    return set_int(s, ZAP_ENFORCE_DOMAIN, 1, op); /* the choice is made: see below */
}

/* Run before every bind and connect (libzmq copies the options then).
 * A server that relies on ZAP must refuse clients when no authenticator
 * answers, but libzmq 4.3 admits them (a CURVE server always, a NULL server
 * with a domain) unless ZAP_ENFORCE_DOMAIN is on with a non-empty domain.
 * So, unless zmqx_socket_set_zap_domain already decided (it turns the
 * option on): a socket with a domain gets enforcement, and a CURVE server
 * without one gets ZMQX_ZAP_DOMAIN_DEFAULT too. */
int zmqx__sock_zap_prepare(zmqx_socket_t *s, const char *op, const char *endpoint)
{
    int has = has_zap_domain(s, op, endpoint);
    if (has < 0)
        return -1;
    if (!has) {
        int curve_server = 0, enforce = 0;
        size_t n = sizeof curve_server; /* fails (EINVAL) when libzmq lacks CURVE: no server */
        if (zmq_getsockopt(s->handle, ZMQ_CURVE_SERVER, &curve_server, &n) != 0 || !curve_server)
            return 0;
        n = sizeof enforce; /* already on: zmqx_socket_set_zap_domain(s, "") chose none */
        if (zmq_getsockopt(s->handle, ZAP_ENFORCE_DOMAIN, &enforce, &n) == 0 && enforce)
            return 0;
        if (zmq_setsockopt(s->handle, ZMQ_ZAP_DOMAIN, ZMQX_ZAP_DOMAIN_DEFAULT,
                           strlen(ZMQX_ZAP_DOMAIN_DEFAULT)) != 0)
            return zmqx__fail_zmq(op, endpoint);
    }
    int one = 1;
    if (zmq_setsockopt(s->handle, ZAP_ENFORCE_DOMAIN, &one, sizeof one) == 0)
        return 0;
    if (zmq_errno() == EINVAL) /* a libzmq without the option: refuse rather than fail open */
        return zmqx__fail(op, endpoint, ENOTSUP,
                          "this libzmq cannot refuse clients without an authenticator "
                          "(no ZMQ_ZAP_ENFORCE_DOMAIN)");
    return zmqx__fail_zmq(op, endpoint);
}
