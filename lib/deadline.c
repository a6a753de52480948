/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — deadlines of waiting calls, kept across a retry after EINTR.
 *
 * One rule for every waiting call with a timeout: when a signal interrupts
 * it, it fails with EINTR and this thread remembers its deadline; calling
 * it again (the same kind of wait on the same object with the same
 * timeout, as this thread's next waiting call) waits only for what is left,
 * so a `while (errno == EINTR)` retry loop ends when the timeout does. A
 * socket's own send/receive timeout keeps its deadline in the socket
 * instead (socket_io.c), where the inline fast path can see it. */
#include "deadline.h"

#include <limits.h>

static _Thread_local struct {
    const void *obj; /* NULL: nothing pending */
    int kind;
    long timeout_ms;
    int64_t deadline;
} pending;

int64_t zmqx__deadline_pending(const void *obj, int kind, long timeout_ms)
{
    int64_t deadline = 0;
    if (ZMQX_UNLIKELY(pending.obj != NULL)) {
        if (pending.obj == obj && pending.kind == kind && pending.timeout_ms == timeout_ms)
            deadline = pending.deadline;
        pending.obj = NULL;
    }
    return deadline;
}

int64_t zmqx__deadline_start(const void *obj, int kind, long timeout_ms)
{
    int64_t deadline = zmqx__deadline_pending(obj, kind, timeout_ms);
    if (deadline != 0 || timeout_ms == 0)
        return deadline;
    if (timeout_ms < 0)
        return INT64_MAX;
    int64_t now = zmqx__now_ms();
    return timeout_ms > INT64_MAX - now ? INT64_MAX - 1 : now + timeout_ms;
}

void zmqx__deadline_interrupted(const void *obj, int kind, long timeout_ms, int64_t deadline)
{
    pending.obj = obj;
    pending.kind = kind;
    pending.timeout_ms = timeout_ms;
    pending.deadline = deadline;
}

long zmqx__deadline_left(int64_t deadline)
{
    if (deadline == INT64_MAX)
        return -1;
    if (deadline == 0)
        return 0;
    int64_t left = deadline - zmqx__now_ms();
    return left <= 0 ? 0 : left > LONG_MAX ? LONG_MAX : (long) left;
}
