/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: security (Z85 known answers and malformed input, CURVE keys,
 * wiping, key files, socket security options, libzmq without CURVE). */
#include "tu_files.h"

#include <dlfcn.h>

/* ---- libzmq without CURVE ----------------------------------------------
 * This definition interposes libzmq's zmq_has for libzmqx too (the
 * executable's symbol comes first), so a test can pretend CURVE is absent. */
static int fake_no_curve;

int zmq_has(const char *capability)
{
    static int (*real)(const char *);
    if (fake_no_curve && capability != NULL && strcmp(capability, "curve") == 0)
        return 0;
    if (real == NULL) {
        void *sym = dlsym(RTLD_NEXT, "zmq_has");
        memcpy(&real, &sym, sizeof real);
    }
    return real(capability);
}

/* ---- helpers ------------------------------------------------------------ */

static void hex_to_key(const char *hex, zmqx_key_t *k)
{
    for (int i = 0; i < 32; i++) {
        unsigned v;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        k->bytes[i] = (uint8_t) v;
    }
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* The libzmq documentation's test keys (man zmq_curve). */
#define CLIENT_PUBLIC_HEX "BB88471D65E2659B30C55A5321CEBB5AAB2B70A398645C26DCA2B2FCB43FC518"
#define CLIENT_PUBLIC_Z85 "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
#define CLIENT_SECRET_HEX "7BB864B489AFA3671FBE69101F94B38972F24816DFB01B51656B3FEC8DFD0888"
#define CLIENT_SECRET_Z85 "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
#define SERVER_PUBLIC_HEX "54FCBA24E93249969316FB617C872BB0C1D1FF14800427C594CBFACF1BC2D652"
#define SERVER_PUBLIC_Z85 "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
#define SERVER_SECRET_HEX "8E0BDD697628B91D8F245587EE95C5B04D48963F79259877B49CD9063AEAD3B7"
#define SERVER_SECRET_Z85 "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

static void files_setup(void)
{
    tu_tmpdir_make();
}

static void files_teardown(void)
{
    tu_remove_tree(tu_tmpdir);
}

static void assert_mode(const char *path, unsigned mode)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, mode);
}

/* ---- Z85 known answers -------------------------------------------------- */

START_TEST(z85_hello_world)
{
    static const uint8_t data[8] = { 0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B };
    char text[11];
    ck_assert_int_eq(zmqx_z85_encode(text, sizeof text, data, sizeof data), 10);
    ck_assert_str_eq(text, "HelloWorld");
    uint8_t back[8];
    ck_assert_int_eq(zmqx_z85_decode(back, sizeof back, "HelloWorld"), 8);
    ck_assert_mem_eq(back, data, 8);
}
END_TEST

START_TEST(z85_curve_test_keys)
{
    static const char *const hex[] = { CLIENT_PUBLIC_HEX, CLIENT_SECRET_HEX, SERVER_PUBLIC_HEX,
                                       SERVER_SECRET_HEX };
    static const char *const z85[] = { CLIENT_PUBLIC_Z85, CLIENT_SECRET_Z85, SERVER_PUBLIC_Z85,
                                       SERVER_SECRET_Z85 };
    for (int i = 0; i < 4; i++) {
        zmqx_key_t k, parsed;
        hex_to_key(hex[i], &k);
        char text[41];
        ck_assert_int_eq(zmqx_z85_encode(text, sizeof text, k.bytes, 32), 40);
        ck_assert_str_eq(text, z85[i]);
        ck_assert_int_eq(zmqx_key_z85(&k, text), 0);
        ck_assert_str_eq(text, z85[i]);
        ck_assert_int_eq(zmqx_key_parse(&parsed, z85[i], 40), 0);
        ck_assert_mem_eq(parsed.bytes, k.bytes, 32);
        ck_assert_int_eq(zmqx_key_parse(&parsed, k.bytes, 32), 0);
        ck_assert_mem_eq(parsed.bytes, k.bytes, 32);
    }
}
END_TEST

START_TEST(curve_public_derives_the_test_keys)
{
    zmqx_key_t secret, pub, want;
    hex_to_key(CLIENT_SECRET_HEX, &secret);
    hex_to_key(CLIENT_PUBLIC_HEX, &want);
    ck_assert_int_eq(zmqx_curve_public(&pub, &secret), 0);
    ck_assert_mem_eq(pub.bytes, want.bytes, 32);
    zmqx_key_parse(&secret, SERVER_SECRET_Z85, 40);
    zmqx_key_parse(&want, SERVER_PUBLIC_Z85, 40);
    ck_assert_int_eq(zmqx_curve_public(&pub, &secret), 0);
    ck_assert_mem_eq(pub.bytes, want.bytes, 32);
}
END_TEST

START_TEST(z85_round_trips)
{
    static const size_t sizes[] = { 0, 4, 8, 24, 32, 64 };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint8_t data[64], back[64];
        char text[81];
        for (size_t i = 0; i < sizes[s]; i++)
            data[i] = (uint8_t) (i * 37 + s * 11 + (i == 3 ? 255 : 0));
        if (sizes[s] >= 8)
            memset(data + 4, 0xff, 4); /* the largest group */
        int n = zmqx_z85_encode(text, sizes[s] * 5 / 4 + 1, data, sizes[s]);
        ck_assert_int_eq(n, (int) (sizes[s] * 5 / 4));
        ck_assert_uint_eq(strlen(text), sizes[s] * 5 / 4);
        memset(back, 0xaa, sizeof back);
        ck_assert_int_eq(zmqx_z85_decode(back, sizes[s], text), (int) sizes[s]);
        ck_assert(sizes[s] == 0 || memcmp(back, data, sizes[s]) == 0);
        ck_assert_uint_eq(back[sizes[s] < 64 ? sizes[s] : 63], sizes[s] < 64 ? 0xaa : data[63]);
    }
}
END_TEST

/* ---- Z85 malformed input ------------------------------------------------ */

