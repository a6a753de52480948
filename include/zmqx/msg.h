/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — message: an ordered list of parts, sent and received whole.
 *
 * One allocation for the object, none per part: parts are zmq_msg_t values
 * kept inside the message (room for ZMQX_MSG_INLINE_PARTS, then one growing
 * array that is kept for reuse). A receive loop into one message allocates
 * nothing in zmqx after its first message. Parts are indexed from 0; an
 * index out of range is EINVAL (NULL or 0 from accessors, so check errno
 * only when NULL/0 is ambiguous). Strings never carry their NUL on the wire.
 * Ownership at each call: docs/messages.md. */
#ifndef ZMQX_MSG_H
#define ZMQX_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <zmqx/frame.h>
#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_msg zmqx_msg_t;

/* How many parts fit in the message object before it grows an array. */
#define ZMQX_MSG_INLINE_PARTS 8

/* A new empty message. NULL with ENOMEM. */
ZMQX_EXPORT zmqx_msg_t *zmqx_msg_new(void);

/* Release every part, free the message and set *mp to NULL. Safe twice and
 * on NULL. */
ZMQX_EXPORT void zmqx_msg_destroy(zmqx_msg_t **mp);

/* How many parts m has; 0 (EINVAL) for a NULL message. */
ZMQX_EXPORT size_t zmqx_msg_count(const zmqx_msg_t *m);

/* Append a copy of size bytes at data as the last part. -1: EINVAL (m
 * NULL), EFAULT (data NULL with size > 0), ENOMEM. */
ZMQX_EXPORT int zmqx_msg_append(zmqx_msg_t *m, const void *data, size_t size);

/* Append a C string as a part, without its NUL. -1: EINVAL, EFAULT (str
 * NULL), ENOMEM. */
ZMQX_EXPORT int zmqx_msg_append_str(zmqx_msg_t *m, const char *str);

/* Append f's content as the last part, taking it: f is left empty. On
 * failure (EINVAL: NULL; ENOMEM) f keeps its content. */
ZMQX_EXPORT int zmqx_msg_append_frame(zmqx_msg_t *m, zmqx_frame_t *f);

/* Insert a copy of size bytes at data as the first part. -1 as for
 * zmqx_msg_append. */
ZMQX_EXPORT int zmqx_msg_push(zmqx_msg_t *m, const void *data, size_t size);

/* Insert f's content as the first part, taking it (f is left empty). On
 * failure (EINVAL, ENOMEM) f keeps its content. */
ZMQX_EXPORT int zmqx_msg_push_frame(zmqx_msg_t *m, zmqx_frame_t *f);

/* Move the first part into f (releasing what f held); the other parts move
 * up. 0, or -1: EINVAL (NULL), ENOMSG (m has no parts; f is untouched). */
ZMQX_EXPORT int zmqx_msg_pop(zmqx_msg_t *m, zmqx_frame_t *f);

/* ---- editing in place ------------------------------------------------------
 * Part i is the (i+1)-th part; an index out of range is -1 with EINVAL
 * ("msg_insert: index 5 out of range (message has 3 parts)") and m
 * unchanged. Inserting and removing move the parts on the shorter side of
 * i (zmq_msg_t values, never their bytes). */

/* Insert a copy of size bytes at data as part i, 0 <= i <= count (count:
 * at the end). -1: EINVAL (m NULL, i out of range), EFAULT (data NULL with
 * size > 0), ENOMEM. */
ZMQX_EXPORT int zmqx_msg_insert(zmqx_msg_t *m, size_t i, const void *data, size_t size);

/* Insert f's content as part i, 0 <= i <= count, taking it (f is left
 * empty). On failure (EINVAL: NULL, i out of range; ENOMEM) f keeps it. */
ZMQX_EXPORT int zmqx_msg_insert_frame(zmqx_msg_t *m, size_t i, zmqx_frame_t *f);

/* Remove part i: into f (f's old content released), or, when f is NULL,
 * released. 0, or -1: EINVAL (m NULL, i >= count). */
ZMQX_EXPORT int zmqx_msg_remove(zmqx_msg_t *m, size_t i, zmqx_frame_t *f);

/* Replace part i (the last: i = zmqx_msg_count(m) - 1) with a copy of size
 * bytes at data; the old content is released. -1: EINVAL (m NULL,
 * i >= count), EFAULT (data NULL with size > 0), ENOMEM; then part i is as
 * it was. */
ZMQX_EXPORT int zmqx_msg_replace(zmqx_msg_t *m, size_t i, const void *data, size_t size);

/* Replace part i with f's content, taking it (f is left empty); the old
 * content is released. On failure (EINVAL: NULL, i out of range) f keeps
 * its content. */
