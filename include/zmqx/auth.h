/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — authenticator: a ZAP handler (RFC 27) on its own thread that
 * decides which clients may connect to the server sockets of a context.
 * The rules are described precisely in docs/security.md. */
#ifndef ZMQX_AUTH_H
#define ZMQX_AUTH_H

#include <stdbool.h>

#include <zmqx/ctx.h>
#include <zmqx/security.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zmqx_auth zmqx_auth_t;

/* Start an authenticator for ctx (NULL: the default context): it binds
 * inproc://zeromq.zap.01 and answers ZAP requests on its own thread until
 * destroyed or the context is shut down. With no rules yet it refuses
 * every PLAIN and CURVE client. NULL with EADDRINUSE when ctx already has
 * an authenticator (ZAP handler), ETERM, ENOMEM ... */
ZMQX_EXPORT zmqx_auth_t *zmqx_auth_new(zmqx_ctx_t *ctx);

/* Stop the thread, free every rule (wiping passwords) and set *ap to NULL.
 * Never hangs; safe twice, on NULL, and after the context was destroyed.
 * In a forked child, on an authenticator made before the fork: frees
 * zmqx's memory only (the thread is the parent's; the rule calls fail with
 * ESTALE). */
ZMQX_EXPORT void zmqx_auth_destroy(zmqx_auth_t **ap);

/* Log each decision to stderr (never a password or secret). 0 or -1. */
ZMQX_EXPORT int zmqx_auth_set_verbose(zmqx_auth_t *a, bool verbose);

/* Select the ZAP domain that the rule calls below apply to, until the next
 * zmqx_auth_domain; NULL or "" selects the rules for every domain (the
 * start). The selection belongs to the authenticator: configure it from one
 * thread at a time. -1 with EINVAL for a domain longer than 255 chars. */
ZMQX_EXPORT int zmqx_auth_domain(zmqx_auth_t *a, const char *domain);

/* Allow / deny an IPv4 or IPv6 address or CIDR range ("10.0.0.0/8",
 * "::1", "fe80::/10"). If any allow rule applies to a request, only allowed
 * addresses pass; a matching deny rule always refuses. -1 with EINVAL for
 * text that is not an address or range. */
ZMQX_EXPORT int zmqx_auth_allow(zmqx_auth_t *a, const char *address);
ZMQX_EXPORT int zmqx_auth_deny(zmqx_auth_t *a, const char *address);

/* Would a client from address pass the address rules for domain (NULL or
 * "": no domain)? 1 yes, 0 no, -1 with EINVAL on a NULL argument. */
ZMQX_EXPORT int zmqx_auth_check_address(zmqx_auth_t *a, const char *domain, const char *address);

/* Add (or replace the password of) a PLAIN user; user and password 1..255
 * bytes. The password is kept in memory only and wiped when removed. */
ZMQX_EXPORT int zmqx_auth_plain_add(zmqx_auth_t *a, const char *user, const char *password);

/* Remove a PLAIN user. -1 with ENOENT if there is none by that name. */
ZMQX_EXPORT int zmqx_auth_plain_remove(zmqx_auth_t *a, const char *user);

/* Add the users of a file of "user=password" lines ('#' comments, blank
 * lines). All or nothing: a bad line adds none and names file and line.
 * Returns the number of users read, -1 on error. */
ZMQX_EXPORT int zmqx_auth_plain_load(zmqx_auth_t *a, const char *path);

/* Accept any CURVE client key (the connection stays encrypted). */
ZMQX_EXPORT int zmqx_auth_curve_allow_any(zmqx_auth_t *a);

/* Allow a CURVE client public key; its user id is the key in Z85. */
ZMQX_EXPORT int zmqx_auth_curve_add(zmqx_auth_t *a, const zmqx_key_t *public_key);

/* Allow a CURVE client public key with the user id its messages carry
 * (1..255 bytes; NULL: the key in Z85). Adding a key again renames it. */
ZMQX_EXPORT int zmqx_auth_curve_add_named(zmqx_auth_t *a, const zmqx_key_t *public_key,
                                          const char *user_id);

/* Stop allowing a CURVE client key. -1 with ENOENT if it was not listed. */
ZMQX_EXPORT int zmqx_auth_curve_remove(zmqx_auth_t *a, const zmqx_key_t *public_key);

/* Allow the public keys of a key file (every "public <key> [name]" line)
 * or certificate (its curve public-key; user id: the key in Z85), or of
 * every file in a directory (names starting with '.' or ending in '~' or
 * "_secret" skipped, as are subdirectories). All or nothing. Returns the
 * number of keys, -1 on error. */
ZMQX_EXPORT int zmqx_auth_curve_load(zmqx_auth_t *a, const char *path);

/* Forget every rule of the selected domain (addresses, users, keys,
 * allow-any), e.g. before loading a new configuration. */
ZMQX_EXPORT int zmqx_auth_clear(zmqx_auth_t *a);

#ifdef __cplusplus
}
#endif
#endif
