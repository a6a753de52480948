/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — authenticator: PLAIN users and CURVE client keys, in memory and
 * from files, and the verdicts on the credentials of a ZAP request.
 * Passwords are wiped when they are replaced, removed or freed, and never
 * appear in an error message or a log line. */
#include "auth_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PASSWORD_FILE_MAX (1024 * 1024)

/* ---- PLAIN -------------------------------------------------------------- */

static zmqx__plain_user_t *user_find(zmqx__scope_t *sc, const char *user, size_t ulen)
{
    for (size_t i = 0; i < sc->nusers; i++)
        if (strlen(sc->users[i].user) == ulen && memcmp(sc->users[i].user, user, ulen) == 0)
            return &sc->users[i];
    return NULL;
}

static void user_free(zmqx__plain_user_t *u)
{
    zmqx__wipe(u->password, u->password_len);
    free(u->password);
    free(u->user);
    u->user = u->password = NULL;
}

/* A malloc'd copy of n bytes plus a NUL. */
static char *copy_bytes(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Set user's password in sc (lock held). -1 on ENOMEM. */
static int user_set(zmqx__scope_t *sc, const char *user, size_t ulen, const char *pw, size_t plen)
{
    char *password = copy_bytes(pw, plen);
    if (password == NULL)
        return -1;
    zmqx__plain_user_t *u = user_find(sc, user, ulen);
    if (u == NULL) {
        char *name = copy_bytes(user, ulen);
        if (name == NULL
            || zmqx__auth_grow((void **) &sc->users, &sc->capusers, sc->nusers, sizeof *u) != 0) {
            free(name);
            zmqx__wipe(password, plen);
            free(password);
            return -1;
        }
        u = &sc->users[sc->nusers++];
        u->user = name;
    } else {
        zmqx__wipe(u->password, u->password_len);
        free(u->password);
    }
    u->password = password;
    u->password_len = plen;
    return 0;
}

/* Is text of len bytes a valid user name (1..255 bytes, no blank, no
 * control char)? */
static bool user_valid(const char *user, size_t len)
{
    if (len < 1 || len > 255)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) user[i] <= 0x20 || user[i] == 0x7f)
            return false;
    return true;
}

int zmqx_auth_plain_add(zmqx_auth_t *a, const char *user, const char *password)
{
    const char *op = "auth_plain_add";
    if (user == NULL || password == NULL)
        return zmqx__fail(op, NULL, EINVAL, "%s is NULL", user ? "password" : "user");
    size_t ulen = strlen(user), plen = strlen(password);
    if (!user_valid(user, ulen))
        return zmqx__fail(op, NULL, EINVAL,
                          "user name must be 1..255 bytes without blanks or control chars");
    if (plen < 1 || plen > 255)
        return zmqx__fail(op, NULL, EINVAL, "password must be 1..255 bytes");
    zmqx__scope_t *sc = zmqx__auth_begin(a, op);
    if (sc == NULL)
        return -1;
    int rc = user_set(sc, user, ulen, password, plen);
    zmqx__auth_end(a);
    return rc == 0 ? 0 : zmqx__fail(op, NULL, ENOMEM, NULL);
}

int zmqx_auth_plain_remove(zmqx_auth_t *a, const char *user)
{
    const char *op = "auth_plain_remove";
    if (user == NULL)
        return zmqx__fail(op, NULL, EINVAL, "user is NULL");
    zmqx__scope_t *sc = zmqx__auth_begin(a, op);
    if (sc == NULL)
        return -1;
    zmqx__plain_user_t *u = user_find(sc, user, strlen(user));
    if (u != NULL) {
        user_free(u);
        *u = sc->users[--sc->nusers];
    }
    zmqx__auth_end(a);
    if (u == NULL)
        return zmqx__fail(op, NULL, ENOENT, "no PLAIN user \"%.64s\" in this domain", user);
    return 0;
}

typedef struct {
    const char *user, *password;
    size_t ulen, plen;
} user_line_t;

