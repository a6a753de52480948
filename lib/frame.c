/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — frame: a zmq_msg_t on the caller's stack, zero-copy with a
 * tracker, properties, and frame send/receive over the hot path. */
#include "fail.h"
#include "sock.h"
#include "deadline.h"

#include <string.h>
#include <time.h>

#define FRAME_NULL(op) zmqx__fail(op, NULL, EINVAL, "frame is NULL")

int zmqx_frame_init(zmqx_frame_t *f)
{
    if (ZMQX_UNLIKELY(f == NULL))
        return FRAME_NULL("frame_init");
    return zmq_msg_init(&f->msg);
}

/* zmq_msg_init_size, leaving f empty (not half-made) when it fails. */
static int init_size(const char *op, zmqx_frame_t *f, size_t size)
{
    if (ZMQX_UNLIKELY(zmq_msg_init_size(&f->msg, size) != 0)) {
        zmq_msg_init(&f->msg);
        return zmqx__fail(op, NULL, ENOMEM, "%zu bytes: %s", size, zmq_strerror(ENOMEM));
    }
    return 0;
}

int zmqx_frame_init_size(zmqx_frame_t *f, size_t size)
{
    if (ZMQX_UNLIKELY(f == NULL))
        return FRAME_NULL("frame_init_size");
    return init_size("frame_init_size", f, size);
}

int zmqx_frame_init_copy(zmqx_frame_t *f, const void *data, size_t size)
{
    if (ZMQX_UNLIKELY(f == NULL))
        return FRAME_NULL("frame_init_copy");
    if (ZMQX_UNLIKELY(data == NULL && size > 0)) {
        zmq_msg_init(&f->msg);
        return zmqx__fail("frame_init_copy", NULL, EFAULT, "data is NULL");
    }
    if (init_size("frame_init_copy", f, size) != 0)
        return -1;
    if (size > 0)
        memcpy(zmq_msg_data(&f->msg), data, size);
    return 0;
}

/* Both zero-copy forms: check, then hand the memory to libzmq. */
static int init_data(const char *op, zmqx_frame_t *f, void *data, size_t size, zmqx_free_fn *ffn,
                     void *hint)
{
    if (f == NULL)
        return FRAME_NULL(op);
    if (data == NULL && size > 0) {
        zmq_msg_init(&f->msg);
        return zmqx__fail(op, NULL, EFAULT, "data is NULL");
    }
    if (zmq_msg_init_data(&f->msg, data, size, ffn, hint) != 0) {
        zmq_msg_init(&f->msg);
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    }
    return 0;
}

int zmqx_frame_init_data(zmqx_frame_t *f, void *data, size_t size, zmqx_free_fn *ffn, void *hint)
{
    return init_data("frame_init_data", f, data, size, ffn, hint);
}

/* The free function behind a tracked frame: the caller's first, then the
 * flag, after which the tracker may vanish, so nothing touches it again.
 * It runs on whichever thread drops the last reference (often libzmq's
 * I/O thread): the acquire load pairs with the release store in
 * zmqx_frame_init_data_tracked, so ffn_ and hint_ are seen as written
 * without relying on libzmq's own barriers. */
static void tracker_release(void *data, void *hint)
{
    zmqx_tracker_t *t = hint;
    (void) __atomic_load_n(&t->done_, __ATOMIC_ACQUIRE);
    if (t->ffn_ != NULL)
        t->ffn_(data, t->hint_);
    __atomic_store_n(&t->done_, 1, __ATOMIC_RELEASE);
}

int zmqx_frame_init_data_tracked(zmqx_frame_t *f, void *data, size_t size, zmqx_free_fn *ffn,
                                 void *hint, zmqx_tracker_t *t)
{
    if (t == NULL) {
        if (f != NULL)
            zmq_msg_init(&f->msg);
        return zmqx__fail("frame_init_data_tracked", NULL, EINVAL, "tracker is NULL");
    }
    t->ffn_ = ffn;
    t->hint_ = hint;
    __atomic_store_n(&t->done_, 0, __ATOMIC_RELEASE); /* publishes ffn_, hint_ */
    if (init_data("frame_init_data_tracked", f, data, size, tracker_release, t) != 0) {
        __atomic_store_n(&t->done_, 1, __ATOMIC_RELEASE);
        return -1;
    }
    return 0;
}

bool zmqx_tracker_done(const zmqx_tracker_t *t)
{
    if (t == NULL) {
        zmqx__fail("tracker_done", NULL, EINVAL, "tracker is NULL");
        return false;
    }
    return __atomic_load_n(&t->done_, __ATOMIC_ACQUIRE) != 0;
}

static void sleep_us(long us)
{
    struct timespec ts = { 0, us * 1000L };
    nanosleep(&ts, NULL);
}

