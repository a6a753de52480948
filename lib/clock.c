/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — clock: the monotonic time in milliseconds (include/zmqx/clock.h). */
#include "deadline.h"

#include <zmqx/clock.h>

int64_t zmqx_clock_ms(void)
{
    return zmqx__now_ms();
}
