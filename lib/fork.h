/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — fork() detection without a syscall (lib/fork.c). Private.
 *
 * A pthread_atfork child handler bumps zmqx__fork_gen; every object
 * records the generation it was made in (zmqx__origin_init), so "made
 * before the fork" is one compare of two ints. Sockets carry the answer in
 * their slow bits instead (ZMQX__SLOW_FORKED, lib/sock.h), which the
 * inline fast path already reads. The prepare handler takes the locks a
 * child may need (lib/ctx.c, lib/monitor.c, and the tracked ones below), so
 * that none is left locked for ever by a thread that does not exist in the
 * child. */
#ifndef ZMQX_FORK_H
#define ZMQX_FORK_H

#include "base.h"
#include <pthread.h>
#include <sys/types.h>

/* How many fork()s this process's zmqx state has gone through. Written
 * only by the child handler, while the child has one thread. */
ZMQX_HIDDEN extern unsigned zmqx__fork_gen;
/* The process that called the last fork() (for the error message). */
ZMQX_HIDDEN extern pid_t zmqx__fork_parent;

typedef struct zmqx__origin {
    unsigned gen; /* zmqx__fork_gen when the object was made */
} zmqx__origin_t;

/* Record that an object is made now (and register the fork handlers, once). */
ZMQX_HIDDEN void zmqx__origin_init(zmqx__origin_t *o);

/* Was the object made before a fork() (this process is a child)? */
static inline int zmqx__forked(const zmqx__origin_t *o)
{
    return ZMQX_UNLIKELY(o->gen != zmqx__fork_gen);
}

/* Fail op with ESTALE: "<what> was made before fork() in process <pid>:
 * make a new one in this process" (formatted when read; lib/error.c). */
ZMQX_HIDDEN int zmqx__fail_forked(const char *op, const char *endpoint, const char *what);

/* The same for a socket: "socket was made ...", naming its endpoint. */
ZMQX_HIDDEN int zmqx__fail_sock_forked(const char *op, const struct zmqx_socket *s);

/* 0, or zmqx__fail_forked when the object of origin o was made before a fork. */
static inline int zmqx__origin_check(const zmqx__origin_t *o, const char *op, const char *what)
{
    return zmqx__forked(o) ? zmqx__fail_forked(op, NULL, what) : 0;
}

/* A lock that no other zmqx lock is taken under (a leaf), held across
 * fork() by the prepare handler: the child finds what it guards whole. */
typedef struct zmqx__fork_lock {
    pthread_mutex_t *mutex;
    struct zmqx__fork_lock *prev, *next;
} zmqx__fork_lock_t;

ZMQX_HIDDEN void zmqx__fork_track(zmqx__fork_lock_t *n, pthread_mutex_t *mutex);
ZMQX_HIDDEN void zmqx__fork_untrack(zmqx__fork_lock_t *n);

/* The parts of the handlers that live with their objects: take the locks
 * (prepare), release them (parent), release them and mark what was made
 * before the fork (child). */
ZMQX_HIDDEN void zmqx__ctx_fork_lock(void);
ZMQX_HIDDEN void zmqx__ctx_fork_unlock(int child);
ZMQX_HIDDEN void zmqx__monitor_fork_lock(void);
ZMQX_HIDDEN void zmqx__monitor_fork_unlock(void);

#endif
