/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the fork handlers (see fork.h).
 *
 * Lock order, which every path in the library keeps (so the prepare
 * handler cannot deadlock with a thread of the parent): the monitors'
 * links, the default context's, the context registry, each context's,
 * each of its sockets' observers_lock, then the tracked leaf locks
 * (authenticators). */
#include "fork.h"

#include <unistd.h>

unsigned zmqx__fork_gen;
pid_t zmqx__fork_parent;

static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t tracked_lock = PTHREAD_MUTEX_INITIALIZER;
static zmqx__fork_lock_t *tracked;

static void prepare(void)
{
    zmqx__monitor_fork_lock();
    zmqx__ctx_fork_lock();
    pthread_mutex_lock(&tracked_lock);
    for (zmqx__fork_lock_t *n = tracked; n != NULL; n = n->next)
        pthread_mutex_lock(n->mutex);
    zmqx__fork_parent = getpid();
}

static void release(int child)
{
    for (zmqx__fork_lock_t *n = tracked; n != NULL; n = n->next)
        pthread_mutex_unlock(n->mutex);
    pthread_mutex_unlock(&tracked_lock);
    zmqx__ctx_fork_unlock(child);
    zmqx__monitor_fork_unlock();
}

static void in_parent(void)
{
    release(0);
}

static void in_child(void)
{
    zmqx__fork_gen++;
    release(1);
}

static void register_handlers(void)
{
    pthread_atfork(prepare, in_parent, in_child);
}

void zmqx__origin_init(zmqx__origin_t *o)
{
    pthread_once(&handlers_once, register_handlers);
    o->gen = zmqx__fork_gen;
}

void zmqx__fork_track(zmqx__fork_lock_t *n, pthread_mutex_t *mutex)
{
    n->mutex = mutex;
    n->prev = NULL;
    pthread_mutex_lock(&tracked_lock);
    n->next = tracked;
    if (tracked != NULL)
        tracked->prev = n;
    tracked = n;
    pthread_mutex_unlock(&tracked_lock);
}

void zmqx__fork_untrack(zmqx__fork_lock_t *n)
{
    pthread_mutex_lock(&tracked_lock);
    if (n->prev != NULL)
        n->prev->next = n->next;
    else if (tracked == n)
        tracked = n->next;
    if (n->next != NULL)
        n->next->prev = n->prev;
    n->prev = n->next = NULL;
    pthread_mutex_unlock(&tracked_lock);
}
