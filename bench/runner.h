/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — running one case once with one style. */
#ifndef ZMQX_BENCH_RUNNER_H
#define ZMQX_BENCH_RUNNER_H

#include "bench.h"

typedef enum { BENCH_THR, BENCH_LAT, BENCH_FANOUT } bench_pattern_t;
typedef enum { BENCH_INPROC, BENCH_IPC, BENCH_TCP } bench_transport_t;

/* Subscribers in the fan-out case. */
#define BENCH_SUBSCRIBERS 4

typedef struct bench_case {
    bench_pattern_t pattern;
    bench_transport_t transport;
    size_t size;
    long n; /* messages (round trips for BENCH_LAT) */
} bench_case_t;

/* Where the threads of a case run: anywhere (the default), each on a CPU
 * of its own, or all on one CPU. */
typedef enum { BENCH_PIN_NONE, BENCH_PIN_SPLIT, BENCH_PIN_SAME } bench_pin_t;
extern bench_pin_t bench_pin;

const char *bench_pattern_name(bench_pattern_t p);    /* "thr", "lat", "fanout" */
const char *bench_transport_name(bench_transport_t t); /* "inproc", "ipc", "tcp" */

/* Make the payload and receive buffers and every family's context. 0 or -1. */
int bench_runner_init(void);
/* Close the contexts, remove the ipc directory. */
void bench_runner_term(void);

/* Bind the libzmq socket handle to a fresh endpoint of transport t (tcp:
 * 127.0.0.1, a port of the system's choosing); ep (cap bytes) gets the
 * resolved endpoint. 0, or -1 with errno (not printed). */
int bench_bind(void *handle, bench_transport_t t, char *ep, size_t cap);

/* The element of table (count elements of size bytes each, a `const char *`
 * name at offset name_at) whose name is name, or NULL. */
const void *bench_find_named(const void *table, size_t count, size_t size, size_t name_at,
                             const char *name);

/* Run c once with style, threads as the pattern needs them; the seconds
 * the measured part took, or -1 (printed). */
double bench_run(const bench_style_t *style, const bench_case_t *c);

/* Single-thread batches over transport t: send `batch` messages, receive
 * them, until n are done; one batch first that is not counted. For the
 * instruction and allocation counts (deterministic: no thread races).
 * *allocs (if not NULL) gets the heap allocations made by every thread
 * during the n messages, counted by malloc_count when it is preloaded
 * (-1 if it is not). 0 or -1. */
int bench_batch(const bench_style_t *style, bench_transport_t t, size_t size, long n,
                long batch, long *allocs);

/* With malloc_count not preloaded (and built: BENCH_MALLOC_COUNT), run
 * this program again with it preloaded; returns if it cannot. */
void bench_preload_malloc_count(char **argv);
/* Heap allocations by every thread so far (malloc_count), -1 without it. */
long bench_alloc_count(void);

#endif
