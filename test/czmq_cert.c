/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* CZMQ's side of the certificate interop tests (test/interop_curve.c),
 * built when libczmq is found:
 *   czmq_cert save PATH   zcert_save of a new certificate (metadata
 *                         name = "czmq"): PATH and PATH_secret
 *   czmq_cert load PATH   zcert_load(PATH), which reads PATH_secret when
 *                         there is one, else PATH
 * Both print "PUBLIC SECRET" in Z85 (a public-only certificate's secret is
 * all zeros: forty '0'). Exit 0, or 1 when CZMQ fails, 2 on bad usage. */
#include <czmq.h>

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "save") != 0 && strcmp(argv[1], "load") != 0)) {
        fprintf(stderr, "usage: czmq_cert save|load PATH\n");
        return 2;
    }
    zcert_t *cert;
    if (strcmp(argv[1], "save") == 0) {
        cert = zcert_new();
        if (cert == NULL)
            return 1;
        zcert_set_meta(cert, "name", "czmq");
        if (zcert_save(cert, argv[2]) != 0) {
            zcert_destroy(&cert);
            return 1;
        }
    } else {
        cert = zcert_load(argv[2]);
        if (cert == NULL)
            return 1;
    }
    printf("%s %s\n", zcert_public_txt(cert), zcert_secret_txt(cert));
    zcert_destroy(&cert);
    return 0;
}
