/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* A zero-copy free function for the tests: it records how often it ran,
 * with which data, on which thread. */
#ifndef ZMQX_TU_FREE_LOG_H
#define ZMQX_TU_FREE_LOG_H

#include <pthread.h>
#include <stdatomic.h>

struct free_log {
    atomic_int calls;
    void *data;
    pthread_t thread;
};

/* A zmqx_free_fn; hint is a struct free_log. */
static inline void log_free(void *data, void *hint)
{
    struct free_log *log = hint;
    log->data = data;
    log->thread = pthread_self();
    atomic_fetch_add(&log->calls, 1);
}

#endif
