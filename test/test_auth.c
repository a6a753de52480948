/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: auth (the authenticator: a security matrix over tcp for
 * NULL, PLAIN and CURVE with and without it, address rules with CIDR
 * ranges, ZAP domains, the ZAP protocol itself, rule files, life cycle). */
#define TU_STORM
#include "tu_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

/* test_auth_signals builds this suite against a libzmqx whose threads do
 * not block signals: the storm then reaches the ZAP loop itself. */
#ifdef ZMQX_TEST_SIGNALS_REACH_THREADS
#define REPORT_NAME "signal_storm_keeps_the_door_shut (signals reach the ZAP thread)"
#else
#define REPORT_NAME "signal_storm_keeps_the_door_shut"
#endif

#define CLIENT_PUBLIC_Z85 "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
#define CLIENT_SECRET_Z85 "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
#define SERVER_PUBLIC_Z85 "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
#define SERVER_SECRET_Z85 "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

#define REFUSE_WAIT_MS 300 /* how long a refused client is given to get through */
#define ACCEPT_WAIT_MS 10000

static zmqx_ctx_t *ctx;
static zmqx_auth_t *auth;
static zmqx_keypair_t server_kp, client_kp, stranger_kp;

static void keys_setup(void)
{
    ck_assert_int_eq(zmqx_key_parse(&server_kp.public_key, SERVER_PUBLIC_Z85, 40), 0);
    ck_assert_int_eq(zmqx_key_parse(&server_kp.secret_key, SERVER_SECRET_Z85, 40), 0);
    ck_assert_int_eq(zmqx_key_parse(&client_kp.public_key, CLIENT_PUBLIC_Z85, 40), 0);
    ck_assert_int_eq(zmqx_key_parse(&client_kp.secret_key, CLIENT_SECRET_Z85, 40), 0);
    ck_assert_int_eq(zmqx_curve_keypair(&stranger_kp), 0);
}

static void setup_plain_ctx(void)
{
    ctx = zmqx_ctx_new();
    ck_assert_ptr_nonnull(ctx);
    keys_setup();
}

static void setup(void)
{
    setup_plain_ctx();
    auth = zmqx_auth_new(ctx);
    ck_assert_msg(auth != NULL, "%s", zmqx_strerror());
}

static void teardown(void)
{
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
    zmqx_keypair_wipe(&stranger_kp);
}

/* ---- tcp helpers -------------------------------------------------------- */

typedef struct {
    int mech; /* ZMQ_NULL, ZMQ_PLAIN, ZMQ_CURVE */
    const char *user, *password;
    const zmqx_key_t *server_key;
    const zmqx_keypair_t *kp;
} creds_t;

/* A PULL server of mechanism mech on a random tcp port; domain may be NULL. */
static zmqx_socket_t *server_new(int mech, const char *domain, const char *bind)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_ptr_nonnull(s);
    if (mech == ZMQ_PLAIN)
        ck_assert_int_eq(zmqx_socket_set_plain_server(s), 0);
    if (mech == ZMQ_CURVE)
        ck_assert_int_eq(zmqx_socket_set_curve_server(s, &server_kp.secret_key), 0);
    if (domain)
        ck_assert_int_eq(zmqx_socket_set_zap_domain(s, domain), 0);
    if (bind && strstr(bind, "[::1]"))
        ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_IPV6, 1), 0);
    ck_assert_msg(zmqx_socket_bind(s, bind ? bind : "tcp://127.0.0.1:*") > 0, "%s",
                  zmqx_strerror());
    return s;
}

static zmqx_socket_t *client_new(zmqx_socket_t *server, const creds_t *c)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_ptr_nonnull(s);
    zmqx_socket_set_send_timeout(s, 2000);
    if (c->mech == ZMQ_PLAIN)
        ck_assert_int_eq(zmqx_socket_set_plain_client(s, c->user, c->password), 0);
    if (c->mech == ZMQ_CURVE)
        ck_assert_int_eq(zmqx_socket_set_curve_client(s, c->server_key, c->kp), 0);
    if (strstr(zmqx_socket_endpoint(server), "[::1]"))
        ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_IPV6, 1), 0);
    ck_assert_int_eq(zmqx_socket_connect(s, zmqx_socket_endpoint(server)), 0);
    return s;
}

/* A client with creds c gets "friend" through; the frame's User-Id is
 * user_id (NULL: not checked). Read as a raw zmq_msg_t. */
static void expect_through(zmqx_socket_t *server, const creds_t *c, const char *user_id)
{
    zmqx_socket_t *client = client_new(server, c);
    ck_assert_int_eq(zmqx_send_str(client, "friend"), 6);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(server, ACCEPT_WAIT_MS), 0);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    int n = zmq_msg_recv(&msg, zmqx_socket_handle(server), 0);
    ck_assert_msg(n == 6, "the client was not let through: %s", zmq_strerror(zmq_errno()));
    ck_assert_mem_eq(zmq_msg_data(&msg), "friend", 6);
    if (user_id != NULL) {
        const char *got = zmq_msg_gets(&msg, "User-Id");
        ck_assert_msg(got != NULL, "no User-Id property");
        ck_assert_str_eq(got, user_id);
    }
    zmq_msg_close(&msg);
    zmqx_socket_destroy(&client);
}

/* A client with creds bad gets nothing through within REFUSE_WAIT_MS;
 * a client with creds good (NULL: none) then still gets through. */
static void expect_refused(zmqx_socket_t *server, const creds_t *bad, const creds_t *good)
{
    zmqx_socket_t *intruder = client_new(server, bad);
    /* The send may queue, or (when the refused handshake already tore the
     * connection down) time out: either way nothing may get through. */
    zmqx_socket_set_send_timeout(intruder, REFUSE_WAIT_MS);
    int sent = zmqx_send_str(intruder, "intruder");
    ck_assert_msg(sent == 8 || (sent == -1 && zmqx_error_is_timeout(NULL)), "%s",
                  zmqx_strerror());
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(server, REFUSE_WAIT_MS), 0);
    char buf[16];
    ck_assert_int_eq(zmqx_recv(server, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    if (good != NULL)
        expect_through(server, good, NULL);
    zmqx_socket_set_int(intruder, ZMQ_LINGER, 0); /* its message never leaves */
    zmqx_socket_destroy(&intruder);
}

/* The ZAP domain libzmq holds for s. */
static void assert_zap_domain(zmqx_socket_t *s, const char *expected)
{
    char dom[64];
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_ZAP_DOMAIN, dom, sizeof dom), 0);
    ck_assert_str_eq(dom, expected);
}

/* ---- the matrix: NULL --------------------------------------------------- */

static const creds_t null_creds = { ZMQ_NULL, NULL, NULL, NULL, NULL };