START_TEST(z85_encode_rejects_bad_input)
{
    uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    char text[16];
    ck_assert_int_eq(zmqx_z85_encode(NULL, 16, data, 8), -1);
    tu_assert_error(EINVAL, "z85_encode: dest is NULL");
    ck_assert_int_eq(zmqx_z85_encode(text, 16, NULL, 8), -1);
    tu_assert_error(EINVAL, "data is NULL");
    ck_assert_int_eq(zmqx_z85_encode(text, 16, data, 7), -1);
    tu_assert_error(EINVAL, "size 7 is not a multiple of 4");
    ck_assert_int_eq(zmqx_z85_encode(text, 16, data, 3), -1);
    ck_assert_int_eq(zmqx_z85_encode(text, 16, data, (size_t) -4), -1);
    tu_assert_error(EINVAL, "too large");
    /* One char short (the NUL's place): refused, nothing written. */
    memset(text, 'x', sizeof text);
    ck_assert_int_eq(zmqx_z85_encode(text, 10, data, 8), -1);
    tu_assert_error(EINVAL, "destination holds 10 chars, 11 needed");
    ck_assert_int_eq(text[0], 'x');
    ck_assert_int_eq(zmqx_z85_encode(text, 0, data, 0), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_z85_encode(text, 1, data, 0), 0);
    ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(z85_decode_rejects_bad_input)
{
    uint8_t out[16];
    memset(out, 0x5a, sizeof out);
    ck_assert_int_eq(zmqx_z85_decode(NULL, 16, "HelloWorld"), -1);
    tu_assert_error(EINVAL, "z85_decode: dest is NULL");
    ck_assert_int_eq(zmqx_z85_decode(out, 16, NULL), -1);
    tu_assert_error(EINVAL, "text is NULL");
    /* bad lengths */
    static const char *const lengths[] = { "H", "Hell", "HelloW", "HelloWorl", "HelloWorld!" };
    for (size_t i = 0; i < 5; i++) {
        ck_assert_int_eq(zmqx_z85_decode(out, 16, lengths[i]), -1);
        tu_assert_error(EINVAL, "is not a multiple of 5");
    }
    /* every char outside the alphabet */
    int bad = 0;
    for (int c = 1; c < 256; c++) {
        if (strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   ".-:+=^!/*?&<>()[]{}@%$#",
                   c))
            continue;
        char text[11] = "HelloWorld";
        text[7] = (char) c;
        ck_assert_int_eq(zmqx_z85_decode(out, 16, text), -1);
        char want[64];
        snprintf(want, sizeof want, "invalid Z85 character 0x%02x at offset 7", c);
        tu_assert_error(EINVAL, want);
        bad++;
    }
    ck_assert_int_eq(bad, 255 - 85);
    /* overflow: "%nSc0" is 0xFFFFFFFF, "%nSc1" one more; "#####" is 85^5-1 */
    ck_assert_int_eq(zmqx_z85_decode(out, 16, "%nSc0"), 4);
    ck_assert_mem_eq(out, "\xff\xff\xff\xff", 4);
    memset(out, 0x5a, sizeof out);
    ck_assert_int_eq(zmqx_z85_decode(out, 16, "HelloWorld%nSc1"), -1);
    tu_assert_error(EINVAL, "Z85 group at offset 10 exceeds 2^32-1");
    ck_assert_int_eq(zmqx_z85_decode(out, 16, "#####"), -1);
    tu_assert_error(EINVAL, "exceeds 2^32-1");
    /* too small a destination */
    ck_assert_int_eq(zmqx_z85_decode(out, 7, "HelloWorld"), -1);
    tu_assert_error(EINVAL, "destination holds 7 bytes, 8 needed");
    ck_assert(out[0] == 0x5a && out[6] == 0x5a); /* untouched after every failure */
    ck_assert_int_eq(zmqx_z85_decode(out, 0, ""), 0);
}
END_TEST

START_TEST(key_parse_rejects_bad_input)
{
    zmqx_key_t k;
    static const size_t lengths[] = { 0, 1, 31, 33, 39, 41, 64 };
    char buf[80];
    memset(buf, 'a', sizeof buf);
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        ck_assert_int_eq(zmqx_key_parse(&k, buf, lengths[i]), -1);
        char want[80];
        snprintf(want, sizeof want, "a key is 32 raw bytes or 40 Z85 chars, got %zu bytes",
                 lengths[i]);
        tu_assert_error(EINVAL, want);
    }
    char text[41] = CLIENT_PUBLIC_Z85;
    text[12] = '"';
    ck_assert_int_eq(zmqx_key_parse(&k, text, 40), -1);
    tu_assert_error(EINVAL, "key_parse: invalid Z85 character 0x22 at offset 12");
    ck_assert_int_eq(zmqx_key_parse(&k, "################################################", 40),
                     -1);
    tu_assert_error(EINVAL, "exceeds 2^32-1");
    ck_assert_int_eq(zmqx_key_parse(NULL, buf, 32), -1);
    tu_assert_error(EINVAL, "destination is NULL");
    ck_assert_int_eq(zmqx_key_parse(&k, NULL, 32), -1);
    tu_assert_error(EINVAL, "key is NULL");
    ck_assert_int_eq(zmqx_key_z85(NULL, text), -1);
    ck_assert_int_eq(zmqx_key_z85(&k, NULL), -1);
    tu_assert_error(EINVAL, "out is NULL");
}
END_TEST

/* ---- CURVE keys --------------------------------------------------------- */

