/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Counting libzmq's send and receive calls: the test executable defines
 * zmq_send, zmq_recv, zmq_msg_send, zmq_msg_recv and zmq_poll itself, each
 * counting the call on this thread and handing it on to the real libzmq
 * (dlsym RTLD_NEXT). Built with export_dynamic (test/meson.build), so that
 * libzmqx's calls reach these too. Nothing is changed: a counter, not a
 * mock. Include in one source file only. */
#ifndef ZMQX_TU_ZMQ_CALLS_H
#define ZMQX_TU_ZMQ_CALLS_H

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* libzmq send/receive calls (all five functions) made by this thread. */
static _Thread_local long tu_zmq_calls;

/* The real function called name (resolved once; any thread may ask). */
static void *tu_real(_Atomic(void *) *cache, const char *name)
{
    void *fn = atomic_load_explicit(cache, memory_order_acquire);
    if (fn == NULL) {
        fn = dlsym(RTLD_NEXT, name);
        if (fn == NULL)
            abort();
        atomic_store_explicit(cache, fn, memory_order_release);
    }
    return fn;
}

#define TU_FORWARD(ret, name, params, args)                                      \
    ret name params                                                              \
    {                                                                            \
        static _Atomic(void *) cache;                                            \
        ret(*real) params;                                                       \
        void *sym = tu_real(&cache, #name);                                      \
        memcpy(&real, &sym, sizeof real);                                        \
        tu_zmq_calls++;                                                          \
        return real args;                                                        \
    }

TU_FORWARD(int, zmq_send, (void *s, const void *buf, size_t len, int flags), (s, buf, len, flags))
TU_FORWARD(int, zmq_recv, (void *s, void *buf, size_t len, int flags), (s, buf, len, flags))
TU_FORWARD(int, zmq_msg_send, (zmq_msg_t *msg, void *s, int flags), (msg, s, flags))
TU_FORWARD(int, zmq_msg_recv, (zmq_msg_t *msg, void *s, int flags), (msg, s, flags))
TU_FORWARD(int, zmq_poll, (zmq_pollitem_t *items, int nitems, long timeout),
           (items, nitems, timeout))

#endif