START_TEST(null_with_auth_accepts_and_names_the_address)
{
    zmqx_socket_t *server = server_new(ZMQ_NULL, "global", NULL);
    expect_through(server, &null_creds, "127.0.0.1");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(null_with_auth_refuses_a_denied_address)
{
    ck_assert_int_eq(zmqx_auth_deny(auth, "127.0.0.1"), 0);
    zmqx_socket_t *server = server_new(ZMQ_NULL, "global", NULL);
    expect_refused(server, &null_creds, NULL);
    /* the server is unaffected: with the rule gone a client gets through */
    ck_assert_int_eq(zmqx_auth_clear(auth), 0);
    expect_through(server, &null_creds, "127.0.0.1");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(null_without_zap_domain_is_not_checked)
{
    /* libzmq asks the authenticator about NULL clients only when the
     * server has a ZAP domain. */
    ck_assert_int_eq(zmqx_auth_deny(auth, "127.0.0.1"), 0);
    zmqx_socket_t *server = server_new(ZMQ_NULL, NULL, NULL);
    expect_through(server, &null_creds, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(null_without_auth)
{
    /* no ZAP domain: nobody is asked */
    zmqx_socket_t *server = server_new(ZMQ_NULL, NULL, NULL);
    expect_through(server, &null_creds, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(null_with_domain_without_auth_fails_closed)
{
    /* a domain means "ask the authenticator": with none, nobody gets in */
    zmqx_socket_t *server = server_new(ZMQ_NULL, "global", NULL);
    expect_refused(server, &null_creds, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- the matrix: PLAIN -------------------------------------------------- */

static const creds_t plain_good = { ZMQ_PLAIN, "admin", "s3cret", NULL, NULL };
static const creds_t plain_wrong_password = { ZMQ_PLAIN, "admin", "guess", NULL, NULL };
static const creds_t plain_unknown_user = { ZMQ_PLAIN, "mallory", "s3cret", NULL, NULL };

START_TEST(plain_with_auth_correct)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_through(server, &plain_good, "admin");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_with_auth_wrong_password)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_wrong_password, &plain_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_with_auth_unknown_user)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_unknown_user, &plain_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_with_auth_missing_credentials)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &null_creds, &plain_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_with_auth_but_no_users_refuses_everyone)
{
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_without_auth)
{
    /* libzmq 4.3: a PLAIN server with no ZAP handler refuses every client. */
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_without_auth_wrong_password)
{
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_wrong_password, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(plain_without_auth_missing_credentials)
{
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &null_creds, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- the matrix: CURVE -------------------------------------------------- */

static creds_t curve_good, curve_stranger, curve_wrong_server;

static void curve_creds(void)
{
    curve_good = (creds_t) { ZMQ_CURVE, NULL, NULL, &server_kp.public_key, &client_kp };
    curve_stranger = (creds_t) { ZMQ_CURVE, NULL, NULL, &server_kp.public_key, &stranger_kp };
    curve_wrong_server = (creds_t) { ZMQ_CURVE, NULL, NULL, &stranger_kp.public_key, &client_kp };
}

static zmqx_socket_t *curve_server_with_client_listed(void)
{
    curve_creds();
    ck_assert_int_eq(zmqx_auth_curve_add(auth, &client_kp.public_key), 0);
    return server_new(ZMQ_CURVE, NULL, NULL);
}

START_TEST(curve_with_auth_correct)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_with_auth_named_key)
{
    curve_creds();
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &client_kp.public_key, "alice"), 0);
    zmqx_socket_t *server = server_new(ZMQ_CURVE, NULL, NULL);
    expect_through(server, &curve_good, "alice");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_with_auth_unlisted_client)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_refused(server, &curve_stranger, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_with_auth_wrong_server_key)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_refused(server, &curve_wrong_server, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_with_auth_missing_credentials)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_refused(server, &null_creds, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_with_auth_allow_any)
{
    curve_creds();
    ck_assert_int_eq(zmqx_auth_curve_allow_any(auth), 0);
    zmqx_socket_t *server = server_new(ZMQ_CURVE, NULL, NULL);
    char z85[41];
    zmqx_key_z85(&stranger_kp.public_key, z85);
    expect_through(server, &curve_stranger, z85);
    expect_refused(server, &curve_wrong_server, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_without_auth_fails_closed)
{
    /* a CURVE server relies on an authenticator: with none, nobody gets in */
    curve_creds();
    zmqx_socket_t *server = server_new(ZMQ_CURVE, NULL, NULL);
    assert_zap_domain(server, ZMQX_ZAP_DOMAIN_DEFAULT);
    expect_refused(server, &curve_good, NULL);
    expect_refused(server, &curve_stranger, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_without_domain_is_encryption_only)
{
    /* "" says so explicitly: encryption without authentication (Stonehouse) */
    curve_creds();
    zmqx_socket_t *server = server_new(ZMQ_CURVE, "", NULL);
    expect_through(server, &curve_good, NULL);
    expect_through(server, &curve_stranger, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_without_auth_wrong_server_key)
{
    curve_creds();
    zmqx_socket_t *server = server_new(ZMQ_CURVE, "", NULL);
    expect_refused(server, &curve_wrong_server, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_without_auth_missing_credentials)
{
    curve_creds();
    zmqx_socket_t *server = server_new(ZMQ_CURVE, "", NULL);
    expect_refused(server, &null_creds, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(curve_key_rotation)
{
    /* add the new key, move the client, remove the old key */
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &stranger_kp.public_key, "client-v2"), 0);
    expect_through(server, &curve_stranger, "client-v2");
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    expect_refused(server, &curve_good, &curve_stranger);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- addresses over tcp ------------------------------------------------- */

START_TEST(address_allow_loopback_range)
{
    ck_assert_int_eq(zmqx_auth_allow(auth, "127.0.0.0/8"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_through(server, &plain_good, "admin");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(address_allow_other_range_only)
{
    ck_assert_int_eq(zmqx_auth_allow(auth, "10.0.0.0/8"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_refused(server, &plain_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(address_deny_beats_allow)
{
    curve_creds();
    ck_assert_int_eq(zmqx_auth_allow(auth, "127.0.0.0/8"), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "127.0.0.1/32"), 0);
    ck_assert_int_eq(zmqx_auth_curve_allow_any(auth), 0);
    zmqx_socket_t *server = server_new(ZMQ_CURVE, NULL, NULL);
    expect_refused(server, &curve_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

/* Bind on [::1] if this machine has IPv6; false (and a note) if not. */
static bool have_ipv6(void)
{
    zmqx_socket_t *probe = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_set_int(probe, ZMQ_IPV6, 1);
    bool ok = zmqx_socket_bind(probe, "tcp://[::1]:*") > 0;
    zmqx_socket_destroy(&probe);
    if (!ok)
        fprintf(stderr, "note: no IPv6 loopback here, IPv6 tcp test not run\n");
    return ok;
}

START_TEST(address_ipv6_over_tcp)
{
    if (!have_ipv6())
        return;
    ck_assert_int_eq(zmqx_auth_allow(auth, "::1/128"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, "tcp://[::1]:*");
    expect_through(server, &plain_good, "admin");
    ck_assert_int_eq(zmqx_auth_clear(auth), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "::/64"), 0);
    expect_refused(server, &plain_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- domains over tcp --------------------------------------------------- */

START_TEST(domains_over_tcp)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "carol", "every"), 0); /* every domain */
    ck_assert_int_eq(zmqx_auth_domain(auth, "a"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "alice", "pw-a"), 0);
    ck_assert_int_eq(zmqx_auth_domain(auth, "b"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "bob", "pw-b"), 0);
    zmqx_socket_t *a = server_new(ZMQ_PLAIN, "a", NULL);
    zmqx_socket_t *b = server_new(ZMQ_PLAIN, "b", NULL);
    const creds_t alice = { ZMQ_PLAIN, "alice", "pw-a", NULL, NULL };
    const creds_t bob = { ZMQ_PLAIN, "bob", "pw-b", NULL, NULL };
    const creds_t carol = { ZMQ_PLAIN, "carol", "every", NULL, NULL };
    expect_through(a, &alice, "alice");
    expect_through(b, &bob, "bob");
    expect_through(a, &carol, "carol");
    expect_through(b, &carol, "carol");
    expect_refused(a, &bob, &alice);
    expect_refused(b, &alice, &bob);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

/* ---- the ZAP protocol, spoken directly ---------------------------------- */

typedef struct {
    char code[8], text[64], user_id[256], request_id[32];
    int parts;
} zap_reply_t;

/* Send a ZAP request of n frames to the authenticator; read the reply. */
static void zap_ask(const char *const *frames, int n, zap_reply_t *r)
{
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, ">inproc://zeromq.zap.01");
    ck_assert_ptr_nonnull(req);
    zmqx_socket_set_timeout(req, 5000);
    for (int i = 0; i < n; i++)
        ck_assert_int_ge(zmqx_send(req, frames[i], strlen(frames[i]), i < n - 1 ? ZMQX_MORE : 0),
                         0);
    char *fields[6] = { NULL, r->request_id, r->code, r->text, r->user_id, NULL };
    size_t caps[6] = { 0, sizeof r->request_id, sizeof r->code, sizeof r->text,
                       sizeof r->user_id, 0 };
    char scratch[16];
    r->parts = 0;
    do {
        char *buf = fields[r->parts % 6] ? fields[r->parts % 6] : scratch;
        size_t cap = fields[r->parts % 6] ? caps[r->parts % 6] : sizeof scratch;
        int got = zmqx_recv(req, buf, cap - 1, 0);
        ck_assert_int_ge(got, 0);
        buf[(size_t) got < cap - 1 ? (size_t) got : cap - 1] = '\0';
        r->parts++;
    } while (zmqx_socket_more(req) == 1);
    zmqx_socket_destroy(&req);
}

/* A well-formed request: mechanism and up to two credential frames. */
static void zap_check(const char *domain, const char *address, const char *mechanism,
                      const char *c1, const char *c2, zap_reply_t *r)
{
    const char *frames[8] = { "1.0", "42", domain, address, "", mechanism, c1, c2 };
    int n = 6 + (c1 != NULL) + (c2 != NULL);
    zap_ask(frames, n, r);
    ck_assert_int_eq(r->parts, 6);
    ck_assert_str_eq(r->request_id, "42");
}

static void expect_zap(const char *domain, const char *address, const char *mech, const char *c1,
                       const char *c2, const char *code, const char *user_id)
{
    zap_reply_t r;
    zap_check(domain, address, mech, c1, c2, &r);
    ck_assert_msg(strcmp(r.code, code) == 0, "%s %s@%s in \"%s\": %s %s, expected %s", mech,
                  c1 ? c1 : "", address, domain, r.code, r.text, code);
    if (user_id)
        ck_assert_str_eq(r.user_id, user_id);
}

START_TEST(zap_malformed_requests_get_500)
{
    zap_reply_t r;
    const char *short_req[] = { "1.0", "7", "", "127.0.0.1", "" };
    zap_ask(short_req, 5, &r);
    ck_assert_str_eq(r.code, "500");
    ck_assert_str_eq(r.request_id, "7");
    ck_assert_int_eq(r.parts, 6);
    const char *old_version[] = { "0.9", "8", "", "127.0.0.1", "", "NULL" };
    zap_ask(old_version, 6, &r);
    ck_assert_str_eq(r.code, "500");
    ck_assert_str_eq(r.text, "malformed ZAP request");
    const char *many[] = { "1.0", "9", "", "127.0.0.1", "", "PLAIN", "a", "b", "c", "d", "e", "f" };
    zap_ask(many, 12, &r);
    ck_assert_str_eq(r.code, "500");
    const char *one[] = { "1.0" };
    zap_ask(one, 1, &r);
    ck_assert_str_eq(r.code, "500");
    ck_assert_str_eq(r.request_id, "");
}
END_TEST

START_TEST(zap_mechanisms_and_credentials)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zap_reply_t r;
    zap_check("", "127.0.0.1", "GSSAPI", "principal", NULL, &r);
    ck_assert_str_eq(r.code, "400");
    ck_assert_str_eq(r.text, "mechanism not supported");
    zap_check("", "127.0.0.1", "PLAIN", "admin", NULL, &r); /* one frame short */
    ck_assert_str_eq(r.code, "400");
    ck_assert_str_eq(r.text, "malformed credentials");
    expect_zap("", "127.0.0.1", "CURVE", "short key", NULL, "400", "");
    expect_zap("", "127.0.0.1", "NULL", "extra", NULL, "400", "");
    expect_zap("", "127.0.0.1", "NULL", NULL, NULL, "200", "127.0.0.1");
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3cret", "200", "admin");
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3cre", "400", "");
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3crets", "400", "");
    expect_zap("", "127.0.0.1", "PLAIN", "Admin", "s3cret", "400", "");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "new-pass"), 0); /* replaces */
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3cret", "400", "");
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "new-pass", "200", "admin");
    ck_assert_int_eq(zmqx_auth_plain_remove(auth, "admin"), 0);
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "new-pass", "400", "");
}
END_TEST

START_TEST(zap_domain_rules)
{
    /* every domain: user carol, deny 10.0.0.0/8 */
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "carol", "c"), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "10.0.0.0/8"), 0);
    /* domain "a": alice, carol with another password, allow only 192.168.0.0/16 */
    ck_assert_int_eq(zmqx_auth_domain(auth, "a"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "alice", "a"), 0);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "carol", "ca"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "192.168.0.0/16"), 0);
    /* domain "b": nothing of its own but a deny */
    ck_assert_int_eq(zmqx_auth_domain(auth, "b"), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "172.16.0.1"), 0);
    ck_assert_int_eq(zmqx_auth_domain(auth, NULL), 0);

    expect_zap("a", "192.168.1.1", "PLAIN", "alice", "a", "200", "alice");
    expect_zap("a", "127.0.0.1", "PLAIN", "alice", "a", "400", ""); /* not in a's allow list */
    expect_zap("", "127.0.0.1", "PLAIN", "alice", "a", "400", "");  /* alice only in a */
    expect_zap("b", "127.0.0.1", "PLAIN", "alice", "a", "400", "");
    expect_zap("a", "192.168.1.1", "PLAIN", "carol", "ca", "200", "carol"); /* a's carol wins */
    expect_zap("a", "192.168.1.1", "PLAIN", "carol", "c", "400", "");
    expect_zap("b", "127.0.0.1", "PLAIN", "carol", "c", "200", "carol");
    expect_zap("", "127.0.0.1", "PLAIN", "carol", "c", "200", "carol");
    expect_zap("unknown", "127.0.0.1", "PLAIN", "carol", "c", "200", "carol");
    expect_zap("b", "10.1.1.1", "PLAIN", "carol", "c", "400", ""); /* global deny */
    expect_zap("a", "10.1.1.1", "PLAIN", "alice", "a", "400", "");
    expect_zap("b", "172.16.0.1", "NULL", NULL, NULL, "400", "");
    expect_zap("", "172.16.0.1", "NULL", NULL, NULL, "200", "172.16.0.1");
    /* clear works on the selected domain only */
    ck_assert_int_eq(zmqx_auth_domain(auth, "a"), 0);
    ck_assert_int_eq(zmqx_auth_clear(auth), 0);
    expect_zap("a", "127.0.0.1", "PLAIN", "carol", "c", "200", "carol");
    expect_zap("a", "127.0.0.1", "PLAIN", "alice", "a", "400", "");
    ck_assert_int_eq(zmqx_auth_domain(auth, ""), 0);
    ck_assert_int_eq(zmqx_auth_clear(auth), 0);
    expect_zap("b", "10.1.1.1", "PLAIN", "carol", "c", "400", "");
    expect_zap("b", "10.1.1.1", "NULL", NULL, NULL, "200", "10.1.1.1");
}
END_TEST

START_TEST(zap_curve_rules)
{
    /* two fixed keys without a zero byte, so they go through as C strings */
    char client[41], other[41], raw_client[33], raw_other[33];
    zmqx_key_z85(&client_kp.public_key, client);
    zmqx_key_z85(&server_kp.public_key, other);
    memcpy(raw_client, client_kp.public_key.bytes, 32);
    memcpy(raw_other, server_kp.public_key.bytes, 32);
    raw_client[32] = raw_other[32] = '\0';
    ck_assert(strlen(raw_client) == 32 && strlen(raw_other) == 32);
    expect_zap("", "127.0.0.1", "CURVE", raw_client, NULL, "400", "");
    ck_assert_int_eq(zmqx_auth_curve_add(auth, &client_kp.public_key), 0);
    expect_zap("", "127.0.0.1", "CURVE", raw_client, NULL, "200", client);
    expect_zap("", "127.0.0.1", "CURVE", raw_other, NULL, "400", "");
    ck_assert_int_eq(zmqx_auth_domain(auth, "open"), 0);
    ck_assert_int_eq(zmqx_auth_curve_allow_any(auth), 0);
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &client_kp.public_key, "alice in open"), 0);
    expect_zap("open", "127.0.0.1", "CURVE", raw_other, NULL, "200", other);
    expect_zap("open", "127.0.0.1", "CURVE", raw_client, NULL, "200", "alice in open");
    expect_zap("", "127.0.0.1", "CURVE", raw_client, NULL, "200", client);
    expect_zap("closed", "127.0.0.1", "CURVE", raw_other, NULL, "400", "");
    ck_assert_int_eq(zmqx_auth_curve_add(auth, &client_kp.public_key), 0); /* unnamed again */
    expect_zap("open", "127.0.0.1", "CURVE", raw_client, NULL, "200", client);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), -1);
    tu_assert_error(ENOENT, "auth_curve_remove: key not listed in this domain");
}
END_TEST