START_TEST(keypair_is_random_and_consistent)
{
    zmqx_keypair_t a, b;
    ck_assert_int_eq(zmqx_curve_keypair(&a), 0);
    ck_assert_int_eq(zmqx_curve_keypair(&b), 0);
    ck_assert(!all_zero(a.public_key.bytes, 32) && !all_zero(a.secret_key.bytes, 32));
    ck_assert(memcmp(a.public_key.bytes, b.public_key.bytes, 32) != 0);
    ck_assert(memcmp(a.secret_key.bytes, b.secret_key.bytes, 32) != 0);
    zmqx_key_t derived;
    ck_assert_int_eq(zmqx_curve_public(&derived, &a.secret_key), 0);
    ck_assert_mem_eq(derived.bytes, a.public_key.bytes, 32);
    ck_assert_int_eq(zmqx_curve_keypair(NULL), -1);
    tu_assert_error(EINVAL, "curve_keypair: key pair is NULL");
    ck_assert_int_eq(zmqx_curve_public(NULL, &a.secret_key), -1);
    tu_assert_error(EINVAL, "public key is NULL");
    ck_assert_int_eq(zmqx_curve_public(&derived, NULL), -1);
    tu_assert_error(EINVAL, "secret key is NULL");
    zmqx_keypair_wipe(&a);
    zmqx_keypair_wipe(&b);
}
END_TEST

START_TEST(wipe_zeroes_keys)
{
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    zmqx_key_t k = kp.secret_key;
    zmqx_key_wipe(&k);
    ck_assert(all_zero(k.bytes, 32));
    ck_assert(!all_zero(kp.secret_key.bytes, 32));
    zmqx_keypair_wipe(&kp);
    ck_assert(all_zero(&kp, sizeof kp));
    zmqx_key_wipe(NULL);
    zmqx_keypair_wipe(NULL);
}
END_TEST

START_TEST(without_curve_keys_fail_clearly)
{
    fake_no_curve = 1;
    zmqx_keypair_t kp;
    memset(&kp, 0x11, sizeof kp);
    ck_assert_int_eq(zmqx_curve_keypair(&kp), -1);
    tu_assert_error(ENOTSUP, "curve_keypair: libzmq was built without CURVE");
    zmqx_key_t pub;
    ck_assert_int_eq(zmqx_curve_public(&pub, &kp.secret_key), -1);
    tu_assert_error(ENOTSUP, "curve_public: libzmq was built without CURVE");
    ck_assert_uint_eq(kp.public_key.bytes[0], 0x11); /* never all-zero keys */

    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(s, &kp.secret_key), -1);
    tu_assert_error(ENOTSUP, "set_curve_server: libzmq was built without CURVE");
    ck_assert_int_eq(zmqx_socket_set_curve_client(s, &kp.public_key, &kp), -1);
    tu_assert_error(ENOTSUP, "libzmq was built without CURVE");
    ck_assert_int_eq(zmqx_socket_set_curve_client(s, &kp.public_key, NULL), -1);
    tu_assert_error(ENOTSUP, "libzmq was built without CURVE");
    int mech = -1;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_MECHANISM, &mech), 0);
    ck_assert_int_eq(mech, ZMQ_NULL);
    fake_no_curve = 0;
    zmqx_socket_destroy(&s);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* ---- key files ---------------------------------------------------------- */

START_TEST(keypair_file_round_trip)
{
    zmqx_keypair_t kp, back;
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    const char *path = tu_tmp_path("server.key");
    ck_assert_int_eq(zmqx_keypair_save(path, &kp), 0);
    assert_mode(path, 0600);
    ck_assert_int_eq(tu_count_files(), 1); /* no temporary file left */
    ck_assert_int_eq(zmqx_keypair_load(path, &back), 2);
    ck_assert_mem_eq(&back, &kp, sizeof kp);
    zmqx_key_t pub;
    ck_assert_int_eq(zmqx_key_load_public(path, &pub), 2); /* as keypair_load: a secret too */
    ck_assert_mem_eq(pub.bytes, kp.public_key.bytes, 32);
    /* saving again replaces the file atomically */
    zmqx_keypair_t kp2;
    ck_assert_int_eq(zmqx_curve_keypair(&kp2), 0);
    ck_assert_int_eq(zmqx_keypair_save(path, &kp2), 0);
    ck_assert_int_eq(zmqx_keypair_load(path, &back), 2);
    ck_assert_mem_eq(&back, &kp2, sizeof kp2);
    ck_assert_int_eq(tu_count_files(), 1);
    zmqx_keypair_wipe(&kp);
    zmqx_keypair_wipe(&kp2);
    zmqx_keypair_wipe(&back);
}
END_TEST

START_TEST(public_key_file)
{
    zmqx_keypair_t kp, back;
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    const char *path = tu_tmp_path("client.pub");
    ck_assert_int_eq(zmqx_key_save_public(path, &kp.public_key, NULL), 0);
    assert_mode(path, 0644);
    memset(&back, 0x33, sizeof back);
    ck_assert_int_eq(zmqx_keypair_load(path, &back), 1);
    ck_assert_mem_eq(back.public_key.bytes, kp.public_key.bytes, 32);
    ck_assert(all_zero(back.secret_key.bytes, 32));
    zmqx_key_t pub;
    ck_assert_int_eq(zmqx_key_load_public(path, &pub), 1); /* as keypair_load: public only */
    ck_assert_mem_eq(pub.bytes, kp.public_key.bytes, 32);
    zmqx_keypair_wipe(&kp);
}
END_TEST

START_TEST(key_file_format)
{
    tu_write_file("handmade.key", "# a key pair written by hand\r\n"
                               "\r\n"
                               "   # indented comment\n"
                               "public\t" SERVER_PUBLIC_Z85 "   \n"
                               "\n"
                               "  secret " SERVER_SECRET_Z85 "\r\n");
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("handmade.key"), &kp), 2);
    char text[41];
    zmqx_key_z85(&kp.public_key, text);
    ck_assert_str_eq(text, SERVER_PUBLIC_Z85);
    zmqx_key_z85(&kp.secret_key, text);
    ck_assert_str_eq(text, SERVER_SECRET_Z85);
    /* a name after the public key is allowed (the authenticator's user id) */
    tu_write_file("named.pub", "public " CLIENT_PUBLIC_Z85 " Alice Smith\n");
    zmqx_key_t k;
    ck_assert_int_eq(zmqx_key_load_public(tu_tmp_path("named.pub"), &k), 1);
    zmqx_key_z85(&k, text);
    ck_assert_str_eq(text, CLIENT_PUBLIC_Z85);
    zmqx_keypair_wipe(&kp);
}
END_TEST

