/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — authenticator: address allow/deny rules with IPv4/IPv6 CIDR ranges.
 *
 * A rule is an address with a prefix length (host bits cleared); a peer
 * address matches when its first prefix bits are the rule's. IPv4-mapped
 * IPv6 addresses (::ffff:a.b.c.d, what a dual-stack socket reports) are
 * taken as the IPv4 address, in rules (with a prefix of 96 or more) and in
 * peers alike. */
#include "auth_internal.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

static void clear_host_bits(zmqx__cidr_t *c)
{
    size_t len = c->family == 4 ? 4 : 16;
    for (size_t i = 0; i < len; i++) {
        int bits = (int) c->prefix - (int) (i * 8);
        if (bits <= 0)
            c->bytes[i] = 0;
        else if (bits < 8)
            c->bytes[i] &= (uint8_t) (0xff << (8 - bits));
    }
}

static void unmap_v4(zmqx__cidr_t *c)
{
    if (c->family != 6 || c->prefix < 96 || memcmp(c->bytes, v4_mapped, 12) != 0)
        return;
    memmove(c->bytes, c->bytes + 12, 4);
    memset(c->bytes + 4, 0, 12);
    c->family = 4;
    c->prefix = (uint8_t) (c->prefix - 96);
}

/* Parse an address (no brackets, no zone) and an optional "/prefix" when
 * allowed. 0 or -1. */
static int parse(const char *text, bool with_prefix, zmqx__cidr_t *out)
{
    char buf[64];
    size_t len = strlen(text);
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len + 1);
    char *slash = strchr(buf, '/');
    if (slash != NULL) {
        if (!with_prefix)
            return -1;
        *slash++ = '\0';
    }
    memset(out, 0, sizeof *out);
    int max;
    if (inet_pton(AF_INET, buf, out->bytes) == 1) {
        out->family = 4;
        max = 32;
    } else if (inet_pton(AF_INET6, buf, out->bytes) == 1) {
        out->family = 6;
        max = 128;
    } else {
        return -1;
    }
    int prefix = max;
    if (slash != NULL) {
        size_t digits = strspn(slash, "0123456789");
        if (digits == 0 || digits > 3 || slash[digits] != '\0')
            return -1;
        prefix = 0;
        for (size_t i = 0; i < digits; i++)
            prefix = prefix * 10 + (slash[i] - '0');
        if (prefix > max)
            return -1;
    }
    out->prefix = (uint8_t) prefix;
    clear_host_bits(out);
    unmap_v4(out);
    return 0;
}

int zmqx__cidr_parse(const char *op, const char *text, zmqx__cidr_t *out)
{
    if (text == NULL)
        return zmqx__fail(op, NULL, EINVAL, "address is NULL");
    if (parse(text, true, out) != 0)
        return zmqx__fail(op, NULL, EINVAL,
                          "\"%.64s\" is not an IPv4/IPv6 address or CIDR range "
                          "(a.b.c.d[/0-32] or an IPv6 address[/0-128])",
                          text);
    return 0;
}

/* A peer address as libzmq reports it: maybe in brackets, maybe with an
 * IPv6 zone ("fe80::1%eth0"). false if it is not an IP address. */
static bool peer_parse(const char *address, zmqx__cidr_t *out)
{
    char buf[64];
    size_t len = strlen(address);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, address, len + 1);
    char *p = buf;
    if (p[0] == '[' && len > 1 && p[len - 1] == ']') {
        p[len - 1] = '\0';
        p++;
    }
    p[strcspn(p, "%")] = '\0';
    return parse(p, false, out) == 0;
}

static bool cidr_match(const zmqx__cidr_t *rule, const zmqx__cidr_t *addr)
{
    if (rule->family != addr->family)
        return false;
    size_t full = rule->prefix / 8u;
    int rest = rule->prefix % 8;
    if (memcmp(rule->bytes, addr->bytes, full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t) (0xff << (8 - rest));
    return ((rule->bytes[full] ^ addr->bytes[full]) & mask) == 0;
}

static bool any_match(const zmqx__cidr_t *rules, size_t n, const zmqx__cidr_t *addr)
{
    for (size_t i = 0; i < n; i++)
        if (cidr_match(&rules[i], addr))
            return true;
    return false;
}

bool zmqx__auth_address_ok(zmqx_auth_t *a, const char *domain, const char *address)
{
    zmqx__scope_t *sc[2];
    int n = zmqx__auth_scopes(a, domain, sc);
    zmqx__cidr_t peer;
    bool known = address != NULL && peer_parse(address, &peer);
    bool have_allow = false, allowed = false;
    for (int i = 0; i < n; i++) {
        if (known && any_match(sc[i]->deny, sc[i]->ndeny, &peer))
            return false;
        have_allow = have_allow || sc[i]->nallow > 0;
        allowed = allowed || (known && any_match(sc[i]->allow, sc[i]->nallow, &peer));
    }
    return !have_allow || allowed;
}

/* Add a rule to the selected scope's allow (deny = 0) or deny list. */
static int add_rule(zmqx_auth_t *a, const char *text, int deny, const char *op)
{
    zmqx__cidr_t rule;
    if (a == NULL)
        return zmqx__fail(op, NULL, EINVAL, "authenticator is NULL");
    if (zmqx__cidr_parse(op, text, &rule) != 0)
        return -1;
    zmqx__scope_t *sc = zmqx__auth_begin(a, op);
    if (sc == NULL)
        return -1;
    zmqx__cidr_t **list = deny ? &sc->deny : &sc->allow;
    size_t *n = deny ? &sc->ndeny : &sc->nallow;
    size_t *cap = deny ? &sc->capdeny : &sc->capallow;
    int rc = 0;
    bool known = false;
    for (size_t i = 0; i < *n && !known; i++)
        known = memcmp(&(*list)[i], &rule, sizeof rule) == 0;
    if (!known && (rc = zmqx__auth_grow((void **) list, cap, *n, sizeof rule)) == 0)
        (*list)[(*n)++] = rule;
    zmqx__auth_end(a);
    return rc == 0 ? 0 : zmqx__fail(op, NULL, ENOMEM, NULL);
}

int zmqx_auth_allow(zmqx_auth_t *a, const char *address)
{
    return add_rule(a, address, 0, "auth_allow");
}

int zmqx_auth_deny(zmqx_auth_t *a, const char *address)
{
    return add_rule(a, address, 1, "auth_deny");
}

int zmqx_auth_check_address(zmqx_auth_t *a, const char *domain, const char *address)
{
    if (zmqx__auth_check(a, "auth_check_address") != 0)
        return -1;
    if (address == NULL)
        return zmqx__fail("auth_check_address", NULL, EINVAL, "address is NULL");
    pthread_mutex_lock(&a->lock);
    bool ok = zmqx__auth_address_ok(a, domain, address);
    pthread_mutex_unlock(&a->lock);
    return ok ? 1 : 0;
}

void zmqx__scope_free_addresses(zmqx__scope_t *sc)
{
    free(sc->allow);
    free(sc->deny);
    sc->allow = sc->deny = NULL;
    sc->nallow = sc->ndeny = sc->capallow = sc->capdeny = 0;
}
