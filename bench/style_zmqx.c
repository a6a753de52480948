/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — zmqx, each of its send/receive styles, used as the guide
 * (docs/) tells a program to use it. */
#include <stdio.h>
#include <string.h>

#include <zmqx.h>

#include "loops.h"

/* ---- family: one zmqx_ctx_new context, default socket options ---- */
static zmqx_ctx_t *zx_ctx;

static int zx_init(void)
{
    zx_ctx = zmqx_ctx_new();
    if (zx_ctx == NULL)
        return bench_fail("zmqx", "zmqx_ctx_new");
    if (bench_max_sockets > 0 && zmqx_ctx_set(zx_ctx, ZMQ_MAX_SOCKETS, bench_max_sockets) != 0)
        return bench_fail("zmqx", "zmqx_ctx_set(ZMQ_MAX_SOCKETS)");
    return 0;
}

static void zx_term(void)
{
    zmqx_ctx_destroy(&zx_ctx);
}

static void *zx_open(int type)
{
    zmqx_socket_t *s = zmqx_socket_new(zx_ctx, type, NULL);
    if (s == NULL)
        fprintf(stderr, "bench: zmqx_socket_new: %s\n", zmqx_last_error()->message);
    return s;
}

static void *zx_handle(void *sock)
{
    return zmqx_socket_handle(sock);
}

static void zx_close(void *sock)
{
    zmqx_socket_t *s = sock;
    zmqx_socket_destroy(&s);
}

const bench_family_t bench_family_zmqx = {
    "zmqx", zx_init, zx_term, zx_open, zx_handle, zx_close,
};

/* ---- zmqx-bytes: zmqx_send / zmqx_recv with a caller buffer ---- */
BENCH_NO_STATE(zx_bytes)

static inline int zx_bytes_send(void *sock, zx_bytes_state_t *st, const char *payload,
                                  size_t size)
{
    (void) st;
    return zmqx_send(sock, payload, size, 0) < 0 ? -1 : 0;
}

static inline long zx_bytes_recv(void *sock, zx_bytes_state_t *st, char *scratch)
{
    (void) st;
    return zmqx_recv(sock, scratch, BENCH_MAX_SIZE, 0);
}

static inline int zx_bytes_reply(void *sock, zx_bytes_state_t *st, char *scratch,
                                   long size)
{
    (void) st;
    return zmqx_send(sock, scratch, (size_t) size, 0) < 0 ? -1 : 0;
}

BENCH_STYLE(zx_bytes, "zmqx-bytes", "libzmq-send", "zmqx_send / zmqx_recv into a buffer",
            bench_family_zmqx);

/* ---- zmqx-frame: zmqx_frame_init_copy+zmqx_send_frame (the frame is empty
 * after a send) / zmqx_recv_frame into one frame, again and again ---- */
typedef struct {
    zmqx_frame_t frame;
} zx_frame_state_t;

static int zx_frame_init(zx_frame_state_t *st)
{
    return zmqx_frame_init(&st->frame);
}

static void zx_frame_fini(zx_frame_state_t *st)
{
    zmqx_frame_close(&st->frame);
}

static inline int zx_frame_send(void *sock, zx_frame_state_t *st, const char *payload,
                                  size_t size)
{
    (void) st;
    zmqx_frame_t f;
    if (zmqx_frame_init_copy(&f, payload, size) != 0)
        return -1;
    if (zmqx_send_frame(sock, &f, 0) < 0) {
        zmqx_frame_close(&f);
        return -1;
    }
    return 0;
}

static inline long zx_frame_recv(void *sock, zx_frame_state_t *st, char *scratch)
{
    (void) scratch;
    if (zmqx_recv_frame(sock, &st->frame, 0) < 0)
        return -1;
    return (long) zmqx_frame_size(&st->frame);
}

static inline void zx_frame_release(zx_frame_state_t *st)
{
    (void) st; /* the next zmqx_recv_frame releases the content */
}

static inline int zx_frame_reply(void *sock, zx_frame_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    return zmqx_send_frame(sock, &st->frame, 0) < 0 ? -1 : 0;
}

BENCH_STYLE(zx_frame, "zmqx-frame", "libzmq-msg",
            "zmqx_frame_init_copy+zmqx_send_frame / zmqx_recv_frame into one frame",
            bench_family_zmqx);

/* ---- zmqx-msg: two zmqx_msg_t reused for every message, one to send
 * (zmqx_msg_append + zmqx_send_msg, empty after) and one to receive into
 * (zmqx_recv_msg reuses its part slots) ---- */
typedef struct {
    zmqx_msg_t *out, *in;
} zx_msg_state_t;

static int zx_msg_init(zx_msg_state_t *st)
{
    st->out = zmqx_msg_new();
    st->in = zmqx_msg_new();
    return st->out != NULL && st->in != NULL ? 0 : -1;
}

static void zx_msg_fini(zx_msg_state_t *st)
{
    zmqx_msg_destroy(&st->out);
    zmqx_msg_destroy(&st->in);
}

static inline int zx_msg_send(void *sock, zx_msg_state_t *st, const char *payload,
                              size_t size)
{
    if (zmqx_msg_append(st->out, payload, size) != 0)
        return -1;
    return zmqx_send_msg(sock, st->out) < 0 ? -1 : 0;
}

static inline long zx_msg_recv(void *sock, zx_msg_state_t *st, char *scratch)
{
    (void) scratch;
    if (zmqx_recv_msg(sock, st->in) != 1)
        return -1;
    return (long) zmqx_msg_size(st->in, 0);
}

static inline void zx_msg_release(zx_msg_state_t *st)
{
    (void) st; /* the next zmqx_recv_msg reuses the message */
}

static inline int zx_msg_reply(void *sock, zx_msg_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    return zmqx_send_msg(sock, st->in) < 0 ? -1 : 0;
}

BENCH_STYLE(zx_msg, "zmqx-msg", "libzmq-msg",
            "zmqx_msg_t reused: zmqx_msg_append+zmqx_send_msg / zmqx_recv_msg",
            bench_family_zmqx);

/* ---- zmqx-str: zmqx_send_str / zmqx_recv_str (malloc'd, freed) ---- */
BENCH_POINTER_STATE(zx_str, char *, bench_free_str)

static inline int zx_str_send(void *sock, zx_str_state_t *st, const char *payload,
                                size_t size)
{
    (void) st;
    (void) size;
    return zmqx_send_str(sock, payload) < 0 ? -1 : 0;
}

static inline long zx_str_recv(void *sock, zx_str_state_t *st, char *scratch)
{
    (void) scratch;
    st->p = zmqx_recv_str(sock);
    return st->p != NULL ? (long) strlen(st->p) : -1;
}

static inline int zx_str_reply(void *sock, zx_str_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    int rc = zmqx_send_str(sock, st->p);
    zx_str_release(st);
    return rc < 0 ? -1 : 0;
}

BENCH_STYLE(zx_str, "zmqx-str", "libzmq-str", "zmqx_send_str / zmqx_recv_str+free",
            bench_family_zmqx);
