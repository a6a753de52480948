/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* malloc_count: an LD_PRELOAD library that counts heap allocations, used by
 * the tests ("no allocation per message") and by bench/ (allocations per
 * message for each contender). glibc only: it forwards to __libc_malloc & co.
 *
 * Read the counters through dlsym(RTLD_DEFAULT, "mc_thread_count") /
 * "mc_total_count": calls to malloc/calloc/realloc/memalign-family made by
 * the calling thread / by every thread since the library was loaded. */
#include <stdatomic.h>
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define EXPORT __attribute__((visibility("default")))

static atomic_size_t total;
static _Thread_local size_t mine;

static inline void count(void)
{
    mine++;
    atomic_fetch_add_explicit(&total, 1, memory_order_relaxed);
}

EXPORT size_t mc_thread_count(void)
{
    return mine;
}

EXPORT size_t mc_total_count(void)
{
    return atomic_load(&total);
}

EXPORT void *malloc(size_t n)
{
    count();
    return __libc_malloc(n);
}

EXPORT void *calloc(size_t n, size_t m)
{
    count();
    return __libc_calloc(n, m);
}

EXPORT void *realloc(void *p, size_t n)
{
    count();
    return __libc_realloc(p, n);
}

EXPORT void free(void *p)
{
    __libc_free(p);
}

EXPORT void *memalign(size_t a, size_t n)
{
    count();
    return __libc_memalign(a, n);
}

EXPORT void *aligned_alloc(size_t a, size_t n)
{
    count();
    return __libc_memalign(a, n);
}

EXPORT int posix_memalign(void **p, size_t a, size_t n)
{
    count();
    void *q = __libc_memalign(a, n);
    if (q == NULL)
        return ENOMEM;
    *p = q;
    return 0;
}
