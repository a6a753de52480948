/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — zmqx's own threads (lib/thread.c) (private). */
#ifndef ZMQX_THREAD_H
#define ZMQX_THREAD_H

#include "base.h"
#include <pthread.h>

/* pthread_create with every signal blocked in the new thread (zmqx's own
 * threads never take the program's signals), named name ("zmqx-auth").
 * 0 or an errno value. */
ZMQX_HIDDEN int zmqx__thread_start(pthread_t *thread, const char *name, void *(*fn)(void *),
                                   void *arg);

/* A condition variable whose timed waits run on CLOCK_MONOTONIC, the clock
 * of zmqx__now_ms. 0 or an errno value. */
ZMQX_HIDDEN int zmqx__cond_init(pthread_cond_t *cond);

/* pthread_cond_timedwait on a zmqx__cond_init condition variable, until
 * deadline_ms (a zmqx__now_ms time). Its value: 0, or ETIMEDOUT. */
ZMQX_HIDDEN int zmqx__cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock,
                                      int64_t deadline_ms);

#endif
