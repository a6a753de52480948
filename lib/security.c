/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — security: Z85 (RFC 32), CURVE keys and key files.
 *
 * The Z85 codec is zmqx's own: it checks lengths, the alphabet, groups that
 * overflow 32 bits and the destination's capacity, which libzmq's
 * zmq_z85_decode does not all do. Nothing here ever puts a key in an error
 * message, and every buffer that held a secret is wiped before it is freed. */
#include "fail.h"
#include "keys.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char z85_chars[86] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

void zmqx__wipe(void *p, size_t n)
{
    if (p != NULL && n > 0)
        explicit_bzero(p, n);
}

int zmqx__curve_check(const char *op)
{
    if (!zmq_has("curve"))
        return zmqx__fail(op, NULL, ENOTSUP, "libzmq was built without CURVE");
    return 0;
}

/* ---- Z85 ---------------------------------------------------------------- */

int zmqx_z85_encode(char *dest, size_t cap, const uint8_t *data, size_t size)
{
    if (dest == NULL || data == NULL)
        return zmqx__fail("z85_encode", NULL, EINVAL, "%s is NULL", dest ? "data" : "dest");
    if (size % 4 != 0)
        return zmqx__fail("z85_encode", NULL, EINVAL, "size %zu is not a multiple of 4", size);
    if (size / 4 > ((size_t) INT_MAX - 1) / 5)
        return zmqx__fail("z85_encode", NULL, EINVAL, "size %zu is too large", size);
    size_t need = size / 4 * 5 + 1;
    if (cap < need)
        return zmqx__fail("z85_encode", NULL, EINVAL,
                          "destination holds %zu chars, %zu needed (size * 5 / 4 + 1)", cap, need);
    char *out = dest;
    for (size_t i = 0; i < size; i += 4) {
        uint32_t value = (uint32_t) data[i] << 24 | (uint32_t) data[i + 1] << 16
                         | (uint32_t) data[i + 2] << 8 | data[i + 3];
        for (int j = 4; j >= 0; j--) {
            out[j] = z85_chars[value % 85];
            value /= 85;
        }
        out += 5;
    }
    *out = '\0';
    return (int) (need - 1);
}

/* The value of a Z85 char, -1 if it is not one. */
static int z85_value(unsigned char c)
{
    const char *p = c ? memchr(z85_chars, c, 85) : NULL;
    return p ? (int) (p - z85_chars) : -1;
}

/* Check len chars of Z85 text: -1 (error filled, never quoting the text)
 * or 0. */
static int z85_check(const char *op, const char *text, size_t len)
{
    if (len % 5 != 0)
        return zmqx__fail(op, NULL, EINVAL, "Z85 text length %zu is not a multiple of 5", len);
    for (size_t i = 0; i < len; i += 5) {
        uint64_t value = 0;
        for (size_t j = i; j < i + 5; j++) {
            int v = z85_value((unsigned char) text[j]);
            if (v < 0)
                return zmqx__fail(op, NULL, EINVAL, "invalid Z85 character 0x%02x at offset %zu",
                                  (unsigned char) text[j], j);
            value = value * 85 + (uint64_t) v;
        }
        if (value > UINT32_MAX)
            return zmqx__fail(op, NULL, EINVAL, "Z85 group at offset %zu exceeds 2^32-1", i);
    }
    return 0;
}

/* Decode checked Z85 text of len chars (len % 5 == 0) into dest. */
static void z85_decode_checked(uint8_t *dest, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i += 5) {
        uint32_t value = 0;
        for (size_t j = i; j < i + 5; j++)
            value = value * 85 + (uint32_t) z85_value((unsigned char) text[j]);
        for (int b = 3; b >= 0; b--) {
            *dest++ = (uint8_t) (value >> (8 * b));
        }
    }
}

int zmqx_z85_decode(uint8_t *dest, size_t cap, const char *text)
{
    if (dest == NULL || text == NULL)
        return zmqx__fail("z85_decode", NULL, EINVAL, "%s is NULL", dest ? "text" : "dest");
    size_t len = strlen(text);
    if (z85_check("z85_decode", text, len) != 0)
        return -1;
    if (len / 5 > (size_t) INT_MAX / 4)
        return zmqx__fail("z85_decode", NULL, EINVAL, "text length %zu is too large", len);
    size_t need = len / 5 * 4;
    if (cap < need)
        return zmqx__fail("z85_decode", NULL, EINVAL, "destination holds %zu bytes, %zu needed",
                          cap, need);
    z85_decode_checked(dest, text, len);
    return (int) need;
}

/* ---- keys --------------------------------------------------------------- */

