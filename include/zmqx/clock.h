/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — clock: the monotonic time in milliseconds, for timeouts,
 * heartbeats and measurements that the wall clock must not disturb. */
#ifndef ZMQX_CLOCK_H
#define ZMQX_CLOCK_H

#include <stdint.h>

#include <zmqx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Milliseconds on the monotonic clock (CLOCK_MONOTONIC: unaffected by
 * changes of the wall clock; its zero is some fixed point in the past, so
 * only differences mean anything). The clock zmqx's own timeouts, poller
 * and loop timers use. Never fails. */
ZMQX_EXPORT int64_t zmqx_clock_ms(void);

#ifdef __cplusplus
}
#endif
#endif
