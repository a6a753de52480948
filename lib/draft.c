/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — libzmq's draft API: PEER connect, routing ids and groups on
 * frames, DISH join/leave, and one-message send/receive helpers for
 * SERVER, PEER and RADIO (one zmq_msg_t each, nothing allocated by zmqx). */
#include "endpoint.h"
#include "keys.h"
#include "sock.h"

#ifdef ZMQX_HAVE_DRAFT

#include <stdlib.h>
#include <string.h>

/* libzmq keeps a group of up to this many bytes inside the message; a
 * longer one lives in a reference-counted block of its own. */
#define SHORT_GROUP_MAX 14

/* zmqx compiled its draft parts, but is the libzmq loaded now a draft one?
 * (Its draft functions would be missing symbols otherwise.) Asked once. */
static int draft_ok(const char *op)
{
    static int state; /* 0: not asked yet, 1: yes, -1: no */
    int v = __atomic_load_n(&state, __ATOMIC_RELAXED);
    if (ZMQX_UNLIKELY(v == 0)) {
        v = zmq_has("draft") ? 1 : -1;
        __atomic_store_n(&state, v, __ATOMIC_RELAXED);
    }
    if (ZMQX_LIKELY(v > 0))
        return 0;
    return zmqx__fail(op, NULL, ENOTSUP,
                      "the libzmq loaded at run time has no draft API (zmq_has(\"draft\") is false)");
}

/* The checks every socket call here starts with. */
static int sock_ok(zmqx_socket_t *s, const char *op)
{
    return draft_ok(op) == 0 && zmqx__sock_check(s, op) == 0 ? 0 : -1;
}

static int frame_ok(const zmqx_frame_t *f, const char *op)
{
    if (draft_ok(op) != 0)
        return -1;
    if (ZMQX_UNLIKELY(f == NULL))
        return zmqx__fail(op, NULL, EINVAL, "frame is NULL");
    return 0;
}

/* 0 if s is of type want, else ENOTSUP saying what it cannot do. */
static int need_type(const zmqx_socket_t *s, int want, const char *op, const char *what)
{
    if (ZMQX_LIKELY(s->type == want))
        return 0;
    return zmqx__fail(op, NULL, ENOTSUP, "socket type %s cannot %s (%s only)",
                      zmqx__type_name(s->type), what, zmqx__type_name(want));
}

/* SERVER and PEER address their peers by routing id. */
static int need_routing(const zmqx_socket_t *s, const char *op)
{
    if (ZMQX_LIKELY(s->type == ZMQ_SERVER || s->type == ZMQ_PEER))
        return 0;
    return zmqx__fail(op, NULL, ENOTSUP, "socket type %s has no routing ids (SERVER and PEER only)",
                      zmqx__type_name(s->type));
}

static int check_group(const char *group, const char *op)
{
    if (group == NULL)
        return zmqx__fail(op, NULL, EINVAL, "group is NULL");
    if (strnlen(group, ZMQ_GROUP_MAX_LENGTH + 1) > ZMQ_GROUP_MAX_LENGTH)
        return zmqx__fail(op, NULL, EINVAL, "group longer than %d bytes (ZMQ_GROUP_MAX_LENGTH)",
                          ZMQ_GROUP_MAX_LENGTH);
    return 0;
}

static int check_routing_id(uint32_t routing_id, const char *op)
{
    if (ZMQX_UNLIKELY(routing_id == 0))
        return zmqx__fail(op, NULL, EINVAL, "routing id 0 is not valid (routing ids start at 1)");
    return 0;
}

/* Close m keeping errno (and the error already filled). */
static void close_keep_errno(zmq_msg_t *m)
{
    int code = errno;
    zmq_msg_close(m);
    errno = code;
}

/* ---- sockets -------------------------------------------------------------- */

uint32_t zmqx_socket_connect_peer(zmqx_socket_t *s, const char *endpoint)
{
    size_t cap;
    char *buf;
    if (sock_ok(s, "connect_peer") != 0
        || need_type(s, ZMQ_PEER, "connect_peer", "connect_peer") != 0
        || zmqx__sock_zap_prepare(s, "connect_peer", endpoint) != 0
        || zmqx__sock_endpoint_room(s, "connect_peer") != 0
        || (buf = zmqx__endpoint_prepare("connect_peer", endpoint, s->type, ZMQX__EP_CONNECT,
                                         &cap)) == NULL)
        return 0;
    uint32_t routing_id;
    do /* as zmqx_socket_connect: never EINTR */
        routing_id = zmq_connect_peer(s->handle, buf);
    while (routing_id == 0 && zmq_errno() == EINTR);
    if (routing_id == 0) {
        zmqx__fail_zmq("connect_peer", endpoint);
        free(buf);
        return 0;
    }
    zmqx__sock_keep_endpoint(s, buf, cap);
    return routing_id;
}

static int group_call(zmqx_socket_t *s, const char *group, int join)
{
    const char *op = join ? "join" : "leave";
    if (sock_ok(s, op) != 0 || check_group(group, op) != 0
        || need_type(s, ZMQ_DISH, op, join ? "join groups" : "leave groups") != 0)
        return -1;
    if ((join ? zmq_join(s->handle, group) : zmq_leave(s->handle, group)) == 0)
        return 0;
    if (zmq_errno() == EINVAL) /* the length was checked above */
        return zmqx__fail(op, NULL, EINVAL, join ? "group \"%s\" already joined"
                                                 : "group \"%s\" not joined", group);
    return zmqx__fail_zmq(op, NULL);
}

int zmqx_socket_join(zmqx_socket_t *s, const char *group)
{
    return group_call(s, group, 1);
}