int zmqx_key_parse(zmqx_key_t *k, const void *key, size_t len)
{
    if (k == NULL || key == NULL)
        return zmqx__fail("key_parse", NULL, EINVAL, "%s is NULL", k ? "key" : "destination");
    if (len == sizeof k->bytes) {
        memcpy(k->bytes, key, len);
        return 0;
    }
    if (len != ZMQX_KEY_Z85_LEN)
        return zmqx__fail("key_parse", NULL, EINVAL,
                          "a key is 32 raw bytes or 40 Z85 chars, got %zu bytes", len);
    if (z85_check("key_parse", key, len) != 0)
        return -1;
    z85_decode_checked(k->bytes, key, len);
    return 0;
}

int zmqx_key_z85(const zmqx_key_t *k, char out[41])
{
    if (k == NULL || out == NULL)
        return zmqx__fail("key_z85", NULL, EINVAL, "%s is NULL", k ? "out" : "key");
    zmqx_z85_encode(out, ZMQX_KEY_Z85_LEN + 1, k->bytes, sizeof k->bytes);
    return 0;
}

void zmqx_key_wipe(zmqx_key_t *k)
{
    if (k != NULL)
        zmqx__wipe(k->bytes, sizeof k->bytes);
}

void zmqx_keypair_wipe(zmqx_keypair_t *kp)
{
    if (kp != NULL) {
        zmqx_key_wipe(&kp->public_key);
        zmqx_key_wipe(&kp->secret_key);
    }
}

static int key_is_zero(const zmqx_key_t *k)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < sizeof k->bytes; i++)
        acc |= k->bytes[i];
    return acc == 0;
}

int zmqx_curve_keypair(zmqx_keypair_t *kp)
{
    if (kp == NULL)
        return zmqx__fail("curve_keypair", NULL, EINVAL, "key pair is NULL");
    if (zmqx__curve_check("curve_keypair") != 0)
        return -1;
    char pub[41], sec[41];
    int rc = zmq_curve_keypair(pub, sec);
    if (rc == 0) {
        zmqx_key_parse(&kp->public_key, pub, ZMQX_KEY_Z85_LEN);
        zmqx_key_parse(&kp->secret_key, sec, ZMQX_KEY_Z85_LEN);
    }
    zmqx__wipe(sec, sizeof sec);
    if (rc != 0)
        return zmqx__fail_zmq("curve_keypair", NULL);
    if (key_is_zero(&kp->public_key) || key_is_zero(&kp->secret_key)) {
        zmqx_keypair_wipe(kp);
        return zmqx__fail("curve_keypair", NULL, ENOTSUP, "libzmq returned an all-zero key");
    }
    return 0;
}

int zmqx_curve_public(zmqx_key_t *public_key, const zmqx_key_t *secret_key)
{
    if (public_key == NULL || secret_key == NULL)
        return zmqx__fail("curve_public", NULL, EINVAL, "%s key is NULL",
                          public_key ? "secret" : "public");
    if (zmqx__curve_check("curve_public") != 0)
        return -1;
    char pub[41], sec[41];
    zmqx_key_z85(secret_key, sec);
    int rc = zmq_curve_public(pub, sec);
    zmqx__wipe(sec, sizeof sec);
    if (rc != 0)
        return zmqx__fail_zmq("curve_public", NULL);
    zmqx_key_parse(public_key, pub, ZMQX_KEY_Z85_LEN);
    if (key_is_zero(public_key))
        return zmqx__fail("curve_public", NULL, ENOTSUP, "libzmq returned an all-zero key");
    return 0;
}

/* ---- files -------------------------------------------------------------- */

/* Read up to want bytes of fd into buf (NUL-terminated, *len set). A file
 * with a NUL byte is not text: EINVAL. */
static int read_all(const char *op, const char *path, int fd, char *buf, size_t want, size_t *len)
{
    size_t n = 0;
    while (n < want) {
        ssize_t r = read(fd, buf + n, want - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return zmqx__fail(op, path, errno, "%s", strerror(errno));
        if (r == 0)
            break;
        n += (size_t) r;
    }
    buf[n] = '\0';
    *len = n;
    if (memchr(buf, '\0', n) != NULL)
        return zmqx__fail(op, path, EINVAL, "not a text file (it holds a NUL byte)");
    return 0;
}

char *zmqx__file_read(const char *op, const char *path, size_t max, size_t *len)
{
    if (path == NULL)
        return zmqx__fail_null(op, NULL, EINVAL, "path is NULL");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block us */
    if (fd < 0)
        return zmqx__fail_null(op, path, errno, "%s", strerror(errno));
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) != 0) {
        zmqx__fail(op, path, errno, "%s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        zmqx__fail(op, path, EINVAL, "not a regular file");
    } else if ((uintmax_t) st.st_size > max) {
        zmqx__fail(op, path, EFBIG, "file larger than %zu bytes", max);
    } else if ((buf = malloc((size_t) st.st_size + 1)) == NULL) {
        zmqx__fail(op, path, ENOMEM, NULL);
    } else if (read_all(op, path, fd, buf, (size_t) st.st_size, len) != 0) {
        zmqx__wipe(buf, (size_t) st.st_size);
        free(buf);
        buf = NULL;
    }
    close(fd);
    return buf;
}

