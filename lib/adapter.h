/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — what the event-loop adapters (libzmqx-event, libzmqx-glib) share:
 * their record of a started watch.
 *
 * zmqx_watch_set_hook cannot be read back, so each adapter library keeps
 * its own claims: one per watch (EEXIST on a second start), found again
 * by stop. A stop inside fn must end the dispatch that called fn: the
 * claim goes at once (fn may start the watch again), but the watch is
 * held, paused, until that dispatch returns, its hook kept meanwhile (a
 * GONE may still come); then it gets its events back (unless fn set some)
 * and loses the hook (unless fn started it again). Compiled into
 * each adapter library (hidden); it uses libzmqx's public API only. A
 * record is used on its watch's thread; the claims of all threads share
 * one list, under a lock. */
#ifndef ZMQX_ADAPTER_H
#define ZMQX_ADAPTER_H

#include <zmqx/watch.h>

#define ZMQX_ADAPTER_HIDDEN __attribute__((visibility("hidden")))

typedef struct zmqx__adapter {
    const zmqx_watch_t *claimed;  /* the claim's key (NULL: none) */
    struct zmqx__adapter *next;
    zmqx_watch_t *w;              /* NULL once let go */
    int busy;                     /* inside zmqx_watch_dispatch */
    zmqx_watch_t *held;           /* let go inside it: paused till it returns */
    int held_events;              /* what to give back then */
} zmqx__adapter_t;

/* Claim w for a (zeroed) and hook it: 0, or -1 with EEXIST (error
 * filled for op). */
ZMQX_ADAPTER_HIDDEN int zmqx__adapter_claim(zmqx__adapter_t *a, zmqx_watch_t *w,
                                            zmqx_watch_hook_fn *hook, const char *op);

/* The record holding w, or NULL. */
ZMQX_ADAPTER_HIDDEN zmqx__adapter_t *zmqx__adapter_find(const zmqx_watch_t *w);

/* zmqx_watch_dispatch(a->w, budget), then finish a stop made inside it
 * (a->w is NULL then). */
ZMQX_ADAPTER_HIDDEN int zmqx__adapter_dispatch(zmqx__adapter_t *a, int budget);

/* Let go of the watch (a->w becomes NULL): at once, or held until the
 * dispatch returns when inside it. gone: the hook heard GONE (the watch is
 * not touched again). Harmless twice. Keeps errno. */
ZMQX_ADAPTER_HIDDEN void zmqx__adapter_let_go(zmqx__adapter_t *a, int gone);

#endif