/* ---- address rules ------------------------------------------------------ */

static void expect_address(const char *domain, const char *address, int verdict)
{
    int got = zmqx_auth_check_address(auth, domain, address);
    ck_assert_msg(got == verdict, "%s in \"%s\": %d, expected %d", address,
                  domain ? domain : "(null)", got, verdict);
}

START_TEST(cidr_ipv4)
{
    expect_address(NULL, "1.2.3.4", 1); /* no rules: everyone */
    ck_assert_int_eq(zmqx_auth_allow(auth, "10.0.0.0/8"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "192.168.1.77/24"), 0); /* host bits ignored */
    ck_assert_int_eq(zmqx_auth_allow(auth, "172.16.5.4"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "172.16.5.4"), 0); /* twice is once */
    expect_address(NULL, "10.0.0.0", 1);
    expect_address(NULL, "10.255.255.255", 1);
    expect_address(NULL, "11.0.0.0", 0);
    expect_address(NULL, "9.255.255.255", 0);
    expect_address(NULL, "192.168.1.1", 1);
    expect_address(NULL, "192.168.2.1", 0);
    expect_address(NULL, "172.16.5.4", 1);
    expect_address(NULL, "172.16.5.5", 0);
    expect_address(NULL, "127.0.0.1", 0);
    expect_address(NULL, "::ffff:10.1.2.3", 1); /* IPv4-mapped: the IPv4 address */
    expect_address(NULL, "", 0);                /* not an IP address: not allowed */
    expect_address(NULL, "not an address", 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "10.9.0.0/16"), 0);
    expect_address(NULL, "10.9.1.1", 0); /* deny beats allow */
    expect_address(NULL, "10.8.1.1", 1);
    ck_assert_int_eq(zmqx_auth_clear(auth), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "0.0.0.0/0"), 0);
    expect_address(NULL, "8.8.8.8", 0);
    expect_address(NULL, "::1", 1); /* an IPv4 rule never matches IPv6 */
    expect_address(NULL, "", 1);    /* only deny rules: unknown passes */
}
END_TEST

