/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — CZMQ, used the way its users write it: zsock sockets,
 * zframe, zmsg and zstr. */
#include <string.h>

#include <czmq.h>

#include "loops.h"

/* ---- family: CZMQ's own global context (zsys), zsock_new/zsock_destroy ---- */
static int cz_init(void)
{
    zsys_handler_set(NULL); /* no SIGINT/SIGTERM handler behind our back */
    if (zsys_init() == NULL)
        return bench_fail("czmq", "zsys_init");
    if (bench_max_sockets > 0)
        zsys_set_max_sockets((size_t) bench_max_sockets); /* before any zsock_new */
    return 0;
}

static void cz_term(void)
{
    zsys_shutdown();
}

static void *cz_open(int type)
{
    zsock_t *s = zsock_new(type);
    if (s == NULL)
        bench_fail("czmq", "zsock_new");
    return s;
}

static void *cz_handle(void *sock)
{
    return zsock_resolve(sock);
}

static void cz_close(void *sock)
{
    zsock_t *s = sock;
    zsock_destroy(&s);
}

const bench_family_t bench_family_czmq = {
    "czmq", cz_init, cz_term, cz_open, cz_handle, cz_close,
};

/* ---- czmq-zframe: zframe_new+zframe_send / zframe_recv+zframe_destroy ---- */
BENCH_POINTER_STATE(czmq_zframe, zframe_t *, zframe_destroy)

static inline int czmq_zframe_send(void *sock, czmq_zframe_state_t *st, const char *payload,
                                   size_t size)
{
    (void) st;
    zframe_t *f = zframe_new(payload, size);
    return f != NULL ? zframe_send(&f, sock, 0) : -1;
}

static inline long czmq_zframe_recv(void *sock, czmq_zframe_state_t *st, char *scratch)
{
    (void) scratch;
    st->p = zframe_recv(sock);
    return st->p != NULL ? (long) zframe_size(st->p) : -1;
}

static inline int czmq_zframe_reply(void *sock, czmq_zframe_state_t *st, char *scratch,
                                    long size)
{
    (void) scratch;
    (void) size;
    return zframe_send(&st->p, sock, 0);
}

BENCH_STYLE(czmq_zframe, "czmq-zframe", "libzmq-msg",
            "zframe_new+zframe_send / zframe_recv+zframe_destroy", bench_family_czmq);

/* ---- czmq-zmsg: zmsg_new+zmsg_addmem+zmsg_send / zmsg_recv+zmsg_destroy ---- */
BENCH_POINTER_STATE(czmq_zmsg, zmsg_t *, zmsg_destroy)

static inline int czmq_zmsg_send(void *sock, czmq_zmsg_state_t *st, const char *payload,
                                 size_t size)
{
    (void) st;
    zmsg_t *m = zmsg_new();
    if (m == NULL || zmsg_addmem(m, payload, size) != 0) {
        zmsg_destroy(&m);
        return -1;
    }
    return zmsg_send(&m, sock);
}

static inline long czmq_zmsg_recv(void *sock, czmq_zmsg_state_t *st, char *scratch)
{
    (void) scratch;
    st->p = zmsg_recv(sock);
    return st->p != NULL ? (long) zmsg_content_size(st->p) : -1;
}

static inline int czmq_zmsg_reply(void *sock, czmq_zmsg_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    return zmsg_send(&st->p, sock);
}

BENCH_STYLE(czmq_zmsg, "czmq-zmsg", "libzmq-msg",
            "zmsg_new+zmsg_addmem+zmsg_send / zmsg_recv+zmsg_destroy", bench_family_czmq);

/* ---- czmq-zstr: zstr_send / zstr_recv+zstr_free ---- */
BENCH_POINTER_STATE(czmq_zstr, char *, zstr_free)

static inline int czmq_zstr_send(void *sock, czmq_zstr_state_t *st, const char *payload,
                                 size_t size)
{
    (void) st;
    (void) size;
    return zstr_send(sock, payload);
}

static inline long czmq_zstr_recv(void *sock, czmq_zstr_state_t *st, char *scratch)
{
    (void) scratch;
    st->p = zstr_recv(sock);
    return st->p != NULL ? (long) strlen(st->p) : -1;
}

static inline int czmq_zstr_reply(void *sock, czmq_zstr_state_t *st, char *scratch, long size)
{
    (void) scratch;
    (void) size;
    int rc = zstr_send(sock, st->p);
    zstr_free(&st->p);
    return rc;
}

BENCH_STYLE(czmq_zstr, "czmq-zstr", "libzmq-str", "zstr_send / zstr_recv+zstr_free",
            bench_family_czmq);