ZMQX_EXPORT int zmqx_msg_replace_frame(zmqx_msg_t *m, size_t i, zmqx_frame_t *f);

/* Unwrap one envelope level (CZMQ's zmsg_unwrap): move the first part,
 * whatever it holds, into f (f's old content released), then, if the part
 * now first is empty (size 0: the delimiter), release it too. Returns the
 * number of parts taken off m: 2 (address and delimiter) or 1 (no
 * delimiter followed); -1: EINVAL (NULL), ENOMSG (m has no parts; f is
 * untouched). */
ZMQX_EXPORT int zmqx_msg_unwrap(zmqx_msg_t *m, zmqx_frame_t *f);

/* The bytes of part i, valid until m changes. NULL with EINVAL for a NULL
 * message or i >= count. */
ZMQX_EXPORT const void *zmqx_msg_data(const zmqx_msg_t *m, size_t i);

/* The size of part i; 0 with EINVAL for a NULL message or i >= count
 * (a size_t cannot say -1: check errno, or the index, when 0 is possible). */
ZMQX_EXPORT size_t zmqx_msg_size(const zmqx_msg_t *m, size_t i);

/* A malloc'd NUL-terminated copy of part i; the caller frees. NULL: EINVAL
 * (NULL message, i out of range), ENOMEM. */
ZMQX_EXPORT char *zmqx_msg_strdup(const zmqx_msg_t *m, size_t i);

/* True when part i holds exactly the bytes of str (without its NUL). False
 * also for an error (EINVAL: NULL argument, i out of range). */
ZMQX_EXPORT bool zmqx_msg_part_eq_str(const zmqx_msg_t *m, size_t i, const char *str);

/* Release every part; m keeps its storage for reuse. NULL is ignored. */
ZMQX_EXPORT void zmqx_msg_clear(zmqx_msg_t *m);

/* For debugging: print m on out, a "--- message of N parts" line, then one
 * line per part as zmqx_frame_print writes it. 0, or -1 with EINVAL (NULL)
 * or EIO (the write failed). */
ZMQX_EXPORT int zmqx_msg_print(const zmqx_msg_t *m, FILE *out);

/* Send every part of m as one message, ZMQX_MORE set on all but the last,
 * each part waiting up to the socket's send timeout. Returns the number of
 * parts sent; m is empty afterwards (libzmq owns the content). -1: EINVAL
 * (NULL, or m has no parts), or a send error: then the error's parts_sent
 * says how many parts went out, m holds the parts not sent (the caller
 * still owns them) and, if parts_sent > 0, the socket is in the middle of
 * that message: zmqx_send_msg(s, m) again sends the rest of it. */
ZMQX_EXPORT int zmqx_send_msg(zmqx_socket_t *s, zmqx_msg_t *m);

/* zmqx_send_msg that keeps m: each part goes as a reference-counted copy
 * (zmq_msg_copy: a part over 33 bytes is shared, not copied; smaller ones
 * live inside their zmq_msg_t and are copied with it), so m is unchanged
 * and can be sent again (a resend after a timeout, one message to several
 * peers). Do not write into m's bytes while a copy may still be on its
 * way. Returns the number of parts sent; -1 as zmqx_send_msg, with m as it
 * was and the error's parts_sent telling how many parts went out. */
ZMQX_EXPORT int zmqx_send_msg_keep(zmqx_socket_t *s, zmqx_msg_t *m);

/* Receive one whole message into m, which is cleared first and whose
 * storage is reused. Waits up to the socket's receive timeout for the
 * first part. Returns the number of parts, or -1 (errors as for zmqx_recv)
 * with m holding the parts received before the failure (normally none). */
ZMQX_EXPORT int zmqx_recv_msg(zmqx_socket_t *s, zmqx_msg_t *m);

/* zmqx_recv_msg with a timeout for this call only (-1: forever, 0: no
 * wait); the socket's own receive timeout is neither used nor changed.
 * A timeout is -1 with EAGAIN, zmqx_error_is_timeout, timeout_ms set. */
ZMQX_EXPORT int zmqx_recv_msg_timeout(zmqx_socket_t *s, zmqx_msg_t *m, int timeout_ms);

/* ---- the inline fast path (see socket.h) ----------------------------------
 * For the common one-part message: zmqx_msg_append with room left,
 * zmqx_send_msg of one part, zmqx_recv_msg into a message of at most one
 * part (its slot is reused), zmqx_msg_size and zmqx_msg_data in range run
 * in the caller's code; everything else goes to the function of the same
 * name, with the same behaviour. */

