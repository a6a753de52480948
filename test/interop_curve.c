/* Interop: zmqx CURVE against pyzmq CURVE, both ways. Runs the peer
 * test/interop_curve.py (its path is argv[1]) with /usr/bin/python3; exits
 * 77 (meson: skipped) when that interpreter cannot import zmq. */
#include "testutil.h"

#include <spawn.h>
#include <sys/wait.h>

#define PYTHON "/usr/bin/python3"

extern char **environ;
static const char *script;

/* Start the peer with args (NULL-terminated, after the script); its stdout
 * goes to *out (a pipe) when out is not NULL. The pid, or -1 (errno set). */
static pid_t peer_spawn(const char *const *args, FILE **out)
{
    const char *argv[8] = { PYTHON, script };
    int n = 2;
    while (*args && n < 7)
        argv[n++] = *args++;
    argv[n] = NULL;
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
    int rc = posix_spawn(&pid, PYTHON, &fa, NULL, (char *const *) argv, environ);
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

    zmq_msg_t msg;
    zmq_msg_init(&msg);
    int n = zmq_msg_recv(&msg, zmqx_socket_handle(rep), 0);
    ck_assert_msg(n >= 0, "nothing from the pyzmq client: %s", zmq_strerror(zmq_errno()));
    ck_assert_int_eq(n, 16);
    ck_assert_mem_eq(zmq_msg_data(&msg), "hello from pyzmq", 16);
    const char *user_id = zmq_msg_gets(&msg, "User-Id");
    ck_assert_ptr_nonnull(user_id);
    ck_assert_str_eq(user_id, client_pub);
    zmq_msg_close(&msg);
    ck_assert_int_eq(zmqx_send_str(rep, "hello from zmqx"), 15);
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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s path/to/interop_curve.py\n", argv[0]);
        return 2;
    }
    script = argv[1];
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
    return tu_run(s, 120);
}