/* What is wrong with a "user=password" line, or NULL. */
static const char *user_line_error(const char *line, const char *eq)
{
    if (eq == NULL)
        return "expected user=password";
    if (!user_valid(line, (size_t) (eq - line)))
        return "bad user name (1..255 bytes, no blanks or control chars)";
    size_t plen = strlen(eq + 1);
    if (plen < 1 || plen > 255)
        return "password must be 1..255 bytes";
    return NULL;
}

/* Parse "user=password" lines into lines[] (pointing into text). Returns
 * the count, -1 on a bad line (error names file and line, not the
 * password). */
static int parse_users(const char *op, const char *path, char *text, user_line_t **lines)
{
    size_t n = 0, cap = 0;
    int lineno = 0;
    char *cursor = text, *line;
    *lines = NULL;
    while ((line = zmqx__line_next(&cursor, &lineno)) != NULL) {
        char *start = line + strspn(line, " \t");
        if (*start == '\0' || *start == '#')
            continue;
        char *eq = strchr(line, '=');
        const char *bad = user_line_error(line, eq);
        int code = EINVAL;
        if (bad == NULL && zmqx__auth_grow((void **) lines, &cap, n, sizeof **lines) != 0) {
            bad = strerror(ENOMEM);
            code = ENOMEM;
        }
        if (bad != NULL) {
            free(*lines);
            *lines = NULL;
            return zmqx__fail(op, path, code, "line %d: %s", lineno, bad);
        }
        (*lines)[n++] = (user_line_t) { line, eq + 1, (size_t) (eq - line), strlen(eq + 1) };
    }
    return (int) n;
}

int zmqx_auth_plain_load(zmqx_auth_t *a, const char *path)
{
    const char *op = "auth_plain_load";
    if (a == NULL)
        return zmqx__fail(op, path, EINVAL, "authenticator is NULL");
    size_t len = 0;
    char *text = zmqx__file_read(op, path, PASSWORD_FILE_MAX, &len);
    if (text == NULL)
        return -1;
    user_line_t *lines;
    int n = parse_users(op, path, text, &lines);
    zmqx__scope_t *sc = n >= 0 ? zmqx__auth_begin(a, op) : NULL;
    int rc = sc ? 0 : -1;
    for (int i = 0; sc != NULL && i < n && rc == 0; i++)
        rc = user_set(sc, lines[i].user, lines[i].ulen, lines[i].password, lines[i].plen);
    if (sc != NULL)
        zmqx__auth_end(a);
    zmqx__wipe(text, len);
    free(text);
    free(lines);
    if (sc != NULL && rc != 0)
        return zmqx__fail(op, path, ENOMEM, NULL);
    return rc == 0 ? n : -1;
}

/* Constant-time comparison of two byte strings (length aside). */
static bool same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    unsigned char diff = alen != blen;
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char) (a[i] ^ b[i]);
    return diff == 0;
}

bool zmqx__auth_plain_ok(zmqx_auth_t *a, const char *domain, const char *user, size_t ulen,
                         const char *password, size_t plen, char *user_id)
{
    zmqx__scope_t *sc[2];
    int n = zmqx__auth_scopes(a, domain, sc);
    for (int i = 0; i < n; i++) {
        zmqx__plain_user_t *u = user_find(sc[i], user, ulen);
        if (u == NULL)
            continue;
        if (!same_bytes(u->password, u->password_len, password, plen))
            return false;
        memcpy(user_id, u->user, ulen + 1);
        return true;
    }
    return false;
}

/* ---- CURVE -------------------------------------------------------------- */

static zmqx__curve_entry_t *key_find(zmqx__scope_t *sc, const uint8_t *key)
{
    for (size_t i = 0; i < sc->nkeys; i++)
        if (memcmp(sc->keys[i].key.bytes, key, 32) == 0)
            return &sc->keys[i];
    return NULL;
}

