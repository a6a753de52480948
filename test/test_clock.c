/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: clock (zmqx_clock_ms). */
#include "testutil.h"

#include <time.h>

/* Monotonic milliseconds: never going back, matching CLOCK_MONOTONIC, and
 * moving with a sleep. */
START_TEST(clock_is_monotonic_milliseconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t mono = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    int64_t t0 = zmqx_clock_ms();
    ck_assert_int_ge(t0, mono);
    ck_assert_int_lt(t0 - mono, 1000);
    int64_t last = t0;
    for (int i = 0; i < 100000; i++) {
        int64_t t = zmqx_clock_ms();
        ck_assert_int_ge(t, last);
        last = t;
    }
    tu_sleep_ms(50);
    int64_t took = zmqx_clock_ms() - t0;
    ck_assert_int_ge(took, 50);
    ck_assert_int_lt(took, 5000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tu_tcase(s, "clock", 20);
    tcase_add_test(tc, clock_is_monotonic_milliseconds);
    return tu_run(s, 60);
}
