/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — message: parts kept as zmq_msg_t values inside the object.
 *
 * parts[head .. head + count) are the message. The array starts as the
 * inline one; past ZMQX_MSG_INLINE_PARTS it becomes a malloc'd array that
 * doubles and is kept (clear and receive reuse it). zmq_msg_t values are
 * moved with memcpy, as zmq_msg_move does: a small part's bytes live inside
 * its zmq_msg_t and move with it. */
#include "fail.h"
#include "sock.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct zmqx_msg {
    zmq_msg_t *parts;   /* inline_parts, or a malloc'd array once grown */
    size_t head;        /* index of the first part in parts */
    size_t count;       /* number of parts */
    size_t cap;         /* slots in parts */
    zmq_msg_t inline_parts[ZMQX_MSG_INLINE_PARTS];
};

#define MSG_NULL(op) zmqx__fail(op, NULL, EINVAL, "message is NULL")

/* The inline fast path (msg.h) reads and writes these through its own view. */
#define SAME_OFFSET(a, b) (offsetof(struct zmqx_msg, a) == offsetof(zmqx__msg_head_t, b))
_Static_assert(SAME_OFFSET(parts, parts_) && SAME_OFFSET(head, head_) &&
                   SAME_OFFSET(count, count_) && SAME_OFFSET(cap, cap_),
               "struct zmqx_msg must start with the fields of zmqx__msg_head_t");

static inline zmq_msg_t *part(const zmqx_msg_t *m, size_t i)
{
    return &m->parts[m->head + i];
}

zmqx_msg_t *zmqx_msg_new(void)
{
    zmqx_msg_t *m = malloc(sizeof *m);
    if (m == NULL)
        return zmqx__fail_null("msg_new", NULL, ENOMEM, NULL);
    m->parts = m->inline_parts;
    m->head = m->count = 0;
    m->cap = ZMQX_MSG_INLINE_PARTS;
    return m;
}

void zmqx_msg_clear(zmqx_msg_t *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->count; i++)
        zmq_msg_close(part(m, i));
    m->head = m->count = 0;
}

void zmqx_msg_destroy(zmqx_msg_t **mp)
{
    if (mp == NULL || *mp == NULL)
        return;
    zmqx_msg_t *m = *mp;
    *mp = NULL;
    zmqx_msg_clear(m);
    if (m->parts != m->inline_parts)
        free(m->parts);
    free(m);
}

size_t zmqx_msg_count(const zmqx_msg_t *m)
{
    if (m == NULL) {
        MSG_NULL("msg_count");
        return 0;
    }
    return m->count;
}

/* Put the parts in slots [head, head + count) of an array of cap slots: a
 * new array when cap is larger than m's (the inline one is kept in the
 * object), else the same one. 0, or -1 (ENOMEM; m unchanged). */
static int relocate(zmqx_msg_t *m, size_t cap, size_t head, const char *op)
{
    zmq_msg_t *p = m->parts;
    if (cap != m->cap) {
        if (cap > SIZE_MAX / sizeof *p)
            return zmqx__fail(op, NULL, ENOMEM, "too many parts");
        if (m->parts == m->inline_parts) {
            p = malloc(cap * sizeof *p);
            if (p != NULL)
                memcpy(p + head, part(m, 0), m->count * sizeof *p);
        } else if ((p = realloc(m->parts, cap * sizeof *p)) != NULL) {
            memmove(p + head, p + m->head, m->count * sizeof *p);
        }
        if (p == NULL)
            return zmqx__fail(op, NULL, ENOMEM, "cannot grow to %zu parts", cap);
    } else {
        memmove(p + head, part(m, 0), m->count * sizeof *p);
    }
    m->parts = p;
    m->head = head;
    m->cap = cap;
    return 0;
}

/* Double the slots, the parts at the front (a receive fills from slot 0). */
static int grow(zmqx_msg_t *m, const char *op)
{
    if (m->cap > SIZE_MAX / 2)
        return zmqx__fail(op, NULL, ENOMEM, "too many parts");
    return relocate(m, m->cap * 2, 0, op);
}

