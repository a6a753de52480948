/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Interop: zmqx CURVE against pyzmq CURVE, both ways, and ZPL certificates
 * written and read by pyzmq and by CZMQ. Runs the peer test/interop_curve.py
 * (its path is argv[1]) with /usr/bin/python3, and test/czmq_cert.c's
 * program (argv[2], when libczmq was found); exits 77 (meson: skipped) when
 * that interpreter cannot import zmq. */
#include "tu_files.h"

#include <spawn.h>
#include <sys/wait.h>

#define PYTHON "/usr/bin/python3"

extern char **environ;
static const char *script;
static const char *czmq_helper; /* NULL without libczmq */

/* Start argv[0] with argv; its stdout goes to *out (a pipe) when out is
 * not NULL. The pid, or -1 (errno set). */
static pid_t spawn_argv(const char *const *argv, FILE **out)
{
    int fds[2] = { -1, -1 };
    if (out != NULL && pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (out != NULL) {
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
    }
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *) argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (out != NULL) {
        close(fds[1]);
        *out = rc == 0 ? fdopen(fds[0], "r") : NULL;
        if (rc != 0)
            close(fds[0]);
    }
    errno = rc;
    return rc == 0 ? pid : -1;
}

/* Start the peer with args (NULL-terminated, after the script), as
 * spawn_argv does. */
static pid_t peer_spawn(const char *const *args, FILE **out)
{
    const char *argv[8] = { PYTHON, script };
    int n = 2;
    while (*args && n < 7)
        argv[n++] = *args++;
    argv[n] = NULL;
    return spawn_argv(argv, out);
}

static pid_t peer_start(const char *const *args, FILE **out)
{
    pid_t pid = peer_spawn(args, out);
    ck_assert_msg(pid > 0, "cannot run %s: %s", PYTHON, strerror(errno));
    ck_assert(out == NULL || *out != NULL);
    return pid;
}

/* The peer's exit status (-1 if it did not exit normally). */
static int peer_wait(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Receive the pyzmq client's "hello from pyzmq" on rep (its User-Id must
 * be user_id) and answer "hello from zmqx". */
static void answer_hello(zmqx_socket_t *rep, const char *user_id)
{
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    int n = zmq_msg_recv(&msg, zmqx_socket_handle(rep), 0);
    ck_assert_msg(n >= 0, "nothing from the pyzmq client: %s", zmq_strerror(zmq_errno()));
    ck_assert_int_eq(n, 16);
    ck_assert_mem_eq(zmq_msg_data(&msg), "hello from pyzmq", 16);
    const char *got = zmq_msg_gets(&msg, "User-Id");
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, user_id);
    zmq_msg_close(&msg);
    ck_assert_int_eq(zmqx_send_str(rep, "hello from zmqx"), 15);
}

START_TEST(zmqx_server_pyzmq_client)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_keypair_t server, client;
    ck_assert_int_eq(zmqx_curve_keypair(&server), 0);
    ck_assert_int_eq(zmqx_curve_keypair(&client), 0);
    /* only the pyzmq client's key is admitted */
    zmqx_auth_t *auth = zmqx_auth_new(ctx);
    ck_assert_ptr_nonnull(auth);
    ck_assert_int_eq(zmqx_auth_curve_add(auth, &client.public_key), 0);
    zmqx_socket_t *rep = zmqx_socket_new(ctx, ZMQ_REP, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(rep, &server.secret_key), 0);
    ck_assert_int_gt(zmqx_socket_bind(rep, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_set_timeout(rep, 20000);

    char server_pub[41], client_pub[41], client_sec[41];
    zmqx_key_z85(&server.public_key, server_pub);
    zmqx_key_z85(&client.public_key, client_pub);
    zmqx_key_z85(&client.secret_key, client_sec);
    setenv("ZMQX_INTEROP_SECRET", client_sec, 1);
    const char *args[] = { "client", zmqx_socket_endpoint(rep), server_pub, client_pub, NULL };
    pid_t pid = peer_start(args, NULL);
    unsetenv("ZMQX_INTEROP_SECRET");

    answer_hello(rep, client_pub);
    ck_assert_int_eq(peer_wait(pid), 0);

    zmqx_socket_destroy(&rep);
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
    zmqx_keypair_wipe(&server);
    zmqx_keypair_wipe(&client);
}
END_TEST

START_TEST(zmqx_client_pyzmq_server)
{
    const char *args[] = { "server", NULL };
    FILE *out;
    pid_t pid = peer_start(args, &out);
    char line[256], endpoint[200], server_pub[64];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, out));
    fclose(out);
    ck_assert_int_eq(sscanf(line, "%199s %63s", endpoint, server_pub), 2);
    zmqx_key_t server_key;
    ck_assert_int_eq(zmqx_key_parse(&server_key, server_pub, strlen(server_pub)), 0);

    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_client(req, &server_key, NULL), 0);
    ck_assert_int_eq(zmqx_socket_connect(req, endpoint), 0);
    zmqx_socket_set_timeout(req, 20000);
    ck_assert_int_eq(zmqx_send_str(req, "hello from zmqx"), 15);
    char *reply = zmqx_recv_str(req);
    ck_assert_msg(reply != NULL, "no reply from the pyzmq server: %s", zmqx_strerror());
    ck_assert_str_eq(reply, "pyzmq got: hello from zmqx");
    free(reply);
    ck_assert_int_eq(peer_wait(pid), 0);
    zmqx_socket_destroy(&req);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* ---- certificates --------------------------------------------------------- */

