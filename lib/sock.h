/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the socket's state, the checks every socket call makes, and the
 * send/receive paths (lib/socket.c, lib/socket_io.c, lib/socket_wait.c).
 * Private. */
#ifndef ZMQX_SOCK_H
#define ZMQX_SOCK_H

#include "base.h"
#include "fail.h"
#include "fork.h"
#include <pthread.h>

struct zmqx_socket {
    void *handle;              /* libzmq socket; NULL once closed */
    zmqx_ctx_t *ctx;           /* NULL once closed by its context */
    int type;
    int sndtimeo;              /* cached ZMQ_SNDTIMEO / ZMQ_RCVTIMEO, so the */
    int rcvtimeo;              /* hot path never asks libzmq for them */
    /* Where each timeout came from, for the timeout error: [1] send,
     * [0] receive; ZMQX__FROM_*. */
    unsigned char timeout_from[2];
    /* Read by the inline fast path: nonzero sends the call out of line.
     * > 0: the deadline (monotonic ms) that the retry of a call a signal
     * interrupted keeps (also set while a call blocks); ZMQX__BLOCK_FIRST:
     * the last call in that direction had to wait, so the next one skips
     * the inline try and blocks in libzmq at once (lib/socket_io.c). */
    int64_t send_deadline;
    int64_t recv_deadline;
    /* The objects built on this socket (poller, monitor, loop, watch):
     * told when it goes, and (those that ask) when a call on it starts
     * (lib/observer.c). Guarded by observers_lock: a monitor may leave
     * from another thread. */
    struct zmqx__observer **observers;
    int nobservers, observers_cap;
    /* Read by the inline fast path: nonzero sends every call out of line.
     * ZMQX__SLOW_OWNER: calls check the calling thread; ZMQX__SLOW_TOUCH:
     * an observer wants to know of every call (zmqx__sock_check);
     * ZMQX__SLOW_FORKED: made before a fork(), every call fails (set by
     * the child's fork handler, lib/ctx.c). */
    int slow;
    _Atomic pthread_t owner;   /* atomic: read by any caller's check while a
                                * handover or a proxy takes the socket over */
    struct zmqx_socket *prev, *next;
    char *endpoint;            /* last endpoint, resolved: malloc'd, or a static "" */
    size_t endpoint_len;       /* strlen(endpoint) */
    pthread_mutex_t observers_lock;
    /* How many observers want to hear of the next call now (a loop's
     * record that is not dirty yet): 0 spares the call the lock. Changed
     * by the thread that uses the socket (lib/ready.c). */
    _Atomic int touch_wanted;
    /* ---- waits (lib/socket_io.c): the block-first hint per direction ---- */
    struct zmqx__hint {
        int left;  /* 0: off; else calls until the next probe */
        int every; /* the probe interval, doubled by each failed probe */
    } send_hint, recv_hint;
    /* Every endpoint string the socket has had, distinct, owned here and
     * freed by zmqx_socket_destroy: zmqx_socket_endpoint's strings stay
     * valid for the socket's life (lib/socket.c). endpoint is one of them,
     * or a static "". */
    char **kept;
    size_t nkept, kept_cap;
};

/* send_deadline/recv_deadline: block first (see above). */
#define ZMQX__BLOCK_FIRST ((int64_t) -1)

/* timeout_from: zmqx's default, the context's ZMQX_CTX_TIMEOUT, or set on
 * the socket. */
#define ZMQX__FROM_DEFAULT 0
#define ZMQX__FROM_CTX 1
#define ZMQX__FROM_SOCKET 2

/* Bits of slow. */
#define ZMQX__SLOW_OWNER 1
#define ZMQX__SLOW_TOUCH 2
#define ZMQX__SLOW_FORKED 4

/* Tell the observers that asked for it that a call on s starts
 * (lib/observer.c). */
ZMQX_HIDDEN void zmqx__sock_touched(zmqx_socket_t *s);

/* 0 if s is not NULL, not made before a fork() and not closed, else -1
 * with EINVAL (NULL), ESTALE (forked) or ENOTSOCK (closed). For calls that
 * any thread may make. */
static inline int zmqx__sock_open(const zmqx_socket_t *s, const char *op)
{
    if (ZMQX_UNLIKELY(s == NULL))
        return zmqx__fail(op, NULL, EINVAL, "socket is NULL");
    if (ZMQX_UNLIKELY(s->slow & ZMQX__SLOW_FORKED))
        return zmqx__fail_sock_forked(op, s);
    if (ZMQX_UNLIKELY(s->handle == NULL))
        return zmqx__fail(op, NULL, ENOTSOCK, "socket is closed (its context was destroyed)");
    return 0;
}

/* The socket's endpoint for an error message, or NULL if it has none. */
static inline const char *zmqx__sock_ep(const zmqx_socket_t *s)
{
    return s != NULL && s->endpoint[0] ? s->endpoint : NULL;
}