/* Load file text and expect EINVAL with detail in the message; the
 * message must not hold any of the server's secret text. */
static void expect_bad_file(const char *text, const char *detail)
{
    tu_write_file("bad.key", text);
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("bad.key"), &kp), -1);
    tu_assert_error(EINVAL, "keypair_load ");
    tu_assert_error(EINVAL, tu_tmp_path("bad.key"));
    tu_assert_error(EINVAL, detail);
    ck_assert_ptr_null(strstr(zmqx_strerror(), "JTKVSB"));
    ck_assert_ptr_null(strstr(zmqx_strerror(), "wOTJ"));
}

START_TEST(key_file_errors_name_file_and_line)
{
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\nprivate " SERVER_SECRET_Z85 "\n",
                    ": line 2: expected \"public <key>\" or \"secret <key>\"");
    expect_bad_file("# c\npublic " SERVER_PUBLIC_Z85 "\nsecret JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh\n",
                    "line 3: the secret key is not 40 Z85 chars");
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\nsecret JTKVSB%%)wK0E.X)V>+}o?pN~C{O&4W4b!Ni{Lh6\n",
                    "line 2: the secret key is not 40 Z85 chars");
    expect_bad_file("public\n", "line 1: the public key is not 40 Z85 chars");
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\npublic " CLIENT_PUBLIC_Z85 "\n",
                    "line 2: a second public key");
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\nsecret " SERVER_SECRET_Z85 "\nsecret "
                    SERVER_SECRET_Z85 "\n",
                    "line 3: a second secret key");
    expect_bad_file("secret " SERVER_SECRET_Z85 "\n", "no \"public <key>\" line");
    expect_bad_file("# nothing\n", "no \"public <key>\" line");
    expect_bad_file("public " CLIENT_PUBLIC_Z85 "\nsecret " SERVER_SECRET_Z85 "\n",
                    "line 1: the secret key does not belong to this public key");
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\nsecret " SERVER_SECRET_Z85 " extra\n",
                    "line 2: unexpected text after the secret key");
    expect_bad_file("public " SERVER_PUBLIC_Z85 " bad\x01name\n",
                    "line 1: control character in the name");
}
END_TEST

START_TEST(key_file_system_errors)
{
    zmqx_keypair_t kp;
    zmqx_key_t k;
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("missing.key"), &kp), -1);
    tu_assert_error(ENOENT, "missing.key");
    ck_assert_int_eq(zmqx_key_load_public(tu_tmpdir, &k), -1);
    tu_assert_error(EINVAL, "not a regular file");
    ck_assert_int_eq(zmqx_keypair_load(NULL, &kp), -1);
    tu_assert_error(EINVAL, "path is NULL");
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("x"), NULL), -1);
    tu_assert_error(EINVAL, "key pair is NULL");
    ck_assert_int_eq(zmqx_key_load_public(tu_tmp_path("x"), NULL), -1);
    tu_assert_error(EINVAL, "key is NULL");
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    ck_assert_int_eq(zmqx_keypair_save(NULL, &kp), -1);
    tu_assert_error(EINVAL, "path is NULL");
    ck_assert_int_eq(zmqx_keypair_save(tu_tmp_path("a"), NULL), -1);
    tu_assert_error(EINVAL, "key pair is NULL");
    ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("a"), NULL, NULL), -1);
    tu_assert_error(EINVAL, "key is NULL");
    ck_assert_int_eq(zmqx_key_save_public(NULL, &k, NULL), -1);
    ck_assert_int_eq(zmqx_keypair_save(tu_tmp_path("no/such/dir/k"), &kp), -1);
    tu_assert_error(ENOENT, "cannot create a temporary file");
    /* not text, not a regular file (a FIFO must not block the load) */
    FILE *f = fopen(tu_tmp_path("nul.key"), "w");
    fwrite("public \0", 1, 8, f);
    fclose(f);
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("nul.key"), &kp), -1);
    tu_assert_error(EINVAL, "not a text file (it holds a NUL byte)");
    unlink(tu_tmp_path("nul.key"));
    ck_assert_int_eq(mkfifo(tu_tmp_path("fifo"), 0600), 0);
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("fifo"), &kp), -1);
    tu_assert_error(EINVAL, "fifo: not a regular file");
    unlink(tu_tmp_path("fifo"));
    /* renaming over a directory fails, and the temporary file is removed */
    ck_assert_int_eq(mkdir(tu_tmp_path("adir"), 0700), 0);
    ck_assert_int_eq(zmqx_keypair_save(tu_tmp_path("adir"), &kp), -1);
    tu_assert_error(EISDIR, "adir");
    ck_assert_int_eq(tu_count_files(), 1);
    rmdir(tu_tmp_path("adir"));
    zmqx_keypair_wipe(&kp);
}
END_TEST

/* ---- ZPL certificates (CZMQ zcert, pyzmq zmq.auth) ---------------------- */

/* What pyzmq 25's zmq.auth.create_certificates writes (its public file has
 * an empty metadata section; its metadata values are not quoted). */
#define PYZMQ_PUBLIC_CERT                                                                  \
    "#   ****  Generated on 2026-12-03 17:00:00.123456 by pyzmq  ****\n"                     \
    "#   ZeroMQ CURVE Public Certificate\n"                                                  \
    "#   Exchange securely, or use a secure mechanism to verify the contents\n"              \
    "#   of this file after exchange. Store public certificates in your home\n"              \
    "#   directory, in the .curve subdirectory.\n\n"                                         \
    "metadata\n"                                                                             \
    "curve\n"                                                                                \
    "    public-key = \"" SERVER_PUBLIC_Z85 "\"\n"