START_TEST(cidr_ipv6)
{
    ck_assert_int_eq(zmqx_auth_allow(auth, "::1"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "fe80::/10"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "2001:db8::/32"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "::ffff:10.0.0.0/104"), 0); /* = 10.0.0.0/8 */
    expect_address(NULL, "::1", 1);
    expect_address(NULL, "[::1]", 1);
    expect_address(NULL, "::2", 0);
    expect_address(NULL, "fe80::1", 1);
    expect_address(NULL, "fe80::1%eth0", 1);
    expect_address(NULL, "febf:ffff::1", 1);
    expect_address(NULL, "fec0::1", 0);
    expect_address(NULL, "2001:db8:ffff::42", 1);
    expect_address(NULL, "2001:db9::42", 0);
    expect_address(NULL, "10.20.30.40", 1);
    expect_address(NULL, "11.0.0.1", 0);
    expect_address(NULL, "127.0.0.1", 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "2001:db8:0:1::/64"), 0);
    expect_address(NULL, "2001:db8:0:1::9", 0);
    expect_address(NULL, "2001:db8:0:2::9", 1);
    ck_assert_int_eq(zmqx_auth_allow(auth, "::/0"), 0);
    expect_address(NULL, "1234::5", 1);
    expect_address(NULL, "127.0.0.1", 0);
}
END_TEST

