/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — errors: every failing call fills this thread's zmqx_error_t. */
#ifndef ZMQX_ERROR_H
#define ZMQX_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#include <zmqx/config.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ZMQX_EXPORT __attribute__((visibility("default")))
#define ZMQX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ZMQX_EXPORT
#define ZMQX_PRINTF(f, a)
#endif

/* What the last failing zmqx call on this thread did wrong. */
typedef struct zmqx_error {
    int code;            /* errno value: EAGAIN, ETERM, EINVAL, EADDRINUSE ... */
    int timeout_ms;      /* a timeout that expired (send/recv/wait/poller), else 0 */
    bool timed_out;      /* true only when a timeout expired (not for ZMQX_DONTWAIT) */
    const char *op;      /* static name of the failed operation: "bind", "recv" ... */
    size_t parts_sent;   /* zmqx_send_msg: parts that went out before the failure */
    char endpoint[256];  /* the endpoint involved, or "" */
    char message[512];   /* "bind tcp://127.0.0.1:5555: Address already in use" */
} zmqx_error_t;

/* This thread's last failure; never NULL. Success does not clear it. The
 * message is written when this (or zmqx_strerror) is called, not when the
 * call fails (so an EAGAIN costs about 1.2 times libzmq's, not 7 times:
 * docs/performance.md). After a later failure, call it again rather than
 * reading a pointer kept from before. */
ZMQX_EXPORT const zmqx_error_t *zmqx_last_error(void);

/* The readable message of this thread's last failure ("" if none yet). */
ZMQX_EXPORT const char *zmqx_strerror(void);

/* True when err (or, if NULL, this thread's last error) is an expired
 * timeout; false for ZMQX_DONTWAIT finding nothing and every other error. */
ZMQX_EXPORT bool zmqx_error_is_timeout(const zmqx_error_t *err);

/* Forget this thread's last error (code 0, empty message). */
ZMQX_EXPORT void zmqx_error_clear(void);

/* Fill this thread's error as a failing zmqx call does, for code built on
 * zmqx (the event-loop adapters, a handler that returns -1): op names the
 * operation and is kept, not copied (a string literal), code is the errno
 * value, fmt the text after "op: " (NULL: strerror(code)). Sets errno to
 * code and returns -1. */
ZMQX_EXPORT int zmqx_error_set(const char *op, int code, const char *fmt, ...)
    ZMQX_PRINTF(3, 4);

#ifdef __cplusplus
}
#endif
#endif