#define PYZMQ_SECRET_CERT                                                                  \
    "#   ****  Generated on 2026-12-03 17:00:00.123456 by pyzmq  ****\n"                     \
    "#   ZeroMQ CURVE **Secret** Certificate\n"                                              \
    "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n"            \
    "metadata\n"                                                                             \
    "    name = server one\n"                                                                \
    "curve\n"                                                                                \
    "    public-key = \"" SERVER_PUBLIC_Z85 "\"\n"                                           \
    "    secret-key = \"" SERVER_SECRET_Z85 "\"\n"
/* What CZMQ 4.2's zcert_save writes (zconfig: a comment block, a blank
 * line, quoted values). */
#define CZMQ_SECRET_CERT                                                                   \
    "#   ****  Generated on 2026-12-03 17:00:00 by CZMQ  ****\n"                             \
    "#   ZeroMQ CURVE **Secret** Certificate\n"                                              \
    "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n"            \
    "metadata\n"                                                                             \
    "    email = \"alice@example.com\"\n"                                                    \
    "    name = \"Alice\"\n"                                                                 \
    "curve\n"                                                                                \
    "    public-key = \"" CLIENT_PUBLIC_Z85 "\"\n"                                           \
    "    secret-key = \"" CLIENT_SECRET_Z85 "\"\n"

/* Load name (a file in tu_tmpdir) as a pair: expect rc and, if it is not
 * -1, these keys (secret NULL: all zeros). */
static void expect_pair(const char *name, int rc, const char *pub, const char *sec)
{
    zmqx_keypair_t kp;
    memset(&kp, 0x5a, sizeof kp);
    ck_assert_msg(zmqx_keypair_load(tu_tmp_path(name), &kp) == rc, "%s: %s", name,
                  zmqx_strerror());
    char text[41];
    zmqx_key_z85(&kp.public_key, text);
    ck_assert_str_eq(text, pub);
    if (sec != NULL) {
        zmqx_key_z85(&kp.secret_key, text);
        ck_assert_str_eq(text, sec);
    } else {
        ck_assert(all_zero(kp.secret_key.bytes, 32));
    }
    zmqx_key_t k;
    ck_assert_int_eq(zmqx_key_load_public(tu_tmp_path(name), &k), rc);
    ck_assert_mem_eq(k.bytes, kp.public_key.bytes, 32);
    zmqx_keypair_wipe(&kp);
}

START_TEST(cert_as_pyzmq_and_czmq_write_them)
{
    tu_write_file("server.key", PYZMQ_PUBLIC_CERT);
    tu_write_file("server.key_secret", PYZMQ_SECRET_CERT);
    tu_write_file("alice_secret", CZMQ_SECRET_CERT);
    expect_pair("server.key", 1, SERVER_PUBLIC_Z85, NULL);
    expect_pair("server.key_secret", 2, SERVER_PUBLIC_Z85, SERVER_SECRET_Z85);
    expect_pair("alice_secret", 2, CLIENT_PUBLIC_Z85, CLIENT_SECRET_Z85);
}
END_TEST

START_TEST(cert_zpl_forms)
{
    /* CRLF, comments (indented, after values), no metadata, curve first,
     * single quotes, bare values, no blanks around '=', trailing blanks */
    tu_write_file("a", "\r\n# c\r\n  # two spaces\r\ncurve\r\n    # about the key\r\n"
                       "    public-key='" SERVER_PUBLIC_Z85 "'   # the server\r\n"
                       "    secret-key = \"" SERVER_SECRET_Z85 "\"\t\r\n"
                       "metadata   # after\r\n    flag\r\n    x-y.z@a&b+c/d = bare value  \r\n");
    expect_pair("a", 2, SERVER_PUBLIC_Z85, SERVER_SECRET_Z85);
    /* a bare key (Z85 without '#') and blank lines with blanks */
    tu_write_file("b", "metadata\n   \n\t\ncurve\n    public-key =" CLIENT_PUBLIC_Z85 "\n");
    expect_pair("b", 1, CLIENT_PUBLIC_Z85, NULL);
    /* no newline at the end */
    tu_write_file("c", "curve\n    public-key = \"" CLIENT_PUBLIC_Z85 "\"");
    expect_pair("c", 1, CLIENT_PUBLIC_Z85, NULL);
    /* a long but legal file: 20000 metadata items */
    FILE *f = fopen(tu_tmp_path("d"), "w");
    fputs("metadata\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "    item%d = \"value %d\"\n", i, i);
    fputs("curve\n    public-key = \"" CLIENT_PUBLIC_Z85 "\"\n", f);
    fclose(f);
    expect_pair("d", 1, CLIENT_PUBLIC_Z85, NULL);
}
END_TEST

