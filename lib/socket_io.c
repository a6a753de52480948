/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — sending and receiving bytes and strings.
 *
 * The hot path is one libzmq call with ZMQ_DONTWAIT added (inline in the
 * caller's code, socket.h): when a message is there (or can go), that is
 * all it costs. Only when the call would block does zmqx take the slow
 * path: the same call again, blocking in libzmq up to the socket's
 * timeout, with one deadline kept across EINTR and retries (io_retry).
 *
 * libzmq's thread-safe (draft) socket types may have several threads
 * waiting on one socket at once: there each call keeps its own deadline on
 * its stack (across spurious wake-ups, such as another thread taking the
 * message first), and this thread keeps it for a retry after EINTR
 * (lib/deadline.c). */
#include "fail.h"
#include "sock.h"
#include "deadline.h"
#include "format.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The inline fast path (socket.h) reads these fields through its own view. */
#define SAME_OFFSET(a, b) (offsetof(struct zmqx_socket, a) == offsetof(zmqx__socket_head_t, b))
_Static_assert(SAME_OFFSET(handle, handle_) && SAME_OFFSET(send_deadline, send_deadline_) &&
                   SAME_OFFSET(recv_deadline, recv_deadline_) &&
                   SAME_OFFSET(slow, check_owner_),
               "struct zmqx_socket must start with the fields of zmqx__socket_head_t");

/* A call that does not wait found nothing to do: EAGAIN. */
static int nowait_failed(zmqx_socket_t *s, int send, int flags, const char *op)
{
    if (flags & ZMQX_DONTWAIT)
        return zmqx__fail_sock_text(op, s, EAGAIN,
                                    send ? "cannot send now (ZMQX_DONTWAIT)"
                                         : "no message ready (ZMQX_DONTWAIT)");
    return zmqx__fail_sock_io_timeout(op, s, send);
}

/* True when the inline try (ZMQX__TRIED in flags) found nothing and the
 * call does not wait: then it fails at once, without asking libzmq again. */
static inline int tried_nowait(const zmqx_socket_t *s, int send, int flags)
{
    return ZMQX_UNLIKELY(flags & ZMQX__TRIED) && errno == EAGAIN &&
           ((flags & ZMQX_DONTWAIT) || (send ? s->sndtimeo : s->rcvtimeo) == 0);
}

int zmqx__io_failed(zmqx_socket_t *s, int send, int flags, const char *op)
{
    int code = zmq_errno();
    const char *type = zmqx__type_name(s->type);
    const char *ep = zmqx__sock_ep(s);
    switch (code) {
    case EAGAIN:
        return nowait_failed(s, send, flags, op);
    case ENOTSUP:
        return zmqx__fail(op, ep, code, "socket type %s cannot %s", type,
                          send ? "send" : "receive");
    case EFSM:
        return zmqx__fail(op, ep, code,
                          "socket type %s cannot %s in its current state "
                          "(REQ/REP must alternate send and receive)",
                          type, send ? "send" : "receive");
    case ETERM:
        return zmqx__fail_sock_text(op, s, code, "context was shut down");
    case EINTR:
        return zmqx__fail_sock_text(op, s, code, "interrupted by a signal (a retry keeps the deadline)");
    case EINVAL:
        if (send && (flags & ZMQX_MORE) && zmqx__type_thread_safe(s->type))
            return zmqx__fail(op, ep, code, "socket type %s does not take multipart messages",
                              type);
        return zmqx__fail(op, ep, code, NULL);
    case EHOSTUNREACH:
        return zmqx__fail_sock_text(op, s, code, "no peer with that routing id");
    default:
        return zmqx__fail(op, ep, code, NULL);
    }
}

/* ---- one send or receive call ------------------------------------------
 *
 * A call that may wait blocks in libzmq at once (its first try has no
 * ZMQ_DONTWAIT), up to libzmq's own ZMQ_SNDTIMEO/RCVTIMEO, which zmqx keeps
 * equal to the cached timeouts: the wait costs what raw libzmq's costs. Its
 * deadline is noted in the socket first, so that a retry after EINTR waits
 * only for what is left (zmq_poll, then a DONTWAIT try).
 *
 * The inline fast path (socket.h) makes a DONTWAIT try before it calls out
 * of line; when a socket's calls keep having to wait, that try is a wasted
 * libzmq call (and a poll of libzmq's command mailbox) each time. So a call
 * that blocks turns on the socket's block-first hint for its direction: the
 * inline path then calls out of line at once, and the call blocks at once.
 * Every hint.every calls (16, doubling while the probes keep failing, up
 * to 1024) a call tries without waiting first; when that finds a message,
 * or any DONTWAIT call succeeds out of line, the hint goes off. */

enum { PROBE_FIRST = 16, PROBE_MAX = 1024 };

/* The steps of a call are inlined into each of the four calls, where
 * send is a constant: a waiting call costs a few dozen instructions over
 * raw libzmq's (docs/performance.md). */
#define IO_INLINE static inline __attribute__((always_inline))

/* The state of one call. */
struct io {
    zmqx_socket_t *s;
    int send;
    int flags;        /* the caller's, without ZMQX__TRIED */
    int try_flags;    /* for the next libzmq call */
    int probe;        /* the next call is the hint's probe */
    int64_t own;      /* thread-safe types: this call's deadline */
    int64_t *deadline; /* the socket's field, or &own */
    const char *op;
};

IO_INLINE struct zmqx__hint *hint_of(zmqx_socket_t *s, int send)
{
    return send ? &s->send_hint : &s->recv_hint;
}

IO_INLINE int timeout_of(const zmqx_socket_t *s, int send)
{
    return send ? s->sndtimeo : s->rcvtimeo;
}

/* What the socket's deadline field holds between calls. */
IO_INLINE int64_t idle_value(zmqx_socket_t *s, int send)
{
    return hint_of(s, send)->left != 0 ? ZMQX__BLOCK_FIRST : 0;
}

void zmqx__sock_timeout_changed(zmqx_socket_t *s, int option, int ms)
{
    int send = option == ZMQ_SNDTIMEO;
    if (!send && option != ZMQ_RCVTIMEO)
        return;
    *(send ? &s->sndtimeo : &s->rcvtimeo) = ms;
    s->timeout_from[send] = ZMQX__FROM_SOCKET;
    *(send ? &s->send_deadline : &s->recv_deadline) = 0;
    *hint_of(s, send) = (struct zmqx__hint) { 0, 0 };
}

IO_INLINE int64_t *field_of(zmqx_socket_t *s, int send)
{
    return send ? &s->send_deadline : &s->recv_deadline;
}

/* Note the deadline of a call about to block in libzmq. */
IO_INLINE void note_deadline(int64_t *deadline, int timeout)
{
    *deadline = timeout > 0 ? zmqx__now_ms() + timeout : 0;
}

/* The usual call: it may wait (no ZMQX_DONTWAIT, a timeout other than
 * 0), s is not thread-safe, no retry is pending, and it is not the hint's
 * turn to probe. Then count the call in the hint (turning it on), note the
 * deadline and return 1: block in libzmq at once. Else 0: io_start. */
IO_INLINE int blocks_at_once(zmqx_socket_t *s, int send, int flags)
{
    int timeout = timeout_of(s, send);
    int64_t *deadline = field_of(s, send);
    if ((flags & ZMQX_DONTWAIT) || timeout == 0 || zmqx__type_thread_safe(s->type) ||
        *deadline > 0)
        return 0;
    int tried = flags & ZMQX__TRIED;
    if (tried && errno != EAGAIN && errno != EINTR)
        return 0; /* the inline try failed for good: io_start reports it */
    struct zmqx__hint *h = hint_of(s, send);
    if (h->left == 0)
        *h = (struct zmqx__hint) { PROBE_FIRST, PROBE_FIRST };
    else if (h->left == 1 && !tried) /* (the inline try was one) */
        return 0;
    else if (--h->left == 0)
        h->left = h->every;
    note_deadline(deadline, timeout);
    return 1;
}

/* Set io up for the rest of a call whose blocking libzmq call (after
 * blocks_at_once) failed: 0, go to io_again. */
static int io_resume(struct io *io, zmqx_socket_t *s, int send, int flags, const char *op)
{
    *io = (struct io) { .s = s, .send = send, .flags = flags & ~ZMQX__TRIED, .op = op };
    io->try_flags = io->flags;
    io->deadline = field_of(s, send);
    return 0;
}

/* Set io up for a call that blocks_at_once did not take, for s (send: 1
 * to send, 0 to receive) and flags. 1: make the libzmq call with
 * io->try_flags; 0: the inline try's failure (ZMQX__TRIED in flags; errno)
 * stands for the first call, go to io_again. */
static int io_start(struct io *io, zmqx_socket_t *s, int send, int flags, const char *op)
{
    int tried = flags & ZMQX__TRIED;
    int tried_errno = errno;
    int timeout = timeout_of(s, send);
    *io = (struct io) { .s = s, .send = send, .flags = flags & ~ZMQX__TRIED, .op = op };
    io->try_flags = io->flags | ZMQ_DONTWAIT;
    io->deadline = field_of(s, send);
    int nowait = (io->flags & ZMQX_DONTWAIT) || timeout == 0;
    if (ZMQX_UNLIKELY(zmqx__type_thread_safe(s->type))) {
        /* They wait on a condition variable inside libzmq, which a signal
         * does not interrupt: they wait in zmq_poll (wait_ready), keeping
         * their deadline on the stack (and this thread's for a retry). */
        io->own = zmqx__deadline_pending(s, send ? ZMQX__WAIT_SEND_OWN : ZMQX__WAIT_RECV_OWN,
                                         timeout);
        io->deadline = &io->own;
    } else if (*io->deadline > 0) { /* the retry of an interrupted call */
        return 1;
    } else if (!nowait && !tried) { /* the hint's probe: try without waiting */
        struct zmqx__hint *h = hint_of(s, send);
        h->left = h->every;
        io->probe = 1;
        return 1;
    } else {
        io->probe = nowait && idle_value(s, send) != 0; /* success ends the hint */
    }
    errno = tried_errno;
    return !tried;
}

/* The call failed for good: the field keeps the deadline only for the
 * retry of an interrupted wait; fill the error. -1. */
static int io_fail(struct io *io, int timed_out)
{
    int code = zmq_errno();
    if (io->deadline != &io->own && !(code == EINTR && *io->deadline > 0))
        *io->deadline = idle_value(io->s, io->send);
    errno = code;
    if (timed_out)
        return zmqx__fail_sock_io_timeout(io->op, io->s, io->send);
    return zmqx__io_failed(io->s, io->send, io->flags, io->op);
}

/* Wait until s is ready or the deadline (0: none) passes. 0, or -1. */
static int wait_ready(struct io *io)
{
    zmqx_socket_t *s = io->s;
    int timeout = timeout_of(s, io->send);
    if (*io->deadline == 0 && timeout > 0)
        *io->deadline = zmqx__now_ms() + timeout;
    zmq_pollitem_t item = { s->handle, 0, io->send ? ZMQ_POLLOUT : ZMQ_POLLIN, 0 };
    for (;;) {
        long wait = -1;
        if (*io->deadline != 0) {
            int64_t left = *io->deadline - zmqx__now_ms();
            if (left <= 0)
                return io_fail(io, 1);
            wait = (long) left;
        }
        int rc = zmq_poll(&item, 1, wait);
        if (rc > 0)
            return 0;
        if (rc < 0) {
            if (zmq_errno() == EINTR && io->deadline == &io->own)
                zmqx__deadline_interrupted(s, io->send ? ZMQX__WAIT_SEND_OWN
                                                       : ZMQX__WAIT_RECV_OWN,
                                           timeout, *io->deadline);
            return io_fail(io, 0);
        }
    }
}

/* After a libzmq call failed (errno): 1 = try again with io->try_flags;
 * -1 = failed for good (error filled). */
static int io_again(struct io *io)
{
    int code = zmq_errno();
    int nowait = (io->flags & ZMQX_DONTWAIT) || timeout_of(io->s, io->send) == 0;
    /* A call that does not wait never fails with EINTR: libzmq processes
     * the socket's commands first, which a signal can interrupt before
     * anything happened, so try again. */
    if (ZMQX_UNLIKELY(nowait && code == EINTR))
        return 1;
    if (io->probe && !nowait && (code == EAGAIN || code == EINTR)) {
        /* nothing there: the hint stays, probes get rarer */
        struct zmqx__hint *h = hint_of(io->s, io->send);
        h->every = h->every < PROBE_MAX ? h->every * 2 : PROBE_MAX;
        h->left = h->every;
        io->probe = 0;
        io->try_flags = io->flags;
        note_deadline(io->deadline, timeout_of(io->s, io->send));
        return 1;
    }
    if (code != EAGAIN || nowait)
        return io_fail(io, 0);
    if (!(io->try_flags & ZMQ_DONTWAIT)) /* libzmq waited the timeout out */
        return io_fail(io, 1);
    /* After EINTR (or, for thread-safe types, another thread taking what
     * was there): wait for what is left of the deadline. */
    return wait_ready(io) == 0 ? 1 : -1;
}

/* The call succeeded: a DONTWAIT try that found what it wanted ends the
 * hint; the field goes back to what it holds between calls. */
IO_INLINE void io_done(struct io *io)
{
    if (io->deadline == &io->own)
        return;
    if (io->probe) {
        struct zmqx__hint *h = hint_of(io->s, io->send);
        h->left = 0;
    }
    int64_t idle = idle_value(io->s, io->send);
    if (ZMQX_UNLIKELY(*io->deadline != idle))
        *io->deadline = idle;
}

/* m holds a copy of size bytes at data: 0, or -1 (ENOMEM, m not made). */
IO_INLINE int build(zmq_msg_t *m, const void *data, size_t size)
{
    if (ZMQX_UNLIKELY(zmq_msg_init_size(m, size) != 0))
        return -1;
    if (size > 0)
        memcpy(zmq_msg_data(m), data, size);
    return 0;
}

/* The rest of a send, on the general path: io_start, or io_resume when
 * blocked (the usual path's blocking call failed), then libzmq calls until
 * it is done. m is built from data and size at the first call unless
 * built; own: m is this call's, closed when the send fails. */
static __attribute__((noinline)) int send_general(zmqx_socket_t *s, zmq_msg_t *m, int built,
                                                  int own, const void *data, size_t size,
                                                  int flags, const char *op, int blocked)
{
    struct io io;
    int rc, call = blocked ? io_resume(&io, s, 1, flags, op) : io_start(&io, s, 1, flags, op);
    for (;; call = 1) {
        if (call && !built) {
            if (build(m, data, size) != 0)
                return io_fail(&io, 0); /* ENOMEM */
            built = 1;
        }
        if (call && (rc = zmq_msg_send(m, s->handle, io.try_flags)) >= 0)
            break;
        if (io_again(&io) < 0) {
            int code = errno;
            if (built && own)
                zmq_msg_close(m);
            errno = code;
            return -1;
        }
    }
    io_done(&io);
    return rc;
}

/* The rest of a receive into m (or, when m is NULL, into buf), as above. */
static __attribute__((noinline)) int recv_general(zmqx_socket_t *s, zmq_msg_t *m, void *buf,
                                                  size_t cap, int flags, const char *op,
                                                  int blocked)
{
    struct io io;
    int rc, call = blocked ? io_resume(&io, s, 0, flags, op) : io_start(&io, s, 0, flags, op);
    for (;; call = 1) {
        if (call && (rc = m ? zmq_msg_recv(m, s->handle, io.try_flags)
                            : zmq_recv(s->handle, buf, cap, io.try_flags)) >= 0)
            break;
        if (io_again(&io) < 0)
            return -1;
    }
    io_done(&io);
    return rc;
}

/* After the usual path's blocking call succeeded: the hint stays on. */
IO_INLINE int blocked_done(zmqx_socket_t *s, int send, int rc)
{
    *field_of(s, send) = ZMQX__BLOCK_FIRST;
    return rc;
}

int zmqx__msg_send_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (tried_nowait(s, 1, flags))
        return nowait_failed(s, 1, flags, op);
    int blocked = blocks_at_once(s, 1, flags);
    if (ZMQX_LIKELY(blocked)) {
        int rc = zmq_msg_send(m, s->handle, flags & ~ZMQX__TRIED);
        if (ZMQX_LIKELY(rc >= 0))
            return blocked_done(s, 1, rc);
    }
    return send_general(s, m, 1, 0, NULL, 0, flags, op, blocked);
}

