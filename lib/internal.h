/* zmqx — private helpers shared by the library sources (not installed). */
#ifndef ZMQX_INTERNAL_H
#define ZMQX_INTERNAL_H

/* The library defines the functions that <zmqx.h>'s inline fast-path
 * macros stand in front of (bench): it sees the functions only. */
#ifndef ZMQX_NO_INLINE
#define ZMQX_NO_INLINE 1
#endif
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
    /* The options any thread may set while others make sockets (the
     * context is thread-safe): atomic, so every read is a whole value. */
    _Atomic int linger_ms;     /* ZMQX_CTX_LINGER */
    _Atomic int shut;          /* zmqx_ctx_shutdown was called */
    int is_default;
    _Atomic int thread_check;  /* ZMQX_CTX_THREAD_CHECK for new sockets */
    _Atomic int warn_leaks;    /* ZMQX_CTX_WARN_LEAKS */
    pid_t pid;                 /* process that made it (fork detection) */
};

struct zmqx_socket {
    void *handle;              /* libzmq socket; NULL once closed */
    zmqx_ctx_t *ctx;           /* NULL once closed by its context */
    int type;
    int sndtimeo;              /* cached ZMQ_SNDTIMEO / ZMQ_RCVTIMEO, so the */
    int rcvtimeo;              /* hot path never asks libzmq for them */
    /* Read by the inline fast path: nonzero sends the call out of line.
     * > 0: the deadline (monotonic ms) that the retry of a call a signal
     * interrupted keeps (also set while a call blocks); ZMQX__BLOCK_FIRST:
     * the last call in that direction had to wait, so the next one skips
     * the inline try and blocks in libzmq at once (lib/socket_io.c). */
    int64_t send_deadline;
    int64_t recv_deadline;
    struct zmqx_poller **pollers; /* pollers holding this socket, so that */
    int npollers, pollers_cap;    /* destroying it removes it from them */
    int check_owner;           /* fail calls from threads other than owner */
    _Atomic pthread_t owner;   /* atomic: read by any caller's check while a
                                * handover or a proxy takes the socket over */
    struct zmqx_socket *prev, *next;
    char *endpoint;            /* last endpoint, resolved: malloc'd, or a static "" */
    size_t endpoint_len;       /* strlen(endpoint) */
    /* ---- monitor (lib/monitor.c) ---- */
    struct zmqx_monitor *monitor; /* watching this socket; guarded by monitor.c */
    /* ---- waits (lib/socket_io.c): the block-first hint per direction ---- */
    struct zmqx__hint {
        int left;  /* 0: off; else calls until the next probe */
        int every; /* the probe interval, doubled by each failed probe */
    } send_hint, recv_hint;
};

/* send_deadline/recv_deadline: block first (see above). */
#define ZMQX__BLOCK_FIRST ((int64_t) -1)

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
/* Like zmqx__fail for socket s (naming its endpoint, if any, without
 * measuring it again) with a static detail text, formatted only when the
 * error is read (the paths event loops live on: EAGAIN, EINTR); and
 * zmqx__fail_timeout for socket s. */
ZMQX_HIDDEN int zmqx__fail_sock_text(const char *op, const struct zmqx_socket *s, int code,
                                     const char *text);
ZMQX_HIDDEN int zmqx__fail_sock_timeout(const char *op, const struct zmqx_socket *s,
                                        int timeout_ms);
/* Like zmqx__fail but returns NULL. */
ZMQX_HIDDEN void *zmqx__fail_null(const char *op, const char *endpoint, int code,
                                  const char *fmt, ...) ZMQX_PRINTF(4, 5);
/* Record how many parts zmqx_send_msg sent before it failed. */
ZMQX_HIDDEN void zmqx__error_set_parts(size_t parts);

/* ---- threads (lib/thread.c) ---- */
/* pthread_create with every signal blocked in the new thread (zmqx's own
 * threads never take the program's signals), named name ("zmqx-auth").
 * 0 or an errno value. */
ZMQX_HIDDEN int zmqx__thread_start(pthread_t *thread, const char *name, void *(*fn)(void *),
                                   void *arg);

/* ---- deadlines kept across EINTR (lib/deadline.c) ---- */
/* Kinds of wait, so that a retry is recognised as the same call. */
enum { ZMQX__WAIT_RECV, ZMQX__WAIT_SEND, ZMQX__WAIT_SOCKET, ZMQX__WAIT_POLLER,
       ZMQX__WAIT_CONTROL, ZMQX__WAIT_RECV_OWN, ZMQX__WAIT_SEND_OWN /* socket's timeout */ };
/* The deadline of a wait of timeout_ms (-1: none, INT64_MAX; 0: 0, no
 * clock read) of this kind on obj: the interrupted call's when this one
 * retries it (same thread, object, kind and timeout, next waiting call),
 * else now + timeout_ms. Consumes what was pending. */
ZMQX_HIDDEN int64_t zmqx__deadline_start(const void *obj, int kind, long timeout_ms);
/* Only the retried deadline, or 0 when this call retries nothing. */
ZMQX_HIDDEN int64_t zmqx__deadline_pending(const void *obj, int kind, long timeout_ms);
/* This wait failed with EINTR: a retry keeps deadline. */
ZMQX_HIDDEN void zmqx__deadline_interrupted(const void *obj, int kind, long timeout_ms,
                                            int64_t deadline);
