/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — security: Z85, CURVE keys, key files and socket security options. */
#ifndef ZMQX_SECURITY_H
#define ZMQX_SECURITY_H

#include <stddef.h>
#include <stdint.h>

#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A CURVE key (public or secret): 32 raw bytes. */
typedef struct zmqx_key {
    uint8_t bytes[32];
} zmqx_key_t;

/* A CURVE key pair. */
typedef struct zmqx_keypair {
    zmqx_key_t public_key, secret_key;
} zmqx_keypair_t;

/* Length of a key in Z85 (without the NUL). */
#define ZMQX_KEY_Z85_LEN 40

/* ---- Z85 (ZeroMQ RFC 32) ---- */

/* Encode size bytes (a multiple of 4) as Z85 into dest, which must hold
 * size * 5 / 4 + 1 chars (the NUL included). Returns the chars written
 * (without the NUL); -1 with EINVAL on a NULL argument, a bad size or too
 * small a dest (nothing is written past cap). */
ZMQX_EXPORT int zmqx_z85_encode(char *dest, size_t cap, const uint8_t *data, size_t size);

/* Decode a NUL-terminated Z85 text (length a multiple of 5, every char in
 * the Z85 alphabet, no 5-char group above 2^32-1) into dest, which must hold
 * strlen(text) * 4 / 5 bytes. Returns the bytes written; -1 with EINVAL on
 * bad input (dest is then left untouched). */
ZMQX_EXPORT int zmqx_z85_decode(uint8_t *dest, size_t cap, const char *text);

/* ---- keys ---- */

/* Read a key from 32 raw bytes or 40 Z85 chars (len says which). 0, or -1
 * with EINVAL naming the length it got or what is wrong with the text. */
ZMQX_EXPORT int zmqx_key_parse(zmqx_key_t *k, const void *key, size_t len);

/* Write the key as 40 Z85 chars and a NUL into out. 0, or -1 (EINVAL). */
ZMQX_EXPORT int zmqx_key_z85(const zmqx_key_t *k, char out[41]);

/* A new random CURVE key pair. -1 with ENOTSUP ("libzmq was built without
 * CURVE") when libzmq lacks CURVE: never all-zero keys. */
ZMQX_EXPORT int zmqx_curve_keypair(zmqx_keypair_t *kp);

/* Derive the public key of a secret key. -1 with ENOTSUP without CURVE,
 * EINVAL on NULL arguments. */
ZMQX_EXPORT int zmqx_curve_public(zmqx_key_t *public_key, const zmqx_key_t *secret_key);

/* Overwrite a key / key pair with zeros in a way the compiler cannot elide.
 * NULL is ignored. */
ZMQX_EXPORT void zmqx_key_wipe(zmqx_key_t *k);
ZMQX_EXPORT void zmqx_keypair_wipe(zmqx_keypair_t *kp);

/* ---- key files and certificates (formats: docs/security.md) ----
 *
 * The loaders read two formats, told apart by the first line that is not
 * blank or a comment: zmqx's key files ("public <key> [name]" and
 * "secret <key>" lines) and ZPL certificates as CZMQ's zcert_save and
 * pyzmq's zmq.auth.create_certificates write them (a "curve" section with
 * public-key = "..." and secret-key = "...", a "metadata" section). */

/* Save a key pair ("public" and "secret" lines) to path, atomically (a
 * temporary file renamed over path) and with mode 0600. 0, or -1 with errno
 * (EINVAL for NULL arguments, or the file system's error) naming path. */
ZMQX_EXPORT int zmqx_keypair_save(const char *path, const zmqx_keypair_t *kp);

/* Save a public key alone (a "public" line, followed by name unless name
 * is NULL or "") to path, atomically, with mode 0644: the file to hand to
 * peers (an authenticator uses the name as the client's user id). 0, or -1
 * with errno naming path; EINVAL for a name longer than 255 bytes, with a
 * control character, or with blanks at its start or end. */
ZMQX_EXPORT int zmqx_key_save_public(const char *path, const zmqx_key_t *public_key,
                                     const char *name);