START_TEST(cert_errors_name_file_and_line)
{
#define PUB "    public-key = \"" SERVER_PUBLIC_Z85 "\"\n"
#define SEC "    secret-key = \"" SERVER_SECRET_Z85 "\"\n"
    expect_bad_file("metadata\n    name = \"x\"\n", "no public-key in a curve section");
    expect_bad_file("curve\n" SEC, "no public-key in a curve section");
    expect_bad_file("curve\n", "no public-key in a curve section");
    expect_bad_file("curve\n\t" PUB, "line 2: indent with spaces (4 a level), not tabs");
    expect_bad_file("curve\n  public-key = \"" SERVER_PUBLIC_Z85 "\"\n",
                    "line 2: indented by 2 spaces, not a multiple of 4");
    expect_bad_file("curve\n" PUB "        deeper = 1\n",
                    "line 3: indented deeper than its section allows");
    expect_bad_file("metadata\ncurve\n" PUB "keys\n",
                    "line 4: unknown section (a certificate has \"metadata\" and \"curve\")");
    expect_bad_file("curve\n" PUB "    public = 1\n",
                    "line 3: unknown curve item (public-key or secret-key expected)");
    /* a key typed where a name goes is never quoted (expect_bad_file checks) */
    expect_bad_file("curve\n" PUB "    JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6\n",
                    "line 3: unexpected text after the name (\"name = value\" expected)");
    expect_bad_file("curve\n" PUB "    JTKVSB\n", "line 3: unknown curve item");
    expect_bad_file("curve\n" PUB "JTKVSB\n", "line 3: unknown section");
    expect_bad_file("curve\n" PUB "curve\n", "line 3: a second curve section");
    expect_bad_file("curve = 1\n" PUB, "line 1: the curve section takes no value");
    expect_bad_file("curve\n" PUB PUB, "line 3: a second public-key");
    expect_bad_file("curve\n" PUB SEC SEC, "line 4: a second secret-key");
    expect_bad_file("curve\n    public-key = \"rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf\"\n",
                    "line 2: the public-key is not 40 Z85 chars");
    expect_bad_file("curve\n" PUB "    secret-key = \"JTKVSB%%)wK0E.X)V>+}o?pN~C{O&4W4b!Ni{Lh6\"\n",
                    "line 3: the secret-key is not 40 Z85 chars");
    expect_bad_file("curve\n    public-key\n", "line 2: the public-key is not 40 Z85 chars");
    /* '#' ends a bare value, as in CZMQ: keys are written quoted */
    expect_bad_file("curve\n    public-key = rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y#7\n",
                    "line 2: the public-key is not 40 Z85 chars");
    expect_bad_file("curve\n    public-key = \"" SERVER_PUBLIC_Z85 "\n",
                    "line 2: no closing \"");
    expect_bad_file("curve\n    public-key = \"" SERVER_PUBLIC_Z85 "\" x\n",
                    "line 2: unexpected text after the quoted value");
    expect_bad_file("curve\n    secret-key JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6\n",
                    "line 2: unexpected text after the name (\"name = value\" expected)");
    expect_bad_file("curve\n    = \"x\"\n", "line 2: expected a name");
    expect_bad_file("curve\n    public-key = \"" CLIENT_PUBLIC_Z85 "\"\n" SEC,
                    "line 2: the secret key does not belong to this public key");
    zmqx_key_t k; /* the public key alone: the same check, the same answer */
    ck_assert_int_eq(zmqx_key_load_public(tu_tmp_path("bad.key"), &k), -1);
    tu_assert_error(EINVAL, "line 2: the secret key does not belong to this public key");
    /* neither format */
    expect_bad_file("[curve]\npublic-key = \"" SERVER_PUBLIC_Z85 "\"\n",
                    "line 1: expected \"public <key>\" or \"secret <key>\" (a key file) or a "
                    "\"curve\" section (a certificate)");
    /* one format per file */
    expect_bad_file("public " SERVER_PUBLIC_Z85 "\ncurve\n" PUB, "line 2: expected \"public");
    expect_bad_file("curve\n" PUB "public " SERVER_PUBLIC_Z85 "\n",
                    "line 3: unexpected text after the name");
#undef PUB
#undef SEC
}
END_TEST

START_TEST(cert_huge_file_is_efbig)
{
    FILE *f = fopen(tu_tmp_path("huge"), "w");
    fputs("curve\n    public-key = \"" SERVER_PUBLIC_Z85 "\"\nmetadata\n", f);
    for (int i = 0; i < 40000; i++)
        fputs("    padding = \"0123456789\"\n", f);
    fclose(f);
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("huge"), &kp), -1);
    tu_assert_error(EFBIG, "huge: file larger than 1048576 bytes");
}
END_TEST

/* The whole of a file in tu_tmpdir (static buffer). */
static const char *file_text(const char *name)
{
    static char text[4096];
    FILE *f = fopen(tu_tmp_path(name), "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

START_TEST(cert_save_writes_both_files)
{
    zmqx_keypair_t kp;
    hex_to_key(SERVER_PUBLIC_HEX, &kp.public_key);
    hex_to_key(SERVER_SECRET_HEX, &kp.secret_key);
    const char *meta[] = { "name", "server one", "email", "ops@example.com", NULL };
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("server"), &kp, meta), 0);
    ck_assert_int_eq(tu_count_files(), 2); /* no temporary file left */
    assert_mode(tu_tmp_path("server"), 0644);
    assert_mode(tu_tmp_path("server_secret"), 0600);
    expect_pair("server", 1, SERVER_PUBLIC_Z85, NULL);
    expect_pair("server_secret", 2, SERVER_PUBLIC_Z85, SERVER_SECRET_Z85);
    const char *pub = file_text("server");
    ck_assert_ptr_nonnull(strstr(pub, "metadata\n    name = \"server one\"\n    email = "
                                      "\"ops@example.com\"\ncurve\n    public-key = \""
                                      SERVER_PUBLIC_Z85 "\"\n"));
    ck_assert_ptr_null(strstr(pub, "secret-key"));
    ck_assert_ptr_nonnull(strstr(file_text("server_secret"), "    public-key = \"" SERVER_PUBLIC_Z85
                                 "\"\n    secret-key = \"" SERVER_SECRET_Z85 "\"\n"));
    /* no metadata; saving again replaces both */
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("server"), &kp, NULL), 0);
    ck_assert_ptr_nonnull(strstr(file_text("server"), "metadata\ncurve\n"));
    ck_assert_int_eq(tu_count_files(), 2);
    expect_pair("server_secret", 2, SERVER_PUBLIC_Z85, SERVER_SECRET_Z85);
    zmqx_keypair_wipe(&kp);
}
END_TEST

