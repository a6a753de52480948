/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the adapters' shared record (adapter.h): claims in a list under
 * one lock (starting and stopping are rare), the stop inside fn. errno is
 * kept across all of it (an error fn left stays the thread's). */
#include "adapter.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static zmqx__adapter_t *claims;

/* fork(): the lock is held across it, so that a child stopping a watch
 * made before the fork finds it free (a thread of the parent may have
 * held it). A leaf lock: nothing else is taken under it. */
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void fork_lock(void)
{
    pthread_mutex_lock(&lock);
}

static void fork_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

static void atfork_register(void)
{
    pthread_atfork(fork_lock, fork_unlock, fork_unlock);
}

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
    pthread_once(&atfork_once, atfork_register);
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

void zmqx__adapter_let_go(zmqx__adapter_t *a, int gone)
{
    int saved = errno;
    zmqx_watch_t *w = a->w;
    a->w = NULL;
    if (a->claimed != NULL)
        unclaim(a);
    if (gone) {
        a->held = NULL;
    } else if (w != NULL && a->busy) { /* end the dispatch: pause, hear a GONE meanwhile */
        a->held = w;
        a->held_events = zmqx_watch_events(w);
        zmqx_watch_set_events(w, 0);
    } else if (w != NULL) {
        zmqx_watch_set_hook(w, NULL, NULL);
    }
    errno = saved;
}

/* After a dispatch in which fn let go of the watch: its events back
 * (unless fn set some), and its hook gone (unless fn started it again). */
static void release(zmqx__adapter_t *a)
{
    int saved = errno;
    zmqx_watch_t *w = a->held;
    a->held = NULL;
    if (zmqx_watch_events(w) == 0)
        zmqx_watch_set_events(w, a->held_events);
    if (zmqx__adapter_find(w) == NULL)
        zmqx_watch_set_hook(w, NULL, NULL);
    errno = saved;
}

int zmqx__adapter_dispatch(zmqx__adapter_t *a, int budget)
{
    a->busy = 1;
    int n = zmqx_watch_dispatch(a->w, budget);
    a->busy = 0;
    if (a->held != NULL)
        release(a);
    return n;
}
