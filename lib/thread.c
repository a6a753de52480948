/* zmqx — the threads zmqx itself starts (the authenticator's, ...). */
#include "thread.h"

#include <signal.h>

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
