/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — ZPL CURVE certificates, as CZMQ's zcert and pyzmq's zmq.auth
 * write them: reading (for the key file loaders of lib/security.c) and
 * writing (zmqx_keypair_save_cert).
 *
 * The reader takes the subset of ZPL (ZeroMQ RFC 4) that a certificate
 * uses, with zconfig's rules where it is lenient (quotes optional, a '#'
 * comment after a value) and an error naming the file and line wherever
 * zconfig would be (indentation that is not 4 spaces per level) or where a
 * certificate has nothing to say (sections other than "metadata" and
 * "curve", items other than public-key and secret-key in "curve", deeper
 * levels, a key twice). No error quotes the file (a mistyped line may be a
 * secret key); the file contents are wiped by the caller. */
#include "fail.h"
#include "keys.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The characters of a ZPL name (zconfig's s_is_namechar). */
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$-_@.&+/"

enum { SEC_NONE, SEC_METADATA, SEC_CURVE };

typedef struct {
    const char *op, *path;
    int line;
    int section;
    bool seen[3];     /* sections met */
    bool keys[2];     /* public-key, secret-key met */
    zmqx__keyline_fn *fn;
    void *arg;
} cert_parse_t;

/* Is the word at p exactly w (followed by a blank, a comment or the end)? */
static bool word_is(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && (p[n] == '\0' || strchr(" \t\r\n#", p[n]) != NULL);
}

bool zmqx__cert_detect(const char *text)
{
    const char *p = text;
    for (;;) {
        p += strspn(p, " \t\r\n");
        if (*p != '#')
            break;
        p = strchr(p, '\n');
        if (p == NULL)
            return false;
    }
    return word_is(p, "curve") || word_is(p, "metadata");
}

#define FAIL(c, ...) zmqx__fail((c)->op, (c)->path, EINVAL, __VA_ARGS__)

/* The value after '=' at p (in place): quoted with " or ' (nothing but a
 * comment after the closing quote) or bare up to a '#', blanks trimmed.
 * NULL with the error filled. */
static char *zpl_value(cert_parse_t *c, char *p)
{
    p += strspn(p, " \t");
    if (*p == '"' || *p == '\'') {
        char *end = strchr(p + 1, *p);
        if (end == NULL)
            return FAIL(c, "line %d: no closing %c", c->line, *p), NULL;
        char *rest = end + 1 + strspn(end + 1, " \t");
        if (*rest != '\0' && *rest != '#')
            return FAIL(c, "line %d: unexpected text after the quoted value", c->line), NULL;
        *end = '\0';
        return p + 1;
    }
    char *end = p + strcspn(p, "#");
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *end = '\0';
    return p;
}

/* A section line (level 0): "metadata" or "curve", once each. */
static int zpl_section(cert_parse_t *c, const char *name, const char *value)
{
    int sec = strcmp(name, "metadata") == 0 ? SEC_METADATA
              : strcmp(name, "curve") == 0  ? SEC_CURVE
                                            : SEC_NONE;
    if (sec == SEC_NONE)
        return FAIL(c, "line %d: unknown section (a certificate has \"metadata\" and \"curve\")",
                    c->line);
    if (value != NULL)
        return FAIL(c, "line %d: the %s section takes no value", c->line, name);
    if (c->seen[sec])
        return FAIL(c, "line %d: a second %s section", c->line, name);
    c->seen[sec] = true;
    c->section = sec;
    return 0;
}

/* An item of the curve section: public-key or secret-key, 40 Z85 chars. */
static int zpl_curve_key(cert_parse_t *c, const char *name, const char *value)
{
    int secret = strcmp(name, "secret-key") == 0;
    if (!secret && strcmp(name, "public-key") != 0)
        return FAIL(c, "line %d: unknown curve item (public-key or secret-key expected)",
                    c->line);
    if (c->keys[secret])
        return FAIL(c, "line %d: a second %s", c->line, name);
    c->keys[secret] = true;
    zmqx__keyline_t kl = { .line = c->line, .secret = secret, .name = "" };
    int rc = value != NULL && strlen(value) == ZMQX_KEY_Z85_LEN
                     && zmqx_key_parse(&kl.key, value, ZMQX_KEY_Z85_LEN) == 0
                 ? c->fn(c->arg, &kl)
                 : FAIL(c, "line %d: the %s is not 40 Z85 chars", c->line, name);
    zmqx__wipe(&kl, sizeof kl);
    return rc;
}

/* The name (and value, if any) of an item line; p is past the indent. */
static int zpl_item(cert_parse_t *c, int level, char *p)
{
    char *name = p;
    size_t nlen = strspn(p, NAME_CHARS);
    if (nlen == 0)
        return FAIL(c, "line %d: expected a name", c->line);
    char *rest = p + nlen + strspn(p + nlen, " \t");
    char *value = NULL;
    if (*rest == '=') {
        value = zpl_value(c, rest + 1);
        if (value == NULL)
            return -1;
    } else if (*rest != '\0' && *rest != '#') {
        return FAIL(c, "line %d: unexpected text after the name (\"name = value\" expected)",
                    c->line);
    }
    name[nlen] = '\0';
    if (level == 0)
        return zpl_section(c, name, value);
    if (c->section == SEC_CURVE)
        return zpl_curve_key(c, name, value);
    return 0; /* metadata: read, not used */
}