/* Room for one more part in front or at the back: the slot it goes in,
 * which counts as a part only after commit(). When that side is full, the
 * parts move (into twice the slots when they fill half or more) so that a
 * quarter of the free slots lie behind them and three quarters in front
 * (or the reverse for the back): every move is followed by at least
 * count / 4 insertions without one, so pushing and appending cost O(1)
 * amortised, also mixed. m stays a valid message either way. NULL (error
 * filled) if m cannot grow. */
static zmq_msg_t *reserve(zmqx_msg_t *m, int front, const char *op)
{
    if (front ? m->head == 0 : m->head + m->count == m->cap) {
        size_t cap = m->cap;
        if (m->count >= cap / 2) {
            if (cap > SIZE_MAX / 2)
                return zmqx__fail_null(op, NULL, ENOMEM, "too many parts");
            cap *= 2;
        }
        size_t spare = cap - m->count;
        if (relocate(m, cap, front ? spare - spare / 4 : spare / 4, op) != 0)
            return NULL;
    }
    return front ? &m->parts[m->head - 1] : part(m, m->count);
}

/* The slot reserve() gave is a part now. */
static void commit(zmqx_msg_t *m, int front)
{
    if (front)
        m->head--;
    m->count++;
}

/* A copy of size bytes at data, put in front or at the back: made in its
 * slot, no temporary. */
static int insert_copy(zmqx_msg_t *m, const void *data, size_t size, int front, const char *op)
{
    if (ZMQX_UNLIKELY(m == NULL))
        return MSG_NULL(op);
    if (ZMQX_UNLIKELY(data == NULL && size > 0))
        return zmqx__fail(op, NULL, EFAULT, "data is NULL");
    zmq_msg_t *slot = reserve(m, front, op);
    if (ZMQX_UNLIKELY(slot == NULL))
        return -1;
    if (ZMQX_UNLIKELY(zmq_msg_init_size(slot, size) != 0))
        return zmqx__fail(op, NULL, ENOMEM, "%zu bytes: %s", size, zmq_strerror(ENOMEM));
    if (size > 0)
        memcpy(zmq_msg_data(slot), data, size);
    commit(m, front);
    return 0;
}

/* Move *p into m as part i (0 <= i <= count), the parts before it moving
 * one slot down or the parts after it one slot up, whichever are fewer.
 * 0, or -1 (ENOMEM: m unchanged, *p still the caller's). */
static int put_at(zmqx_msg_t *m, size_t i, zmq_msg_t *p, const char *op)
{
    int front = i < m->count - i;
    if (reserve(m, front, op) == NULL)
        return -1;
    zmq_msg_t *first = part(m, 0), *slot;
    if (front) {
        memmove(first - 1, first, i * sizeof *first);
        slot = first - 1 + i;
    } else {
        memmove(first + i + 1, first + i, (m->count - i) * sizeof *first);
        slot = first + i;
    }
    memcpy(slot, p, sizeof *slot); /* a move, as zmq_msg_move does */
    commit(m, front);
    return 0;
}

/* Check an index for an operation on part i: i < count, or i <= count
 * when the part is to be inserted (end = 1). */
static int check_index(const zmqx_msg_t *m, size_t i, int end, const char *op)
{
    if (m == NULL)
        return MSG_NULL(op);
    if (i > m->count || (i == m->count && !end))
        return zmqx__fail(op, NULL, EINVAL, "index %zu out of range (message has %zu part%s)", i,
                          m->count, m->count == 1 ? "" : "s");
    return 0;
}

/* f's content as part i (or, front/back, first or last); f is left
 * empty. */
static int insert_frame(zmqx_msg_t *m, size_t i, zmqx_frame_t *f, const char *op)
{
    if (check_index(m, i, 1, op) != 0)
        return -1;
    if (f == NULL)
        return zmqx__fail(op, NULL, EINVAL, "frame is NULL");
    if (put_at(m, i, &f->msg, op) != 0)
        return -1;
    zmq_msg_init(&f->msg);
    return 0;
}

/* Part i moves into f (its old content released), or is released when f
 * is NULL; the parts on the shorter side close the gap. i < count. */
