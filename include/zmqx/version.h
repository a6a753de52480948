/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — version: the version of the headers a program compiled against
 * (macros) and of the library it runs with (zmqx_version). */
#ifndef ZMQX_VERSION_H
#define ZMQX_VERSION_H

#include <zmqx/config.h>
#include <zmqx/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One comparable integer for a version, as libzmq's ZMQ_MAKE_VERSION:
 * major * 10000 + minor * 100 + patch (minor and patch stay below 100). */
#define ZMQX_MAKE_VERSION(major, minor, patch) ((major) * 10000 + (minor) * 100 + (patch))

/* The version of the headers this code is compiled against:
 * #if ZMQX_VERSION >= ZMQX_MAKE_VERSION(0, 2, 0) ... */
#define ZMQX_VERSION ZMQX_MAKE_VERSION(ZMQX_VERSION_MAJOR, ZMQX_VERSION_MINOR, ZMQX_VERSION_PATCH)

/* The version of the libzmqx loaded at run time (which may be newer than
 * the headers the program compiled against), into each pointer that is
 * not NULL. Never fails. */
ZMQX_EXPORT void zmqx_version(int *major, int *minor, int *patch);

#ifdef __cplusplus
}
#endif
#endif