int zmqx__msg_recv_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (tried_nowait(s, 0, flags))
        return nowait_failed(s, 0, flags, op);
    int blocked = blocks_at_once(s, 0, flags);
    if (ZMQX_LIKELY(blocked)) {
        int rc = zmq_msg_recv(m, s->handle, flags & ~ZMQX__TRIED);
        if (ZMQX_LIKELY(rc >= 0))
            return blocked_done(s, 0, rc);
    }
    return recv_general(s, m, NULL, 0, flags, op, blocked);
}

/* Out of line, zmqx_send builds its zmq_msg_t once, when it first calls
 * libzmq (as zmq_send does inside), so that a send that waits or is
 * retried copies the data once. */
int zmqx_send(zmqx_socket_t *s, const void *data, size_t size, int flags)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "send") != 0))
        return -1;
    if (ZMQX_UNLIKELY(data == NULL && size > 0))
        return zmqx__fail("send", NULL, EFAULT, "data is NULL");
    if (tried_nowait(s, 1, flags))
        return nowait_failed(s, 1, flags, "send");
    zmq_msg_t m;
    int blocked = blocks_at_once(s, 1, flags);
    if (ZMQX_LIKELY(blocked)) {
        if (build(&m, data, size) != 0) /* ENOMEM: reported there */
            return send_general(s, &m, 0, 1, data, size, flags, "send", 1);
        int rc = zmq_msg_send(&m, s->handle, flags & ~ZMQX__TRIED);
        if (ZMQX_LIKELY(rc >= 0))
            return blocked_done(s, 1, rc);
    }
    return send_general(s, &m, blocked, 1, data, size, flags, "send", blocked);
}

