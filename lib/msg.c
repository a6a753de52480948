/* zmqx — message: parts kept as zmq_msg_t values inside the object.
 *
 * parts[head .. head + count) are the message. The array starts as the
 * inline one; past ZMQX_MSG_INLINE_PARTS it becomes a malloc'd array that
 * doubles and is kept (clear and receive reuse it). zmq_msg_t values are
 * moved with memcpy, as zmq_msg_move does: a small part's bytes live inside
 * its zmq_msg_t and move with it. */
#include "internal.h"

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

/* Double the slots (the parts move to the front of the new array). */
static int grow(zmqx_msg_t *m, const char *op)
{
    size_t cap = m->cap * 2;
    if (cap > SIZE_MAX / sizeof(zmq_msg_t))
        return zmqx__fail(op, NULL, ENOMEM, "too many parts");
    zmq_msg_t *p;
    if (m->parts == m->inline_parts) {
        p = malloc(cap * sizeof *p);
        if (p != NULL)
            memcpy(p, part(m, 0), m->count * sizeof *p);
    } else {
        memmove(m->parts, part(m, 0), m->count * sizeof *p);
        p = realloc(m->parts, cap * sizeof *p);
    }
    if (p == NULL)
        return zmqx__fail(op, NULL, ENOMEM, "cannot grow to %zu parts", cap);
    m->parts = p;
    m->head = 0;
    m->cap = cap;
    return 0;
}

/* Move content (a zmq_msg_t m now owns) in as the first or last part. On
 * failure nothing changed and the caller still owns content. */
static int insert(zmqx_msg_t *m, const zmq_msg_t *content, int front, const char *op)
{
    if (m->count == m->cap && grow(m, op) != 0)
        return -1;
    zmq_msg_t *slot;
    if (front) {
        if (m->head == 0)
            memmove(m->parts + 1, m->parts, m->count * sizeof *slot);
        else
            m->head--;
        slot = part(m, 0);
    } else {
        if (m->head + m->count == m->cap) {
            memmove(m->parts, part(m, 0), m->count * sizeof *slot);
            m->head = 0;
        }
        slot = part(m, m->count);
    }
    memcpy(slot, content, sizeof *slot);
    m->count++;
    return 0;
}

/* A copy of size bytes at data, put in front or at the back. */
static int insert_copy(zmqx_msg_t *m, const void *data, size_t size, int front, const char *op)
{
    if (m == NULL)
        return MSG_NULL(op);
    if (data == NULL && size > 0)
        return zmqx__fail(op, NULL, EFAULT, "data is NULL");
    zmq_msg_t content;
    if (zmq_msg_init_size(&content, size) != 0)
        return zmqx__fail(op, NULL, ENOMEM, "%zu bytes: %s", size, zmq_strerror(ENOMEM));
    if (size > 0)
        memcpy(zmq_msg_data(&content), data, size);
    if (insert(m, &content, front, op) != 0) {
        zmq_msg_close(&content);
        return -1;
    }
    return 0;
}

/* f's content, put in front or at the back; f is left empty. */
static int insert_frame(zmqx_msg_t *m, zmqx_frame_t *f, int front, const char *op)
{
    if (m == NULL)
        return MSG_NULL(op);
    if (f == NULL)
        return zmqx__fail(op, NULL, EINVAL, "frame is NULL");
    if (insert(m, &f->msg, front, op) != 0)
        return -1;
    zmq_msg_init(&f->msg);
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
    return insert_frame(m, f, 0, "msg_append_frame");
}

int zmqx_msg_push(zmqx_msg_t *m, const void *data, size_t size)
{
    return insert_copy(m, data, size, 1, "msg_push");
}

int zmqx_msg_push_frame(zmqx_msg_t *m, zmqx_frame_t *f)
{
    return insert_frame(m, f, 1, "msg_push_frame");
}

int zmqx_msg_pop(zmqx_msg_t *m, zmqx_frame_t *f)
{
    if (m == NULL)
        return MSG_NULL("msg_pop");
    if (f == NULL)
        return zmqx__fail("msg_pop", NULL, EINVAL, "frame is NULL");
    if (m->count == 0)
        return zmqx__fail("msg_pop", NULL, ENOMSG, "message has no parts");
    zmq_msg_close(&f->msg);
    memcpy(&f->msg, part(m, 0), sizeof f->msg);
    m->count--;
    m->head = m->count == 0 ? 0 : m->head + 1;
    return 0;
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

int zmqx_send_msg(zmqx_socket_t *s, zmqx_msg_t *m)
{
    if (ZMQX_UNLIKELY(zmqx__sock_check(s, "send_msg") != 0))
        return -1;
    if (ZMQX_UNLIKELY(m == NULL))
        return MSG_NULL("send_msg");
    if (ZMQX_UNLIKELY(m->count == 0))
        return zmqx__fail("send_msg", NULL, EINVAL, "message has no parts");
    size_t sent = 0;
    while (m->count > 0) {
        /* A sent zmq_msg_t is left empty by libzmq: nothing to close. */
        if (zmqx__msg_send(s, part(m, 0), m->count > 1 ? ZMQX_MORE : 0, "send_msg") < 0) {
            zmqx__error_set_parts(sent);
            return -1;
        }
        m->head++;
        m->count--;
        sent++;
    }
    m->head = 0;
    return (int) sent;
}

/* The body of both receives: the first part within timeout_ms (or, for
 * NO_TIMEOUT, the socket's timeout), the rest as they come (libzmq delivers
 * a message whole, so they are there already). */
#define NO_TIMEOUT (-2)
static int recv_parts(zmqx_socket_t *s, zmqx_msg_t *m, int timeout_ms, const char *op)
{
    zmqx_msg_clear(m);
    for (;;) {
        if (m->count == m->cap && grow(m, op) != 0)
            return -1;
        zmq_msg_t *p = part(m, m->count);
        zmq_msg_init(p);
        int rc = timeout_ms == NO_TIMEOUT ? zmqx__msg_recv(s, p, 0, op)
                                          : zmqx__msg_recv_timed(s, p, timeout_ms, op);
        if (ZMQX_UNLIKELY(rc < 0)) {
            int code = errno;
            zmq_msg_close(p);
            errno = code;
            return -1;
        }
        m->count++;
        if (!zmq_msg_more(p))
            return (int) m->count;
    }
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