static void take(zmqx_msg_t *m, size_t i, zmqx_frame_t *f)
{
    zmq_msg_t *first = part(m, 0), *p = first + i;
    if (f != NULL) {
        zmq_msg_close(&f->msg);
        memcpy(&f->msg, p, sizeof f->msg);
    } else {
        zmq_msg_close(p);
    }
    if (i < m->count - 1 - i) {
        memmove(first + 1, first, i * sizeof *first);
        m->head++;
    } else {
        memmove(p, p + 1, (m->count - 1 - i) * sizeof *p);
    }
    m->count--;
    if (m->count == 0)
        m->head = 0;
}

/* A copy of size bytes at data, in a zmq_msg_t of its own: 0, or -1 with
 * the error filled (EFAULT, ENOMEM). */
static int build(zmq_msg_t *p, const void *data, size_t size, const char *op)
{
    if (data == NULL && size > 0)
        return zmqx__fail(op, NULL, EFAULT, "data is NULL");
    if (zmq_msg_init_size(p, size) != 0)
        return zmqx__fail(op, NULL, ENOMEM, "%zu bytes: %s", size, zmq_strerror(ENOMEM));
    if (size > 0)
        memcpy(zmq_msg_data(p), data, size);
    return 0;
}

int zmqx_msg_append(zmqx_msg_t *m, const void *data, size_t size)
{
    return insert_copy(m, data, size, 0, "msg_append");
}

int zmqx_msg_append_str(zmqx_msg_t *m, const char *str)
{
    if (str == NULL)
        return zmqx__fail("msg_append_str", NULL, EFAULT, "string is NULL");
    return insert_copy(m, str, strlen(str), 0, "msg_append_str");
}

int zmqx_msg_append_frame(zmqx_msg_t *m, zmqx_frame_t *f)
{
    return insert_frame(m, m ? m->count : 0, f, "msg_append_frame");
}

int zmqx_msg_push(zmqx_msg_t *m, const void *data, size_t size)
{
    return insert_copy(m, data, size, 1, "msg_push");
}

int zmqx_msg_push_frame(zmqx_msg_t *m, zmqx_frame_t *f)
{
    return insert_frame(m, 0, f, "msg_push_frame");
}

int zmqx_msg_pop(zmqx_msg_t *m, zmqx_frame_t *f)
{
    if (m == NULL)
        return MSG_NULL("msg_pop");
    if (f == NULL)
        return zmqx__fail("msg_pop", NULL, EINVAL, "frame is NULL");
    if (m->count == 0)
        return zmqx__fail("msg_pop", NULL, ENOMSG, "message has no parts");
    take(m, 0, f);
    return 0;
}

int zmqx_msg_insert(zmqx_msg_t *m, size_t i, const void *data, size_t size)
{
    zmq_msg_t p;
    if (check_index(m, i, 1, "msg_insert") != 0 || build(&p, data, size, "msg_insert") != 0)
        return -1;
    if (put_at(m, i, &p, "msg_insert") != 0) {
        zmq_msg_close(&p);
        return -1;
    }
    return 0;
}

int zmqx_msg_insert_frame(zmqx_msg_t *m, size_t i, zmqx_frame_t *f)
{
    return insert_frame(m, i, f, "msg_insert_frame");
}

int zmqx_msg_remove(zmqx_msg_t *m, size_t i, zmqx_frame_t *f)
{
    if (check_index(m, i, 0, "msg_remove") != 0)
        return -1;
    take(m, i, f);
    return 0;
}

int zmqx_msg_replace(zmqx_msg_t *m, size_t i, const void *data, size_t size)
{
    zmq_msg_t p;
    if (check_index(m, i, 0, "msg_replace") != 0 || build(&p, data, size, "msg_replace") != 0)
        return -1;
    zmq_msg_close(part(m, i));
    memcpy(part(m, i), &p, sizeof p);
    return 0;
}

int zmqx_msg_replace_frame(zmqx_msg_t *m, size_t i, zmqx_frame_t *f)
{
    if (check_index(m, i, 0, "msg_replace_frame") != 0)
        return -1;
    if (f == NULL)
        return zmqx__fail("msg_replace_frame", NULL, EINVAL, "frame is NULL");
    zmq_msg_close(part(m, i));
    memcpy(part(m, i), &f->msg, sizeof f->msg);
    zmq_msg_init(&f->msg);
    return 0;
}

