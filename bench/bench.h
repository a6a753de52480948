/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — the side-by-side benchmark's shared types.
 *
 * A *family* is one library's way of making sockets (raw libzmq, zmqx,
 * CZMQ); a *style* is one way of sending and receiving with them (zmqx has
 * bytes, frames, reused messages and strings). Each style runs its loops
 * with direct calls only (see loops.h), so what is measured is the
 * library's message path, not the harness. */
#ifndef ZMQX_BENCH_H
#define ZMQX_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* The largest message size the benchmark sends (receive buffers are this big). */
#define BENCH_MAX_SIZE (1024 * 1024)

#define BENCH_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* One library's context and sockets. */
typedef struct bench_family {
    const char *name;            /* "libzmq", "zmqx", "czmq" */
    int (*init)(void);           /* make its context: 0, or -1 (printed) */
    void (*term)(void);          /* end it (every socket closed before) */
    void *(*open)(int type);     /* a socket of a libzmq type, NULL (printed) */
    void *(*handle)(void *sock); /* the libzmq socket under it */
    void (*close)(void *sock);
} bench_family_t;

/* Sockets each family's context allows (ZMQ_MAX_SOCKETS; 0: the library's
 * default, 1023 for libzmq); set before the family's init (bench_runner_init). */
extern int bench_max_sockets;

/* What one loop works on: n messages of size bytes on sock. */
typedef struct bench_io {
    void *sock;          /* the family's socket object */
    long n;              /* messages (round trips for req/echo) */
    size_t size;         /* bytes per message */
    const char *payload; /* size bytes of 'x' and a NUL after them */
    char *scratch;       /* BENCH_MAX_SIZE bytes to receive into */
} bench_io_t;

/* One way of sending and receiving. Loops return 0, or -1 after printing
 * what failed; state is the style's per-thread state (state_new, made and
 * freed outside the measured part). */
typedef struct bench_style {
    const char *name;     /* "zmqx-frame" */
    const char *baseline; /* the raw libzmq style its ratio is taken against */
    const char *what;     /* the calls it makes, for the report */
    const bench_family_t *family;
    void *(*state_new)(void);
    void (*state_free)(void *state);
    int (*push)(void *state, const bench_io_t *io); /* send n */
    int (*pull)(void *state, const bench_io_t *io); /* receive n, check sizes */
    int (*echo)(void *state, const bench_io_t *io); /* n times: receive, send back */
    int (*req)(void *state, const bench_io_t *io);  /* n times: send, receive */
} bench_style_t;

/* Every style built in, raw libzmq first; NULL-terminated. */
extern const bench_style_t *const bench_styles[];

/* The style called name, or NULL. */
const bench_style_t *bench_style_find(const char *name);

/* Print "bench: <style> <op>: <errno text>" and return -1. */
int bench_fail(const char *style, const char *op);
/* A receive returned got (-1: failed) where want bytes were expected:
 * print it and return -1. */
int bench_bad_size(const char *style, long got, size_t want);

/* Monotonic time in seconds. */
double bench_now(void);

#endif
