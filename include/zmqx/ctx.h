/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — context: one libzmq context and the sockets made in it.
 *
 * fork(): in a forked child, every call on an object made before the fork
 * (context, socket, poller, monitor, proxy, authenticator, loop, actor,
 * watch) fails with ESTALE ("... was made before fork() in process N")
 * without touching libzmq; its destroy only frees zmqx's memory, at once;
 * NULL is the child's own default context (docs/lifecycle.md). */
#ifndef ZMQX_CTX_H
#define ZMQX_CTX_H

#include <zmqx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_ctx zmqx_ctx_t;

/* A new libzmq context. NULL (errno set) if libzmq cannot make one. */
ZMQX_EXPORT zmqx_ctx_t *zmqx_ctx_new(void);

/* The process-wide default context, made on first use, released at exit.
 * That never hangs the exit, whatever the linger: with sockets still open
 * it is only shut down; otherwise zmqx waits at most the context's linger
 * (ZMQX_DEFAULT_LINGER_MS when it is -1) plus 200 ms for libzmq to end it
 * (on a thread of zmqx's with every signal blocked), then lets the process
 * exit. NULL on failure. Passing NULL as a context anywhere means this one.
 * In a forked child: a fresh one of the child's own (not the parent's). */
ZMQX_EXPORT zmqx_ctx_t *zmqx_ctx_default(void);

/* Set a context option (ZMQ_IO_THREADS, ZMQ_MAX_SOCKETS, ...), or
 * ZMQX_CTX_LINGER / ZMQX_CTX_TIMEOUT: the linger / the send and receive
 * timeout every new socket of this context gets.
 * -1 with EINVAL for an unknown option or bad value. */
ZMQX_EXPORT int zmqx_ctx_set(zmqx_ctx_t *ctx, int option, int value);

/* Read a context option (or a ZMQX_CTX_ one); -1 with errno on failure.
 * Ambiguous where -1 is also a value (ZMQX_CTX_LINGER or _TIMEOUT "forever",
 * ZMQ_THREAD_SCHED_POLICY "default"): use zmqx_ctx_get_int there. */
ZMQX_EXPORT int zmqx_ctx_get(zmqx_ctx_t *ctx, int option);

/* Read a context option into *value: 0, or -1 with errno (EFAULT for a
 * NULL value, EINVAL for an unknown option) and *value untouched. */
ZMQX_EXPORT int zmqx_ctx_get_int(zmqx_ctx_t *ctx, int option, int *value);

/* Wake every blocked call on this context's sockets with ETERM; later
 * calls on them fail with ETERM. Safe twice. NULL is the default context,
 * which then stays shut down for the rest of the process (new sockets
 * in it fail with ETERM). 0, or -1 with errno if libzmq fails. */
ZMQX_EXPORT int zmqx_ctx_shutdown(zmqx_ctx_t *ctx);

/* Shut down, wait for the actor bodies running in ctx to return (a body
 * must return when a call fails with ETERM), close every socket still open
 * (they stay valid objects that fail with ENOTSOCK until destroyed; only
 * safe when no other thread uses them), terminate the libzmq context, free, and set *ctxp to NULL.
 * Safe twice and after shutdown; the default context is never freed here.
 * In a forked child, on a context made before the fork (the parent's
 * default too): only marks its sockets closed and frees zmqx's memory. */
ZMQX_EXPORT void zmqx_ctx_destroy(zmqx_ctx_t **ctxp);

/* The libzmq context handle (void *), for calls zmqx does not wrap. */
ZMQX_EXPORT void *zmqx_ctx_handle(zmqx_ctx_t *ctx);

/* Context option: default ZMQ_LINGER of new sockets (ms, -1 = forever). */
#define ZMQX_CTX_LINGER 0x7a780001
/* Context option: 1 = every new socket remembers the thread that made it
 * and fails with EPERM when another thread uses it (instead of a libzmq
 * assertion); zmqx_socket_handover moves ownership. libzmq's thread-safe
 * draft types (SERVER, CLIENT, RADIO ...) are exempt. Off by default; the
 * environment variable ZMQX_THREAD_CHECK=1 turns it on for new contexts. */
#define ZMQX_CTX_THREAD_CHECK 0x7a780002
/* Context option: 1 = zmqx_ctx_destroy reports sockets still open (one line
 * on stderr). Off by default; ZMQX_WARN_LEAKS=1 in the environment too. */
#define ZMQX_CTX_WARN_LEAKS 0x7a780003
/* Default linger of a new socket: finite, so closing never hangs forever,
 * and not 0, so queued messages get a chance to leave. */
#define ZMQX_DEFAULT_LINGER_MS 1000
/* Context option: send and receive timeout of new sockets (ms, -1 =
 * forever; default ZMQX_DEFAULT_TIMEOUT_MS). Sockets made before keep
 * theirs. A timeout error says which timeout expired and where it was set. */
#define ZMQX_CTX_TIMEOUT 0x7a780004
/* Default send and receive timeout of a new socket. */
#define ZMQX_DEFAULT_TIMEOUT_MS 120000

#ifdef __cplusplus
}
#endif
#endif