int zmqx_recv(zmqx_socket_t *s, void *buf, size_t cap, int flags)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "recv") != 0))
        return -1;
    if (ZMQX_UNLIKELY(buf == NULL && cap > 0))
        return zmqx__fail("recv", NULL, EFAULT, "buffer is NULL");
    if (tried_nowait(s, 0, flags))
        return nowait_failed(s, 0, flags, "recv");
    int blocked = blocks_at_once(s, 0, flags);
    if (ZMQX_LIKELY(blocked)) {
        int rc = zmq_recv(s->handle, buf, cap, flags & ~ZMQX__TRIED);
        if (ZMQX_LIKELY(rc >= 0))
            return blocked_done(s, 0, rc);
    }
    return recv_general(s, NULL, buf, cap, flags, "recv", blocked);
}

int zmqx__msg_send(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    return zmqx__msg_send_fast(s, m, flags, op);
}

int zmqx__msg_recv(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    return zmqx__msg_recv_fast(s, m, flags, op);
}

int zmqx__msg_send_copy(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    zmq_msg_t copy;
    zmq_msg_init(&copy);
    if (zmq_msg_copy(&copy, m) != 0)
        return zmqx__fail_zmq(op, zmqx__sock_ep(s));
    int rc = zmqx__msg_send_fast(s, &copy, flags, op);
    if (rc < 0) {
        int code = errno;
        zmq_msg_close(&copy);
        errno = code;
    }
    return rc;
}

