/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — printing frames and messages for debugging. */
#include "fail.h"

#include <stdio.h>

#include <zmqx/msg.h>

/* Bytes of a part shown before "..." (text; hex shows half as many). */
#define DUMP_TEXT_MAX 64

static int printable(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] > 0x7e)
            return 0;
    return 1;
}

/* One part as "[size] text", or "[size] 0x" and hex when it has a byte
 * that is not printable ASCII; cut with "..." after DUMP_TEXT_MAX chars. */
static int dump_part(FILE *out, const void *data, size_t size)
{
    const unsigned char *p = data;
    int text = printable(p, size);
    size_t show = text ? DUMP_TEXT_MAX : DUMP_TEXT_MAX / 2;
    size_t n = size < show ? size : show;
    int rc = fprintf(out, "[%03zu] %s", size, text || size == 0 ? "" : "0x");
    if (text)
        rc = rc < 0 ? rc : fprintf(out, "%.*s", (int) n, (const char *) p);
    for (size_t i = 0; !text && rc >= 0 && i < n; i++)
        rc = fprintf(out, "%02x", p[i]);
    if (rc >= 0)
        rc = fprintf(out, "%s\n", n < size ? "..." : "");
    return rc < 0 ? -1 : 0;
}

static int write_failed(const char *op)
{
    return zmqx__fail(op, NULL, EIO, "writing the output failed");
}

int zmqx_frame_print(const zmqx_frame_t *f, FILE *out)
{
    if (f == NULL || out == NULL)
        return zmqx__fail("frame_print", NULL, EINVAL, "%s is NULL", f ? "out" : "frame");
    zmq_msg_t *msg = (zmq_msg_t *) &f->msg; /* libzmq's accessors are not const */
    if (dump_part(out, zmq_msg_data(msg), zmq_msg_size(msg)) != 0 || fflush(out) != 0)
        return write_failed("frame_print");
    return 0;
}

int zmqx_msg_print(const zmqx_msg_t *m, FILE *out)
{
    if (m == NULL || out == NULL)
        return zmqx__fail("msg_print", NULL, EINVAL, "%s is NULL", m ? "out" : "message");
    size_t count = zmqx_msg_count(m);
    if (fprintf(out, "--- message of %zu part%s\n", count, count == 1 ? "" : "s") < 0)
        return write_failed("msg_print");
    for (size_t i = 0; i < count; i++)
        if (dump_part(out, zmqx_msg_data(m, i), zmqx_msg_size(m, i)) != 0)
            return write_failed("msg_print");
    return fflush(out) == 0 ? 0 : write_failed("msg_print");
}