int zmqx_socket_leave(zmqx_socket_t *s, const char *group)
{
    return group_call(s, group, 0);
}

/* ---- frames --------------------------------------------------------------- */

uint32_t zmqx_frame_routing_id(const zmqx_frame_t *f)
{
    if (frame_ok(f, "frame_routing_id") != 0)
        return 0;
    /* zmq_msg_routing_id takes a non-const message; it only reads it. */
    return zmq_msg_routing_id((zmq_msg_t *) &f->msg);
}

int zmqx_frame_set_routing_id(zmqx_frame_t *f, uint32_t routing_id)
{
    if (frame_ok(f, "frame_set_routing_id") != 0
        || check_routing_id(routing_id, "frame_set_routing_id") != 0)
        return -1;
    return zmq_msg_set_routing_id(&f->msg, routing_id);
}

const char *zmqx_frame_group(const zmqx_frame_t *f)
{
    if (frame_ok(f, "frame_group") != 0)
        return NULL;
    return zmq_msg_group((zmq_msg_t *) &f->msg);
}

/* libzmq 4.3's zmq_msg_set_group over a long group leaks it (long to long)
 * or corrupts the message (long to short). Give f the same bytes and
 * routing id in a fresh message, without a group. */
static int drop_long_group(zmqx_frame_t *f)
{
    zmq_msg_t fresh;
    if (zmq_msg_init_buffer(&fresh, zmq_msg_data(&f->msg), zmq_msg_size(&f->msg)) != 0)
        return zmqx__fail("frame_set_group", NULL, ENOMEM, NULL);
    uint32_t routing_id = zmq_msg_routing_id(&f->msg);
    if (routing_id != 0)
        zmq_msg_set_routing_id(&fresh, routing_id);
    return zmq_msg_move(&f->msg, &fresh); /* closes f's message, group and all */
}

int zmqx_frame_set_group(zmqx_frame_t *f, const char *group)
{
    if (frame_ok(f, "frame_set_group") != 0 || check_group(group, "frame_set_group") != 0)
        return -1;
    const char *old = zmq_msg_group(&f->msg);
    if (strlen(old) > SHORT_GROUP_MAX) {
        if (strcmp(old, group) == 0)
            return 0;
        if (drop_long_group(f) != 0)
            return -1;
    }
    if (zmq_msg_set_group(&f->msg, group) != 0)
        return zmqx__fail_zmq("frame_set_group", NULL);
    return 0;
}

/* ---- one-message send and receive ------------------------------------------ */

/* Send m (made here) and release it if the send failed. */
static int send_made(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    int rc = zmqx__msg_send(s, m, flags, op);
    if (ZMQX_UNLIKELY(rc < 0))
        close_keep_errno(m);
    return rc;
}

/* A message holding a copy of data (the copy zmq_send makes too). */
static int make_msg(zmq_msg_t *m, const void *data, size_t size, const char *op)
{
    if (ZMQX_UNLIKELY(data == NULL && size > 0))
        return zmqx__fail(op, NULL, EFAULT, "data is NULL");
    if (ZMQX_UNLIKELY(zmq_msg_init_buffer(m, data, size) != 0))
        return zmqx__fail(op, NULL, ENOMEM, "%zu bytes: %s", size, zmq_strerror(ENOMEM));
    return 0;
}

int zmqx_send_to(zmqx_socket_t *s, uint32_t routing_id, const void *data, size_t size, int flags)
{
    zmq_msg_t m;
    if (sock_ok(s, "send_to") != 0 || need_routing(s, "send_to") != 0
        || check_routing_id(routing_id, "send_to") != 0 || make_msg(&m, data, size, "send_to") != 0)
        return -1;
    zmq_msg_set_routing_id(&m, routing_id);
    return send_made(s, &m, flags, "send_to");
}

int zmqx_recv_from(zmqx_socket_t *s, void *buf, size_t cap, uint32_t *routing_id, int flags)
{
    if (sock_ok(s, "recv_from") != 0 || need_routing(s, "recv_from") != 0)
        return -1;
    if (routing_id == NULL)
        return zmqx__fail("recv_from", NULL, EINVAL, "routing_id is NULL");
    *routing_id = 0;
    if (buf == NULL && cap > 0)
        return zmqx__fail("recv_from", NULL, EFAULT, "buffer is NULL");
    zmq_msg_t m;
    zmq_msg_init(&m);
    int rc = zmqx__msg_recv(s, &m, flags, "recv_from");
    if (ZMQX_LIKELY(rc >= 0)) {
        size_t n = zmq_msg_size(&m);
        if (n > cap)
            n = cap;
        if (n > 0)
            memcpy(buf, zmq_msg_data(&m), n);
        *routing_id = zmq_msg_routing_id(&m);
    }
    close_keep_errno(&m);
    return rc;
}

int zmqx_send_group(zmqx_socket_t *s, const char *group, const void *data, size_t size)
{
    zmq_msg_t m;
    if (sock_ok(s, "send_group") != 0 || need_type(s, ZMQ_RADIO, "send_group", "send to groups") != 0
        || check_group(group, "send_group") != 0 || make_msg(&m, data, size, "send_group") != 0)
        return -1;
    if (zmq_msg_set_group(&m, group) != 0) {
        zmqx__fail_zmq("send_group", NULL);
        close_keep_errno(&m);
        return -1;
    }
    return send_made(s, &m, 0, "send_group");
}

#else
/* Built without libzmq's draft API: nothing here (ISO C wants a declaration). */
typedef int zmqx__no_draft_api;
#endif