START_TEST(cidr_bad_text_is_einval)
{
    static const char *const bad[] = {
        "",           "hello",       "10.0.0",        "10.0.0.0/33",   "10.0.0.0/",
        "1.2.3.4/-1", "1.2.3.4/ 8",  "1.2.3.4/8/9",   "1.2.3.4/08x",   "256.0.0.1",
        "::1/129",    ":::1",        "[::1]",         "fe80::1%eth0",  "1.2.3.4 ",
        "/8",         "1.2.3.4/1000", "::1/0128",     "2001:db8::/3a",
        "0123456789012345678901234567890123456789012345678901234567890123456789",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(zmqx_auth_allow(auth, bad[i]) == -1, "\"%s\" accepted", bad[i]);
        tu_assert_error(EINVAL, "is not an IPv4/IPv6 address or CIDR range");
        ck_assert_int_eq(zmqx_auth_deny(auth, bad[i]), -1);
        tu_assert_error(EINVAL, "auth_deny");
    }
    ck_assert_int_eq(zmqx_auth_allow(auth, NULL), -1);
    tu_assert_error(EINVAL, "address is NULL");
    expect_address(NULL, "1.2.3.4", 1); /* nothing was added */
    ck_assert_int_eq(zmqx_auth_allow(auth, "1.2.3.4/0"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "::/000"), 0);
    ck_assert_int_eq(zmqx_auth_check_address(auth, NULL, NULL), -1);
    tu_assert_error(EINVAL, "address is NULL");
    ck_assert_int_eq(zmqx_auth_check_address(NULL, NULL, "1.2.3.4"), -1);
    tu_assert_error(EINVAL, "authenticator is NULL");
}
END_TEST

START_TEST(address_rules_by_domain)
{
    ck_assert_int_eq(zmqx_auth_domain(auth, "lan"), 0);
    ck_assert_int_eq(zmqx_auth_allow(auth, "192.168.0.0/16"), 0);
    ck_assert_int_eq(zmqx_auth_domain(auth, "dmz"), 0);
    ck_assert_int_eq(zmqx_auth_deny(auth, "192.168.0.0/16"), 0);
    expect_address("lan", "192.168.3.3", 1);
    expect_address("lan", "8.8.8.8", 0);
    expect_address("dmz", "192.168.3.3", 0);
    expect_address("dmz", "8.8.8.8", 1);
    expect_address(NULL, "8.8.8.8", 1);
    expect_address("", "192.168.3.3", 1);
    expect_address("other", "8.8.8.8", 1);
}
END_TEST

/* ---- configuration errors ----------------------------------------------- */

START_TEST(config_errors)
{
    zmqx_key_t k = client_kp.public_key;
    ck_assert_int_eq(zmqx_auth_allow(NULL, "1.2.3.4"), -1);
    tu_assert_error(EINVAL, "auth_allow: authenticator is NULL");
    ck_assert_int_eq(zmqx_auth_deny(NULL, "1.2.3.4"), -1);
    ck_assert_int_eq(zmqx_auth_domain(NULL, "x"), -1);
    ck_assert_int_eq(zmqx_auth_set_verbose(NULL, true), -1);
    ck_assert_int_eq(zmqx_auth_plain_add(NULL, "u", "p"), -1);
    tu_assert_error(EINVAL, "authenticator is NULL");
    ck_assert_int_eq(zmqx_auth_plain_remove(NULL, "u"), -1);
    ck_assert_int_eq(zmqx_auth_plain_load(NULL, "/dev/null"), -1);
    ck_assert_int_eq(zmqx_auth_curve_allow_any(NULL), -1);
    ck_assert_int_eq(zmqx_auth_curve_add(NULL, &k), -1);
    ck_assert_int_eq(zmqx_auth_curve_add_named(NULL, &k, "n"), -1);
    ck_assert_int_eq(zmqx_auth_curve_remove(NULL, &k), -1);
    ck_assert_int_eq(zmqx_auth_curve_load(NULL, "/dev/null"), -1);
    ck_assert_int_eq(zmqx_auth_clear(NULL), -1);
    tu_assert_error(EINVAL, "auth_clear: authenticator is NULL");

    char long_text[300];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[299] = '\0';
    ck_assert_int_eq(zmqx_auth_domain(auth, long_text), -1);
    tu_assert_error(EINVAL, "domain longer than 255 chars");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, NULL, "p"), -1);
    tu_assert_error(EINVAL, "user is NULL");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "u", NULL), -1);
    tu_assert_error(EINVAL, "password is NULL");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "", "p"), -1);
    tu_assert_error(EINVAL, "user name must be 1..255 bytes");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "a b", "p"), -1);
    tu_assert_error(EINVAL, "without blanks");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, long_text, "p"), -1);
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "u", ""), -1);
    tu_assert_error(EINVAL, "password must be 1..255 bytes");
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "u", long_text), -1);
    ck_assert_ptr_null(strstr(zmqx_strerror(), "xxx"));
    ck_assert_int_eq(zmqx_auth_plain_remove(auth, NULL), -1);
    ck_assert_int_eq(zmqx_auth_plain_remove(auth, "nobody"), -1);
    tu_assert_error(ENOENT, "no PLAIN user \"nobody\" in this domain");
    ck_assert_int_eq(zmqx_auth_curve_add(auth, NULL), -1);
    tu_assert_error(EINVAL, "key is NULL");
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &k, ""), -1);
    tu_assert_error(EINVAL, "user id must be 1..255 bytes");
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &k, long_text), -1);
    ck_assert_int_eq(zmqx_auth_curve_add_named(auth, &k, "tab\there"), -1);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, NULL), -1);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &k), -1);
    tu_assert_error(ENOENT, "key not listed");
    ck_assert_int_eq(zmqx_auth_set_verbose(auth, false), 0);
}
END_TEST

/* ---- rule files --------------------------------------------------------- */

static void files_setup(void)
{
    setup();
    tu_tmpdir_make();
}

static void files_teardown(void)
{
    tu_remove_tree(tu_tmpdir);
    teardown();
}

START_TEST(plain_load_file)
{
    tu_write_file("users", "# users\r\n"
                        "admin=s3cret\r\n"
                        "\n"
                        "   # indented comment\n"
                        "bob=pass with = and spaces \n"
                        "carol=x");
    ck_assert_int_eq(zmqx_auth_plain_load(auth, tu_tmp_path("users")), 3);
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3cret", "200", "admin");
    expect_zap("", "127.0.0.1", "PLAIN", "bob", "pass with = and spaces ", "200", "bob");
    expect_zap("", "127.0.0.1", "PLAIN", "carol", "x", "200", "carol");
    ck_assert_int_eq(zmqx_auth_plain_remove(auth, "carol"), 0);
}
END_TEST

static void expect_bad_users(const char *text, const char *detail)
{
    tu_write_file("bad", text);
    ck_assert_int_eq(zmqx_auth_plain_load(auth, tu_tmp_path("bad")), -1);
    tu_assert_error(EINVAL, tu_tmp_path("bad"));
    tu_assert_error(EINVAL, detail);
    ck_assert_ptr_null(strstr(zmqx_strerror(), "topsecret"));
    /* all or nothing: the good line before was not added */
    ck_assert_int_eq(zmqx_auth_plain_remove(auth, "good"), -1);
}

START_TEST(plain_load_errors)
{
    expect_bad_users("good=topsecret\nno equals sign topsecret\n", "line 2: expected user=password");
    expect_bad_users("good=topsecret\n=topsecret\n", "line 2: bad user name");
    expect_bad_users("good=topsecret\n\n bad=topsecret\n", "line 3: bad user name");
    expect_bad_users("good=topsecret\nempty=\n", "line 2: password must be 1..255 bytes");
    ck_assert_int_eq(zmqx_auth_plain_load(auth, tu_tmp_path("missing")), -1);
    tu_assert_error(ENOENT, "auth_plain_load");
    ck_assert_int_eq(zmqx_auth_plain_load(auth, tu_tmpdir), -1);
    tu_assert_error(EINVAL, "not a regular file");
    ck_assert_int_eq(zmqx_auth_plain_load(auth, NULL), -1);
    tu_assert_error(EINVAL, "path is NULL");
    tu_write_file("empty", "# nobody\n");
    ck_assert_int_eq(zmqx_auth_plain_load(auth, tu_tmp_path("empty")), 0);
}
END_TEST

