/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Reading the malloc_count preload (test/malloc_count.c) from a suite built
 * with -DZMQX_TEST_MALLOC_COUNT and run with LD_PRELOAD set (see the end of
 * test/meson.build). */
#ifndef ZMQX_TU_MALLOC_COUNT_H
#define ZMQX_TU_MALLOC_COUNT_H

#include <dlfcn.h>
#include <string.h>

#include "testutil.h"

typedef size_t (*tu_count_fn)(void);

/* The preload's counter of allocations by the calling thread; fails the
 * test when the preload is missing. */
static inline tu_count_fn tu_mc_thread_count(void)
{
    void *sym = dlsym(RTLD_DEFAULT, "mc_thread_count");
    ck_assert_msg(sym != NULL, "malloc_count is not preloaded (LD_PRELOAD)");
    tu_count_fn fn;
    memcpy(&fn, &sym, sizeof fn);
    return fn;
}

#endif
