/* zmqx — threads that zmqx starts itself: with every signal blocked, so
 * that a handler of the program never runs on them and a blocking call of
 * theirs is never cut short by EINTR. */
#include "internal.h"

#include <signal.h>

int zmqx__thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name)
{
    sigset_t all, old;
    sigfillset(&all);
    /* A new thread inherits the creating thread's mask: block everything
     * around pthread_create so the thread never runs a moment unblocked. */
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(thread, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc == 0 && name != NULL)
        pthread_setname_np(*thread, name); /* best effort: a name for ps and debuggers */
    return rc;
}