int zmqx_msg_unwrap(zmqx_msg_t *m, zmqx_frame_t *f)
{
    if (m == NULL)
        return MSG_NULL("msg_unwrap");
    if (f == NULL)
        return zmqx__fail("msg_unwrap", NULL, EINVAL, "frame is NULL");
    if (m->count == 0)
        return zmqx__fail("msg_unwrap", NULL, ENOMSG, "message has no parts");
    take(m, 0, f);
    if (m->count > 0 && zmq_msg_size(part(m, 0)) == 0) {
        take(m, 0, NULL);
        return 2;
    }
    return 1;
}

/* Part i, or NULL with EINVAL naming op. */
static zmq_msg_t *part_at(const zmqx_msg_t *m, size_t i, const char *op)
{
    if (m == NULL)
        return zmqx__fail_null(op, NULL, EINVAL, "message is NULL");
    if (i >= m->count)
        return zmqx__fail_null(op, NULL, EINVAL, "part %zu out of range (message has %zu)", i,
                               m->count);
    return part(m, i);
}

const void *zmqx_msg_data(const zmqx_msg_t *m, size_t i)
{
    zmq_msg_t *p = part_at(m, i, "msg_data");
    return p ? zmq_msg_data(p) : NULL;
}

size_t zmqx_msg_size(const zmqx_msg_t *m, size_t i)
{
    zmq_msg_t *p = part_at(m, i, "msg_size");
    return p ? zmq_msg_size(p) : 0;
}

char *zmqx_msg_strdup(const zmqx_msg_t *m, size_t i)
{
    zmq_msg_t *p = part_at(m, i, "msg_strdup");
    if (p == NULL)
        return NULL;
    size_t n = zmq_msg_size(p);
    char *str = malloc(n + 1);
    if (str == NULL)
        return zmqx__fail_null("msg_strdup", NULL, ENOMEM, NULL);
    memcpy(str, zmq_msg_data(p), n);
    str[n] = '\0';
    return str;
}

bool zmqx_msg_part_eq_str(const zmqx_msg_t *m, size_t i, const char *str)
{
    zmq_msg_t *p = part_at(m, i, "msg_part_eq_str");
    if (p == NULL)
        return false;
    if (str == NULL) {
        zmqx__fail("msg_part_eq_str", NULL, EINVAL, "string is NULL");
        return false;
    }
    size_t n = strlen(str);
    return zmq_msg_size(p) == n && memcmp(zmq_msg_data(p), str, n) == 0;
}

/* Send every part of m, MORE on all but the last. keep: each part goes
 * as a reference-counted copy (zmq_msg_copy) and m is left as it was;
 * else the parts go themselves and leave m. The number of parts, or -1
 * with the parts sent recorded in the error. */
static int send_parts(zmqx_socket_t *s, zmqx_msg_t *m, int keep, const char *op)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, op) != 0))
        return -1;
    if (ZMQX_UNLIKELY(m == NULL))
        return MSG_NULL(op);
    size_t n = m->count;
    if (ZMQX_UNLIKELY(n == 0))
        return zmqx__fail(op, NULL, EINVAL, "message has no parts");
    for (size_t sent = 0; sent < n; sent++) {
        /* A sent zmq_msg_t is left empty by libzmq: nothing to close. The
         * first part comes after the inline try (msg.h): it waits at once. */
        int more = sent + 1 < n ? ZMQX_MORE : 0;
        int rc = keep        ? zmqx__msg_send_copy(s, part(m, sent), more, op)
                 : sent == 0 ? zmqx__msg_send_slow(s, part(m, 0), more, op)
                             : zmqx__msg_send_fast(s, part(m, 0), more, op);
        if (rc < 0) {
            zmqx__error_set_parts(sent);
            return -1;
        }
        if (!keep) {
            m->head++;
            m->count--;
        }
    }
    if (!keep)
        m->head = 0;
    return (int) n;
}

