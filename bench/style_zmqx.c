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
    return zx_ctx != NULL ? 0 : bench_fail("zmqx", "zmqx_ctx_new");
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
BENCH_NO_STATE(zmqx_bytes)

static inline int zmqx_bytes_send(void *sock, zmqx_bytes_state_t *st, const char *payload,
                                  size_t size)
{
    (void) st;
    return zmqx_send(sock, payload, size, 0) < 0 ? -1 : 0;
}

static inline long zmqx_bytes_recv(void *sock, zmqx_bytes_state_t *st, char *scratch)
{
    (void) st;
    return zmqx_recv(sock, scratch, BENCH_MAX_SIZE, 0);
}

static inline int zmqx_bytes_reply(void *sock, zmqx_bytes_state_t *st, char *scratch,
                                   long size)
{
    (void) st;
    return zmqx_send(sock, scratch, (size_t) size, 0) < 0 ? -1 : 0;
}

BENCH_STYLE(zmqx_bytes, "zmqx-bytes", "libzmq-send", "zmqx_send / zmqx_recv into a buffer",
            bench_family_zmqx);

/* ---- zmqx-str: zmqx_send_str / zmqx_recv_str (malloc'd, freed) ---- */
BENCH_POINTER_STATE(zmqx_str, char *, bench_free_str)

static inline int zmqx_str_send(void *sock, zmqx_str_state_t *st, const char *payload,
                                size_t size)
{
    (void) st;
    (void) size;
    return zmqx_send_str(sock, payload) < 0 ? -1 : 0;
}

static inline long zmqx_str_recv(void *sock, zmqx_str_state_t *st, char *scratch)
{
    (void) scratch;
    st->p = zmqx_recv_str(sock);
    return st->p != NULL ? (long) strlen(st->p) : -1;
}

static inline int zmqx_str_reply(void *sock, zmqx_str_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    int rc = zmqx_send_str(sock, st->p);
    zmqx_str_release(st);
    return rc < 0 ? -1 : 0;
}

BENCH_STYLE(zmqx_str, "zmqx-str", "libzmq-str", "zmqx_send_str / zmqx_recv_str+free",
            bench_family_zmqx);
