/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — version: the library's own version (include/zmqx/version.h). */
#include <zmqx/version.h>

void zmqx_version(int *major, int *minor, int *patch)
{
    /* the macros of config.h as this library was compiled: what is loaded */
    if (major != NULL)
        *major = ZMQX_VERSION_MAJOR;
    if (minor != NULL)
        *minor = ZMQX_VERSION_MINOR;
    if (patch != NULL)
        *patch = ZMQX_VERSION_PATCH;
}
