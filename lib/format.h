/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — printf-style text for the calls that take a format (lib/format.c)
 * (private). */
#ifndef ZMQX_FORMAT_H
#define ZMQX_FORMAT_H

#include "base.h"

#include <stdarg.h>

/* A buffer for zmqx__vformat: short texts are written into it, on the
 * caller's stack; longer ones into a malloc'd buffer. */
typedef struct zmqx__text {
    char *str;      /* the text, NUL-terminated: stack or a malloc'd copy */
    size_t len;     /* strlen(str) */
    char stack[256];
} zmqx__text_t;

/* Format fmt with ap into t. 0, or -1 with the error filled for op:
 * EFAULT (fmt NULL), EINVAL (vsnprintf refused the format or its result:
 * "bad format"), ENOMEM. */
ZMQX_HIDDEN int zmqx__vformat(zmqx__text_t *t, const char *op, const char *fmt, va_list ap)
    ZMQX_PRINTF(3, 0);

/* Release what zmqx__vformat allocated. */
ZMQX_HIDDEN void zmqx__text_free(zmqx__text_t *t);

#endif