/* 0 if s is usable for op by this thread: zmqx__sock_open, plus EPERM when
 * the owner-thread check is on and another thread owns s. Every call that
 * works on the socket makes it, so it also tells the observers that ask
 * (a loop or a watch must read ZMQ_EVENTS again after any call). */
static inline int zmqx__sock_check(zmqx_socket_t *s, const char *op)
{
    if (ZMQX_UNLIKELY(zmqx__sock_open(s, op) != 0))
        return -1;
    if (ZMQX_UNLIKELY(s->slow)) {
        if ((s->slow & ZMQX__SLOW_OWNER) && !pthread_equal(s->owner, pthread_self()))
            return zmqx__fail(op, NULL, EPERM,
                              "socket used from a thread that does not own it "
                              "(see zmqx_socket_handover)");
        if ((s->slow & ZMQX__SLOW_TOUCH) && s->touch_wanted > 0)
            zmqx__sock_touched(s);
    }
    return 0;
}

/* Keep the cached timeouts right after a ZMQ_SNDTIMEO/RCVTIMEO write (a
 * pending deadline and the block-first hint are dropped). */
ZMQX_HIDDEN void zmqx__sock_timeout_changed(zmqx_socket_t *s, int option, int ms);
ZMQX_HIDDEN const char *zmqx__type_name(int type);
/* Fill the error after a failed libzmq send (send = 1) or receive. */
ZMQX_HIDDEN int zmqx__io_failed(zmqx_socket_t *s, int send, int flags, const char *op);

/* zmq_msg_t send/receive with the DONTWAIT-first hot path (lib/socket_io.c). */
ZMQX_HIDDEN int zmqx__msg_send(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);
ZMQX_HIDDEN int zmqx__msg_recv(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);
/* zmqx__msg_send of a reference-counted copy of m (zmq_msg_copy): m is
 * left as it was, also when the send fails. */
ZMQX_HIDDEN int zmqx__msg_send_copy(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);

/* ---- waiting with a per-call timeout (lib/socket_wait.c; frame-msg) ---- */
/* Receive one part into m within timeout_ms (-1: forever, 0: no wait),
 * leaving the socket's own timeout alone: DONTWAIT tries and zmq_poll
 * waits against one deadline. The size, or -1 with the error filled. */
ZMQX_HIDDEN int zmqx__msg_recv_timed(zmqx_socket_t *s, zmq_msg_t *m, int timeout_ms,
                                     const char *op);

/* ---- draft API (lib/draft.c, lib/socket.c, lib/socket_io.c; draft) ---- */
/* After a bind or connect of buf (from zmqx__endpoint_prepare, cap bytes):
 * read the resolved endpoint (ZMQ_LAST_ENDPOINT) into buf and keep buf as
 * the socket's endpoint, freeing the one before. */
ZMQX_HIDDEN void zmqx__sock_keep_endpoint(zmqx_socket_t *s, char *buf, size_t cap);
/* Room to keep one more endpoint string, made before the bind or connect
 * so that keeping it afterwards cannot fail: 0, or -1 (ENOMEM). */
ZMQX_HIDDEN int zmqx__sock_endpoint_room(zmqx_socket_t *s, const char *op);
/* libzmq's thread-safe socket types (SERVER, CLIENT, RADIO, DISH, GATHER,
 * SCATTER, PEER, CHANNEL: draft types 12..20 except DGRAM) take one part
 * per message and may be used from several threads at once. */
static inline int zmqx__type_thread_safe(int type)
{
    return type >= 12 && type <= 20 && type != 18;
}

/* ---- the send/receive fast path (bench; lib/socket_io.c) ---- */
/* zmq_msg_t send/receive out of line. flags may hold ZMQX__TRIED (the
 * caller made the DONTWAIT try and errno holds its failure: it is not made
 * again). A call that may wait blocks in libzmq at once, up to the socket's
 * timeout, its deadline noted for a retry after EINTR. s must have passed
 * zmqx__sock_check. */
ZMQX_HIDDEN int zmqx__msg_send_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);
ZMQX_HIDDEN int zmqx__msg_recv_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);

/* The DONTWAIT try inline, then the _slow function: for the library's own
 * callers, which expect the message to be there (the rest of a multipart
 * message, a proxy after its poll), so they try first even where the
 * block-first hint is on. zmqx__msg_send and zmqx__msg_recv are these, out
 * of line. */
static inline int zmqx__msg_send_fast(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (ZMQX_LIKELY(s->send_deadline <= 0)) {
        int rc = zmq_msg_send(m, s->handle, flags | ZMQ_DONTWAIT);
        if (ZMQX_LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx__msg_send_slow(s, m, flags, op);
}

static inline int zmqx__msg_recv_fast(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (ZMQX_LIKELY(s->recv_deadline <= 0)) {
        int rc = zmq_msg_recv(m, s->handle, flags | ZMQ_DONTWAIT);
        if (ZMQX_LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx__msg_recv_slow(s, m, flags, op);
}

#endif
