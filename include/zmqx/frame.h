/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — frame: one message part, a value on the caller's stack.
 *
 * A zmqx_frame_t wraps a zmq_msg_t and nothing else. Initialise it with one
 * of the zmqx_frame_init* calls before any other use, and close it when done
 * (a closed frame is empty again and may be reused or closed once more).
 * A frame of up to 33 bytes keeps its bytes inside the struct itself: its
 * data pointer is only valid while the frame stays where it is.
 * Ownership at each call: docs/messages.md. */
#ifndef ZMQX_FRAME_H
#define ZMQX_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zmqx/config.h>
#include <zmq.h>

#include <zmqx/error.h>
#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One message part. The member is private; use the functions below. */
typedef struct zmqx_frame {
    zmq_msg_t msg;
} zmqx_frame_t;

/* Called once when libzmq no longer needs zero-copy memory (same shape as
 * libzmq's zmq_free_fn). It runs on whichever thread drops the last
 * reference: usually a libzmq I/O thread (tcp, ipc), the receiving thread
 * for inproc (the receiver gets the very same buffer), or the calling
 * thread when the frame is closed unsent. It must not call into libzmq. */
typedef void(zmqx_free_fn)(void *data, void *hint);

/* Learns when zero-copy memory is free again. The caller owns the struct
 * (stack, heap, static); its fields are private. Start it with
 * ZMQX_TRACKER_INIT (done) or let zmqx_frame_init_data_tracked arm it; it
 * must stay valid until zmqx_tracker_done says true. */
typedef struct zmqx_tracker {
    int done_;            /* private: 1 once the memory is free (atomic) */
    zmqx_free_fn *ffn_;   /* private: the caller's free function, or NULL */
    void *hint_;          /* private: its hint */
} zmqx_tracker_t;

#define ZMQX_TRACKER_INIT { 1, NULL, NULL }

/* An empty frame. -1 (EINVAL) if f is NULL. */
ZMQX_EXPORT int zmqx_frame_init(zmqx_frame_t *f);

/* A frame of size bytes, uninitialised, to fill through zmqx_frame_data.
 * Up to 33 bytes live in the frame; larger ones are one malloc by libzmq.
 * -1: EINVAL (f NULL), ENOMEM. */
ZMQX_EXPORT int zmqx_frame_init_size(zmqx_frame_t *f, size_t size);

/* A frame holding a copy of size bytes at data. -1: EINVAL (f NULL),
 * EFAULT (data NULL with size > 0), ENOMEM. */
ZMQX_EXPORT int zmqx_frame_init_copy(zmqx_frame_t *f, const void *data, size_t size);

/* Zero-copy: a frame over the caller's memory, at any size (zmqx makes no
 * small-frame copy; see docs/messages.md for libzmq's). ffn(data, hint) runs
 * exactly once, after libzmq is done with the memory (see zmqx_free_fn);
 * ffn NULL means the memory is never freed and must outlive every use.
 * On failure (EINVAL f NULL, EFAULT data NULL with size > 0, ENOMEM) ffn is
 * not called and the caller still owns data. */
ZMQX_EXPORT int zmqx_frame_init_data(zmqx_frame_t *f, void *data, size_t size,
                                     zmqx_free_fn *ffn, void *hint);

/* zmqx_frame_init_data plus a tracker: arms *t (not done), and once libzmq
 * is done with data runs ffn(data, hint) if ffn is not NULL, then marks *t
 * done, its last access to *t. On failure (EINVAL f or t NULL, EFAULT,
 * ENOMEM) ffn is not called and *t (when given) reads done at once. */
ZMQX_EXPORT int zmqx_frame_init_data_tracked(zmqx_frame_t *f, void *data, size_t size,
                                             zmqx_free_fn *ffn, void *hint, zmqx_tracker_t *t);

/* True once the tracked memory is free again (one atomic load). False, with
 * EINVAL, for a NULL tracker. */
ZMQX_EXPORT bool zmqx_tracker_done(const zmqx_tracker_t *t);

/* Wait up to timeout_ms (-1: forever, 0: just look) until t is done:
 * 0, or -1 with EAGAIN (a timeout: zmqx_error_is_timeout), EINVAL (t NULL
 * or timeout_ms < -1). Sleeps in steps of at most 1 ms. */
ZMQX_EXPORT int zmqx_tracker_wait(const zmqx_tracker_t *t, int timeout_ms);

/* Release the content (a zero-copy frame's free function runs once the
 * last copy is gone) and leave f empty. NULL is ignored. */
ZMQX_EXPORT void zmqx_frame_close(zmqx_frame_t *f);

/* For debugging: print f on out as one line, "[005] hello": its size, then
 * its bytes as text, or as 0x and hex when one is not printable ASCII; cut
 * with "..." after 64 characters. 0, or -1 with EINVAL (NULL) or EIO (the
 * write failed). */
ZMQX_EXPORT int zmqx_frame_print(const zmqx_frame_t *f, FILE *out);

/* The frame's bytes; NULL (EINVAL) for a NULL frame. */
ZMQX_EXPORT void *zmqx_frame_data(zmqx_frame_t *f);

/* The frame's size in bytes; 0 (EINVAL) for a NULL frame. */
ZMQX_EXPORT size_t zmqx_frame_size(const zmqx_frame_t *f);

/* True when the part received into f has more parts following; false for
 * the last part, a frame never received, or (EINVAL) a NULL frame. */
ZMQX_EXPORT bool zmqx_frame_more(const zmqx_frame_t *f);