/* What is left of deadline, for zmq_poll: -1 (INT64_MAX), 0 when due. */
ZMQX_HIDDEN long zmqx__deadline_left(int64_t deadline);

/* Monotonic clock in ms. */
ZMQX_HIDDEN int64_t zmqx__now_ms(void);

/* ---- context (lib/ctx.c) ---- */
/* ctx itself, or the default context for NULL; NULL (error set) on failure. */
ZMQX_HIDDEN zmqx_ctx_t *zmqx__ctx_resolve(zmqx_ctx_t *ctx, const char *op);
ZMQX_HIDDEN void zmqx__ctx_add_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);
ZMQX_HIDDEN void zmqx__ctx_remove_socket(zmqx_ctx_t *ctx, struct zmqx_socket *s);

/* ---- socket (lib/socket.c) ---- */
/* 0 if s is not NULL and not closed, else -1 with EINVAL (NULL) or
 * ENOTSOCK (closed). For calls that any thread may make. */
static inline int zmqx__sock_open(const zmqx_socket_t *s, const char *op)
{
    if (ZMQX_UNLIKELY(s == NULL))
        return zmqx__fail(op, NULL, EINVAL, "socket is NULL");
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
 * the owner-thread check is on and another thread owns s. */
static inline int zmqx__sock_check(const zmqx_socket_t *s, const char *op)
{
    if (ZMQX_UNLIKELY(zmqx__sock_open(s, op) != 0))
        return -1;
    if (ZMQX_UNLIKELY(s->check_owner) && !pthread_equal(s->owner, pthread_self()))
        return zmqx__fail(op, NULL, EPERM,
                          "socket used from a thread that does not own it "
                          "(see zmqx_socket_handover)");
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

/* ---- monitor (lib/monitor.c) ---- */
/* Called by zmqx_socket_destroy before the socket is closed: a monitor
 * watching s forgets it (so it never touches the freed socket). */
ZMQX_HIDDEN void zmqx__monitor_socket_gone(zmqx_socket_t *s);

/* ---- waiting with a per-call timeout (lib/socket_wait.c; frame-msg) ---- */
/* Receive one part into m within timeout_ms (-1: forever, 0: no wait),
 * leaving the socket's own timeout alone: DONTWAIT tries and zmq_poll
 * waits against one deadline. The size, or -1 with the error filled. */
ZMQX_HIDDEN int zmqx__msg_recv_timed(zmqx_socket_t *s, zmq_msg_t *m, int timeout_ms,
                                     const char *op);

/* ---- security (lib/security.c) ---- */
#include <zmqx/security.h>
/* Zero n bytes at p in a way the compiler cannot elide (explicit_bzero). */
ZMQX_HIDDEN void zmqx__wipe(void *p, size_t n);
/* 0 when libzmq has CURVE, else -1 with ENOTSUP "libzmq was built without CURVE". */
ZMQX_HIDDEN int zmqx__curve_check(const char *op);
/* Read a regular file of at most max bytes into a malloc'd NUL-terminated
 * buffer (*len bytes); NULL with the error filled (naming path). The caller
 * wipes (it may hold secrets) and frees it. */
ZMQX_HIDDEN char *zmqx__file_read(const char *op, const char *path, size_t max, size_t *len);
/* Cut the next line off *cursor (in place, without its "\n" or "\r\n"),
 * counting lines in *lineno; NULL at the end. */
ZMQX_HIDDEN char *zmqx__line_next(char **cursor, int *lineno);
/* One "public <key> [name]" or "secret <key>" line of a key file. */
typedef struct zmqx__keyline {
    int line;
    int secret;
    const char *name; /* "" if none */
    zmqx_key_t key;
} zmqx__keyline_t;
/* Called for each key line; returns 0 to go on, -1 (error filled) to stop. */
typedef int zmqx__keyline_fn(void *arg, const zmqx__keyline_t *kl);
/* Parse a key file, calling fn for each key line. 0, or -1 with the error
 * filled naming the file and line. */
ZMQX_HIDDEN int zmqx__keyfile_parse(const char *op, const char *path, zmqx__keyline_fn *fn,
                                    void *arg);

/* Before a bind/connect (lib/security_socket.c): turn on libzmq's ZAP
 * domain enforcement where the socket relies on ZAP (a ZAP domain, or a
 * CURVE server, which then gets ZMQX_ZAP_DOMAIN_DEFAULT), so that it
 * refuses every client when no authenticator answers. 0 or -1. */
ZMQX_HIDDEN int zmqx__sock_zap_prepare(zmqx_socket_t *s, const char *op, const char *endpoint);

/* ---- poller back-references (lib/poller.c) ---- */
/* A socket being destroyed leaves poller p (p removes its item). */
ZMQX_HIDDEN void zmqx__poller_socket_gone(struct zmqx_poller *p, zmqx_socket_t *s);

/* ---- draft API (lib/draft.c, lib/socket.c, lib/socket_io.c; draft) ---- */
/* After a bind or connect of buf (from zmqx__endpoint_prepare, cap bytes):
 * read the resolved endpoint (ZMQ_LAST_ENDPOINT) into buf and keep buf as
 * the socket's endpoint, freeing the one before. */
ZMQX_HIDDEN void zmqx__sock_keep_endpoint(zmqx_socket_t *s, char *buf, size_t cap);
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