/* One line (in place, its line end cut off). */
static int zpl_line(cert_parse_t *c, char *line)
{
    size_t n = strlen(line);
    while (n > 0 && isspace((unsigned char) line[n - 1]))
        line[--n] = '\0';
    size_t indent = strspn(line, " ");
    char *p = line + indent;
    if (*p == '\0' || *p == '#')
        return 0;
    if (isspace((unsigned char) *p))
        return FAIL(c, "line %d: indent with spaces (4 a level), not tabs", c->line);
    if (indent % 4 != 0)
        return FAIL(c, "line %d: indented by %zu spaces, not a multiple of 4", c->line, indent);
    if (indent / 4 > 1 || (indent == 4 && c->section == SEC_NONE))
        return FAIL(c, "line %d: indented deeper than its section allows", c->line);
    return zpl_item(c, (int) (indent / 4), p);
}

int zmqx__cert_parse(const char *op, const char *path, char *text, zmqx__keyline_fn *fn, void *arg)
{
    cert_parse_t c = { .op = op, .path = path, .fn = fn, .arg = arg };
    char *cursor = text, *line;
    while ((line = zmqx__line_next(&cursor, &c.line)) != NULL)
        if (zpl_line(&c, line) != 0)
            return -1;
    if (!c.keys[0])
        return zmqx__fail(op, path, EINVAL, "no public-key in a curve section");
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* Can name, value be written as a metadata item that CZMQ and pyzmq read
 * back as such? */
static bool meta_ok(const char *name, const char *value)
{
    size_t n = strlen(name);
    if (n == 0 || n > 255 || strspn(name, NAME_CHARS) != n || name[0] == '/'
        || name[n - 1] == '/' || strncmp(name, "public-key", 10) == 0
        || strncmp(name, "secret-key", 10) == 0)
        return false;
    for (const char *v = value; *v; v++)
        if ((unsigned char) *v < 0x20 || *v == 0x7f || *v == '"')
            return false;
    return true;
}

static int meta_check(const char *op, const char *path, const char *const *metadata)
{
    for (size_t i = 0; metadata != NULL && metadata[i] != NULL; i += 2) {
        if (metadata[i + 1] == NULL)
            return zmqx__fail(op, path, EINVAL, "metadata item %zu has a name but no value",
                              i / 2 + 1);
        if (!meta_ok(metadata[i], metadata[i + 1]))
            return zmqx__fail(op, path, EINVAL,
                              "metadata item %zu: bad name or value (see zmqx_keypair_save_cert)",
                              i / 2 + 1);
    }
    return 0;
}

/* Append printf output at buf + *len when buf is not NULL; count it in
 * *len either way (a first pass with buf NULL measures). */
static void put(char *buf, size_t cap, size_t *len, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(buf ? buf + *len : NULL, buf ? cap - *len : 0, fmt, a, b);
    *len += n > 0 ? (size_t) n : 0;
}

static const char public_banner[] =
    "#   ****  Generated by zmqx  ****\n"
    "#   ZeroMQ CURVE Public Certificate\n"
    "#   Exchange securely, or use a secure mechanism to verify the contents\n"
    "#   of this file after exchange.\n\n";
static const char secret_banner[] =
    "#   ****  Generated by zmqx  ****\n"
    "#   ZeroMQ CURVE **Secret** Certificate\n"
    "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n";

/* The certificate text into buf (cap bytes; NULL: just measure). The
 * length without the NUL. */
static size_t cert_text(char *buf, size_t cap, const char *pub, const char *sec,
                        const char *const *metadata)
{
    size_t len = 0;
    put(buf, cap, &len, "%s%smetadata\n", sec ? secret_banner : public_banner, "");
    for (size_t i = 0; metadata != NULL && metadata[i] != NULL; i += 2)
        put(buf, cap, &len, "    %s = \"%s\"\n", metadata[i], metadata[i + 1]);
    put(buf, cap, &len, "curve\n    public-key = \"%s\"\n%s", pub, "");
    if (sec != NULL)
        put(buf, cap, &len, "    secret-key = \"%s\"\n%s", sec, "");
    return len;
}

/* Write one certificate (public when sec is NULL) to path. */
static int cert_write(const char *op, const char *path, const char *pub, const char *sec,
                      const char *const *metadata)
{
    size_t cap = cert_text(NULL, 0, pub, sec, metadata) + 1;
    char *text = malloc(cap);
    if (text == NULL)
        return zmqx__fail(op, path, ENOMEM, NULL);
    cert_text(text, cap, pub, sec, metadata);
    int rc = zmqx__file_write_atomic(op, path, text, sec ? 0600 : 0644);
    zmqx__wipe(text, cap);
    free(text);
    return rc;
}

int zmqx_keypair_save_cert(const char *path, const zmqx_keypair_t *kp, const char *const *metadata)
{
    const char *op = "keypair_save_cert";
    if (path == NULL || kp == NULL)
        return zmqx__fail(op, path, EINVAL, "%s is NULL", path ? "key pair" : "path");
    if (meta_check(op, path, metadata) != 0)
        return -1;
    size_t plen = strlen(path);
    char *secret_path = malloc(plen + sizeof "_secret");
    if (secret_path == NULL)
        return zmqx__fail(op, path, ENOMEM, NULL);
    memcpy(secret_path, path, plen);
    memcpy(secret_path + plen, "_secret", sizeof "_secret");
    char pub[ZMQX_KEY_Z85_LEN + 1], sec[ZMQX_KEY_Z85_LEN + 1];
    zmqx_key_z85(&kp->public_key, pub);
    zmqx_key_z85(&kp->secret_key, sec);
    int rc = cert_write(op, secret_path, pub, sec, metadata);
    if (rc == 0)
        rc = cert_write(op, path, pub, NULL, metadata);
    zmqx__wipe(sec, sizeof sec);
    free(secret_path);
    return rc;
}