/* Read pid's stdout (f) into out (cap bytes, NUL-terminated, one line's
 * end cut off); its exit status. */
static int capture(pid_t pid, FILE *f, char *out, size_t cap)
{
    ck_assert_msg(pid > 0, "cannot run the peer: %s", strerror(errno));
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    out[strcspn(out, "\n")] = '\0';
    fclose(f);
    return peer_wait(pid);
}

/* Run the pyzmq peer with args; its stdout line into out. */
static void py_run(const char *const *args, char *out, size_t cap)
{
    FILE *f = NULL;
    pid_t pid = peer_spawn(args, &f);
    ck_assert_msg(capture(pid, f, out, cap) == 0, "pyzmq peer %s failed", args[0]);
}

/* pyzmq's create_certificates into dir (made here) for name. */
static void py_certs(const char *dir, const char *name)
{
    char path[512], out[64];
    snprintf(path, sizeof path, "%s", tu_tmp_path(dir));
    ck_assert_int_eq(mkdir(path, 0700), 0);
    const char *args[] = { "certs", path, name, NULL };
    py_run(args, out, sizeof out);
}

/* The "PUBLIC SECRET" line a loader (pyzmq's or CZMQ's) prints for a file
 * that zmqx reads as kp. */
static void expect_line(const char *line, const zmqx_key_t *pub, const zmqx_key_t *sec)
{
    char want[100], p[41], s[41] = "-";
    zmqx_key_z85(pub, p);
    if (sec != NULL)
        zmqx_key_z85(sec, s);
    snprintf(want, sizeof want, "%s %s", p, s);
    ck_assert_str_eq(line, want);
}