START_TEST(curve_load_file_and_directory)
{
    char client[41], stranger[41], text[512];
    zmqx_key_z85(&client_kp.public_key, client);
    zmqx_key_z85(&stranger_kp.public_key, stranger);
    snprintf(text, sizeof text, "# clients\npublic %s alice\npublic %s\n", client, stranger);
    tu_write_file("clients", text);
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("clients")), 2);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &stranger_kp.public_key), 0);

    /* a directory: key pair files (secret ignored), public key files;
     * hidden files, backups and subdirectories are skipped */
    ck_assert_int_eq(mkdir(tu_tmp_path("keys"), 0700), 0);
    ck_assert_int_eq(zmqx_keypair_save(tu_tmp_path("keys/client.key"), &client_kp), 0);
    ck_assert_int_eq(zmqx_key_save_public(tu_tmp_path("keys/stranger.pub"), &stranger_kp.public_key,
                                          NULL),
                     0);
    tu_write_file("keys/.hidden", "garbage");
    tu_write_file("keys/old.pub~", "garbage");
    ck_assert_int_eq(mkdir(tu_tmp_path("keys/sub"), 0700), 0);
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("keys")), 2);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &stranger_kp.public_key), 0);

    ck_assert_int_eq(mkdir(tu_tmp_path("empty"), 0700), 0);
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("empty")), 0);
}
END_TEST

START_TEST(curve_load_errors)
{
    char client[41], text[512];
    zmqx_key_z85(&client_kp.public_key, client);
    ck_assert_int_eq(mkdir(tu_tmp_path("keys"), 0700), 0);
    snprintf(text, sizeof text, "public %s\n", client);
    tu_write_file("keys/a.pub", text);
    tu_write_file("keys/b.pub", "# no key\n");
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("keys")), -1);
    tu_assert_error(EINVAL, "keys/b.pub: no \"public <key>\" line");
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), -1); /* none added */
    tu_write_file("keys/b.pub", "public tooshort\n");
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("keys")), -1);
    tu_assert_error(EINVAL, "keys/b.pub: line 1: the public key is not 40 Z85 chars");
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("missing")), -1);
    tu_assert_error(ENOENT, "missing");
    ck_assert_int_eq(zmqx_auth_curve_load(auth, NULL), -1);
    tu_assert_error(EINVAL, "path is NULL");
    ck_assert_int_eq(chmod(tu_tmp_path("keys"), 0), 0);
    if (access(tu_tmp_path("keys"), R_OK) != 0) { /* root reads anyway */
        ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("keys")), -1);
        tu_assert_error(EACCES, "keys");
    }
    chmod(tu_tmp_path("keys"), 0700);
}
END_TEST


/* A certificate of kp as pyzmq's create_certificates (pyzmq true) or CZMQ's
 * zcert_save writes it, with the secret key when secret, into the file
 * name. */
static void write_cert(const char *name, bool pyzmq, const zmqx_keypair_t *kp, bool secret)
{
    char pub[41], sec[41], text[1024];
    zmqx_key_z85(&kp->public_key, pub);
    zmqx_key_z85(&kp->secret_key, sec);
    snprintf(text, sizeof text,
             "#   ****  Generated on 2026-12-03 17:00:00 by %s  ****\n"
             "#   ZeroMQ CURVE %s Certificate\n\n"
             "metadata\n%s"
             "curve\n    public-key = \"%s\"\n%s%s%s",
             pyzmq ? "pyzmq" : "CZMQ", secret ? "**Secret**" : "Public",
             pyzmq ? "" : "    name = \"someone\"\n", pub, secret ? "    secret-key = \"" : "",
             secret ? sec : "", secret ? "\"\n" : "");
    tu_write_file(name, text);
    memset(sec, 0, sizeof sec);
}

START_TEST(curve_load_certificates)
{
    /* pyzmq's layout (NAME.key, NAME.key_secret) and CZMQ's (NAME,
     * NAME_secret): the secret certificates are skipped, as CZMQ's
     * zcertstore skips them */
    ck_assert_int_eq(mkdir(tu_tmp_path("certs"), 0700), 0);
    write_cert("certs/client.key", true, &client_kp, false);
    write_cert("certs/client.key_secret", true, &client_kp, true);
    write_cert("certs/stranger", false, &stranger_kp, false);
    tu_write_file("certs/stranger_secret", "not read\n");
    ck_assert_msg(zmqx_auth_curve_load(auth, tu_tmp_path("certs")) == 2, "%s", zmqx_strerror());
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &stranger_kp.public_key), 0);
    /* a secret certificate named alone counts with its public key */
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("certs/client.key_secret")), 1);
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), 0);
    /* a broken certificate spoils the load, naming file and line */
    tu_write_file("certs/broken", "curve\n   public-key = \"x\"\n");
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("certs")), -1);
    tu_assert_error(EINVAL, "certs/broken: line 2: indented by 3 spaces, not a multiple of 4");
    ck_assert_int_eq(zmqx_auth_curve_remove(auth, &client_kp.public_key), -1); /* none added */
}
END_TEST

START_TEST(curve_certificates_admit_clients)
{
    /* the keys of a directory of certificates let their clients in, with
     * the key in Z85 as the user id (as CZMQ's zauth and pyzmq do) */
    ck_assert_int_eq(mkdir(tu_tmp_path("certs"), 0700), 0);
    write_cert("certs/client.key", true, &client_kp, false);
    ck_assert_int_eq(zmqx_auth_curve_load(auth, tu_tmp_path("certs")), 1);
    curve_creds();
    zmqx_socket_t *server = server_new(ZMQ_CURVE, NULL, NULL);
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    expect_refused(server, &curve_stranger, &curve_good);
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- fail closed -------------------------------------------------------- */

START_TEST(killed_handler_refuses_every_curve_client)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    zmqx_auth_destroy(&auth); /* the handler is gone: nobody gets in */
    expect_refused(server, &curve_good, NULL);
    expect_refused(server, &curve_stranger, NULL);
    tu_report("killed_handler_refuses_every_curve_client",
              "the authenticator destroyed under a running CURVE server, then a listed and an "
              "unlisted client",
              "both refused (libzmq alone admits both)");
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(killed_handler_refuses_null_clients_of_a_domain)
{
    zmqx_socket_t *server = server_new(ZMQ_NULL, "dom", NULL);
    expect_through(server, &null_creds, "127.0.0.1");
    zmqx_auth_destroy(&auth);
    expect_refused(server, &null_creds, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(killed_handler_refuses_plain_clients)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    zmqx_socket_t *server = server_new(ZMQ_PLAIN, NULL, NULL);
    expect_through(server, &plain_good, "admin");
    zmqx_auth_destroy(&auth);
    expect_refused(server, &plain_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(raw_curve_options_fail_closed_too)
{
    /* a CURVE server made with raw options, not zmqx_socket_set_curve_server */
    curve_creds();
    ck_assert_int_eq(zmqx_auth_curve_add(auth, &client_kp.public_key), 0);
    zmqx_socket_t *server = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(server, ZMQ_CURVE_SERVER, 1), 0);
    ck_assert_int_eq(zmqx_socket_set_bytes(server, ZMQ_CURVE_SECRETKEY, server_kp.secret_key.bytes,
                                           32),
                     0);
    ck_assert_int_gt(zmqx_socket_bind(server, "tcp://127.0.0.1:*"), 0);
    assert_zap_domain(server, ZMQX_ZAP_DOMAIN_DEFAULT);
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    expect_refused(server, &curve_stranger, NULL);
    zmqx_auth_destroy(&auth);
    expect_refused(server, &curve_good, NULL);
    zmqx_socket_destroy(&server);
}
END_TEST

START_TEST(zap_domain_choices)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, ""), 0); /* none: accepted */
    assert_zap_domain(s, "");
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, "dom"), 0);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, ""), -1);
    tu_assert_error(EINVAL, "libzmq cannot clear a ZAP domain once set");
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, "other"), 0); /* replacing it works */
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, NULL), -1);
    tu_assert_error(EINVAL, "domain is NULL");
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    ck_assert_int_eq(zmqx_socket_set_zap_domain(s, ""), -1);
    tu_assert_error(EISCONN, "before the first bind/connect");
    zmqx_socket_destroy(&s);
}
END_TEST

