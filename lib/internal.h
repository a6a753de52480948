/* zmqx — private helpers shared by the library sources (not installed). */
#ifndef ZMQX_INTERNAL_H
#define ZMQX_INTERNAL_H

/* The library defines the functions that <zmqx.h>'s inline fast path
 * macros stand in front of: it sees the functions only. */
#define ZMQX_NO_INLINE 1
#include <zmqx.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#define ZMQX_HIDDEN __attribute__((visibility("hidden")))
#define ZMQX_LIKELY(x) __builtin_expect(!!(x), 1)
#define ZMQX_UNLIKELY(x) __builtin_expect(!!(x), 0)

struct zmqx_ctx {
    void *handle;              /* libzmq context; NULL once terminated */
    pthread_mutex_t lock;      /* guards the socket list */
    struct zmqx_socket *sockets; /* open sockets (doubly linked) */
    int nsockets;
    int linger_ms;             /* ZMQX_CTX_LINGER */
    int shut;                  /* zmqx_ctx_shutdown was called */
    int is_default;
    int thread_check;          /* ZMQX_CTX_THREAD_CHECK for new sockets */
    int warn_leaks;            /* ZMQX_CTX_WARN_LEAKS */
    pid_t pid;                 /* process that made it (fork detection) */
};

struct zmqx_socket {
    /* The first four fields are zmqx__socket_head_t (socket.h), read by the
     * inline fast path in callers' code: keep them first, in this order
     * (lib/socket_io.c checks the offsets). */
    void *handle;              /* libzmq socket; NULL once closed */
    int64_t send_deadline;     /* after EINTR: the deadline a retry keeps */
    int64_t recv_deadline;     /* (monotonic ms; 0 = none) */
    int check_owner;           /* fail calls from threads other than owner */
    zmqx_ctx_t *ctx;           /* NULL once closed by its context */
    int type;
    int sndtimeo;              /* cached ZMQ_SNDTIMEO / ZMQ_RCVTIMEO, so the */
    int rcvtimeo;              /* hot path never asks libzmq for them */
    pthread_t owner;
    struct zmqx_socket *prev, *next;
    char endpoint[256];        /* last endpoint, resolved */
};

/* ---- errors (lib/error.c) ---- */
/* Fill this thread's error with op, endpoint (may be NULL) and a message
 * "op endpoint: detail" (detail: strerror(code) when fmt is NULL); set
 * errno = code; return -1. */
ZMQX_HIDDEN int zmqx__fail(const char *op, const char *endpoint, int code,
                           const char *fmt, ...) ZMQX_PRINTF(4, 5);
/* The same with code = zmq_errno() and libzmq's message. */
ZMQX_HIDDEN int zmqx__fail_zmq(const char *op, const char *endpoint);
/* A timeout of timeout_ms expired: EAGAIN with timed_out set. */
ZMQX_HIDDEN int zmqx__fail_timeout(const char *op, const char *endpoint, int timeout_ms);
/* Like zmqx__fail but returns NULL. */
ZMQX_HIDDEN void *zmqx__fail_null(const char *op, const char *endpoint, int code,
                                  const char *fmt, ...) ZMQX_PRINTF(4, 5);
/* Record how many parts zmqx_send_msg sent before it failed. */
ZMQX_HIDDEN void zmqx__error_set_parts(size_t parts);

/* Monotonic clock in ms. */
ZMQX_HIDDEN int64_t zmqx__now_ms(void);

/* ---- context (lib/ctx.c) ---- */
/* ctx itself, or the default context for NULL; NULL (error set) on failure. */
ZMQX_HIDDEN zmqx_ctx_t *zmqx__ctx_resolve(zmqx_ctx_t *ctx, const char *op);
ZMQX_HIDDEN void zmqx__ctx_add_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);
ZMQX_HIDDEN void zmqx__ctx_remove_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);

/* ---- socket (lib/socket.c) ---- */
/* 0 if s is usable for op, else -1 with EINVAL (NULL) or ENOTSOCK (closed). */
static inline int zmqx__sock_check(const zmqx_socket_t *s, const char *op)
{
    if (ZMQX_UNLIKELY(s == NULL))
        return zmqx__fail(op, NULL, EINVAL, "socket is NULL");
    if (ZMQX_UNLIKELY(s->handle == NULL))
        return zmqx__fail(op, NULL, ENOTSOCK, "socket is closed (its context was destroyed)");
    if (ZMQX_UNLIKELY(s->check_owner) && !pthread_equal(s->owner, pthread_self()))
        return zmqx__fail(op, NULL, EPERM,
                          "socket used from a thread that does not own it "
                          "(see zmqx_socket_handover)");
    return 0;
}

/* Fill the error after a failed libzmq send (send = 1) or receive. */
/* Keep the cached timeouts right after a raw ZMQ_SNDTIMEO/RCVTIMEO write. */
ZMQX_HIDDEN void zmqx__sock_timeout_changed(zmqx_socket_t *s, int option, int ms);
ZMQX_HIDDEN const char *zmqx__type_name(int type);
ZMQX_HIDDEN int zmqx__io_failed(zmqx_socket_t *s, int send, int flags, const char *op);
/* Blocking slow paths: wait (up to the socket timeout, keeping a deadline
 * across EINTR) and then run the operation. Called after a DONTWAIT try
 * found nothing. */
ZMQX_HIDDEN int zmqx__wait_ready(zmqx_socket_t *s, int send, const char *op);

/* zmq_msg_t send/receive with the DONTWAIT-first hot path: the try is
 * inline, the waiting and the errors are out of line (lib/socket_io.c).
 * s must have passed zmqx__sock_check. */
ZMQX_HIDDEN int zmqx__msg_send_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);
ZMQX_HIDDEN int zmqx__msg_recv_slow(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op);

static inline int zmqx__msg_send(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (ZMQX_LIKELY(s->send_deadline == 0)) {
        int rc = zmq_msg_send(m, s->handle, flags | ZMQ_DONTWAIT);
        if (ZMQX_LIKELY(rc >= 0))
            return rc;
    }
    return zmqx__msg_send_slow(s, m, flags, op);
}

static inline int zmqx__msg_recv(zmqx_socket_t *s, zmq_msg_t *m, int flags, const char *op)
{
    if (ZMQX_LIKELY(s->recv_deadline == 0)) {
        int rc = zmq_msg_recv(m, s->handle, flags | ZMQ_DONTWAIT);
        if (ZMQX_LIKELY(rc >= 0))
            return rc;
    }
    return zmqx__msg_recv_slow(s, m, flags, op);
}

/* ---- waiting with a per-call timeout (lib/socket_wait.c; frame-msg) ---- */
/* Receive one part into m within timeout_ms (-1: forever, 0: no wait),
 * leaving the socket's own timeout alone: DONTWAIT tries and zmq_poll
 * waits against one deadline. The size, or -1 with the error filled. */
ZMQX_HIDDEN int zmqx__msg_recv_timed(zmqx_socket_t *s, zmq_msg_t *m, int timeout_ms,
                                     const char *op);

#endif
