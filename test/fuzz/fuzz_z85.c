/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* libFuzzer target: Z85 decode and encode, and key parsing (raw or Z85). */
#include <zmqx.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    /* Decode into a buffer of every size around the right one. */
    uint8_t out[256];
    size_t cap = size < sizeof out ? size : sizeof out;
    int n = zmqx_z85_decode(out, cap, text);
    if (n >= 0) {
        if ((size_t) n * 5 / 4 != strlen(text))
            abort();
        char back[400];
        if (zmqx_z85_encode(back, sizeof back, out, (size_t) n) < 0 || strcmp(back, text) != 0)
            abort();
    }

    /* Encode the raw input: a multiple of 4 works, anything else fails. */
    char enc[512];
    size_t raw = size < 256 ? size : 256;
    int e = zmqx_z85_encode(enc, sizeof enc, data, raw);
    if ((raw % 4 == 0) != (e >= 0))
        abort();

    zmqx_key_t k;
    if (zmqx_key_parse(&k, data, size) == 0) {
        char z[41];
        if (zmqx_key_z85(&k, z) != 0 || (size != 32 && size != 40))
            abort();
    }
    zmqx_key_wipe(&k);
    free(text);
    return 0;
}
