/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx bench — the list of styles and the helpers every style uses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"

extern const bench_style_t bench_style_libzmq_msg, bench_style_libzmq_msg_nc, bench_style_libzmq_send,
    bench_style_libzmq_str, bench_style_zx_bytes, bench_style_zx_frame, bench_style_zx_msg,
    bench_style_zx_str;
#ifdef BENCH_HAVE_CZMQ
extern const bench_style_t bench_style_czmq_zframe, bench_style_czmq_zmsg,
    bench_style_czmq_zstr;
#endif

const bench_style_t *const bench_styles[] = {
    &bench_style_libzmq_msg,
    &bench_style_libzmq_msg_nc,
    &bench_style_libzmq_send,
    &bench_style_libzmq_str,
    &bench_style_zx_bytes,
    &bench_style_zx_frame,
    &bench_style_zx_msg,
    &bench_style_zx_str,
#ifdef BENCH_HAVE_CZMQ
    &bench_style_czmq_zframe,
    &bench_style_czmq_zmsg,
    &bench_style_czmq_zstr,
#endif
    NULL,
};

const bench_style_t *bench_style_find(const char *name)
{
    for (size_t i = 0; bench_styles[i] != NULL; i++)
        if (strcmp(bench_styles[i]->name, name) == 0)
            return bench_styles[i];
    return NULL;
}

int bench_fail(const char *style, const char *op)
{
    fprintf(stderr, "bench: %s %s: %s\n", style, op, strerror(errno));
    return -1;
}

int bench_bad_size(const char *style, long got, size_t want)
{
    if (got < 0)
        return bench_fail(style, "recv");
    fprintf(stderr, "bench: %s: received %ld bytes, expected %zu\n", style, got, want);
    return -1;
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}