int zmqx_tracker_wait(const zmqx_tracker_t *t, int timeout_ms)
{
    if (t == NULL)
        return zmqx__fail("tracker_wait", NULL, EINVAL, "tracker is NULL");
    if (timeout_ms < -1)
        return zmqx__fail("tracker_wait", NULL, EINVAL, "timeout %d ms out of range (-1 or more)",
                          timeout_ms);
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : zmqx__now_ms() + timeout_ms;
    long step_us = 20;
    while (__atomic_load_n(&t->done_, __ATOMIC_ACQUIRE) == 0) {
        if (zmqx__now_ms() >= deadline)
            return zmqx__fail_timeout("tracker_wait", NULL, timeout_ms);
        sleep_us(step_us);
        if (step_us < 1000)
            step_us *= 2;
    }
    return 0;
}

void zmqx_frame_close(zmqx_frame_t *f)
{
    if (f == NULL)
        return;
    zmq_msg_close(&f->msg);
    zmq_msg_init(&f->msg);
}

void *zmqx_frame_data(zmqx_frame_t *f)
{
    if (ZMQX_UNLIKELY(f == NULL))
        return zmqx__fail_null("frame_data", NULL, EINVAL, "frame is NULL");
    return zmq_msg_data(&f->msg);
}

size_t zmqx_frame_size(const zmqx_frame_t *f)
{
    if (ZMQX_UNLIKELY(f == NULL)) {
        FRAME_NULL("frame_size");
        return 0;
    }
    return zmq_msg_size(&f->msg);
}

bool zmqx_frame_more(const zmqx_frame_t *f)
{
    if (ZMQX_UNLIKELY(f == NULL)) {
        FRAME_NULL("frame_more");
        return false;
    }
    return zmq_msg_more(&f->msg) == 1;
}

const char *zmqx_frame_property(const zmqx_frame_t *f, const char *name)
{
    if (f == NULL)
        return zmqx__fail_null("frame_property", NULL, EINVAL, "frame is NULL");
    if (name == NULL)
        return zmqx__fail_null("frame_property", NULL, EINVAL, "property name is NULL");
    /* libzmq says EINVAL for "absent"; zmqx keeps EINVAL for bad arguments. */
    const char *value = zmq_msg_gets(&f->msg, name);
    /* libzmq 4.3 files the peer's routing id under its ZMTP name only. */
    if (value == NULL && strcmp(name, "Routing-Id") == 0)
        value = zmq_msg_gets(&f->msg, "Identity");
    if (value == NULL)
        return zmqx__fail_null("frame_property", NULL, ENOENT,
                               "no property \"%s\" on this frame", name);
    return value;
}

int zmqx_frame_copy(zmqx_frame_t *dst, const zmqx_frame_t *src)
{
    if (dst == NULL || src == NULL)
        return FRAME_NULL("frame_copy");
    if (dst == src)
        return 0;
    /* zmq_msg_copy takes a non-const source: it bumps the reference count. */
    if (zmq_msg_copy(&dst->msg, (zmq_msg_t *) &src->msg) != 0)
        return zmqx__fail_zmq("frame_copy", NULL);
    return 0;
}

int zmqx_frame_move(zmqx_frame_t *dst, zmqx_frame_t *src)
{
    if (dst == NULL || src == NULL)
        return FRAME_NULL("frame_move");
    if (dst == src)
        return 0;
    if (zmq_msg_move(&dst->msg, &src->msg) != 0)
        return zmqx__fail_zmq("frame_move", NULL);
    return 0;
}

int zmqx_send_frame(zmqx_socket_t *s, zmqx_frame_t *f, int flags)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "send_frame") != 0))
        return -1;
    if (ZMQX_UNLIKELY(f == NULL))
        return FRAME_NULL("send_frame");
    if (flags & ZMQX_KEEP)
        return zmqx__msg_send_copy(s, &f->msg, flags & ~ZMQX_KEEP, "send_frame");
    /* reached after the inline try (frame.h) found no room: wait at once */
    return zmqx__msg_send_slow(s, &f->msg, flags, "send_frame");
}

/* After a failed receive: f is empty, whatever libzmq left in it. A
 * receive that found nothing (EAGAIN) has emptied it already: libzmq
 * releases the old content before it looks for a message. */
static int recv_failed(zmqx_frame_t *f)
{
    int code = errno;
    if (code == EAGAIN && zmq_msg_size(&f->msg) == 0)
        return -1;
    zmqx_frame_close(f);
    errno = code;
    return -1;
}

int zmqx_recv_frame(zmqx_socket_t *s, zmqx_frame_t *f, int flags)
{
    if (ZMQX_UNLIKELY(f == NULL))
        return FRAME_NULL("recv_frame");
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "recv_frame") != 0))
        return recv_failed(f);
    int rc = zmqx__msg_recv_slow(s, &f->msg, flags, "recv_frame"); /* see send */
    return ZMQX_LIKELY(rc >= 0) ? rc : recv_failed(f);
}

int zmqx_recv_frame_timeout(zmqx_socket_t *s, zmqx_frame_t *f, int timeout_ms)
{
    if (f == NULL)
        return FRAME_NULL("recv_frame_timeout");
    if (zmqx__sock_check(s, "recv_frame_timeout") != 0)
        return recv_failed(f);
    int rc = zmqx__msg_recv_timed(s, &f->msg, timeout_ms, "recv_frame_timeout");
    return rc >= 0 ? rc : recv_failed(f);
}