/* Save kp as a ZPL certificate pair, as CZMQ's zcert_save writes one and
 * CZMQ's zcert_load and pyzmq's zmq.auth.load_certificate read it: the
 * public certificate at path (mode 0644) and the secret one at path
 * followed by "_secret" (mode 0600), each atomically, the secret first.
 * metadata: NULL, or a NULL-terminated list of name, value strings written
 * to both files' "metadata" section (a name is 1..255 chars of
 * [A-Za-z0-9$-_@.&+/], not starting or ending with '/', nor starting with
 * "public-key" or "secret-key"; a value has no control character and no
 * '"'). 0, or -1 with errno naming the file (EINVAL for a NULL argument or
 * bad metadata, before anything is written). */
ZMQX_EXPORT int zmqx_keypair_save_cert(const char *path, const zmqx_keypair_t *kp,
                                       const char *const *metadata);

/* Load a key file or certificate: exactly one public key and at most one
 * secret key (it must belong to the public key). Returns 2 when a secret
 * was read, 1 for a public-only file (kp->secret_key is then all zeros);
 * -1 with errno (EINVAL for a parse error, naming the file and line;
 * ENOENT, EFBIG over 1 MiB ...). */
ZMQX_EXPORT int zmqx_keypair_load(const char *path, zmqx_keypair_t *kp);

/* Load just the public key of a key file or certificate. Returns what
 * zmqx_keypair_load returns for the file: 2 when it also holds a secret
 * key (checked as there, then wiped), 1 when it holds none; -1 with errno
 * as for zmqx_keypair_load. */
ZMQX_EXPORT int zmqx_key_load_public(const char *path, zmqx_key_t *key);

/* ---- socket security (call before the socket's first bind/connect:
 *      libzmq applies security when a connection is made, so a later call
 *      would leave existing endpoints unprotected; it fails with EISCONN) ---- */

/* Make s a CURVE server with this secret key. -1 with ENOTSUP when libzmq
 * lacks CURVE, EISCONN after a bind/connect, EINVAL on NULL arguments. */
ZMQX_EXPORT int zmqx_socket_set_curve_server(zmqx_socket_t *s, const zmqx_key_t *secret_key);

/* Make s a CURVE client of the server with this public key, using the
 * client key pair (NULL: a fresh random pair). Errors as for the server. */
ZMQX_EXPORT int zmqx_socket_set_curve_client(zmqx_socket_t *s, const zmqx_key_t *server_public,
                                             const zmqx_keypair_t *client);

/* Make s a PLAIN server (it checks passwords through an authenticator, see
 * <zmqx/auth.h>). -1 with EISCONN after a bind/connect. */
ZMQX_EXPORT int zmqx_socket_set_plain_server(zmqx_socket_t *s);

/* Make s a PLAIN client with this user name and password (each 1..255
 * bytes, as libzmq requires). -1 with EINVAL or EISCONN; the password is
 * never put in an error message. */
ZMQX_EXPORT int zmqx_socket_set_plain_client(zmqx_socket_t *s, const char *user,
                                             const char *password);

/* Set the ZAP domain (1..255 chars) the authenticator sees for this
 * server socket, or "" for none. Either way the choice is made: a socket
 * with a domain refuses every client while no authenticator answers (it
 * fails closed); with "" it asks none (a CURVE server then admits any
 * client that knows its key, a NULL server every client; PLAIN always asks
 * and refuses without one). Without this call a CURVE server gets the
 * domain ZMQX_ZAP_DOMAIN_DEFAULT at its first bind/connect. -1 with EINVAL
 * (NULL, too long, "" after a domain: libzmq cannot clear it) or EISCONN. */
ZMQX_EXPORT int zmqx_socket_set_zap_domain(zmqx_socket_t *s, const char *domain);

/* The ZAP domain of a CURVE server that was given none. */
#define ZMQX_ZAP_DOMAIN_DEFAULT "global"

#ifdef __cplusplus
}
#endif
#endif
