/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — authenticator internals shared by lib/auth*.c (not installed). */
#ifndef ZMQX_AUTH_INTERNAL_H
#define ZMQX_AUTH_INTERNAL_H

#include "base.h"
#include "fail.h"
#include "keys.h"
#include "sock.h"

#include <zmqx/auth.h>

/* An address or CIDR range: family 4 or 6, the network bytes (host bits
 * zeroed) and the prefix length. */
typedef struct zmqx__cidr {
    uint8_t family;
    uint8_t prefix;
    uint8_t bytes[16];
} zmqx__cidr_t;

typedef struct zmqx__plain_user {
    char *user;
    char *password; /* wiped when freed */
    size_t password_len;
} zmqx__plain_user_t;

typedef struct zmqx__curve_entry {
    zmqx_key_t key;
    char *user_id; /* NULL: the key in Z85 */
} zmqx__curve_entry_t;

/* The rules of one ZAP domain ("" = the rules for every domain). */
typedef struct zmqx__scope {
    char *domain;
    zmqx__cidr_t *allow, *deny;
    size_t nallow, ndeny, capallow, capdeny;
    zmqx__plain_user_t *users;
    size_t nusers, capusers;
    zmqx__curve_entry_t *keys;
    size_t nkeys, capkeys;
    bool curve_any;
} zmqx__scope_t;

struct zmqx_auth {
    pthread_mutex_t lock;      /* guards everything below but the thread's own */
    zmqx__scope_t *scopes;     /* scopes[0]: every domain */
    size_t nscopes, capscopes;
    char selected[256];        /* domain the rule calls apply to */
    bool verbose;
    void *zap;                 /* the REP socket, used by the thread only */
    int wake[2];               /* pipe: destroy writes, the thread wakes */
    pthread_t thread;
    zmqx__origin_t origin;     /* made before a fork()? (lib/fork.h) */
    zmqx__fork_lock_t fork_lock; /* lock is held across fork() */
};

/* ---- lib/auth.c ---- */
/* Grow *arr (elements of size elem, capacity *cap) to hold n + 1. -1 on ENOMEM. */
ZMQX_HIDDEN int zmqx__auth_grow(void **arr, size_t *cap, size_t n, size_t elem);
/* The scope of domain, NULL if it has no rules ("" or NULL: scopes[0]). */
ZMQX_HIDDEN zmqx__scope_t *zmqx__auth_find(zmqx_auth_t *a, const char *domain);
/* The scopes a request of domain is judged by, most specific first: the
 * domain's own (if any) and the every-domain one. Returns 1 or 2. */
ZMQX_HIDDEN int zmqx__auth_scopes(zmqx_auth_t *a, const char *domain, zmqx__scope_t *out[2]);
/* 0 if a is usable for op: not NULL (EINVAL), not made before a fork()
 * (ESTALE). */
ZMQX_HIDDEN int zmqx__auth_check(const zmqx_auth_t *a, const char *op);
/* Lock a (checked by zmqx__auth_check) and return the selected
 * scope, made if needed; NULL (unlocked, error filled) on failure. */
ZMQX_HIDDEN zmqx__scope_t *zmqx__auth_begin(zmqx_auth_t *a, const char *op);
ZMQX_HIDDEN void zmqx__auth_end(zmqx_auth_t *a);

/* ---- lib/auth_addr.c ---- */
/* Parse "a.b.c.d[/n]" or an IPv6 address "[/n]". 0, or -1 (EINVAL filled). */
ZMQX_HIDDEN int zmqx__cidr_parse(const char *op, const char *text, zmqx__cidr_t *out);
/* Do the address rules of domain admit address? Lock held. */
ZMQX_HIDDEN bool zmqx__auth_address_ok(zmqx_auth_t *a, const char *domain, const char *address);
ZMQX_HIDDEN void zmqx__scope_free_addresses(zmqx__scope_t *sc);

/* ---- lib/auth_creds.c ---- */
/* PLAIN/CURVE verdicts (lock held): true and user_id filled (cap 256) if
 * the credentials are accepted for domain. */
ZMQX_HIDDEN bool zmqx__auth_plain_ok(zmqx_auth_t *a, const char *domain, const char *user,
                                     size_t ulen, const char *password, size_t plen,
                                     char *user_id);
ZMQX_HIDDEN bool zmqx__auth_curve_ok(zmqx_auth_t *a, const char *domain, const uint8_t *key,
                                     char *user_id);
ZMQX_HIDDEN void zmqx__scope_free_creds(zmqx__scope_t *sc);

/* Judge one request given as parts (taken), for the fuzz target (lib/auth.c). */
ZMQX_HIDDEN void zmqx__auth_decide(zmqx_auth_t *a, zmq_msg_t *parts, int n, char status[4],
                                   char *user_id, size_t cap);

#endif
