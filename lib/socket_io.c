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
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The inline fast path (socket.h) reads these fields through its own view. */
#define SAME_OFFSET(a, b) (offsetof(struct zmqx_socket, a) == offsetof(zmqx__socket_head_t, b))
_Static_assert(SAME_OFFSET(handle, handle_) && SAME_OFFSET(send_deadline, send_deadline_) &&
                   SAME_OFFSET(recv_deadline, recv_deadline_) &&
                   SAME_OFFSET(check_owner, check_owner_),
               "struct zmqx_socket must start with the fields of zmqx__socket_head_t");

int zmqx__io_failed(zmqx_socket_t *s, int send, int flags, const char *op)
{
    int code = zmq_errno();
    const char *type = zmqx__type_name(s->type);
    const char *ep = zmqx__sock_ep(s);
    int64_t *deadline = send ? &s->send_deadline : &s->recv_deadline;
    if (code != EINTR && *deadline != 0) /* never written for thread-safe types */
        *deadline = 0;
    switch (code) {
    case EAGAIN:
        if (flags & ZMQX_DONTWAIT)
            return zmqx__fail(op, ep, EAGAIN, "%s (ZMQX_DONTWAIT)",
                              send ? "cannot send now" : "no message ready");
        return zmqx__fail_timeout(op, ep, send ? s->sndtimeo : s->rcvtimeo);
    case ENOTSUP:
        return zmqx__fail(op, ep, code, "socket type %s cannot %s", type,
                          send ? "send" : "receive");
    case EFSM:
        return zmqx__fail(op, ep, code,
                          "socket type %s cannot %s in its current state "
                          "(REQ/REP must alternate send and receive)",
                          type, send ? "send" : "receive");
    case ETERM:
        return zmqx__fail(op, ep, code, "context was shut down");
    case EINTR:
        return zmqx__fail(op, ep, code, "interrupted by a signal (a retry keeps the deadline)");
    case EINVAL:
        if (send && (flags & ZMQX_MORE) && zmqx__type_thread_safe(s->type))
            return zmqx__fail(op, ep, code, "socket type %s does not take multipart messages",
                              type);
        return zmqx__fail(op, ep, code, NULL);
    case EHOSTUNREACH:
        return zmqx__fail(op, ep, code, "no peer with that routing id");
    default:
        return zmqx__fail(op, ep, code, NULL);
    }
}

/* Wait until s is ready or *deadline (0: not set yet) passes. */
static int wait_ready(zmqx_socket_t *s, int send, const char *op, int64_t *deadline)
{
    int timeout = send ? s->sndtimeo : s->rcvtimeo;
    if (*deadline == 0 && timeout > 0)
        *deadline = zmqx__now_ms() + timeout;
    zmq_pollitem_t item = { s->handle, 0, send ? ZMQ_POLLOUT : ZMQ_POLLIN, 0 };
    for (;;) {
        long wait = -1;
        if (*deadline != 0) {
            int64_t left = *deadline - zmqx__now_ms();
            if (left <= 0) {
                *deadline = 0;
                return zmqx__fail_timeout(op, zmqx__sock_ep(s), timeout);
            }
            wait = (long) left;
        }
        int rc = zmq_poll(&item, 1, wait);
        if (rc > 0)
            return 0;
        if (rc < 0) {
            if (zmq_errno() == EINTR && zmqx__type_thread_safe(s->type))
                zmqx__deadline_interrupted(s, send ? ZMQX__WAIT_SEND_OWN : ZMQX__WAIT_RECV_OWN,
                                           timeout, *deadline);
            return zmqx__io_failed(s, send, 0, op);
        }
    }
}

/* Where a call keeps its deadline: in the socket (so that a retry after
 * EINTR keeps it), or for thread-safe types in the call's own variable,
 * starting from the one this thread kept if the call retries. */
static inline int64_t *deadline_of(zmqx_socket_t *s, int send, int64_t *call_deadline)
{
    if (ZMQX_UNLIKELY(zmqx__type_thread_safe(s->type))) {
        *call_deadline = zmqx__deadline_pending(s, send ? ZMQX__WAIT_SEND_OWN : ZMQX__WAIT_RECV_OWN,
                                                send ? s->sndtimeo : s->rcvtimeo);
        return call_deadline;
    }
    return send ? &s->send_deadline : &s->recv_deadline;
}

/* The flags for the first try of an out-of-line send (send = 1) or
 * receive. Callers reach it after the inline DONTWAIT try found nothing
 * (socket.h), so it lets libzmq block at once, up to its own
 * ZMQ_SNDTIMEO/RCVTIMEO (zmqx keeps them equal to the cached timeouts): the
 * wait costs what raw libzmq's costs. The deadline is noted first, so that
 * a retry after EINTR waits only what is left of it. With ZMQX_DONTWAIT, a
 * timeout of 0, such a retry pending or a thread-safe type, the try does
 * not block. */
static inline int first_try(zmqx_socket_t *s, int send, int flags, int64_t *deadline)
{
    int timeout = send ? s->sndtimeo : s->rcvtimeo;
    /* Thread-safe types wait on a condition variable inside libzmq, which a
     * signal does not interrupt: they wait in zmq_poll (wait_ready). */
    if ((flags & ZMQX_DONTWAIT) || timeout == 0 || *deadline != 0
        || zmqx__type_thread_safe(s->type))
        return flags | ZMQ_DONTWAIT;
    if (timeout > 0)
        *deadline = zmqx__now_ms() + timeout;
    return flags;
}

