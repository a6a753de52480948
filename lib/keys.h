/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — key files, secrets and ZAP enforcement (lib/security.c, lib/security_socket.c) (private). */
#ifndef ZMQX_KEYS_H
#define ZMQX_KEYS_H

#include "base.h"
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Zero n bytes at p in a way the compiler cannot elide (explicit_bzero). */
ZMQX_HIDDEN void zmqx__wipe(void *p, size_t n);
/* 0 when libzmq has CURVE, else -1 with ENOTSUP "libzmq was built without CURVE". */
ZMQX_HIDDEN int zmqx__curve_check(const char *op);
/* Read a regular file of at most max bytes into a malloc'd NUL-terminated
 * buffer (*len bytes); NULL with the error filled (naming path). The caller
 * wipes (it may hold secrets) and frees it. */
ZMQX_HIDDEN char *zmqx__file_read(const char *op, const char *path, size_t max, size_t *len);
/* Cut the next line off *cursor (in place, without its "\n" or "\r\n"),
 * counting lines in *lineno; NULL at the end. */
ZMQX_HIDDEN char *zmqx__line_next(char **cursor, int *lineno);
/* One "public <key> [name]" or "secret <key>" line of a key file. */
typedef struct zmqx__keyline {
    int line;
    int secret;
    const char *name; /* "" if none */
    zmqx_key_t key;
} zmqx__keyline_t;
/* Called for each key line; returns 0 to go on, -1 (error filled) to stop. */
typedef int zmqx__keyline_fn(void *arg, const zmqx__keyline_t *kl);
/* Parse a key file or ZPL certificate (zmqx__cert_detect tells them
 * apart), calling fn for each key line (each curve key). 0, or -1 with the
 * error filled naming the file and line. */
ZMQX_HIDDEN int zmqx__keyfile_parse(const char *op, const char *path, zmqx__keyline_fn *fn,
                                    void *arg);

/* Write text to path atomically: a temporary file next to it with mode,
 * synced, renamed over path. 0, or -1 with the error filled naming path. */
ZMQX_HIDDEN int zmqx__file_write_atomic(const char *op, const char *path, const char *text,
                                        mode_t mode);
/* Is text (a key file's contents) a ZPL certificate: does its first line
 * that is not blank or a comment start with "curve" or "metadata"?
 * (lib/cert.c) */
ZMQX_HIDDEN bool zmqx__cert_detect(const char *text);
/* Parse a ZPL certificate (text changed in place), calling fn for its
 * curve public-key (secret 0) and secret-key (secret 1) as
 * zmqx__keyfile_parse does for key lines. 0, or -1 with the error filled
 * naming the file and line; a certificate without a public-key is EINVAL. */
ZMQX_HIDDEN int zmqx__cert_parse(const char *op, const char *path, char *text,
                                 zmqx__keyline_fn *fn, void *arg);

/* Before a bind/connect (lib/security_socket.c): turn on libzmq's ZAP
 * domain enforcement where the socket relies on ZAP (a ZAP domain, or a
 * CURVE server, which then gets ZMQX_ZAP_DOMAIN_DEFAULT), so that it
 * refuses every client when no authenticator answers. 0 or -1. */
ZMQX_HIDDEN int zmqx__sock_zap_prepare(zmqx_socket_t *s, const char *op, const char *endpoint);

#endif