int zmqx_send_str(zmqx_socket_t *s, const char *str)
{
    if (str == NULL)
        return zmqx__fail("send_str", NULL, EFAULT, "string is NULL");
    return zmqx_send(s, str, strlen(str), 0);
}

int zmqx_send_strmore(zmqx_socket_t *s, const char *str)
{
    if (str == NULL)
        return zmqx__fail("send_str", NULL, EFAULT, "string is NULL");
    return zmqx_send(s, str, strlen(str), ZMQX_MORE);
}

/* Send a printf-formatted part with flags (0 or ZMQX_MORE). */
static int send_formatted(zmqx_socket_t *s, int flags, const char *op, const char *fmt,
                          va_list ap)
{
    zmqx__text_t t;
    if (zmqx__vformat(&t, op, fmt, ap) != 0)
        return -1;
    int rc = zmqx_send(s, t.str, t.len, flags);
    zmqx__text_free(&t);
    return rc;
}

int zmqx_vsendf(zmqx_socket_t *s, const char *fmt, va_list ap)
{
    return send_formatted(s, 0, "sendf", fmt, ap);
}

int zmqx_vsendfmore(zmqx_socket_t *s, const char *fmt, va_list ap)
{
    return send_formatted(s, ZMQX_MORE, "sendfmore", fmt, ap);
}

