/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — printf-style text: on the stack when short, else on the heap. */
#include "format.h"
#include "fail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zmqx__vformat(zmqx__text_t *t, const char *op, const char *fmt, va_list ap)
{
    t->str = t->stack;
    t->len = 0;
    t->stack[0] = '\0';
    if (fmt == NULL)
        return zmqx__fail(op, NULL, EFAULT, "format is NULL");
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(t->stack, sizeof t->stack, fmt, copy);
    va_end(copy);
    if (n < 0)
        return zmqx__fail(op, NULL, EINVAL, "bad format \"%s\": %s", fmt, strerror(errno));
    t->len = (size_t) n;
    if ((size_t) n < sizeof t->stack)
        return 0;
    char *heap = malloc((size_t) n + 1);
    if (heap == NULL)
        return zmqx__fail(op, NULL, ENOMEM, NULL);
    vsnprintf(heap, (size_t) n + 1, fmt, ap);
    t->str = heap;
    return 0;
}

void zmqx__text_free(zmqx__text_t *t)
{
    if (t->str != t->stack)
        free(t->str);
    t->str = t->stack;
}
