/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — raw libzmq, the baseline, used the way its own perf tools
 * (local_thr/remote_thr, local_lat/remote_lat) use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "loops.h"

/* ---- family: one zmq_ctx_new context, zmq_socket/zmq_close ---- */
static void *raw_ctx;

static int raw_init(void)
{
    raw_ctx = zmq_ctx_new();
    if (raw_ctx == NULL)
        return bench_fail("libzmq", "zmq_ctx_new");
    if (bench_max_sockets > 0 && zmq_ctx_set(raw_ctx, ZMQ_MAX_SOCKETS, bench_max_sockets) != 0)
        return bench_fail("libzmq", "zmq_ctx_set(ZMQ_MAX_SOCKETS)");
    return 0;
}

static void raw_term(void)
{
    zmq_ctx_term(raw_ctx);
    raw_ctx = NULL;
}

/* BENCH_RAW_TIMEOUT_MS set: raw sockets get that send and receive timeout
 * (zmqx's sockets have a two-minute default; paths.sh compares with both:
 * a finite timeout makes libzmq's blocking calls cost more). */
static void *raw_open(int type)
{
    void *s = zmq_socket(raw_ctx, type);
    if (s == NULL) {
        bench_fail("libzmq", "zmq_socket");
        return NULL;
    }
    const char *env = getenv("BENCH_RAW_TIMEOUT_MS");
    int ms = env != NULL ? atoi(env) : 0;
    if (ms != 0 && (zmq_setsockopt(s, ZMQ_SNDTIMEO, &ms, sizeof ms) != 0 ||
                    zmq_setsockopt(s, ZMQ_RCVTIMEO, &ms, sizeof ms) != 0)) {
        bench_fail("libzmq", "zmq_setsockopt");
        zmq_close(s);
        return NULL;
    }
    return s;
}

static void *raw_handle(void *sock)
{
    return sock;
}

static void raw_close(void *sock)
{
    zmq_close(sock);
}

const bench_family_t bench_family_libzmq = {
    "libzmq", raw_init, raw_term, raw_open, raw_handle, raw_close,
};

/* ---- libzmq-msg: zmq_msg_t as remote_thr sends (init_size, fill, send,
 * close) and local_thr receives (one message, received into again and again) */
typedef struct {
    zmq_msg_t msg;
} libzmq_msg_state_t;

static int libzmq_msg_init(libzmq_msg_state_t *st)
{
    return zmq_msg_init(&st->msg);
}

static void libzmq_msg_fini(libzmq_msg_state_t *st)
{
    zmq_msg_close(&st->msg);
}

/* A message of size bytes from payload, sent; on success m is empty (as
 * zmq_msg_send leaves it), on failure closed. 0 or -1. */
static inline int raw_msg_fill_send(void *sock, zmq_msg_t *m, const char *payload, size_t size)
{
    if (zmq_msg_init_size(m, size) != 0)
        return -1;
    memcpy(zmq_msg_data(m), payload, size);
    if (zmq_msg_send(m, sock, 0) < 0) {
        zmq_msg_close(m);
        return -1;
    }
    return 0;
}

static inline int libzmq_msg_send(void *sock, libzmq_msg_state_t *st, const char *payload,
                                  size_t size)
{
    (void) st;
    zmq_msg_t m;
    if (raw_msg_fill_send(sock, &m, payload, size) != 0)
        return -1;
    return zmq_msg_close(&m);
}

static inline long libzmq_msg_recv(void *sock, libzmq_msg_state_t *st, char *scratch)
{
    (void) scratch;
    if (zmq_msg_recv(&st->msg, sock, 0) < 0)
        return -1;
    return (long) zmq_msg_size(&st->msg);
}

static inline void libzmq_msg_release(libzmq_msg_state_t *st)
{
    (void) st; /* the next zmq_msg_recv releases the content */
}

static inline int libzmq_msg_reply(void *sock, libzmq_msg_state_t *st, char *scratch,
                                   long size)
{
    (void) scratch;
    (void) size;
    return zmq_msg_send(&st->msg, sock, 0) < 0 ? -1 : 0;
}

