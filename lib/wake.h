/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — a wake-up fd another thread or a signal handler can signal: an
 * eventfd where the system has one, else a non-blocking pipe (chosen at
 * build time: ZMQX_WAKE_PIPE). Used by the poller and the loop. Private. */
#ifndef ZMQX_WAKE_H
#define ZMQX_WAKE_H

#include "base.h"

typedef struct zmqx__wake {
    int rfd; /* poll this one for readability */
    int wfd; /* == rfd for an eventfd */
} zmqx__wake_t;

/* 0, or -1 with the error filled for op. */
ZMQX_HIDDEN int zmqx__wake_open(zmqx__wake_t *w, const char *op);
ZMQX_HIDDEN void zmqx__wake_close(zmqx__wake_t *w);
/* Make rfd readable. Async-signal-safe; keeps errno. 0, or an errno value
 * (a full pipe or counter is not a failure: a wake is pending anyway). */
ZMQX_HIDDEN int zmqx__wake_signal(const zmqx__wake_t *w);
/* Take the pending wakes: 1 if there was one, 0 if not. */
ZMQX_HIDDEN int zmqx__wake_take(const zmqx__wake_t *w);

#endif
