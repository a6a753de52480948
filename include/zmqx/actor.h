/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — actor: a function running on a thread of its own, talking to its
 * caller over a PAIR pipe (CZMQ's zactor, with errors carried over). */
#ifndef ZMQX_ACTOR_H
#define ZMQX_ACTOR_H

#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_actor zmqx_actor_t;

/* The body, run on a thread of its own (every signal blocked) with its end
 * of a PAIR pipe, which that thread owns. It calls zmqx_actor_ready(pipe)
 * once set up, and returns when it receives ZMQX_ACTOR_STOP on the pipe
 * (or a call fails with ETERM: its context was shut down). Its return
 * value is what zmqx_actor_wait gives; -1 carries the error it left. */
typedef int zmqx_actor_fn(zmqx_socket_t *pipe, void *arg);

/* What zmqx_actor_destroy sends the body: a one-part message, as CZMQ's
 * zactor sends. */
#define ZMQX_ACTOR_STOP "$TERM"

/* Start fn(pipe, arg) on a new thread in ctx (NULL: the default context)
 * and return once it called zmqx_actor_ready. NULL with errno: EINVAL (fn
 * NULL), ETERM, ENOMEM, EAGAIN (no thread); a body that returned before it
 * was ready leaves its own error (errno, code and message) here, or
 * ECANCELED ("actor ended before it was ready") if it left none. */
ZMQX_EXPORT zmqx_actor_t *zmqx_actor_new(zmqx_ctx_t *ctx, zmqx_actor_fn *fn, void *arg);

/* Body side: tell zmqx_actor_new that the body is set up. 0, or -1 with
 * EINVAL when pipe is not the pipe of the actor whose body calls it. A
 * second call does nothing. */
ZMQX_EXPORT int zmqx_actor_ready(zmqx_socket_t *pipe);

/* Caller side: the caller's end of the pipe (a PAIR owned by the thread
 * that made the actor; it can sit in a poller). NULL with EINVAL for NULL. */
ZMQX_EXPORT zmqx_socket_t *zmqx_actor_pipe(zmqx_actor_t *actor);

/* Wait up to timeout_ms (-1: forever, 0: no wait) for the body to return:
 * its return value; when that is -1, with the errno and zmqx error the body
 * left (ECANCELED if it left none). -1 with EAGAIN and zmqx_error_is_timeout
 * true (op "actor_wait") while it still runs; EINVAL (NULL, timeout < -1). */
ZMQX_EXPORT int zmqx_actor_wait(zmqx_actor_t *actor, int timeout_ms);

/* Send ZMQX_ACTOR_STOP unless the body has returned (waiting for room on a
 * full pipe only while the body runs), wait for the body to return, close
 * both ends, free, set *actorp to NULL. Safe twice and on NULL. Call it on
 * the thread that owns the caller's end. It blocks until the body returns,
 * forever if the body never does: bound it with zmqx_actor_wait first. In
 * a forked child, on an actor made before the fork: frees zmqx's memory at
 * once, sending and waiting for nothing (the body's thread is the
 * parent's; zmqx_actor_wait fails with ESTALE). */
ZMQX_EXPORT void zmqx_actor_destroy(zmqx_actor_t **actorp);

#ifdef __cplusplus
}
#endif
#endif
