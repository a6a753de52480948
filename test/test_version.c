/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: version (zmqx_version, ZMQX_VERSION, ZMQX_MAKE_VERSION). */
#include "testutil.h"

#include <dlfcn.h>

/* The macros work in #if: a program can test the headers' version there. */
#if !(ZMQX_VERSION >= ZMQX_MAKE_VERSION(0, 1, 0))
#error "ZMQX_VERSION is not usable in #if"
#endif

/* The library's version, read at run time, is the headers' one here (the
 * suite is built with the library it runs with), as numbers, as
 * ZMQX_VERSION and as ZMQX_VERSION_STRING. */
START_TEST(run_time_matches_compile_time)
{
    int major = -1, minor = -1, patch = -1;
    zmqx_version(&major, &minor, &patch);
    ck_assert_int_eq(major, ZMQX_VERSION_MAJOR);
    ck_assert_int_eq(minor, ZMQX_VERSION_MINOR);
    ck_assert_int_eq(patch, ZMQX_VERSION_PATCH);
    ck_assert_int_eq(ZMQX_MAKE_VERSION(major, minor, patch), ZMQX_VERSION);
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", major, minor, patch);
    ck_assert_str_eq(text, ZMQX_VERSION_STRING);
    ck_assert_int_ge(minor, 0);
    ck_assert_int_lt(minor, 100);
    ck_assert_int_ge(patch, 0);
    ck_assert_int_lt(patch, 100);
}
END_TEST

/* The version comes from the loaded library (an exported function, not a
 * macro or an inline function of the headers). */
START_TEST(version_is_exported_by_the_library)
{
    void *sym = dlsym(RTLD_DEFAULT, "zmqx_version");
    ck_assert_ptr_nonnull(sym);
    void (*fn)(int *, int *, int *);
    memcpy(&fn, &sym, sizeof fn);
    int major = -1;
    fn(&major, NULL, NULL);
    ck_assert_int_eq(major, ZMQX_VERSION_MAJOR);
}
END_TEST

/* Each pointer may be NULL: the others are still filled. */
START_TEST(null_pointers)
{
    zmqx_version(NULL, NULL, NULL);
    int major = -1, minor = -1, patch = -1;
    zmqx_version(NULL, &minor, NULL);
    ck_assert_int_eq(minor, ZMQX_VERSION_MINOR);
    zmqx_version(&major, NULL, &patch);
    ck_assert_int_eq(major, ZMQX_VERSION_MAJOR);
    ck_assert_int_eq(patch, ZMQX_VERSION_PATCH);
    patch = -1;
    zmqx_version(NULL, NULL, &patch);
    ck_assert_int_eq(patch, ZMQX_VERSION_PATCH);
}
END_TEST

/* ZMQX_MAKE_VERSION orders versions as their numbers do: major first, then
 * minor, then patch. */
START_TEST(make_version_orders_versions)
{
    ck_assert_int_eq(ZMQX_MAKE_VERSION(0, 1, 0), 100);
    ck_assert_int_eq(ZMQX_MAKE_VERSION(1, 2, 3), 10203);
    ck_assert_int_lt(ZMQX_MAKE_VERSION(0, 1, 0), ZMQX_MAKE_VERSION(0, 1, 1));
    ck_assert_int_lt(ZMQX_MAKE_VERSION(0, 1, 99), ZMQX_MAKE_VERSION(0, 2, 0));
    ck_assert_int_lt(ZMQX_MAKE_VERSION(0, 99, 99), ZMQX_MAKE_VERSION(1, 0, 0));
    ck_assert_int_lt(ZMQX_MAKE_VERSION(1, 0, 0), ZMQX_MAKE_VERSION(1, 0, 1));
    ck_assert_int_gt(ZMQX_VERSION, ZMQX_MAKE_VERSION(0, 0, 99));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("version");
    TCase *tc = tu_tcase(s, "version", 20);
    tcase_add_test(tc, run_time_matches_compile_time);
    tcase_add_test(tc, version_is_exported_by_the_library);
    tcase_add_test(tc, null_pointers);
    tcase_add_test(tc, make_version_orders_versions);
    return tu_run(s, 60);
}