char *zmqx__line_next(char **cursor, int *lineno)
{
    char *line = *cursor;
    if (line == NULL || *line == '\0')
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = line + strlen(line);
    }
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
    (*lineno)++;
    return line;
}

/* Is the line blank or a comment? */
static int line_is_empty(const char *line)
{
    line += strspn(line, " \t");
    return *line == '\0' || *line == '#';
}

/* Cut the next blank-separated word off *p (NUL-terminated in place). */
static char *next_word(char **p)
{
    char *w = *p + strspn(*p, " \t");
    char *end = w + strcspn(w, " \t");
    *p = end;
    if (*end) {
        *end = '\0';
        *p = end + 1;
    }
    return w;
}

/* Parse one non-empty key file line into its parts. -1 (error filled). */
static int key_line(const char *op, const char *path, int lineno, char *line,
                    zmqx__keyline_t *out)
{
    char *p = line;
    char *word = next_word(&p);
    char *value = next_word(&p);
    char *name = p + strspn(p, " \t");
    size_t nlen = strlen(name);
    while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
        name[--nlen] = '\0';
    out->line = lineno;
    out->secret = strcmp(word, "secret") == 0;
    out->name = name;
    if (!out->secret && strcmp(word, "public") != 0)
        return zmqx__fail(op, path, EINVAL,
                          "line %d: expected \"public <key>\" or \"secret <key>\" (a key file) "
                          "or a \"curve\" section (a certificate)", lineno);
    if (strlen(value) != ZMQX_KEY_Z85_LEN || z85_check(op, value, ZMQX_KEY_Z85_LEN) != 0)
        return zmqx__fail(op, path, EINVAL, "line %d: the %s key is not 40 Z85 chars", lineno,
                          word);
    if (out->secret && nlen > 0)
        return zmqx__fail(op, path, EINVAL, "line %d: unexpected text after the secret key",
                          lineno);
    if (nlen > 255)
        return zmqx__fail(op, path, EINVAL, "line %d: name longer than 255 bytes", lineno);
    for (size_t i = 0; i < nlen; i++)
        if ((unsigned char) name[i] < 0x20 || name[i] == 0x7f)
            return zmqx__fail(op, path, EINVAL, "line %d: control character in the name", lineno);
    z85_decode_checked(out->key.bytes, value, ZMQX_KEY_Z85_LEN);
    return 0;
}

/* The lines of a zmqx key file (text changed in place). */
static int keylines_parse(const char *op, const char *path, char *text, zmqx__keyline_fn *fn,
                          void *arg)
{
    int lineno = 0, rc = 0;
    char *cursor = text, *line;
    zmqx__keyline_t kl;
    while (rc == 0 && (line = zmqx__line_next(&cursor, &lineno)) != NULL) {
        if (line_is_empty(line))
            continue;
        rc = key_line(op, path, lineno, line, &kl);
        if (rc == 0)
            rc = fn(arg, &kl);
    }
    zmqx__wipe(&kl, sizeof kl);
    return rc;
}

#define KEYFILE_MAX (1024 * 1024)

int zmqx__keyfile_parse(const char *op, const char *path, zmqx__keyline_fn *fn, void *arg)
{
    size_t len = 0;
    char *text = zmqx__file_read(op, path, KEYFILE_MAX, &len);
    if (text == NULL)
        return -1;
    int rc = zmqx__cert_detect(text) ? zmqx__cert_parse(op, path, text, fn, arg)
                                     : keylines_parse(op, path, text, fn, arg);
    zmqx__wipe(text, len);
    free(text);
    return rc;
}

/* ---- key pair files ----------------------------------------------------- */

typedef struct {
    const char *op, *path;
    zmqx_keypair_t kp;
    int npublic, nsecret, public_line;
} pair_load_t;

static int pair_line(void *arg, const zmqx__keyline_t *kl)
{
    pair_load_t *pl = arg;
    int *count = kl->secret ? &pl->nsecret : &pl->npublic;
    if (++*count > 1)
        return zmqx__fail(pl->op, pl->path, EINVAL, "line %d: a second %s key", kl->line,
                          kl->secret ? "secret" : "public");
    if (kl->secret) {
        pl->kp.secret_key = kl->key;
    } else {
        pl->kp.public_key = kl->key;
        pl->public_line = kl->line;
    }
    return 0;
}

/* A loaded secret must belong to the loaded public key (when CURVE is
 * there to check it). */
