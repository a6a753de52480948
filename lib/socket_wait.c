/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — waiting on one socket with a timeout for this call only.
 *
 * Every call here keeps one deadline, computed once at its start: zmq_poll
 * waits for the time left, a DONTWAIT try does the work, and a wake-up that
 * finds nothing (zmq_poll returning early, or ready but the try says EAGAIN)
 * waits again for what is left, never for the full timeout. A call that a
 * signal interrupts fails with EINTR, and its retry keeps that deadline
 * (lib/deadline.c). The socket's own ZMQ_SNDTIMEO/ZMQ_RCVTIMEO are never
 * read or written. */
#include "fail.h"
#include "sock.h"
#include "deadline.h"

enum io_kind { IO_RECV, IO_SEND, IO_RECV_MSG };

/* One operation to retry until the deadline. */
struct io {
    enum io_kind kind;
    void *buf;          /* IO_RECV */
    const void *data;   /* IO_SEND */
    size_t n;
    int flags;          /* IO_SEND: ZMQX_MORE or 0 */
    zmq_msg_t *msg;     /* IO_RECV_MSG */
};

static int check_timeout(const char *op, int timeout_ms)
{
    if (timeout_ms < -1)
        return zmqx__fail(op, NULL, EINVAL, "timeout %d ms out of range (-1 or more)", timeout_ms);
    return 0;
}

/* A failed libzmq call (not EAGAIN). EINTR: this thread remembers the
 * deadline of the wait (kind, timeout_ms) for a retry. */
static int failed(zmqx_socket_t *s, int send, int flags, const char *op, int kind,
                  int timeout_ms, int64_t deadline)
{
    if (zmq_errno() == EINTR) {
        zmqx__deadline_interrupted(s, kind, timeout_ms, deadline);
        return zmqx__fail_sock_text(op, s, EINTR,
                                    "interrupted by a signal (a retry keeps the deadline)");
    }
    return zmqx__io_failed(s, send, flags, op);
}

/* Poll s for events until the deadline (INT64_MAX: none; 0: no wait): the
 * events ready, or -1 with the error filled (timeout_ms is what it
 * reports). */
static int wait_until(zmqx_socket_t *s, short events, int kind, int64_t deadline, int timeout_ms,
                      const char *op)
{
    zmq_pollitem_t item = { s->handle, 0, events, 0 };
    for (;;) {
        long wait = zmqx__deadline_left(deadline);
        int rc = zmq_poll(&item, 1, wait);
        if (rc > 0 && (item.revents & events) != 0)
            return item.revents & events;
        if (rc < 0 && deadline == 0 && zmq_errno() == EINTR)
            continue; /* a look (timeout 0) does not wait: no EINTR */
        if (rc < 0)
            return failed(s, events & ZMQ_POLLOUT, 0, op, kind, timeout_ms, deadline);
        if (wait == 0)
            return zmqx__fail_sock_timeout(op, s, timeout_ms);
    }
}

int zmqx_socket_wait(zmqx_socket_t *s, int events, int timeout_ms)
{
    if (zmqx__sock_check(s, "socket_wait") != 0 || check_timeout("socket_wait", timeout_ms) != 0)
        return -1;
    if (events == 0 || (events & ~(ZMQX_POLLIN | ZMQX_POLLOUT)) != 0)
        return zmqx__fail("socket_wait", NULL, EINVAL,
                          "events %d: want ZMQX_POLLIN and/or ZMQX_POLLOUT", events);
    int64_t deadline = zmqx__deadline_start(s, ZMQX__WAIT_SOCKET, timeout_ms);
    return wait_until(s, (short) events, ZMQX__WAIT_SOCKET, deadline, timeout_ms, "socket_wait");
}

static int try_once(zmqx_socket_t *s, const struct io *io)
{
    switch (io->kind) {
    case IO_RECV:
        return zmq_recv(s->handle, io->buf, io->n, ZMQ_DONTWAIT);
    case IO_SEND:
        return zmq_send(s->handle, io->data, io->n, io->flags | ZMQ_DONTWAIT);
    default:
        return zmq_msg_recv(io->msg, s->handle, ZMQ_DONTWAIT);
    }
}

/* Try, wait for what is left of the timeout, try again ... */
static int timed_io(zmqx_socket_t *s, const struct io *io, int timeout_ms, const char *op)
{
    int send = io->kind == IO_SEND, kind = send ? ZMQX__WAIT_SEND : ZMQX__WAIT_RECV;
    int64_t deadline = zmqx__deadline_start(s, kind, timeout_ms);
    for (;;) {
        int rc = try_once(s, io);
        if (rc >= 0)
            return rc;
        if (timeout_ms == 0 && zmq_errno() == EINTR)
            continue; /* a call that does not wait never fails with EINTR */
        if (zmq_errno() != EAGAIN)
            return failed(s, send, io->flags, op, kind, timeout_ms, deadline);
        if (wait_until(s, send ? ZMQ_POLLOUT : ZMQ_POLLIN, kind, deadline, timeout_ms, op) < 0)
            return -1;
    }
}

int zmqx_recv_timeout(zmqx_socket_t *s, void *buf, size_t cap, int timeout_ms)
{
    if (zmqx__sock_check(s, "recv_timeout") != 0 || check_timeout("recv_timeout", timeout_ms) != 0)
        return -1;
    if (buf == NULL && cap > 0)
        return zmqx__fail("recv_timeout", NULL, EFAULT, "buffer is NULL");
    struct io io = { .kind = IO_RECV, .buf = buf, .n = cap };
    return timed_io(s, &io, timeout_ms, "recv_timeout");
}

int zmqx_send_timeout(zmqx_socket_t *s, const void *data, size_t size, int flags, int timeout_ms)
{
    if (zmqx__sock_check(s, "send_timeout") != 0 || check_timeout("send_timeout", timeout_ms) != 0)
        return -1;
    if (data == NULL && size > 0)
        return zmqx__fail("send_timeout", NULL, EFAULT, "data is NULL");
    if ((flags & ~ZMQX_MORE) != 0)
        return zmqx__fail("send_timeout", NULL, EINVAL,
                          "flags %d: only ZMQX_MORE (the timeout replaces ZMQX_DONTWAIT)", flags);
    struct io io = { .kind = IO_SEND, .data = data, .n = size, .flags = flags };
    return timed_io(s, &io, timeout_ms, "send_timeout");
}

int zmqx__msg_recv_timed(zmqx_socket_t *s, zmq_msg_t *m, int timeout_ms, const char *op)
{
    if (check_timeout(op, timeout_ms) != 0)
        return -1;
    struct io io = { .kind = IO_RECV_MSG, .msg = m };
    return timed_io(s, &io, timeout_ms, op);
}