#ifndef ZMQX_TEST_SIGNALS_REACH_THREADS
/* The kernel's view of the blocked signals of the thread named name. */
static unsigned long long thread_sigblk(const char *name)
{
    DIR *d = opendir("/proc/self/task");
    ck_assert_ptr_nonnull(d);
    unsigned long long blk = 0;
    int found = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && !found;) {
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        found = fgets(line, sizeof line, f) != NULL && strncmp(line, name, strlen(name)) == 0;
        fclose(f);
        snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
        f = found ? fopen(path, "r") : NULL;
        while (f != NULL && fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "SigBlk:", 7) == 0)
                blk = strtoull(line + 7, NULL, 16);
        if (f != NULL)
            fclose(f);
    }
    closedir(d);
    ck_assert_msg(found, "no thread named %s", name);
    return blk;
}

START_TEST(handler_thread_blocks_signals)
{
    unsigned long long blk = thread_sigblk("zmqx-auth");
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGPIPE };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        ck_assert_msg(blk & (1ULL << (sigs[i] - 1)), "signal %d not blocked (SigBlk %llx)",
                      sigs[i], blk);
}
END_TEST
#endif

/* How long the storm lasts (under valgrind the rounds are just fewer). */
#define STORM_MS 4000

/* Read server until "friend" arrives; count "intruder" messages on the way. */
static int friend_arrives(zmqx_socket_t *server, int *intruders)
{
    char buf[16];
    for (;;) {
        int n = zmqx_recv(server, buf, sizeof buf, 0);
        if (n < 0)
            return 0;
        if (n == 8 && memcmp(buf, "intruder", 8) == 0)
            ++*intruders;
        if (n == 6 && memcmp(buf, "friend", 6) == 0)
            return 1;
    }
}

/* One round: an unlisted client queues "intruder", then a listed one sends
 * "friend", which must arrive. */
static void storm_round(zmqx_socket_t *server, int *intruders)
{
    zmqx_socket_t *intruder = client_new(server, &curve_stranger);
    /* Queued, or (its refused handshake already took the pipe down) not
     * taken at all: either way it must never arrive. */
    ck_assert_int_eq(zmqx_socket_set_send_timeout(intruder, 0), 0);
    int sent = zmqx_send_str(intruder, "intruder");
    ck_assert_msg(sent == 8 || (sent == -1 && errno == EAGAIN), "%s", zmqx_strerror());
    zmqx_socket_t *client = client_new(server, &curve_good);
    ck_assert_int_eq(zmqx_send_str(client, "friend"), 6);
    ck_assert_msg(friend_arrives(server, intruders), "a listed client was not served: %s",
                  zmqx_strerror());
    zmqx_socket_set_int(intruder, ZMQ_LINGER, 0);
    zmqx_socket_destroy(&intruder);
    zmqx_socket_destroy(&client);
}

START_TEST(signal_storm_keeps_the_door_shut)
{
    zmqx_socket_t *server = curve_server_with_client_listed();
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(server, ACCEPT_WAIT_MS), 0);
    /* The storm is for the authenticator's thread (and libzmq's): this
     * thread holds its own signals until the end. */
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &old);
    tu_storm_t st;
    tu_storm_start(&st, 1000);
    int rounds = 0, intruders = 0;
    for (long long end = tu_now_ms() + STORM_MS; tu_now_ms() < end; rounds++)
        storm_round(server, &intruders);
    long sent = tu_storm_stop(&st);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* Late arrivals count too; then the handler still serves. */
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(server, REFUSE_WAIT_MS), 0);
    friend_arrives(server, &intruders);
    ck_assert_int_eq(intruders, 0);
    expect_through(server, &curve_good, CLIENT_PUBLIC_Z85);
    char tried[160];
    snprintf(tried, sizeof tried,
             "%d rounds of an unlisted and a listed CURVE client, %ld signals at 1 kHz", rounds,
             sent);
    tu_report(REPORT_NAME, tried, "0 unlisted clients admitted, every listed client served");
    zmqx_socket_destroy(&server);
}
END_TEST

/* ---- life cycle ---------------------------------------------------------- */

START_TEST(one_authenticator_per_context)
{
    zmqx_auth_t *second = zmqx_auth_new(ctx);
    ck_assert_ptr_null(second);
    tu_assert_error(EADDRINUSE, "auth_new inproc://zeromq.zap.01: this context already has an "
                                "authenticator");
    /* another context may have its own */
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_auth_t *theirs = zmqx_auth_new(other);
    ck_assert_ptr_nonnull(theirs);
    zmqx_auth_destroy(&theirs);
    ck_assert_ptr_null(theirs);
    zmqx_auth_destroy(&theirs);
    zmqx_auth_destroy(NULL);
    zmqx_ctx_destroy(&other);
    /* after destroy the context can have a new one */
    zmqx_auth_destroy(&auth);
    auth = zmqx_auth_new(ctx);
    ck_assert_ptr_nonnull(auth);
}
END_TEST

START_TEST(default_context)
{
    zmqx_auth_t *a = zmqx_auth_new(NULL);
    ck_assert_msg(a != NULL, "%s", zmqx_strerror());
    ck_assert_ptr_null(zmqx_auth_new(zmqx_ctx_default()));
    ck_assert_int_eq(errno, EADDRINUSE);
    zmqx_auth_destroy(&a);
}
END_TEST

START_TEST(context_destroyed_first)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    long long t0 = tu_now_ms();
    zmqx_ctx_destroy(&ctx); /* the thread ends on ETERM: no hang */
    zmqx_auth_destroy(&auth);
    ck_assert_int_lt(tu_now_ms() - t0, 5000);
}
END_TEST

