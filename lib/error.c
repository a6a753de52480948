/* zmqx — errors: the thread-local zmqx_error_t and the helpers that fill it. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Thread_local zmqx_error_t last_error;

const zmqx_error_t *zmqx_last_error(void)
{
    return &last_error;
}

const char *zmqx_strerror(void)
{
    return last_error.message;
}

bool zmqx_error_is_timeout(const zmqx_error_t *err)
{
    if (err == NULL)
        err = &last_error;
    return err->code == EAGAIN && err->timed_out;
}

void zmqx_error_clear(void)
{
    memset(&last_error, 0, sizeof last_error);
}

static void set_error(const char *op, const char *endpoint, int code, const char *fmt, va_list ap)
{
    zmqx_error_t *e = &last_error;
    e->code = code;
    e->op = op ? op : "";
    e->timeout_ms = 0;
    e->timed_out = false;
    e->parts_sent = 0;
    snprintf(e->endpoint, sizeof e->endpoint, "%s", endpoint ? endpoint : "");
    int n = snprintf(e->message, sizeof e->message, "%s%s%s: ", e->op, e->endpoint[0] ? " " : "",
                     e->endpoint);
    if (n < 0 || (size_t) n >= sizeof e->message)
        n = (int) strlen(e->message);
    if (fmt)
        vsnprintf(e->message + n, sizeof e->message - (size_t) n, fmt, ap);
    else
        snprintf(e->message + n, sizeof e->message - (size_t) n, "%s", zmq_strerror(code));
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

void *zmqx__fail_null(const char *op, const char *endpoint, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(op, endpoint, code, fmt, ap);
    va_end(ap);
    errno = code;
    return NULL;
}

int zmqx__fail_zmq(const char *op, const char *endpoint)
{
    int code = zmq_errno();
    return zmqx__fail(op, endpoint, code, NULL);
}

int zmqx__fail_timeout(const char *op, const char *endpoint, int timeout_ms)
{
    zmqx__fail(op, endpoint, EAGAIN, "timed out after %d ms", timeout_ms);
    last_error.timeout_ms = timeout_ms;
    last_error.timed_out = true;
    return -1;
}

void zmqx__error_set_parts(size_t parts)
{
    last_error.parts_sent = parts;
}

int64_t zmqx__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