BENCH_STYLE(libzmq_msg, "libzmq-msg", "libzmq-msg",
            "zmq_msg_init_size+memcpy+zmq_msg_send+zmq_msg_close / zmq_msg_recv into one msg",
            bench_family_libzmq);

/* ---- libzmq-msg-nc: libzmq-msg without the zmq_msg_close after a
 * successful send (zmq_msg_send leaves the message empty), as
 * zmqx_send_frame leaves its frame: the fair baseline for zmqx-frame and
 * zmqx-msg ---- */
typedef libzmq_msg_state_t libzmq_msg_nc_state_t;
#define libzmq_msg_nc_init libzmq_msg_init
#define libzmq_msg_nc_fini libzmq_msg_fini
#define libzmq_msg_nc_recv libzmq_msg_recv
#define libzmq_msg_nc_release libzmq_msg_release
#define libzmq_msg_nc_reply libzmq_msg_reply

static inline int libzmq_msg_nc_send(void *sock, libzmq_msg_nc_state_t *st, const char *payload,
                                     size_t size)
{
    (void) st;
    zmq_msg_t m;
    return raw_msg_fill_send(sock, &m, payload, size);
}

BENCH_STYLE(libzmq_msg_nc, "libzmq-msg-nc", "libzmq-msg-nc",
            "zmq_msg_init_size+memcpy+zmq_msg_send (no close: sent is empty) / zmq_msg_recv into one msg",
            bench_family_libzmq);

/* ---- libzmq-send: zmq_send / zmq_recv with a caller buffer ---- */
BENCH_NO_STATE(libzmq_send)

static inline int libzmq_send_send(void *sock, libzmq_send_state_t *st, const char *payload,
                                   size_t size)
{
    (void) st;
    return zmq_send(sock, payload, size, 0) < 0 ? -1 : 0;
}

static inline long libzmq_send_recv(void *sock, libzmq_send_state_t *st, char *scratch)
{
    (void) st;
    return zmq_recv(sock, scratch, BENCH_MAX_SIZE, 0);
}

static inline int libzmq_send_reply(void *sock, libzmq_send_state_t *st, char *scratch,
                                    long size)
{
    (void) st;
    return zmq_send(sock, scratch, (size_t) size, 0) < 0 ? -1 : 0;
}

BENCH_STYLE(libzmq_send, "libzmq-send", "libzmq-send",
            "zmq_send / zmq_recv into a buffer", bench_family_libzmq);

/* ---- libzmq-str: a C string of any length, the raw way: zmq_send of
 * strlen bytes; zmq_msg_recv into a local message, malloc, copy, NUL
 * (what zmqx_recv_str and CZMQ's zstr_recv do, the baseline for both) ---- */
BENCH_POINTER_STATE(libzmq_str, char *, bench_free_str)

static inline int libzmq_str_send(void *sock, libzmq_str_state_t *st, const char *payload,
                                  size_t size)
{
    (void) st;
    (void) size;
    return zmq_send(sock, payload, strlen(payload), 0) < 0 ? -1 : 0;
}

static inline long libzmq_str_recv(void *sock, libzmq_str_state_t *st, char *scratch)
{
    (void) scratch;
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, sock, 0) < 0) {
        zmq_msg_close(&m);
        return -1;
    }
    size_t n = zmq_msg_size(&m);
    st->p = malloc(n + 1);
    if (st->p == NULL) {
        zmq_msg_close(&m);
        return -1;
    }
    memcpy(st->p, zmq_msg_data(&m), n);
    st->p[n] = '\0';
    zmq_msg_close(&m);
    return (long) strlen(st->p);
}

static inline int libzmq_str_reply(void *sock, libzmq_str_state_t *st, char *scratch,
                                   long size)
{
    (void) scratch;
    (void) size;
    int rc = zmq_send(sock, st->p, strlen(st->p), 0);
    libzmq_str_release(st);
    return rc < 0 ? -1 : 0;
}

BENCH_STYLE(libzmq_str, "libzmq-str", "libzmq-str",
            "zmq_send(strlen) / zmq_msg_recv+malloc+memcpy+free", bench_family_libzmq);
