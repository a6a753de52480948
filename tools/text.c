/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — showing message parts safely and reading escaped input. */
#include "cli.h"

#include <string.h>

static void print_escaped(FILE *f, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        switch (c) {
        case '\\': fputs("\\\\", f); break;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                fputc(c, f);
            else
                fprintf(f, "\\x%02x", c);
        }
    }
}

void cli_print_part(FILE *f, const void *data, size_t size, bool hex)
{
    const unsigned char *p = data;
    if (!hex) {
        print_escaped(f, p, size);
        return;
    }
    for (size_t i = 0; i < size; i++)
        fprintf(f, "%02x", p[i]);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode the escape at s[*i] (just after the backslash) into *out and
 * advance *i past it; -1 if it is not one of \\ \t \n \r \0 \xNN. */
static int decode_escape(const char *s, size_t n, size_t *i, char *out)
{
    if (*i >= n)
        return -1;
    char c = s[(*i)++];
    switch (c) {
    case '\\': *out = '\\'; return 0;
    case 't': *out = '\t'; return 0;
    case 'n': *out = '\n'; return 0;
    case 'r': *out = '\r'; return 0;
    case '0': *out = '\0'; return 0;
    case 'x':
        if (*i + 2 > n || hex_digit(s[*i]) < 0 || hex_digit(s[*i + 1]) < 0)
            return -1;
        *out = (char) (hex_digit(s[*i]) * 16 + hex_digit(s[*i + 1]));
        *i += 2;
        return 0;
    default:
        return -1;
    }
}

int cli_unescape(char *s, size_t *n)
{
    size_t w = 0;
    for (size_t i = 0; i < *n;) {
        char c = s[i++];
        if (c == '\\' && decode_escape(s, *n, &i, &c) != 0)
            return -1;
        s[w++] = c;
    }
    *n = w;
    return 0;
}

int cli_split_tabs(char *line, size_t len, cli_part_t *parts, int max)
{
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t')
            continue;
        if (n == max)
            return -1;
        parts[n].data = line + start;
        parts[n].size = i - start;
        n++;
        start = i + 1;
    }
    return n;
}