int zmqx_send_msg(zmqx_socket_t *s, zmqx_msg_t *m)
{
    return send_parts(s, m, 0, "send_msg");
}

int zmqx_send_msg_keep(zmqx_socket_t *s, zmqx_msg_t *m)
{
    return send_parts(s, m, 1, "send_msg_keep");
}

/* Release parts[from, to): old parts a receive did not reuse. */
static void release(zmqx_msg_t *m, size_t from, size_t to)
{
    int code = errno;
    for (size_t i = from; i < to; i++)
        zmq_msg_close(&m->parts[i]);
    errno = code;
}

/* Receive parts into m until the last one, from slot m->count (head 0)
 * on: the first within timeout_ms (NO_TIMEOUT: the socket's timeout), the
 * rest as they come (libzmq delivers a message whole, so they are there
 * already). Slots below old still hold parts of the last message: libzmq
 * releases that content as it receives into them (no close and init per
 * part); old parts not reused are released at the end. */
#define NO_TIMEOUT (-2)
static int recv_rest(zmqx_socket_t *s, zmqx_msg_t *m, size_t old, int timeout_ms,
                     const char *op)
{
    size_t first = m->count; /* zmqx_recv_msg: comes after the inline try */
    for (;;) {
        size_t i = m->count;
        if (ZMQX_UNLIKELY(i == m->cap) && grow(m, op) != 0)
            return -1; /* i >= old: nothing old is left */
        zmq_msg_t *p = &m->parts[i];
        if (i >= old)
            zmq_msg_init(p);
        int rc = timeout_ms != NO_TIMEOUT ? zmqx__msg_recv_timed(s, p, timeout_ms, op)
                 : i == first && first == 0 ? zmqx__msg_recv_slow(s, p, 0, op)
                                            : zmqx__msg_recv_fast(s, p, 0, op);
        if (ZMQX_UNLIKELY(rc < 0)) {
            /* The rest of a message is already here (libzmq delivers whole
             * messages): a signal must not split it, so try that part again. */
            if (i > 0 && errno == EINTR)
                continue;
            release(m, i, i + 1 > old ? i + 1 : old); /* p: empty, or old content */
            return -1;
        }
        m->count++;
        if (ZMQX_LIKELY(!zmq_msg_more(p))) {
            if (ZMQX_UNLIKELY(old > m->count))
                release(m, m->count, old);
            return (int) m->count;
        }
        timeout_ms = NO_TIMEOUT;
    }
}

/* Both receives: m is cleared (its slots reused), then filled. */
static int recv_parts(zmqx_socket_t *s, zmqx_msg_t *m, int timeout_ms, const char *op)
{
    if (ZMQX_UNLIKELY(m->head != 0))
        zmqx_msg_clear(m);
    size_t old = m->count;
    m->count = 0;
    return recv_rest(s, m, old, timeout_ms, op);
}

int zmqx__recv_msg_rest(zmqx_socket_t *s, zmqx_msg_t *m)
{
    if (zmqx__sock_check(s, "recv_msg") != 0)
        return -1;
    if (m == NULL || m->head != 0 || m->count == 0)
        return zmqx__fail("recv_msg", NULL, EINVAL, "no message being received");
    return recv_rest(s, m, m->count, NO_TIMEOUT, "recv_msg");
}

int zmqx_recv_msg(zmqx_socket_t *s, zmqx_msg_t *m)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "recv_msg") != 0))
        return -1;
    if (ZMQX_UNLIKELY(m == NULL))
        return MSG_NULL("recv_msg");
    return recv_parts(s, m, NO_TIMEOUT, "recv_msg");
}

int zmqx_recv_msg_timeout(zmqx_socket_t *s, zmqx_msg_t *m, int timeout_ms)
{
    if (zmqx__sock_check(s, "recv_msg_timeout") != 0)
        return -1;
    if (m == NULL)
        return MSG_NULL("recv_msg_timeout");
    if (timeout_ms < -1)
        return zmqx__fail("recv_msg_timeout", NULL, EINVAL,
                          "timeout %d ms out of range (-1 or more)", timeout_ms);
    return recv_parts(s, m, timeout_ms, "recv_msg_timeout");
}