int zmqx_sendf(zmqx_socket_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = zmqx_vsendf(s, fmt, ap);
    va_end(ap);
    return rc;
}

int zmqx_sendfmore(zmqx_socket_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = zmqx_vsendfmore(s, fmt, ap);
    va_end(ap);
    return rc;
}

/* zmqx_recv_str after its first try: every check, then wait and receive. */
static int recv_str_slow(zmqx_socket_t *s, zmq_msg_t *m)
{
    if (zmqx__sock_check(s, "recv_str") != 0)
        return -1;
    return zmqx__msg_recv_slow(s, m, 0, "recv_str");
}

char *zmqx_recv_str(zmqx_socket_t *s)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    /* The first try checks only what the inline fast path checks (socket.h):
     * a closed socket's NULL handle fails in libzmq, then in the slow path. */
    if (ZMQX_UNLIKELY(s == NULL || s->slow || s->recv_deadline != 0 ||
                      zmq_msg_recv(&m, s->handle, ZMQ_DONTWAIT) < 0) &&
        recv_str_slow(s, &m) < 0) {
        zmq_msg_close(&m);
        return NULL;
    }
    size_t n = zmq_msg_size(&m);
    char *str = malloc(n + 1);
    if (ZMQX_UNLIKELY(str == NULL)) {
        zmq_msg_close(&m);
        return zmqx__fail_null("recv_str", NULL, ENOMEM, NULL);
    }
    memcpy(str, zmq_msg_data(&m), n);
    str[n] = '\0';
    zmq_msg_close(&m);
    return str;
}