START_TEST(context_shut_down)
{
    ck_assert_int_eq(zmqx_ctx_shutdown(ctx), 0);
    zmqx_auth_destroy(&auth);
    ck_assert_ptr_null(zmqx_auth_new(ctx));
    tu_assert_error(ETERM, "auth_new");
}
END_TEST

START_TEST(destroy_in_a_forked_child)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* the child has no authenticator thread: destroy only frees */
        zmqx_auth_destroy(&auth);
        _exit(auth == NULL ? 0 : 1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* the parent's authenticator still answers */
    expect_zap("", "127.0.0.1", "NULL", NULL, NULL, "200", "127.0.0.1");
}
END_TEST

/* Run fn with stderr going to a temporary file; return what it wrote. */
static char *capture_stderr(void (*fn)(void))
{
    char path[] = "/tmp/zmqx-auth-stderr-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    static char buf[4096];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return buf;
}

static void two_requests(void)
{
    expect_zap("dom", "127.0.0.1", "PLAIN", "admin", "pw-9f8e7d", "200", "admin");
    expect_zap("dom", "127.0.0.1", "PLAIN", "admin", "wrong-6c5b", "400", "");
}

START_TEST(verbose_logs_without_passwords)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "pw-9f8e7d"), 0);
    char *quiet = capture_stderr(two_requests);
    ck_assert_str_eq(quiet, "");
    ck_assert_int_eq(zmqx_auth_set_verbose(auth, true), 0);
    char *out = capture_stderr(two_requests);
    ck_assert_msg(strstr(out, "PLAIN client from \"127.0.0.1\", domain \"dom\": 200 OK (user id "
                              "\"admin\")")
                      != NULL,
                  "%s", out);
    ck_assert_msg(strstr(out, "400 invalid user name or password") != NULL, "%s", out);
    ck_assert_ptr_null(strstr(out, "9f8e7d"));
    ck_assert_ptr_null(strstr(out, "6c5b"));
}
END_TEST

/* Change the rules from another thread while requests are judged. */
static void *churn(void *arg)
{
    zmqx_auth_t *a = arg;
    for (int i = 0; i < 200; i++) {
        zmqx_auth_plain_add(a, "temp", "t");
        zmqx_auth_allow(a, "10.0.0.0/8");
        zmqx_auth_clear(a);
        zmqx_auth_plain_add(a, "admin", "s3cret");
    }
    return NULL;
}

START_TEST(configuration_while_running)
{
    ck_assert_int_eq(zmqx_auth_plain_add(auth, "admin", "s3cret"), 0);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, churn, auth), 0);
    for (int i = 0; i < 20; i++) {
        zap_reply_t r;
        zap_check("", "127.0.0.1", "PLAIN", "temp", "t", &r);
        ck_assert(strcmp(r.code, "200") == 0 || strcmp(r.code, "400") == 0);
    }
    pthread_join(t, NULL);
    expect_zap("", "127.0.0.1", "PLAIN", "admin", "s3cret", "200", "admin");
}
END_TEST

static Suite *auth_suite(void)
{
    Suite *s = suite_create("auth");
    TCase *tc = tu_tcase(s, "matrix with auth", 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, null_with_auth_accepts_and_names_the_address);
    tcase_add_test(tc, null_with_auth_refuses_a_denied_address);
    tcase_add_test(tc, null_without_zap_domain_is_not_checked);
    tcase_add_test(tc, plain_with_auth_correct);
    tcase_add_test(tc, plain_with_auth_wrong_password);
    tcase_add_test(tc, plain_with_auth_unknown_user);
    tcase_add_test(tc, plain_with_auth_missing_credentials);
    tcase_add_test(tc, plain_with_auth_but_no_users_refuses_everyone);
    tcase_add_test(tc, curve_with_auth_correct);
    tcase_add_test(tc, curve_with_auth_named_key);
    tcase_add_test(tc, curve_with_auth_unlisted_client);
    tcase_add_test(tc, curve_with_auth_wrong_server_key);
    tcase_add_test(tc, curve_with_auth_missing_credentials);
    tcase_add_test(tc, curve_with_auth_allow_any);
    tcase_add_test(tc, curve_key_rotation);
    tcase_add_test(tc, address_allow_loopback_range);
    tcase_add_test(tc, address_allow_other_range_only);
    tcase_add_test(tc, address_deny_beats_allow);
    tcase_add_test(tc, address_ipv6_over_tcp);
    tcase_add_test(tc, domains_over_tcp);
    tc = tu_tcase(s, "matrix without auth", 30);
    tcase_add_checked_fixture(tc, setup_plain_ctx, teardown);
    tcase_add_test(tc, null_without_auth);
    tcase_add_test(tc, null_with_domain_without_auth_fails_closed);
    tcase_add_test(tc, plain_without_auth);
    tcase_add_test(tc, plain_without_auth_wrong_password);
    tcase_add_test(tc, plain_without_auth_missing_credentials);
    tcase_add_test(tc, curve_without_auth_fails_closed);
    tcase_add_test(tc, curve_without_domain_is_encryption_only);
    tcase_add_test(tc, curve_without_auth_wrong_server_key);
    tcase_add_test(tc, curve_without_auth_missing_credentials);
    tc = tu_tcase(s, "zap protocol", 20);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, zap_malformed_requests_get_500);
    tcase_add_test(tc, zap_mechanisms_and_credentials);
    tcase_add_test(tc, zap_domain_rules);
    tcase_add_test(tc, zap_curve_rules);
    tcase_add_test(tc, verbose_logs_without_passwords);
    tcase_add_test(tc, configuration_while_running);
    tc = tu_tcase(s, "rules", 20);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, cidr_ipv4);
    tcase_add_test(tc, cidr_ipv6);
    tcase_add_test(tc, cidr_bad_text_is_einval);
    tcase_add_test(tc, address_rules_by_domain);
    tcase_add_test(tc, config_errors);
    tc = tu_tcase(s, "files", 20);
    tcase_add_checked_fixture(tc, files_setup, files_teardown);
    tcase_add_test(tc, plain_load_file);
    tcase_add_test(tc, plain_load_errors);
    tcase_add_test(tc, curve_load_file_and_directory);
    tcase_add_test(tc, curve_load_errors);
    tcase_add_test(tc, curve_load_certificates);
    tcase_add_test(tc, curve_certificates_admit_clients);
    tc = tu_tcase(s, "fail closed", 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, signal_storm_keeps_the_door_shut);
    tcase_add_test(tc, killed_handler_refuses_every_curve_client);
    tcase_add_test(tc, killed_handler_refuses_null_clients_of_a_domain);
    tcase_add_test(tc, killed_handler_refuses_plain_clients);
    tcase_add_test(tc, raw_curve_options_fail_closed_too);
    tcase_add_test(tc, zap_domain_choices);
#ifndef ZMQX_TEST_SIGNALS_REACH_THREADS
    tcase_add_test(tc, handler_thread_blocks_signals);
#endif
    tc = tu_tcase(s, "life cycle", 20);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, one_authenticator_per_context);
    tcase_add_test(tc, default_context);
    tcase_add_test(tc, context_destroyed_first);
    tcase_add_test(tc, context_shut_down);
    tcase_add_test(tc, destroy_in_a_forked_child);
    return s;
}

int main(void)
{
    return tu_run(auth_suite(), 240);
}
