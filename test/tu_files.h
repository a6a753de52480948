/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Test helpers for suites that work with files: a temporary directory per
 * test, paths in it, writing files, removing it all again. */
#ifndef ZMQX_TU_FILES_H
#define ZMQX_TU_FILES_H

#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>

static char tu_tmpdir[64];

/* Make a fresh temporary directory (tu_tmpdir). */
static inline void tu_tmpdir_make(void)
{
    snprintf(tu_tmpdir, sizeof tu_tmpdir, "/tmp/zmqx-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tu_tmpdir));
}

/* Remove dir and everything below it. */
static inline void tu_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t) n >= sizeof path)
            continue;
        if (unlink(path) != 0)
            tu_remove_tree(path);
    }
    closedir(d);
    rmdir(dir);
}

/* name inside tu_tmpdir (a static buffer, valid until the next call). */
static inline const char *tu_tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir, name);
    return path;
}

/* Write text to the file name inside tu_tmpdir. */
static inline void tu_write_file(const char *name, const char *text)
{
    FILE *f = fopen(tu_tmp_path(name), "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* How many entries (not starting with '.') tu_tmpdir holds. */
static inline int tu_count_files(void)
{
    DIR *d = opendir(tu_tmpdir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* How many file descriptors this process has open. */
static inline int tu_count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

#endif
