/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — errors: the thread-local zmqx_error_t and the helpers that fill it.
 *
 * A failure records its code, operation, endpoint and timeout at once, but
 * the readable message only when it is asked for (zmqx_last_error,
 * zmqx_strerror): formatting costs some 2,600 instructions, several times
 * the libzmq call whose EAGAIN an event loop meets on every drain. Failures
 * on such paths (EAGAIN, timeouts, EINTR, libzmq's own errors) keep their
 * detail as a static text or a number (struct lazy); the rare ones with a
 * formatted detail are formatted at once, as before. */
#include "fail.h"
#include "fork.h"
#include "sock.h"
#include "deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* This thread's last error, and what of its message is still to be
 * written: nothing, a static text, a timeout ("timed out after %d ms") or
 * libzmq's text for the code. One thread-local object, so that a failure
 * looks its address up once. */
enum lazy_kind { LAZY_NONE, LAZY_TEXT, LAZY_TIMEOUT, LAZY_STRERROR, LAZY_FORKED };
static _Thread_local struct error_tls {
    zmqx_error_t error;
    enum lazy_kind kind;
    const char *text; /* LAZY_TEXT; LAZY_FORKED: what was made */
} tls;

/* "op endpoint: " into the message; the length written. */
static size_t write_prefix(zmqx_error_t *e)
{
    int n = snprintf(e->message, sizeof e->message, "%s%s%s: ", e->op, e->endpoint[0] ? " " : "",
                     e->endpoint);
    if (n < 0 || (size_t) n >= sizeof e->message)
        n = (int) strlen(e->message);
    return (size_t) n;
}

/* Write the message that the last failure left to write. */
static void format_lazy(void)
{
    zmqx_error_t *e = &tls.error;
    size_t n = write_prefix(e);
    char *rest = e->message + n;
    size_t room = sizeof e->message - n;
    switch (tls.kind) {
    case LAZY_TEXT:
        snprintf(rest, room, "%s", tls.text);
        break;
    case LAZY_TIMEOUT: /* text: which timeout and where it was set, or NULL */
        snprintf(rest, room, "timed out after %d ms%s", e->timeout_ms, tls.text ? tls.text : "");
        break;
    case LAZY_FORKED:
        snprintf(rest, room, "%s was made before fork() in process %ld: make a new one in this process",
                 tls.text, (long) zmqx__fork_parent);
        break;
    default:
        snprintf(rest, room, "%s", zmq_strerror(e->code));
        break;
    }
    tls.kind = LAZY_NONE;
}

const zmqx_error_t *zmqx_last_error(void)
{
    if (ZMQX_UNLIKELY(tls.kind != LAZY_NONE))
        format_lazy();
    return &tls.error;
}

const char *zmqx_strerror(void)
{
    return zmqx_last_error()->message;
}

bool zmqx_error_is_timeout(const zmqx_error_t *err)
{
    if (err == NULL)
        err = &tls.error;
    return err->code == EAGAIN && err->timed_out;
}

void zmqx_error_clear(void)
{
    memset(&tls.error, 0, sizeof tls.error);
    tls.kind = LAZY_NONE;
}

/* Record code, op and the endpoint (len bytes at endpoint, copied: the
 * socket may be gone before the error is read), clear the rest, set errno;
 * the message is left as kind says (text: its LAZY_TEXT). */
static zmqx_error_t *record(const char *op, const char *endpoint, size_t len, int code,
                            enum lazy_kind kind, const char *text)
{
    struct error_tls *t = &tls;
    __asm__("" : "+r"(t)); /* look the thread-local object up once, not per use */
    zmqx_error_t *e = &t->error;
    e->code = code;
    e->op = op ? op : "";
    e->timeout_ms = 0;
    e->timed_out = false;
    e->parts_sent = 0;
    if (len > sizeof e->endpoint - 1)
        len = sizeof e->endpoint - 1;
    if (len > 0) /* (endpoint may be NULL when len is 0) */
        memcpy(e->endpoint, endpoint, len);
    e->endpoint[len] = '\0';
    t->kind = kind;
    t->text = text;
    errno = code;
    return e;
}

static size_t length(const char *endpoint)
{
    return endpoint ? strnlen(endpoint, sizeof tls.error.endpoint - 1) : 0;
}

static void set_error(const char *op, const char *endpoint, int code, const char *fmt, va_list ap)
{
    zmqx_error_t *e = record(op, endpoint, length(endpoint), code,
                             fmt == NULL ? LAZY_STRERROR : LAZY_NONE, NULL);
    if (fmt != NULL) {
        size_t n = write_prefix(e);
        vsnprintf(e->message + n, sizeof e->message - n, fmt, ap);
    }
}

int zmqx__fail(const char *op, const char *endpoint, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(op, endpoint, code, fmt, ap);
    va_end(ap);
    errno = code;
    return -1;
}

int zmqx_error_set(const char *op, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(op != NULL ? op : "", NULL, code, fmt, ap);
    va_end(ap);
    errno = code;
    return -1;
}

void *zmqx__fail_null(const char *op, const char *endpoint, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(op, endpoint, code, fmt, ap);
    va_end(ap);
    errno = code;
    return NULL;
}

int zmqx__fail_sock_text(const char *op, const struct zmqx_socket *s, int code, const char *text)
{
    record(op, s->endpoint, s->endpoint_len, code, LAZY_TEXT, text);
    return -1;
}

int zmqx__fail_forked(const char *op, const char *endpoint, const char *what)
{
    record(op, endpoint, length(endpoint), ESTALE, LAZY_FORKED, what);
    return -1;
}

int zmqx__fail_sock_forked(const char *op, const struct zmqx_socket *s)
{
    record(op, s->endpoint, s->endpoint_len, ESTALE, LAZY_FORKED, "socket");
    return -1;
}

int zmqx__fail_zmq(const char *op, const char *endpoint)
{
    record(op, endpoint, length(endpoint), zmq_errno(), LAZY_STRERROR, NULL);
    return -1;
}

/* A timeout of timeout_ms expired (EAGAIN, timed_out). */
static int timed_out(zmqx_error_t *e, int timeout_ms)
{
    e->timeout_ms = timeout_ms;
    e->timed_out = true;
    return -1;
}

int zmqx__fail_timeout(const char *op, const char *endpoint, int timeout_ms)
{
    return timed_out(record(op, endpoint, length(endpoint), EAGAIN, LAZY_TIMEOUT, NULL),
                     timeout_ms);
}

int zmqx__fail_sock_timeout(const char *op, const struct zmqx_socket *s, int timeout_ms)
{
    return timed_out(record(op, s->endpoint, s->endpoint_len, EAGAIN, LAZY_TIMEOUT, NULL),
                     timeout_ms);
}

/* [send][ZMQX__FROM_*]: which timeout, where it was set. */
static const char *const timeout_notes[2][3] = {
    { " (the receive timeout, zmqx's default: change it with zmqx_socket_set_recv_timeout"
      " or the context's ZMQX_CTX_TIMEOUT; -1 waits forever)",
      " (the receive timeout, from the context's ZMQX_CTX_TIMEOUT)",
      " (the receive timeout set on this socket)" },
    { " (the send timeout, zmqx's default: change it with zmqx_socket_set_send_timeout"
      " or the context's ZMQX_CTX_TIMEOUT; -1 waits forever)",
      " (the send timeout, from the context's ZMQX_CTX_TIMEOUT)",
      " (the send timeout set on this socket)" },
};

int zmqx__fail_sock_io_timeout(const char *op, const struct zmqx_socket *s, int send)
{
    const char *note = timeout_notes[send != 0][s->timeout_from[send != 0]];
    return timed_out(record(op, s->endpoint, s->endpoint_len, EAGAIN, LAZY_TIMEOUT, note),
                     send ? s->sndtimeo : s->rcvtimeo);
}

void zmqx__error_append(const char *fmt, ...)
{
    zmqx_error_t *e = &tls.error;
    if (tls.kind != LAZY_NONE)
        format_lazy();
    size_t n = strlen(e->message);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message + n, sizeof e->message - n, fmt, ap);
    va_end(ap);
}

void zmqx__error_save(zmqx_error_t *out)
{
    *out = *zmqx_last_error(); /* formats a lazy message first */
}

void zmqx__error_restore(const zmqx_error_t *saved)
{
    tls.error = *saved;
    tls.kind = LAZY_NONE;
    errno = saved->code;
}

void zmqx__error_set_parts(size_t parts)
{
    tls.error.parts_sent = parts;
}

int64_t zmqx__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