static int pair_verify(pair_load_t *pl)
{
    if (pl->npublic == 0)
        return zmqx__fail(pl->op, pl->path, EINVAL, "no \"public <key>\" line");
    if (pl->nsecret == 0 || !zmq_has("curve"))
        return 0;
    zmqx_key_t derived;
    if (zmqx_curve_public(&derived, &pl->kp.secret_key) != 0)
        return -1;
    int same = memcmp(derived.bytes, pl->kp.public_key.bytes, sizeof derived.bytes) == 0;
    if (!same)
        return zmqx__fail(pl->op, pl->path, EINVAL,
                          "line %d: the secret key does not belong to this public key",
                          pl->public_line);
    return 0;
}

static int pair_load(const char *op, const char *path, pair_load_t *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->op = op;
    pl->path = path;
    if (zmqx__keyfile_parse(op, path, pair_line, pl) != 0 || pair_verify(pl) != 0) {
        zmqx_keypair_wipe(&pl->kp);
        return -1;
    }
    return 0;
}

int zmqx_keypair_load(const char *path, zmqx_keypair_t *kp)
{
    if (kp == NULL)
        return zmqx__fail("keypair_load", path, EINVAL, "key pair is NULL");
    pair_load_t pl;
    if (pair_load("keypair_load", path, &pl) != 0)
        return -1;
    *kp = pl.kp;
    zmqx_keypair_wipe(&pl.kp);
    return pl.nsecret ? 2 : 1;
}

int zmqx_key_load_public(const char *path, zmqx_key_t *key)
{
    if (key == NULL)
        return zmqx__fail("key_load_public", path, EINVAL, "key is NULL");
    pair_load_t pl;
    if (pair_load("key_load_public", path, &pl) != 0)
        return -1;
    *key = pl.kp.public_key;
    zmqx_keypair_wipe(&pl.kp);
    return pl.nsecret ? 2 : 1;
}

/* Write text to path atomically: a temporary file in the same directory
 * with the given mode, synced, renamed over path. */
int zmqx__file_write_atomic(const char *op, const char *path, const char *text, mode_t mode)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (tmp == NULL)
        return zmqx__fail(op, path, ENOMEM, NULL);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", 8);
    int fd = mkostemp(tmp, O_CLOEXEC); /* created with mode 0600 */
    if (fd < 0) {
        int code = errno;
        free(tmp);
        return zmqx__fail(op, path, code, "cannot create a temporary file: %s", strerror(code));
    }
    size_t len = strlen(text), done = 0;
    int code = fchmod(fd, mode) == 0 ? 0 : errno;
    while (code == 0 && done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno != EINTR)
            code = errno;
        else if (w > 0)
            done += (size_t) w;
    }
    if (code == 0 && fsync(fd) != 0)
        code = errno;
    if (close(fd) != 0 && code == 0)
        code = errno;
    if (code == 0 && rename(tmp, path) != 0)
        code = errno;
    if (code != 0)
        unlink(tmp);
    free(tmp);
    return code ? zmqx__fail(op, path, code, "%s", strerror(code)) : 0;
}

int zmqx_keypair_save(const char *path, const zmqx_keypair_t *kp)
{
    if (path == NULL || kp == NULL)
        return zmqx__fail("keypair_save", path, EINVAL, "%s is NULL", path ? "key pair" : "path");
    char pub[41], sec[41], text[256];
    zmqx_key_z85(&kp->public_key, pub);
    zmqx_key_z85(&kp->secret_key, sec);
    snprintf(text, sizeof text,
             "# zmqx CURVE key pair: keep this file secret\npublic %s\nsecret %s\n", pub, sec);
    int rc = zmqx__file_write_atomic("keypair_save", path, text, 0600);
    zmqx__wipe(sec, sizeof sec);
    zmqx__wipe(text, sizeof text);
    return rc;
}

/* Can name follow the key on a "public" line and be read back as it is? */
static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n > 255 || (n > 0 && (strchr(" \t", name[0]) || strchr(" \t", name[n - 1]))))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char) name[i] < 0x20 || name[i] == 0x7f)
            return false;
    return true;
}

int zmqx_key_save_public(const char *path, const zmqx_key_t *public_key, const char *name)
{
    const char *op = "key_save_public";
    if (path == NULL || public_key == NULL)
        return zmqx__fail(op, path, EINVAL, "%s is NULL", path ? "key" : "path");
    if (name != NULL && !name_ok(name))
        return zmqx__fail(op, path, EINVAL,
                          "the name is longer than 255 bytes, holds a control character or "
                          "starts or ends with a blank");
    char pub[41], text[512];
    zmqx_key_z85(public_key, pub);
    snprintf(text, sizeof text, "# zmqx CURVE public key\npublic %s%s%s\n", pub,
             name && *name ? " " : "", name ? name : "");
    return zmqx__file_write_atomic(op, path, text, 0644);
}