START_TEST(pyzmq_certificates_zmqx_server)
{
    /* a zmqx server with a pyzmq-made certificate, an authenticator that
     * loads a directory of pyzmq-made client certificates (NAME.key and
     * NAME.key_secret: the secret ones are skipped), a pyzmq client with
     * its certificate let in, one with a certificate not there refused */
    tu_tmpdir_make();
    py_certs("server", "server");
    py_certs("clients", "client");
    py_certs("other", "stranger");
    char server_cert[512], client_cert[512], client_secret[512], stranger_secret[512];
    snprintf(server_cert, sizeof server_cert, "%s", tu_tmp_path("server/server.key"));
    snprintf(client_cert, sizeof client_cert, "%s", tu_tmp_path("clients/client.key"));
    snprintf(client_secret, sizeof client_secret, "%s", tu_tmp_path("clients/client.key_secret"));
    snprintf(stranger_secret, sizeof stranger_secret, "%s",
             tu_tmp_path("other/stranger.key_secret"));

    zmqx_keypair_t server;
    ck_assert_msg(zmqx_keypair_load(tu_tmp_path("server/server.key_secret"), &server) == 2, "%s",
                  zmqx_strerror());
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_auth_t *auth = zmqx_auth_new(ctx);
    ck_assert_ptr_nonnull(auth);
    ck_assert_msg(zmqx_auth_curve_load(auth, tu_tmp_path("clients")) == 1, "%s", zmqx_strerror());
    zmqx_socket_t *rep = zmqx_socket_new(ctx, ZMQ_REP, NULL);
    ck_assert_int_eq(zmqx_socket_set_curve_server(rep, &server.secret_key), 0);
    zmqx_keypair_wipe(&server);
    ck_assert_int_gt(zmqx_socket_bind(rep, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_set_timeout(rep, 20000);

    const char *args[] = { "certclient", zmqx_socket_endpoint(rep), server_cert, client_secret,
                           NULL };
    pid_t pid = peer_start(args, NULL);
    zmqx_key_t client;
    char client_pub[41];
    ck_assert_int_eq(zmqx_key_load_public(client_cert, &client), 1);
    zmqx_key_z85(&client, client_pub);
    answer_hello(rep, client_pub);
    ck_assert_int_eq(peer_wait(pid), 0);

    const char *stranger[] = { "certclient", zmqx_socket_endpoint(rep), server_cert,
                               stranger_secret, "refused", NULL };
    pid = peer_start(stranger, NULL);
    ck_assert_msg(peer_wait(pid) == 0, "the stranger's pyzmq client got a reply");
    zmqx_socket_set_timeout(rep, 100);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    ck_assert_int_eq(zmq_msg_recv(&msg, zmqx_socket_handle(rep), 0), -1);
    ck_assert_int_eq(zmq_errno(), EAGAIN);
    zmq_msg_close(&msg);

    zmqx_socket_destroy(&rep);
    zmqx_auth_destroy(&auth);
    zmqx_ctx_destroy(&ctx);
    tu_remove_tree(tu_tmpdir);
}
END_TEST

START_TEST(zmqx_certificates_read_by_pyzmq)
{
    tu_tmpdir_make();
    zmqx_keypair_t kp;
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    const char *meta[] = { "name", "zmqx made", NULL };
    ck_assert_int_eq(zmqx_keypair_save_cert(tu_tmp_path("zmqx.key"), &kp, meta), 0);
    char path[512], out[128];
    snprintf(path, sizeof path, "%s", tu_tmp_path("zmqx.key"));
    const char *pub[] = { "load", path, NULL };
    py_run(pub, out, sizeof out);
    expect_line(out, &kp.public_key, NULL);
    snprintf(path, sizeof path, "%s", tu_tmp_path("zmqx.key_secret"));
    const char *sec[] = { "load", path, NULL };
    py_run(sec, out, sizeof out);
    expect_line(out, &kp.public_key, &kp.secret_key);
    zmqx_keypair_wipe(&kp);
    tu_remove_tree(tu_tmpdir);
}
END_TEST

/* Run the CZMQ helper: "PUBLIC SECRET" into out. */
static void czmq_run(const char *cmd, const char *path, char *out, size_t cap)
{
    const char *argv[] = { czmq_helper, cmd, path, NULL };
    FILE *f = NULL;
    pid_t pid = spawn_argv(argv, &f);
    ck_assert_msg(capture(pid, f, out, cap) == 0, "czmq_cert %s %s failed", cmd, path);
}

START_TEST(certificates_with_czmq)
{
    tu_tmpdir_make();
    char path[512], out[128];
    /* CZMQ writes (zcert_save), zmqx reads */
    snprintf(path, sizeof path, "%s", tu_tmp_path("czmq"));
    czmq_run("save", path, out, sizeof out);
    zmqx_keypair_t kp;
    ck_assert_msg(zmqx_keypair_load(tu_tmp_path("czmq_secret"), &kp) == 2, "%s", zmqx_strerror());
    expect_line(out, &kp.public_key, &kp.secret_key);
    ck_assert_msg(zmqx_keypair_load(path, &kp) == 1, "%s", zmqx_strerror());
    char pub[41];
    zmqx_key_z85(&kp.public_key, pub);
    ck_assert_int_eq(strncmp(out, pub, 40), 0);
    /* zmqx writes, CZMQ reads (zcert_load takes NAME_secret first) */
    ck_assert_int_eq(zmqx_curve_keypair(&kp), 0);
    const char *meta[] = { "name", "zmqx", NULL };
    snprintf(path, sizeof path, "%s", tu_tmp_path("zmqx"));
    ck_assert_int_eq(zmqx_keypair_save_cert(path, &kp, meta), 0);
    czmq_run("load", path, out, sizeof out);
    expect_line(out, &kp.public_key, &kp.secret_key);
    ck_assert_int_eq(unlink(tu_tmp_path("zmqx_secret")), 0);
    czmq_run("load", path, out, sizeof out);
    zmqx_keypair_t zero;
    memset(&zero, 0, sizeof zero);
    expect_line(out, &kp.public_key, &zero.secret_key);
    zmqx_keypair_wipe(&kp);
    tu_remove_tree(tu_tmpdir);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s path/to/interop_curve.py [path/to/czmq_cert]\n", argv[0]);
        return 2;
    }
    script = argv[1];
    czmq_helper = argc == 3 ? argv[2] : NULL;
    const char *check[] = { "check", NULL };
    pid_t pid = peer_spawn(check, NULL);
    if (pid < 0 || peer_wait(pid) != 0) {
        fprintf(stderr, "%s cannot import zmq with CURVE: interop skipped\n", PYTHON);
        return 77;
    }
    Suite *s = suite_create("interop_curve");
    TCase *tc = tu_tcase(s, "curve", 60);
    tcase_add_test(tc, zmqx_server_pyzmq_client);
    tcase_add_test(tc, zmqx_client_pyzmq_server);
    tc = tu_tcase(s, "certificates", 60);
    tcase_add_test(tc, pyzmq_certificates_zmqx_server);
    tcase_add_test(tc, zmqx_certificates_read_by_pyzmq);
    if (czmq_helper != NULL)
        tcase_add_test(tc, certificates_with_czmq);
    else
        fprintf(stderr, "no libczmq at build time: the CZMQ certificate case is left out\n");
    return tu_run(s, 120);
}
