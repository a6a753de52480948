/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — what every library source needs: the public API as the library
 * sees it (functions, not the inline macros) and a few compiler helpers.
 * Private, like every lib/ header: each private piece has its own header,
 * so a source's includes say what it depends on. */
#ifndef ZMQX_BASE_H
#define ZMQX_BASE_H

/* The library defines the functions that <zmqx.h>'s inline fast-path
 * macros stand in front of (bench): it sees the functions only. */
#ifndef ZMQX_NO_INLINE
#define ZMQX_NO_INLINE 1
#endif
#include <zmqx.h>

#include <errno.h>
#include <stdint.h>

#define ZMQX_HIDDEN __attribute__((visibility("hidden")))
#define ZMQX_LIKELY(x) __builtin_expect(!!(x), 1)
#define ZMQX_UNLIKELY(x) __builtin_expect(!!(x), 0)

#endif