START_TEST(cert_save_errors)
{
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    ck_assert_int_eq(zmqx_keypair_save_cert(NULL, &kp, NULL), -1);
    tu_assert_error(EINVAL, "keypair_save_cert: path is NULL");
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("c"), NULL, NULL), -1);
    tu_assert_error(EINVAL, "key pair is NULL");
    const char *bad[][3] = {
        { "name", NULL }, /* a name without a value */
        { "", "x" },
        { "two words", "x" },
        { "/lead", "x" },
        { "trail/", "x" },
        { "public-key", "x" },
        { "secret-key-owner", "x" },
        { "name", "a \"quote\"" },
        { "name", "new\nline" },
        { "name", "tab\there" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *meta[] = { "ok", "fine", bad[i][0], bad[i][1], NULL };
        ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("c"), &kp, meta), -1);
        tu_assert_error(EINVAL, "keypair_save_cert ");
        tu_assert_error(EINVAL, "metadata item 2");
    }
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = '\0';
    const char *meta[] = { longname, "x", NULL };
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("c"), &kp, meta), -1);
    tu_assert_error(EINVAL, "metadata item 1: bad name or value");
    longname[255] = '\0'; /* 255 is fine, as are the other name chars */
    const char *fine[] = { longname, "x", "A-z_0.9$@&+/b", "", NULL };
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("c"), &kp, fine), 0);
    ck_assert_int_eq(zmqx_keypair_load(tu_tmp_path("c_secret"), &kp), 2);
    unlink(tu_tmp_path("c"));
    unlink(tu_tmp_path("c_secret"));
    ck_assert_int_eq(tu_count_files(), 0); /* nothing written on a bad call */
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("no/such/dir/c"), &kp, NULL), -1);
    tu_assert_error(ENOENT, "no/such/dir/c_secret: cannot create a temporary file");
    /* the secret goes first: when the public file cannot be written, the
     * error names it */
    ck_assert_int_eq(mkdir(tu_tmp_path("d"), 0700), 0);
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("d"), &kp, NULL), -1);
    tu_assert_error(EISDIR, "keypair_save_cert ");
    zmqx_keypair_wipe(&kp);
}
END_TEST

START_TEST(public_key_file_with_a_name)
{
    zmqx_key_t k;
    hex_to_key(CLIENT_PUBLIC_HEX, &k);
    ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("alice.pub"), &k, "Alice Smith"), 0);
    ck_assert_str_eq(file_text("alice.pub"),
                     "# zmqx CURVE public key\npublic " CLIENT_PUBLIC_Z85 " Alice Smith\n");
    ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("anon.pub"), &k, ""), 0);
    ck_assert_str_eq(file_text("anon.pub"), "# zmqx CURVE public key\npublic " CLIENT_PUBLIC_Z85
                                            "\n");
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = '\0';
    const char *bad[] = { longname, " lead", "trail\t", "bell\a", "del\x7f" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("bad.pub"), &k, bad[i]), -1);
        tu_assert_error(EINVAL, "key_save_public ");
        tu_assert_error(EINVAL, "the name is longer than 255 bytes, holds a control character");
    }
    longname[255] = '\0';
    ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("long.pub"), &k, longname), 0);
    ck_assert_int_eq(zmqx_key_load_public(tu_tmp_path("long.pub"), &k), 1);
    ck_assert_int_eq(tu_count_files(), 3);
}
END_TEST

/* ---- socket security options -------------------------------------------- */

static zmqx_ctx_t *ctx;

static void ctx_setup(void)
{
    ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
}

static void ctx_teardown(void)
{
    zmqx_ctx_destroy(&ctx);
}

static int mechanism(zmqx_socket_t *s)
{
    int m = -1;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_MECHANISM, &m), 0);
    return m;
}

START_TEST(curve_options_are_set)
{
    zmqx_keypair_t server, client;
    zmqx_key_parse(&server.secret_key, SERVER_SECRET_Z85, 40);
    zmqx_key_parse(&server.public_key, SERVER_PUBLIC_Z85, 40);
    zmqx_key_parse(&client.secret_key, CLIENT_SECRET_Z85, 40);
    zmqx_key_parse(&client.public_key, CLIENT_PUBLIC_Z85, 40);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_REP, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(s, &server.secret_key), 0);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, ""), 0); /* no authenticator: say so */
    ck_assert_int_eq(mechanism(s), ZMQ_CURVE);
    int is_server = 0;
    zmqx_socket_get_int(s, ZMQ_CURVE_SERVER, &is_server);
    ck_assert_int_eq(is_server, 1);
    zmqx_socket_t *c = zmqx_socket_new(ctx, ZMQ_REQ, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_client(c, &server.public_key, &client), 0);
    ck_assert_int_eq(mechanism(c), ZMQ_CURVE);
    uint8_t key[32];
    size_t n = sizeof key;
    ck_assert_int_eq(zmqx_socket_get_bytes(c, ZMQ_CURVE_SERVERKEY, key, &n), 0);
    ck_assert_mem_eq(key, server.public_key.bytes, 32);
    n = sizeof key;
    ck_assert_int_eq(zmqx_socket_get_bytes(c, ZMQ_CURVE_PUBLICKEY, key, &n), 0);
    ck_assert_mem_eq(key, client.public_key.bytes, 32);
    /* and they talk */
    int port = zmqx_socket_bind(s, "tcp://127.0.0.1:*");
    ck_assert_int_gt(port, 0);
    ck_assert_int_eq(zmqx_socket_connect(c, zmqx_socket_endpoint(s)), 0);
    ck_assert_int_eq(zmqx_send_str(c, "hi"), 2);
    char *got = zmqx_recv_str(s);
    ck_assert_str_eq(got, "hi");
    free(got);
    zmqx_socket_destroy(&c);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(curve_client_with_a_fresh_pair)
{
    zmqx_keypair_t server;
    ck_assert_int_eq(zmqx_curve_keypair(&server), 0);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, ""), 0); /* before or after: either */
    ck_assert_int_eq(zmqx_socket_set_curve_server(s, &server.secret_key), 0);
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_t *c = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_client(c, &server.public_key, NULL), 0);
    uint8_t key[32];
    size_t n = sizeof key;
    ck_assert_int_eq(zmqx_socket_get_bytes(c, ZMQ_CURVE_PUBLICKEY, key, &n), 0);
    ck_assert(!all_zero(key, 32));
    ck_assert_int_eq(zmqx_socket_connect(c, zmqx_socket_endpoint(s)), 0);
    ck_assert_int_eq(zmqx_send_str(c, "fresh"), 5);
    char *got = zmqx_recv_str(s);
    ck_assert_str_eq(got, "fresh");
    free(got);
    zmqx_socket_destroy(&c);
    zmqx_socket_destroy(&s);
    zmqx_keypair_wipe(&server);
}
END_TEST