/* Allow key with user id name (NULL: none) in sc (lock held). -1 ENOMEM. */
static int key_set(zmqx__scope_t *sc, const zmqx_key_t *key, const char *name)
{
    char *id = NULL;
    if (name != NULL && (id = strdup(name)) == NULL)
        return -1;
    zmqx__curve_entry_t *e = key_find(sc, key->bytes);
    if (e == NULL) {
        if (zmqx__auth_grow((void **) &sc->keys, &sc->capkeys, sc->nkeys, sizeof *e) != 0) {
            free(id);
            return -1;
        }
        e = &sc->keys[sc->nkeys++];
        e->key = *key;
    } else {
        free(e->user_id);
    }
    e->user_id = id;
    return 0;
}

static bool name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len > 255)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char) name[i] < 0x20 || name[i] == 0x7f)
            return false;
    return true;
}

int zmqx_auth_curve_add_named(zmqx_auth_t *a, const zmqx_key_t *public_key, const char *user_id)
{
    const char *op = "auth_curve_add";
    if (public_key == NULL)
        return zmqx__fail(op, NULL, EINVAL, "key is NULL");
    if (user_id != NULL && !name_valid(user_id))
        return zmqx__fail(op, NULL, EINVAL, "user id must be 1..255 bytes without control chars");
    zmqx__scope_t *sc = zmqx__auth_begin(a, op);
    if (sc == NULL)
        return -1;
    int rc = key_set(sc, public_key, user_id);
    zmqx__auth_end(a);
    return rc == 0 ? 0 : zmqx__fail(op, NULL, ENOMEM, NULL);
}

int zmqx_auth_curve_add(zmqx_auth_t *a, const zmqx_key_t *public_key)
{
    return zmqx_auth_curve_add_named(a, public_key, NULL);
}

int zmqx_auth_curve_remove(zmqx_auth_t *a, const zmqx_key_t *public_key)
{
    const char *op = "auth_curve_remove";
    if (public_key == NULL)
        return zmqx__fail(op, NULL, EINVAL, "key is NULL");
    zmqx__scope_t *sc = zmqx__auth_begin(a, op);
    if (sc == NULL)
        return -1;
    zmqx__curve_entry_t *e = key_find(sc, public_key->bytes);
    if (e != NULL) {
        free(e->user_id);
        *e = sc->keys[--sc->nkeys];
    }
    zmqx__auth_end(a);
    if (e == NULL)
        return zmqx__fail(op, NULL, ENOENT, "key not listed in this domain");
    return 0;
}

int zmqx_auth_curve_allow_any(zmqx_auth_t *a)
{
    zmqx__scope_t *sc = zmqx__auth_begin(a, "auth_curve_allow_any");
    if (sc == NULL)
        return -1;
    sc->curve_any = true;
    zmqx__auth_end(a);
    return 0;
}

bool zmqx__auth_curve_ok(zmqx_auth_t *a, const char *domain, const uint8_t *key, char *user_id)
{
    zmqx__scope_t *sc[2];
    int n = zmqx__auth_scopes(a, domain, sc);
    for (int i = 0; i < n; i++) {
        zmqx__curve_entry_t *e = key_find(sc[i], key);
        if (e != NULL && e->user_id != NULL) {
            snprintf(user_id, 256, "%s", e->user_id);
            return true;
        }
        if (e != NULL || sc[i]->curve_any) {
            zmqx_z85_encode(user_id, 256, key, 32);
            return true;
        }
    }
    return false;
}

/* ---- CURVE key files ---------------------------------------------------- */

/* Keys read from files, added only when every file parsed. */
typedef struct {
    const char *op, *path;
    zmqx__curve_entry_t *keys;
    size_t n, cap, in_file;
} key_list_t;

static int collect_key(void *arg, const zmqx__keyline_t *kl)
{
    key_list_t *kl_list = arg;
    if (kl->secret)
        return 0; /* a key pair file: only its public key counts */
    char *name = kl->name[0] ? strdup(kl->name) : NULL;
    if ((kl->name[0] && name == NULL)
        || zmqx__auth_grow((void **) &kl_list->keys, &kl_list->cap, kl_list->n,
                           sizeof *kl_list->keys) != 0) {
        free(name);
        return zmqx__fail(kl_list->op, kl_list->path, ENOMEM, NULL);
    }
    kl_list->keys[kl_list->n++] = (zmqx__curve_entry_t) { kl->key, name };
    kl_list->in_file++;
    return 0;
}