/* A property of a received frame: "Socket-Type" (the peer's), "Peer-Address"
 * (tcp: the IP), "User-Id" and other metadata set by a ZAP handler,
 * "Routing-Id" (sent by REQ, DEALER and ROUTER peers; a C string, so cut at
 * a NUL byte). Valid until f is closed or reused. NULL with ENOENT when f
 * has no such property (inproc frames and frames not received have none),
 * EINVAL for a NULL frame or name. */
ZMQX_EXPORT const char *zmqx_frame_property(const zmqx_frame_t *f, const char *name);

/* Make dst share src's content (zmq_msg_copy: large content is shared by
 * reference count, not copied; a zero-copy buffer is freed after the last
 * copy closes). dst's old content is released. -1: EINVAL (NULL). */
ZMQX_EXPORT int zmqx_frame_copy(zmqx_frame_t *dst, const zmqx_frame_t *src);

/* Move src's content to dst (releasing dst's old content); src is left
 * empty. -1: EINVAL (NULL). */
ZMQX_EXPORT int zmqx_frame_move(zmqx_frame_t *dst, zmqx_frame_t *src);

/* Send f as one part (flags: ZMQX_MORE, ZMQX_DONTWAIT, ZMQX_KEEP), waiting
 * up to the socket's send timeout. On success the content is libzmq's and
 * f is empty; with ZMQX_KEEP a reference-counted copy goes (zmq_msg_copy:
 * no byte copy over 33 bytes) and f keeps its content, to send again (do
 * not write into its bytes while a copy may be on its way). Returns the
 * size (INT_MAX if larger). On failure (-1, errors as for zmqx_send) f
 * keeps its content and the caller still owns it. */
ZMQX_EXPORT int zmqx_send_frame(zmqx_socket_t *s, zmqx_frame_t *f, int flags);

/* Receive one part into f (flags: ZMQX_DONTWAIT), waiting up to the socket's
 * receive timeout; f's old content is released first. Returns the size
 * (INT_MAX if larger), or -1 (errors as for zmqx_recv) with f empty. */
ZMQX_EXPORT int zmqx_recv_frame(zmqx_socket_t *s, zmqx_frame_t *f, int flags);

/* zmqx_recv_frame with a timeout for this call only (-1: forever, 0: no
 * wait); the socket's own receive timeout is neither used nor changed.
 * A timeout is -1 with EAGAIN, zmqx_error_is_timeout, timeout_ms set. */
ZMQX_EXPORT int zmqx_recv_frame_timeout(zmqx_socket_t *s, zmqx_frame_t *f, int timeout_ms);

/* ---- the inline fast path (see socket.h) ----------------------------------
 * zmqx_send_frame and zmqx_recv_frame try the one libzmq call with
 * ZMQ_DONTWAIT in the caller's code first; zmqx_frame_init_copy,
 * zmqx_frame_size and zmqx_frame_data call libzmq directly for a non-NULL
 * frame. Any other case goes to the function of the same name. */
#ifndef ZMQX_NO_INLINE

static inline int zmqx__send_frame_fast(zmqx_socket_t *s, zmqx_frame_t *f, int flags)
{
    void *h = NULL;
    if (ZMQX__LIKELY(!(flags & ZMQX_KEEP) && zmqx__fast(s, 1, &h) && f != NULL)) {
        int rc = zmq_msg_send(&f->msg, h, flags | ZMQ_DONTWAIT);
        if (ZMQX__LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx_send_frame(s, f, flags);
}

/* A failed try leaves f empty or unchanged (libzmq's rule); the function
 * then receives into it again, or fails and empties it. */
static inline int zmqx__recv_frame_fast(zmqx_socket_t *s, zmqx_frame_t *f, int flags)
{
    void *h = NULL;
    if (ZMQX__LIKELY(zmqx__fast(s, 0, &h) && f != NULL)) {
        int rc = zmq_msg_recv(&f->msg, h, flags | ZMQ_DONTWAIT);
        if (ZMQX__LIKELY(rc >= 0))
            return rc;
        flags |= ZMQX__TRIED;
    }
    return zmqx_recv_frame(s, f, flags);
}

static inline int zmqx__frame_init_copy_fast(zmqx_frame_t *f, const void *data, size_t size)
{
    if (ZMQX__LIKELY(f != NULL && data != NULL && size <= PTRDIFF_MAX) &&
        ZMQX__LIKELY(zmq_msg_init_size(&f->msg, size) == 0)) {
        memcpy(zmq_msg_data(&f->msg), data, size);
        return 0;
    }
    return zmqx_frame_init_copy(f, data, size);
}

static inline size_t zmqx__frame_size_fast(const zmqx_frame_t *f)
{
    return ZMQX__LIKELY(f != NULL) ? zmq_msg_size(&f->msg) : zmqx_frame_size(f);
}

static inline void *zmqx__frame_data_fast(zmqx_frame_t *f)
{
    return ZMQX__LIKELY(f != NULL) ? zmq_msg_data(&f->msg) : zmqx_frame_data(f);
}

#define zmqx_send_frame(s, f, flags) zmqx__send_frame_fast((s), (f), (flags))
#define zmqx_recv_frame(s, f, flags) zmqx__recv_frame_fast((s), (f), (flags))
#define zmqx_frame_init_copy(f, data, size) zmqx__frame_init_copy_fast((f), (data), (size))
#define zmqx_frame_size(f) zmqx__frame_size_fast(f)
#define zmqx_frame_data(f) zmqx__frame_data_fast(f)

#endif /* ZMQX_NO_INLINE */

#ifdef __cplusplus
}
#endif
#endif