/* Not API: the first fields of every zmqx_msg_t, read and written by the
 * inline fast path only. They change only with the library's soname. */
typedef struct ZMQX__MAY_ALIAS zmqx__msg_head {
    zmq_msg_t *parts_; /* the slots */
    size_t head_;      /* index of the first part in parts_ */
    size_t count_;     /* number of parts */
    size_t cap_;       /* slots in parts_ */
} zmqx__msg_head_t;

/* Not API: after the inline receive found a part with more to come (m holds
 * count parts, from slot 0): receive the rest of the message. Returns the
 * number of parts, or -1 as zmqx_recv_msg. */
ZMQX_EXPORT int zmqx__recv_msg_rest(zmqx_socket_t *s, zmqx_msg_t *m);

#ifndef ZMQX_NO_INLINE

#define ZMQX__MSG(m) ((zmqx__msg_head_t *) (void *) (m))
#define ZMQX__MSG_CONST(m) ((const zmqx__msg_head_t *) (const void *) (m))

static inline int zmqx__msg_append_fast(zmqx_msg_t *m, const void *data, size_t size)
{
    zmqx__msg_head_t *h = ZMQX__MSG(m);
    if (ZMQX__LIKELY(h != NULL && data != NULL && size <= PTRDIFF_MAX &&
                     h->head_ + h->count_ < h->cap_)) {
        zmq_msg_t *slot = &h->parts_[h->head_ + h->count_];
        if (ZMQX__LIKELY(zmq_msg_init_size(slot, size) == 0)) {
            memcpy(zmq_msg_data(slot), data, size);
            h->count_++;
            return 0;
        }
    }
    return zmqx_msg_append(m, data, size);
}

static inline int zmqx__send_msg_fast(zmqx_socket_t *s, zmqx_msg_t *m)
{
    zmqx__msg_head_t *h = ZMQX__MSG(m);
    void *sock = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 1, &sock) && h != NULL && h->count_ == 1) &&
        ZMQX__LIKELY(zmq_msg_send(&h->parts_[h->head_], sock, ZMQ_DONTWAIT) >= 0)) {
        h->count_ = 0;
        h->head_ = 0;
        return 1;
    }
    return zmqx_send_msg(s, m);
}

static inline int zmqx__recv_msg_fast(zmqx_socket_t *s, zmqx_msg_t *m)
{
    zmqx__msg_head_t *h = ZMQX__MSG(m);
    void *sock = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 0, &sock) && h != NULL && h->head_ == 0 && h->count_ <= 1)) {
        zmq_msg_t *p = h->parts_;
        if (h->count_ == 0)
            zmq_msg_init(p); /* an empty slot: counted only once it holds a part */
        /* libzmq releases the old content; a failed try leaves p empty or
         * as it was, and the function below receives into it again */
        if (ZMQX__LIKELY(zmq_msg_recv(p, sock, ZMQ_DONTWAIT) >= 0)) {
            h->count_ = 1;
            return ZMQX__LIKELY(!zmq_msg_more(p)) ? 1 : zmqx__recv_msg_rest(s, m);
        }
    }
    return zmqx_recv_msg(s, m);
}

static inline size_t zmqx__msg_size_fast(const zmqx_msg_t *m, size_t i)
{
    const zmqx__msg_head_t *h = ZMQX__MSG_CONST(m);
    if (ZMQX__LIKELY(h != NULL && i < h->count_))
        return zmq_msg_size(&h->parts_[h->head_ + i]);
    return zmqx_msg_size(m, i);
}

static inline const void *zmqx__msg_data_fast(const zmqx_msg_t *m, size_t i)
{
    const zmqx__msg_head_t *h = ZMQX__MSG_CONST(m);
    if (ZMQX__LIKELY(h != NULL && i < h->count_))
        /* libzmq's zmq_msg_data takes no const: through uintptr_t, so that
         * a program built with -Wcast-qual sees no cast dropping const */
        return zmq_msg_data((zmq_msg_t *) (uintptr_t) &h->parts_[h->head_ + i]);
    return zmqx_msg_data(m, i);
}

#define zmqx_msg_append(m, data, size) zmqx__msg_append_fast((m), (data), (size))
#define zmqx_send_msg(s, m) zmqx__send_msg_fast((s), (m))
#define zmqx_recv_msg(s, m) zmqx__recv_msg_fast((s), (m))
#define zmqx_msg_size(m, i) zmqx__msg_size_fast((m), (i))
#define zmqx_msg_data(m, i) zmqx__msg_data_fast((m), (i))

#endif /* ZMQX_NO_INLINE */

#ifdef __cplusplus
}
#endif
#endif
