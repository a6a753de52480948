/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — the four measured loops, generated once per style.
 *
 * A style X defines, before BENCH_STYLE(X, ...):
 *   typedef struct { ... } X_state_t;
 *   static int  X_init(X_state_t *st);            0, or -1
 *   static void X_fini(X_state_t *st);
 *   static inline void X_release(X_state_t *st);  drop what X_recv kept
 * (BENCH_POINTER_STATE or BENCH_NO_STATE define these four), and
 *   static inline int  X_send(void *sock, X_state_t *st, const char *payload, size_t size);
 *   static inline long X_recv(void *sock, X_state_t *st, char *scratch);   size or -1
 *   static inline int  X_reply(void *sock, X_state_t *st, char *scratch, long size);
 * (send and reply return 0 or -1 with errno set). The loops call these
 * directly, so the compiler inlines them: one loop per style, as a program
 * using that library would write it. */
#ifndef ZMQX_BENCH_LOOPS_H
#define ZMQX_BENCH_LOOPS_H

#include <stdlib.h>

#include "bench.h"

/* A style whose state is one pointer, NULL when empty, emptied by destroy(&p). */
#define BENCH_POINTER_STATE(X, type, destroy)                                         \
    typedef struct {                                                                  \
        type p;                                                                       \
    } X##_state_t;                                                                    \
    static int X##_init(X##_state_t *st)                                              \
    {                                                                                 \
        st->p = NULL;                                                                 \
        return 0;                                                                     \
    }                                                                                 \
    static void X##_fini(X##_state_t *st)                                             \
    {                                                                                 \
        destroy(&st->p);                                                              \
    }                                                                                 \
    static inline void X##_release(X##_state_t *st)                                   \
    {                                                                                 \
        destroy(&st->p);                                                              \
    }

/* A style that keeps nothing between calls. */
#define BENCH_NO_STATE(X)                                                             \
    typedef struct {                                                                  \
        int unused;                                                                   \
    } X##_state_t;                                                                    \
    static int X##_init(X##_state_t *st)                                              \
    {                                                                                 \
        (void) st;                                                                    \
        return 0;                                                                     \
    }                                                                                 \
    static void X##_fini(X##_state_t *st)                                             \
    {                                                                                 \
        (void) st;                                                                    \
    }                                                                                 \
    static inline void X##_release(X##_state_t *st)                                   \
    {                                                                                 \
        (void) st;                                                                    \
    }

/* free(*p), p = NULL: BENCH_POINTER_STATE's destroy for malloc'd strings. */
static inline void bench_free_str(char **p)
{
    free(*p);
    *p = NULL;
}

#define BENCH_STYLE(X, name_, baseline_, what_, family_)                              \
    static void *X##_new(void)                                                        \
    {                                                                                 \
        X##_state_t *st = calloc(1, sizeof *st);                                      \
        if (st != NULL && X##_init(st) != 0) {                                        \
            free(st);                                                                 \
            st = NULL;                                                                \
        }                                                                             \
        return st;                                                                    \
    }                                                                                 \
    static void X##_free(void *state)                                                 \
    {                                                                                 \
        if (state != NULL)                                                            \
            X##_fini(state);                                                          \
        free(state);                                                                  \
    }                                                                                 \
    /* receive one message and check its size: its size, or -1 (printed) */          \
    static inline long X##_take(void *state, const bench_io_t *io)                    \
    {                                                                                 \
        long got = X##_recv(io->sock, state, io->scratch);                            \
        if (BENCH_UNLIKELY(got != (long) io->size))                                   \
            return bench_bad_size(name_, got, io->size);                              \
        return got;                                                                   \
    }                                                                                 \
    static int X##_push(void *state, const bench_io_t *io)                            \
    {                                                                                 \
        for (long i = 0; i < io->n; i++)                                              \
            if (BENCH_UNLIKELY(X##_send(io->sock, state, io->payload, io->size) != 0)) \
                return bench_fail(name_, "send");                                     \
        return 0;                                                                     \
    }                                                                                 \
    static int X##_pull(void *state, const bench_io_t *io)                            \
    {                                                                                 \
        for (long i = 0; i < io->n; i++) {                                            \
            if (BENCH_UNLIKELY(X##_take(state, io) < 0))                              \
                return -1;                                                            \
            X##_release(state);                                                       \
        }                                                                             \
        return 0;                                                                     \
    }                                                                                 \
    static int X##_echo(void *state, const bench_io_t *io)                            \
    {                                                                                 \
        for (long i = 0; i < io->n; i++) {                                            \
            long got = X##_take(state, io);                                           \
            if (BENCH_UNLIKELY(got < 0))                                              \
                return -1;                                                            \
            if (BENCH_UNLIKELY(X##_reply(io->sock, state, io->scratch, got) != 0))    \
                return bench_fail(name_, "reply");                                    \
        }                                                                             \
        return 0;                                                                     \
    }                                                                                 \
    static int X##_req(void *state, const bench_io_t *io)                             \
    {                                                                                 \
        for (long i = 0; i < io->n; i++) {                                            \
            if (BENCH_UNLIKELY(X##_send(io->sock, state, io->payload, io->size) != 0)) \
                return bench_fail(name_, "send");                                     \
            if (BENCH_UNLIKELY(X##_take(state, io) < 0))                              \
                return -1;                                                            \
            X##_release(state);                                                       \
        }                                                                             \
        return 0;                                                                     \
    }                                                                                 \
    const bench_style_t bench_style_##X = {                                           \
        name_, baseline_, what_, &(family_), X##_new, X##_free,                       \
        X##_push, X##_pull, X##_echo, X##_req,                                        \
    }

#endif