/* Run after a try with try_flags failed: 1 = wait done, try again without
 * blocking; -1 = failed for good (error filled). */
static inline int io_retry(zmqx_socket_t *s, int send, int flags, int try_flags, const char *op,
                           int64_t *deadline)
{
    int timeout = send ? s->sndtimeo : s->rcvtimeo;
    int nowait = (flags & ZMQX_DONTWAIT) || timeout == 0;
    /* A call that does not wait never fails with EINTR: libzmq processes
     * the socket's commands first, which a signal can interrupt before
     * anything happened, so try again. */
    if (ZMQX_UNLIKELY(nowait && zmq_errno() == EINTR))
        return 1;
    if (zmq_errno() != EAGAIN || nowait)
        return zmqx__io_failed(s, send, flags, op);
    if (!(try_flags & ZMQ_DONTWAIT)) { /* libzmq waited the timeout out */
        *deadline = 0;
        return zmqx__fail_timeout(op, zmqx__sock_ep(s), timeout);
    }
    /* After EINTR (or, for thread-safe types, another thread taking what
     * was there): wait for what is left of the deadline. */
    return wait_ready(s, send, op, deadline) == 0 ? 1 : -1;
}

int zmqx_send(zmqx_socket_t *s, const void *data, size_t size, int flags)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "send") != 0))
        return -1;
    if (ZMQX_UNLIKELY(data == NULL && size > 0))
        return zmqx__fail("send", NULL, EFAULT, "data is NULL");
    int64_t call_deadline = 0, *deadline = deadline_of(s, 1, &call_deadline);
    int rc, try_flags = first_try(s, 1, flags, deadline);
    while ((rc = zmq_send(s->handle, data, size, try_flags)) < 0)
        if (io_retry(s, 1, flags, try_flags, "send", deadline) < 0)
            return -1;
    if (ZMQX_UNLIKELY(s->send_deadline != 0))
        s->send_deadline = 0;
    return rc;
}

int zmqx_recv(zmqx_socket_t *s, void *buf, size_t cap, int flags)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "recv") != 0))
        return -1;
    if (ZMQX_UNLIKELY(buf == NULL && cap > 0))
        return zmqx__fail("recv", NULL, EFAULT, "buffer is NULL");
    int64_t call_deadline = 0, *deadline = deadline_of(s, 0, &call_deadline);
    int rc, try_flags = first_try(s, 0, flags, deadline);
    while ((rc = zmq_recv(s->handle, buf, cap, try_flags)) < 0)
        if (io_retry(s, 0, flags, try_flags, "recv", deadline) < 0)
            return -1;
    if (ZMQX_UNLIKELY(s->recv_deadline != 0))
        s->recv_deadline = 0;
    return rc;
}

int zmqx__msg_send_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    int64_t call_deadline = 0, *deadline = deadline_of(s, 1, &call_deadline);
    int rc, try_flags = first_try(s, 1, flags, deadline);
    while ((rc = zmq_msg_send(m, s->handle, try_flags)) < 0)
        if (io_retry(s, 1, flags, try_flags, op, deadline) < 0)
            return -1;
    if (ZMQX_UNLIKELY(s->send_deadline != 0))
        s->send_deadline = 0;
    return rc;
}

int zmqx__msg_recv_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    int64_t call_deadline = 0, *deadline = deadline_of(s, 0, &call_deadline);
    int rc, try_flags = first_try(s, 0, flags, deadline);
    while ((rc = zmq_msg_recv(m, s->handle, try_flags)) < 0)
        if (io_retry(s, 0, flags, try_flags, op, deadline) < 0)
            return -1;
    if (ZMQX_UNLIKELY(s->recv_deadline != 0))
        s->recv_deadline = 0;
    return rc;
}

int zmqx__msg_send(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    return zmqx__msg_send_fast(s, m, flags, op);
}

int zmqx__msg_recv(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    return zmqx__msg_recv_fast(s, m, flags, op);
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

int zmqx_vsendf(zmqx_socket_t *s, const char *fmt, va_list ap)
{
    if (fmt == NULL)
        return zmqx__fail("sendf", NULL, EFAULT, "format is NULL");
    char stack[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(stack, sizeof stack, fmt, copy);
    va_end(copy);
    if (n < 0)
        return zmqx__fail("sendf", NULL, EINVAL, "bad format \"%s\"", fmt);
    if ((size_t) n < sizeof stack)
        return zmqx_send(s, stack, (size_t) n, 0);
    char *heap = malloc((size_t) n + 1);
    if (heap == NULL)
        return zmqx__fail("sendf", NULL, ENOMEM, NULL);
    vsnprintf(heap, (size_t) n + 1, fmt, ap);
    int rc = zmqx_send(s, heap, (size_t) n, 0);
    free(heap);
    return rc;
}

int zmqx_sendf(zmqx_socket_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = zmqx_vsendf(s, fmt, ap);
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
    if (ZMQX_UNLIKELY(s == NULL || s->check_owner || s->recv_deadline != 0 ||
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
