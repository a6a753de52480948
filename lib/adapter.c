/* zmqx — the adapters' shared record (adapter.h): claims in a list under
 * one lock (starting and stopping are rare), the stop inside fn. errno is
 * kept across all of it (an error fn left stays the thread's). */
#include "adapter.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static zmqx__adapter_t *claims;

static zmqx__adapter_t **slot_of(const zmqx_watch_t *w)
{
    zmqx__adapter_t **p = &claims;
    while (*p != NULL && (*p)->claimed != w)
        p = &(*p)->next;
    return p;
}

int zmqx__adapter_claim(zmqx__adapter_t *a, zmqx_watch_t *w, zmqx_watch_hook_fn *hook,
                        const char *op)
{
    pthread_mutex_lock(&lock);
    int taken = *slot_of(w) != NULL;
    if (!taken) {
        a->claimed = w;
        a->next = claims;
        claims = a;
    }
    pthread_mutex_unlock(&lock);
    if (taken)
        return zmqx_error_set(op, EEXIST,
                              "the watch is started already (one adapter at a time)");
    a->w = w;
    zmqx_watch_set_hook(w, hook, a);
    return 0;
}

zmqx__adapter_t *zmqx__adapter_find(const zmqx_watch_t *w)
{
    pthread_mutex_lock(&lock);
    zmqx__adapter_t *a = *slot_of(w);
    pthread_mutex_unlock(&lock);
    return a;
}

static void unclaim(zmqx__adapter_t *a)
{
    pthread_mutex_lock(&lock);
    zmqx__adapter_t **p = slot_of(a->claimed);
    if (*p == a)
        *p = a->next;
    a->claimed = NULL;
    pthread_mutex_unlock(&lock);
}

/* Unhook and give the watch back (its events, if paused for a stop). */
static void release(zmqx__adapter_t *a)
{
    zmqx_watch_set_hook(a->w, NULL, NULL);
    if (a->stopping)
        zmqx_watch_set_events(a->w, a->events);
}

void zmqx__adapter_let_go(zmqx__adapter_t *a, int gone)
{
    int saved = errno;
    if (gone || a->w == NULL) {
        a->w = NULL;
    } else if (a->busy) { /* end the dispatch: pause, hear a GONE meanwhile */
        if (!a->stopping)
            a->events = zmqx_watch_events(a->w);
        a->stopping = 1;
        zmqx_watch_set_events(a->w, 0);
    } else {
        release(a);
        a->w = NULL;
    }
    if (a->w == NULL)
        unclaim(a);
    errno = saved;
}

int zmqx__adapter_dispatch(zmqx__adapter_t *a, int budget)
{
    a->busy = 1;
    int n = zmqx_watch_dispatch(a->w, budget);
    a->busy = 0;
    if (a->stopping) {
        int saved = errno;
        if (a->w != NULL)
            release(a);
        a->w = NULL;
        a->stopping = 0;
        unclaim(a);
        errno = saved;
    }
    return n;
}
