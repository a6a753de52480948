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

#endif