START_TEST(plain_and_zap_domain_options)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_plain_server(s), 0);
    ck_assert_int_eq(mechanism(s), ZMQ_PLAIN);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, "global"), 0);
    char dom[64];
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_ZAP_DOMAIN, dom, sizeof dom), 0);
    ck_assert_str_eq(dom, "global");
    zmqx_socket_t *c = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_plain_client(c, "admin", "hunter2"), 0);
    ck_assert_int_eq(mechanism(c), ZMQ_PLAIN);
    ck_assert_int_eq(zmqx_socket_get_string(c, ZMQ_PLAIN_USERNAME, dom, sizeof dom), 0);
    ck_assert_str_eq(dom, "admin");
    zmqx_socket_destroy(&c);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(socket_security_errors)
{
    zmqx_key_t k;
    zmqx_key_parse(&k, SERVER_SECRET_Z85, 40);
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(NULL, &k), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    ck_assert_int_eq(zmqx_socket_set_curve_server(s, NULL), -1);
    tu_assert_error(EINVAL, "secret key is NULL");
    ck_assert_int_eq(zmqx_socket_set_curve_client(s, NULL, NULL), -1);
    tu_assert_error(EINVAL, "server public key is NULL");
    ck_assert_int_eq(zmqx_socket_set_plain_server(NULL), -1);
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, NULL, "pw"), -1);
    tu_assert_error(EINVAL, "user is NULL");
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, "u", NULL), -1);
    tu_assert_error(EINVAL, "password is NULL");
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, "", "pw"), -1);
    tu_assert_error(EINVAL, "user must be 1..255 bytes");
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, "u", ""), -1);
    tu_assert_error(EINVAL, "password must be 1..255 bytes");
    char long_text[300];
    memset(long_text, 'p', sizeof long_text - 1);
    long_text[299] = '\0';
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, "u", long_text), -1);
    tu_assert_error(EINVAL, "password must be 1..255 bytes");
    ck_assert_ptr_null(strstr(zmqx_strerror(), "ppp"));
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, NULL), -1);
    tu_assert_error(EINVAL, "domain is NULL");
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, long_text), -1);
    tu_assert_error(EINVAL, "domain longer than 255 chars");
    ck_assert_int_eq(mechanism(s), ZMQ_NULL);
    /* after a bind or connect: refused, the socket stays as it was */
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    ck_assert_int_eq(zmqx_socket_set_curve_server(s, &k), -1);
    tu_assert_error(EISCONN, "set security before the first bind/connect");
    ck_assert_int_eq(zmqx_socket_set_curve_client(s, &k, NULL), -1);
    tu_assert_error(EISCONN, "set_curve_client");
    ck_assert_int_eq(zmqx_socket_set_plain_server(s), -1);
    tu_assert_error(EISCONN, "set_plain_server");
    ck_assert_int_eq(zmqx_socket_set_plain_client(s, "u", "p"), -1);
    tu_assert_error(EISCONN, "set_plain_client");
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, "d"), -1);
    tu_assert_error(EISCONN, "set_zap_domain");
    ck_assert_int_eq(mechanism(s), ZMQ_NULL);
    zmqx_socket_t *c = zmqx_socket_new(ctx, ZMQ_PULL, ">inproc://nowhere");
    ck_assert_int_eq(zmqx_socket_set_plain_client(c, "u", "p"), -1);
    tu_assert_error(EISCONN, "inproc://nowhere");
    zmqx_socket_destroy(&c);
    zmqx_socket_destroy(&s);
}
END_TEST

static Suite *security_suite(void)
{
    Suite *s = suite_create("security");
    TCase *tc = tu_tcase(s, "z85", 10);
    tcase_add_test(tc, z85_hello_world);
    tcase_add_test(tc, z85_curve_test_keys);
    tcase_add_test(tc, z85_round_trips);
    tcase_add_test(tc, z85_encode_rejects_bad_input);
    tcase_add_test(tc, z85_decode_rejects_bad_input);
    tcase_add_test(tc, key_parse_rejects_bad_input);
    tc = tu_tcase(s, "keys", 10);
    tcase_add_test(tc, curve_public_derives_the_test_keys);
    tcase_add_test(tc, keypair_is_random_and_consistent);
    tcase_add_test(tc, wipe_zeroes_keys);
    tcase_add_test(tc, without_curve_keys_fail_clearly);
    tc = tu_tcase(s, "files", 10);
    tcase_add_checked_fixture(tc, files_setup, files_teardown);
    tcase_add_test(tc, keypair_file_round_trip);
    tcase_add_test(tc, public_key_file);
    tcase_add_test(tc, key_file_format);
    tcase_add_test(tc, key_file_errors_name_file_and_line);
    tcase_add_test(tc, key_file_system_errors);
    tc = tu_tcase(s, "certs", 30);
    tcase_add_checked_fixture(tc, files_setup, files_teardown);
    tcase_add_test(tc, cert_as_pyzmq_and_czmq_write_them);
    tcase_add_test(tc, cert_zpl_forms);
    tcase_add_test(tc, cert_errors_name_file_and_line);
    tcase_add_test(tc, cert_huge_file_is_efbig);
    tcase_add_test(tc, cert_save_writes_both_files);
    tcase_add_test(tc, cert_save_errors);
    tcase_add_test(tc, public_key_file_with_a_name);
    tc = tu_tcase(s, "sockets", 20);
    tcase_add_checked_fixture(tc, ctx_setup, ctx_teardown);
    tcase_add_test(tc, curve_options_are_set);
    tcase_add_test(tc, curve_client_with_a_fresh_pair);
    tcase_add_test(tc, plain_and_zap_domain_options);
    tcase_add_test(tc, socket_security_errors);
    return s;
}

int main(void)
{
    return tu_run(security_suite(), 120);
}
