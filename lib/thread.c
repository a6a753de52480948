/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the threads zmqx itself starts (the authenticator's, ...). */
#include "thread.h"

#include <signal.h>
#include <time.h>

/* Signals belong to the program: a thread of zmqx's blocks every one, so
 * that no handler runs on it and no call on it fails with EINTR because of
 * a signal meant for someone else. The new thread inherits the mask in
 * force when it is created. */
int zmqx__thread_start(pthread_t *thread, const char *name, void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    sigfillset(&all);
#ifdef ZMQX_TEST_SIGNALS_REACH_THREADS
    sigemptyset(&all); /* a test build: prove the threads survive signals */
#endif
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(thread, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc == 0)
        pthread_setname_np(*thread, name); /* for ps, gdb and /proc: at most 15 chars */
    return rc;
}

int zmqx__cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc != 0)
        return rc;
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

int zmqx__cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t deadline_ms)
{
    struct timespec until = { (time_t) (deadline_ms / 1000),
                              (long) (deadline_ms % 1000) * 1000000L };
    return pthread_cond_timedwait(cond, lock, &until);
}