static int load_key_file(key_list_t *list, const char *file)
{
    list->in_file = 0;
    list->path = file;
    if (zmqx__keyfile_parse(list->op, file, collect_key, list) != 0)
        return -1;
    if (list->in_file == 0)
        return zmqx__fail(list->op, file, EINVAL, "no \"public <key>\" line");
    return 0;
}

static int name_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *) x, *(char *const *) y);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The names of the key files in dir (sorted; not hidden, not backups, not
 * secret certificates) into *names / *count. 0, or -1 with the error
 * filled. */
static int list_dir(const char *op, const char *dir, char ***names, size_t *count)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return zmqx__fail(op, dir, errno, "%s", strerror(errno));
    size_t n = 0, cap = 0;
    struct dirent *ent;
    bool failed = false;
    *names = NULL;
    while (!failed && (ent = readdir(d)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (ent->d_name[0] == '.' || ent->d_name[len - 1] == '~'
            || (len >= 7 && strcmp(ent->d_name + len - 7, "_secret") == 0))
            continue; /* hidden, backups, secret certificates (CZMQ's zcertstore rule) */
        char *name = strdup(ent->d_name);
        failed = name == NULL || zmqx__auth_grow((void **) names, &cap, n, sizeof **names) != 0;
        if (failed)
            free(name);
        else
            (*names)[n++] = name;
    }
    closedir(d);
    if (failed) {
        free_names(*names, n);
        return zmqx__fail(op, dir, ENOMEM, NULL);
    }
    if (n > 1)
        qsort(*names, n, sizeof **names, name_cmp);
    *count = n;
    return 0;
}

static int load_key_dir(key_list_t *list, const char *dir)
{
    size_t n = 0;
    char **names;
    if (list_dir(list->op, dir, &names, &n) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *file = malloc(len);
        if (file == NULL) {
            rc = zmqx__fail(list->op, dir, ENOMEM, NULL);
        } else {
            snprintf(file, len, "%s/%s", dir, names[i]);
            struct stat st;
            if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) /* subdirectories are skipped */
                rc = load_key_file(list, file);
        }
        free(file);
    }
    free_names(names, n);
    return rc;
}

int zmqx_auth_curve_load(zmqx_auth_t *a, const char *path)
{
    const char *op = "auth_curve_load";
    if (a == NULL || path == NULL)
        return zmqx__fail(op, path, EINVAL, "%s is NULL", a ? "path" : "authenticator");
    struct stat st;
    if (stat(path, &st) != 0)
        return zmqx__fail(op, path, errno, "%s", strerror(errno));
    key_list_t list = { .op = op };
    int rc = S_ISDIR(st.st_mode) ? load_key_dir(&list, path) : load_key_file(&list, path);
    zmqx__scope_t *sc = rc == 0 ? zmqx__auth_begin(a, op) : NULL;
    for (size_t i = 0; sc != NULL && i < list.n && rc == 0; i++)
        rc = key_set(sc, &list.keys[i].key, list.keys[i].user_id);
    if (sc != NULL)
        zmqx__auth_end(a);
    for (size_t i = 0; i < list.n; i++)
        free(list.keys[i].user_id);
    free(list.keys);
    if (sc != NULL && rc != 0)
        return zmqx__fail(op, path, ENOMEM, NULL);
    return rc == 0 ? (int) list.n : -1;
}

void zmqx__scope_free_creds(zmqx__scope_t *sc)
{
    for (size_t i = 0; i < sc->nusers; i++)
        user_free(&sc->users[i]);
    free(sc->users);
    sc->users = NULL;
    sc->nusers = sc->capusers = 0;
    for (size_t i = 0; i < sc->nkeys; i++)
        free(sc->keys[i].user_id);
    free(sc->keys);
    sc->keys = NULL;
    sc->nkeys = sc->capkeys = 0;
}
