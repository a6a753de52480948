/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: reliability — lifecycle (linger, destroy with open sockets,
 * fork, owner-thread check, leak warnings) and fault/load tests. */
#define TU_STORM /* tu_storm_start: SIGUSR1 at every thread */
#include "testutil.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "tu_files.h"

/* ---- lifecycle ---- */

/* A tcp listener that never speaks ZMTP: a peer that never takes messages. */
static int silent_listener(char *ep, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &a, sizeof a), 0);
    ck_assert_int_eq(listen(fd, 8), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *) &a, &len);
    snprintf(ep, cap, "tcp://127.0.0.1:%d", ntohs(a.sin_port));
    return fd;
}

START_TEST(default_linger_is_finite_and_bounds_destroy)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, 300), 0);
    char ep[64];
    int listener = silent_listener(ep, sizeof ep);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ep);
    ck_assert_ptr_nonnull(push);
    tu_sleep_ms(50);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(zmqx_send(push, "x", 1, ZMQX_DONTWAIT), 1);
    long long t0 = tu_now_ms();
    zmqx_socket_destroy(&push);
    zmqx_ctx_destroy(&ctx);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 250);
    ck_assert_int_lt(took, 1300);
    /* The default: finite and non-zero. */
    zmqx_socket_t *s = zmqx_socket_new(NULL, ZMQ_PUSH, NULL);
    int linger = -2;
    zmqx_socket_get_int(s, ZMQ_LINGER, &linger);
    ck_assert_int_eq(linger, ZMQX_DEFAULT_LINGER_MS);
    ck_assert_int_gt(linger, 0);
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_LINGER, 0), 0);
    zmqx_socket_destroy(&s);
    close(listener);
}
END_TEST

START_TEST(destroy_with_open_sockets_is_bounded_by_linger)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_ctx_set(ctx, ZMQX_CTX_LINGER, 200);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">tcp://127.0.0.1:9");
    ck_assert_ptr_nonnull(push);
    zmqx_send(push, "queued", 6, ZMQX_DONTWAIT);
    long long t0 = tu_now_ms();
    zmqx_ctx_destroy(&ctx);
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    ck_assert_int_eq(zmqx_send_str(push, "x"), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(leak_warning_only_when_asked)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fds[1], 2);
    zmqx_ctx_t *quiet = zmqx_ctx_new();
    zmqx_socket_t *a = zmqx_socket_new(quiet, ZMQ_PUB, "@inproc://quiet");
    zmqx_ctx_destroy(&quiet);
    zmqx_ctx_t *loud = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(loud, ZMQX_CTX_WARN_LEAKS, 1), 0);
    ck_assert_int_eq(zmqx_ctx_get(loud, ZMQX_CTX_WARN_LEAKS), 1);
    zmqx_socket_t *b = zmqx_socket_new(loud, ZMQ_PUB, "@inproc://loud");
    zmqx_ctx_destroy(&loud);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fds[1]);
    char buf[512] = { 0 };
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    ck_assert_int_gt(n, 0);
    ck_assert_ptr_nonnull(strstr(buf, "1 socket(s) still open: PUB@inproc://loud"));
    ck_assert_ptr_null(strstr(buf, "quiet"));
    ck_assert_int_eq(zmqx_ctx_set(NULL, ZMQX_CTX_WARN_LEAKS, 2), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
}
END_TEST

START_TEST(fork_child_destroy_leaves_parent_alone)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    ck_assert_int_eq(zmqx_send_str(push, "before"), 6);
    fflush(NULL);
    int verdict[2];
    ck_assert_int_eq(pipe(verdict), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* The child only releases memory: libzmq state is the parent's.
         * (Its verdict goes through a pipe: under valgrind the child's exit
         * status reports the parent's libzmq state as leaked.) */
        zmqx_socket_destroy(&push);
        zmqx_socket_destroy(&pull);
        zmqx_ctx_destroy(&ctx);
        char ok = ctx == NULL && push == NULL ? 'y' : 'n';
        ssize_t w = write(verdict[1], &ok, 1);
        _exit(w == 1 ? 0 : 1);
    }
    close(verdict[1]);
    char ok = 0;
    ck_assert_int_eq(read(verdict[0], &ok, 1), 1);
    close(verdict[0]);
    ck_assert_int_eq(ok, 'y');
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    char *m = zmqx_recv_str(pull);
    ck_assert_str_eq(m, "before");
    free(m);
    ck_assert_int_eq(zmqx_send_str(push, "after"), 5);
    m = zmqx_recv_str(pull);
    ck_assert_str_eq(m, "after");
    free(m);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

typedef struct {
    zmqx_socket_t *s;
    int rc, err, handover_rc, after_rc;
} foreign_t;

static void *use_from_other_thread(void *arg)
{
    foreign_t *f = arg;
    f->rc = zmqx_send_str(f->s, "x");
    f->err = errno;
    f->handover_rc = zmqx_socket_handover(f->s);
    f->after_rc = zmqx_send_str(f->s, "y");
    return NULL;
}

START_TEST(owner_thread_check)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_get(ctx, ZMQX_CTX_THREAD_CHECK), 0);
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQX_CTX_THREAD_CHECK, 1), 0);
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://owner");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://owner");
    foreign_t f = { .s = push };
    pthread_t t;
    pthread_create(&t, NULL, use_from_other_thread, &f);
    pthread_join(t, NULL);
    ck_assert_int_eq(f.rc, -1);
    ck_assert_int_eq(f.err, EPERM);
    ck_assert_int_eq(f.handover_rc, 0);
    ck_assert_int_eq(f.after_rc, 1);
    /* Now the main thread is the stranger. */
    ck_assert_int_eq(zmqx_send_str(push, "z"), -1);
    tu_assert_error(EPERM, "does not own it");
    ck_assert_int_eq(zmqx_socket_handover(push), 0);
    ck_assert_int_eq(zmqx_send_str(push, "z"), 1);
    char buf[4];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(buf[0], 'y');
    ck_assert_int_eq(zmqx_socket_handover(NULL), -1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(no_owner_check_by_default)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://free");
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://free");
    foreign_t f = { .s = push };
    pthread_t t;
    pthread_create(&t, NULL, use_from_other_thread, &f);
    pthread_join(t, NULL);
    ck_assert_int_eq(f.rc, 1);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* ---- load and faults ---- */

typedef struct {
    zmqx_socket_t *push;
    long count;
    int failed;
} sender_t;

static void *send_sequence(void *arg)
{
    sender_t *sd = arg;
    for (long i = 0; i < sd->count; i++)
        if (zmqx_send(sd->push, &i, sizeof i, 0) != sizeof i) {
            sd->failed = 1;
            break;
        }
    return NULL;
}

/* A PULL on a random tcp port and a PUSH connected to it, both with this
 * high-water mark. */
static void hwm_pair(zmqx_ctx_t *ctx, int hwm, zmqx_socket_t **pull, zmqx_socket_t **push)
{
    *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(*pull, ZMQ_RCVHWM, hwm), 0);
    ck_assert_int_gt(zmqx_socket_bind(*pull, "tcp://127.0.0.1:*"), 0);
    *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_int(*push, ZMQ_SNDHWM, hwm), 0);
    ck_assert_int_eq(zmqx_socket_connect(*push, zmqx_socket_endpoint(*pull)), 0);
}

START_TEST(a_million_messages_in_order)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull, *push;
    hwm_pair(ctx, 100, &pull, &push);
    sender_t sd = { push, tu_scaled(1000000), 0 };
    pthread_t t;
    pthread_create(&t, NULL, send_sequence, &sd);
    long next = 0;
    for (; next < sd.count; next++) {
        long got = -1;
        int n = zmqx_recv(pull, &got, sizeof got, 0);
        ck_assert_msg(n == (int) sizeof got, "recv %ld: %s", next, zmqx_strerror());
        ck_assert_msg(got == next, "expected %ld, got %ld", next, got);
    }
    pthread_join(t, NULL);
    ck_assert(!sd.failed);
    /* Nothing more (no duplicate) arrives. */
    char extra[16];
    zmqx_socket_set_recv_timeout(pull, 100);
    ck_assert_int_eq(zmqx_recv(pull, extra, sizeof extra, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    char tried[80];
    snprintf(tried, sizeof tried, "%ld messages over tcp PUSH/PULL, HWM 100", sd.count);
    tu_report("a_million_messages_in_order", tried, "every one arrived, in order, none twice");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(peer_restart_mid_stream)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    char ep[256];
    snprintf(ep, sizeof ep, "%s", zmqx_socket_endpoint(pull));
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    zmqx_socket_set_int(push, ZMQ_RECONNECT_IVL, 20);
    ck_assert_int_eq(zmqx_socket_connect(push, ep), 0);
    ck_assert_int_eq(zmqx_send_str(push, "one"), 3);
    char *m = zmqx_recv_str(pull);
    ck_assert_str_eq(m, "one");
    free(m);
    /* The receiver dies ... */
    zmqx_socket_set_int(pull, ZMQ_LINGER, 0);
    zmqx_socket_destroy(&pull);
    tu_sleep_ms(50);
    /* ... and comes back on the same port. */
    pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    int rc = -1;
    for (int i = 0; i < 50 && rc < 0; i++)
        if ((rc = zmqx_socket_bind(pull, ep)) < 0)
            tu_sleep_ms(20);
    ck_assert_msg(rc > 0, "rebind %s: %s", ep, zmqx_strerror());
    ck_assert_int_eq(zmqx_send_str(push, "two"), 3);
    zmqx_socket_set_recv_timeout(pull, 5000);
    m = zmqx_recv_str(pull);
    ck_assert_msg(m != NULL, "%s", zmqx_strerror());
    ck_assert_str_eq(m, "two");
    free(m);
    tu_report("peer_restart_mid_stream", "the receiver closes and binds the same port again",
              "the message sent after the restart arrives");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(create_destroy_cycles_leave_no_fd)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    /* Warm up: libzmq's reaper and I/O threads are made on first use. */
    zmqx_socket_t *w = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    zmqx_socket_destroy(&w);
    int before = tu_count_fds();
    long cycles = tu_scaled(10000);
    for (long i = 0; i < cycles; i++) {
        zmqx_socket_t *s = zmqx_socket_new(ctx, (int) (i % 11), NULL);
        /* libzmq frees a closed socket's slot on its reaper thread, later:
         * a tight loop can outrun it and see EMFILE for a moment. */
        for (int tries = 0; s == NULL && errno == EMFILE && tries < 1000; tries++) {
            tu_sleep_ms(1);
            s = zmqx_socket_new(ctx, (int) (i % 11), NULL);
        }
        ck_assert_msg(s != NULL, "cycle %ld: %s", i, zmqx_strerror());
        zmqx_socket_destroy(&s);
    }
    /* libzmq's reaper closes mailboxes asynchronously: give it a moment. */
    int after = tu_count_fds();
    for (int i = 0; i < 100 && after > before; i++) {
        tu_sleep_ms(10);
        after = tu_count_fds();
    }
    ck_assert_int_le(after, before);
    char tried[80], held[80];
    snprintf(tried, sizeof tried, "%ld socket create/destroy cycles over 11 types", cycles);
    snprintf(held, sizeof held, "%d descriptors before, %d after", before, after);
    tu_report("create_destroy_cycles_leave_no_fd", tried, held);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(running_out_of_sockets_is_a_clean_error)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    ck_assert_int_eq(zmqx_ctx_set(ctx, ZMQ_MAX_SOCKETS, 8), 0);
    zmqx_socket_t *s[16] = { 0 };
    int made = 0;
    while (made < 16 && (s[made] = zmqx_socket_new(ctx, ZMQ_PAIR, NULL)) != NULL)
        made++;
    ck_assert_int_lt(made, 16);
    ck_assert_int_ge(made, 1);
    tu_assert_error(EMFILE, "too many sockets");
    char tried[80];
    snprintf(tried, sizeof tried, "sockets beyond ZMQ_MAX_SOCKETS 8 (%d made)", made);
    tu_report("running_out_of_sockets_is_a_clean_error", tried, "EMFILE, no crash");
    for (int i = 0; i < made; i++)
        zmqx_socket_destroy(&s[i]);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(running_out_of_descriptors_is_a_clean_error)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *w = zmqx_socket_new(ctx, ZMQ_PAIR, NULL); /* start libzmq's threads */
    struct rlimit old;
    getrlimit(RLIMIT_NOFILE, &old);
    struct rlimit low = { (rlim_t) tu_count_fds() + 6, old.rlim_max };
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    zmqx_socket_t *s[64] = { 0 };
    int made = 0, err = 0;
    while (made < 64) {
        s[made] = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
        if (s[made] == NULL) {
            err = errno;
            break;
        }
        made++;
    }
    setrlimit(RLIMIT_NOFILE, &old);
    ck_assert_int_lt(made, 64);
    ck_assert_int_eq(err, EMFILE);
    char tried[80];
    snprintf(tried, sizeof tried, "sockets beyond RLIMIT_NOFILE (%d made)", made);
    tu_report("running_out_of_descriptors_is_a_clean_error", tried, "EMFILE, no crash");
    for (int i = 0; i < made; i++)
        zmqx_socket_destroy(&s[i]);
    zmqx_socket_destroy(&w);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

START_TEST(oversized_message_disconnects_only_its_sender)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_set_int64(pull, ZMQ_MAXMSGSIZE, 100), 0);
    ck_assert_int_gt(zmqx_socket_bind(pull, "tcp://127.0.0.1:*"), 0);
    zmqx_socket_set_recv_timeout(pull, 3000);
    zmqx_socket_t *bad = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    zmqx_socket_t *good = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    char big[1000];
    memset(big, 'B', sizeof big);
    ck_assert_int_eq(zmqx_send(bad, big, sizeof big, 0), (int) sizeof big);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(zmqx_sendf(good, "good %d", i), 6);
    char buf[2000];
    for (int i = 0; i < 3; i++) {
        int n = zmqx_recv(pull, buf, sizeof buf, 0);
        ck_assert_msg(n == 6, "recv: %d %s", n, zmqx_strerror());
        ck_assert_int_eq(memcmp(buf, "good", 4), 0);
    }
    zmqx_socket_set_recv_timeout(pull, 200);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    tu_report("oversized_message_disconnects_only_its_sender",
              "a 1,000-byte message to a receiver with ZMQ_MAXMSGSIZE 100, beside 3 small ones",
              "the sender is disconnected, the 3 small messages arrive");
    zmqx_socket_set_int(bad, ZMQ_LINGER, 0);
    zmqx_socket_destroy(&bad);
    zmqx_socket_destroy(&good);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

typedef struct {
    zmqx_socket_t *s;
    int send;
    int rc, err;
    long long ended;
} blocked_t;

static void *block(void *arg)
{
    blocked_t *b = arg;
    char buf[8];
    if (b->send) {
        while ((b->rc = zmqx_send(b->s, "x", 1, 0)) == 1) {
        }
    } else {
        b->rc = zmqx_recv(b->s, buf, sizeof buf, 0);
    }
    b->err = errno;
    b->ended = tu_now_ms();
    return NULL;
}

START_TEST(shutdown_ends_blocked_send_and_receive)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    /* A PUSH whose peer never reads blocks once its HWM is full. */
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    zmqx_socket_set_int(push, ZMQ_SNDHWM, 10);
    zmqx_socket_t *idle = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_set_int(idle, ZMQ_RCVHWM, 10);
    int port = zmqx_socket_bind(idle, "tcp://127.0.0.1:*");
    ck_assert_int_gt(port, 0);
    zmqx_socket_connect(push, zmqx_socket_endpoint(idle));
    blocked_t r = { .s = pull }, s = { .s = push, .send = 1 };
    pthread_t tr, ts;
    pthread_create(&tr, NULL, block, &r);
    pthread_create(&ts, NULL, block, &s);
    tu_sleep_ms(300);
    long long t0 = tu_now_ms();
    zmqx_ctx_shutdown(ctx);
    pthread_join(tr, NULL);
    pthread_join(ts, NULL);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_int_eq(r.err, ETERM);
    ck_assert_int_eq(s.rc, -1);
    ck_assert_int_eq(s.err, ETERM);
    ck_assert_int_lt(r.ended - t0, 500);
    ck_assert_int_lt(s.ended - t0, 500);
    char held[80];
    snprintf(held, sizeof held, "both end with ETERM, in %lld and %lld ms", r.ended - t0,
             s.ended - t0);
    tu_report("shutdown_ends_blocked_send_and_receive",
              "zmqx_ctx_shutdown from another thread during a blocked receive and send", held);
    zmqx_socket_destroy(&idle);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}
END_TEST

/* ---- signal storms: every message once, in order ---- */

/* Message i goes out in style i % 4: bytes, a frame, a two-part message,
 * a string; it carries i (the message: i in both parts). */
enum { STYLES = 4 };

typedef struct {
    zmqx_socket_t *push;
    long count;
    long interrupted; /* sends that failed with EINTR and were retried */
} storm_sender_t;

/* Send message i in its style, retrying what EINTR interrupts (the part
 * that failed was not sent; a message keeps its unsent parts). */
static void storm_send(zmqx_socket_t *push, long i, long *interrupted)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", i);
    zmqx_frame_t f;
    zmqx_msg_t *m = NULL;
    if (i % STYLES == 1)
        ck_assert_int_eq(zmqx_frame_init_copy(&f, &i, sizeof i), 0);
    if (i % STYLES == 2) {
        m = zmqx_msg_new();
        ck_assert_int_eq(zmqx_msg_append(m, &i, sizeof i), 0);
        ck_assert_int_eq(zmqx_msg_append(m, &i, sizeof i), 0);
    }
    for (;;) {
        int rc = i % STYLES == 0   ? zmqx_send(push, &i, sizeof i, 0)
                 : i % STYLES == 1 ? zmqx_send_frame(push, &f, 0)
                 : i % STYLES == 2 ? zmqx_send_msg(push, m)
                                   : zmqx_send_str(push, text);
        if (rc >= 0)
            break;
        ck_assert_msg(errno == EINTR, "send %ld: %s", i, zmqx_strerror());
        ++*interrupted;
    }
    zmqx_msg_destroy(&m);
}

static void *storm_send_main(void *arg)
{
    storm_sender_t *sd = arg;
    for (long i = 0; i < sd->count; i++)
        storm_send(sd->push, i, &sd->interrupted);
    return NULL;
}

/* Receive message i in its style, retrying after EINTR; returns the number
 * it carries (-1 if malformed). */
static long storm_recv(zmqx_socket_t *pull, long i, long *interrupted)
{
    long got = -1;
    zmqx_frame_t f;
    zmqx_frame_init(&f);
    zmqx_msg_t *m = zmqx_msg_new();
    char *str = NULL;
    for (;;) {
        int rc = i % STYLES == 0   ? zmqx_recv(pull, &got, sizeof got, 0)
                 : i % STYLES == 1 ? zmqx_recv_frame(pull, &f, 0)
                 : i % STYLES == 2 ? zmqx_recv_msg(pull, m)
                                   : ((str = zmqx_recv_str(pull)) != NULL ? 0 : -1);
        if (rc >= 0)
            break;
        ck_assert_msg(errno == EINTR, "recv %ld: %s", i, zmqx_strerror());
        ++*interrupted;
    }
    if (i % STYLES == 1 && zmqx_frame_size(&f) == sizeof got)
        memcpy(&got, zmqx_frame_data(&f), sizeof got);
    if (i % STYLES == 2 && zmqx_msg_count(m) == 2 && zmqx_msg_size(m, 1) == sizeof got
        && memcmp(zmqx_msg_data(m, 0), zmqx_msg_data(m, 1), sizeof got) == 0)
        memcpy(&got, zmqx_msg_data(m, 1), sizeof got);
    if (str != NULL)
        got = strtol(str, NULL, 10);
    free(str);
    zmqx_msg_destroy(&m);
    zmqx_frame_close(&f);
    return got;
}

/* Wait for the next message with a poller, retrying after EINTR. */
static void storm_poll(zmqx_poller_t *p, long *interrupted)
{
    zmqx_poll_event_t ev;
    while (zmqx_poller_wait(p, &ev, 1, 10000) != 1) {
        ck_assert_msg(errno == EINTR, "poller_wait: %s", zmqx_strerror());
        ++*interrupted;
    }
}

/* count messages over tcp with high-water marks of 1 (every send waits
 * for the receiver) under a 1 kHz storm at every thread. */
static void storm_flow(const char *name, int use_poller)
{
    zmqx_ctx_t *ctx = zmqx_ctx_new();
    zmqx_socket_t *pull, *push;
    hwm_pair(ctx, 1, &pull, &push);
    zmqx_poller_t *p = zmqx_poller_new();
    ck_assert_int_eq(zmqx_poller_add(p, pull, ZMQX_POLLIN, NULL), 0);
    storm_sender_t sd = { push, tu_scaled(20000), 0 };
    long rinterrupted = 0, lost = 0, dup = 0;
    tu_storm_t st;
    tu_storm_start(&st, 1000);
    pthread_t t;
    pthread_create(&t, NULL, storm_send_main, &sd);
    for (long next = 0; next < sd.count; next++) {
        if (use_poller)
            storm_poll(p, &rinterrupted);
        long got = storm_recv(pull, next, &rinterrupted);
        lost += got > next ? got - next : 0;
        dup += got < next;
        ck_assert_msg(got == next, "expected %ld, got %ld", next, got);
    }
    pthread_join(t, NULL);
    long sent = tu_storm_stop(&st);
    char extra[16]; /* nothing more (no duplicate) arrives */
    ck_assert_int_eq(zmqx_recv_timeout(pull, extra, sizeof extra, 100), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    char tried[200], held[100];
    snprintf(tried, sizeof tried,
             "%ld messages over tcp, HWM 1, bytes/frame/message/string styles%s, %ld signals at "
             "1 kHz; %ld sends and %ld %s interrupted and retried",
             sd.count, use_poller ? ", receiver waiting in a poller" : "", sent, sd.interrupted,
             rinterrupted, use_poller ? "waits or receives" : "receives");
    snprintf(held, sizeof held, "%ld lost, %ld duplicated, in order", lost, dup);
    tu_report(name, tried, held);
    zmqx_poller_destroy(&p);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    zmqx_ctx_destroy(&ctx);
}

START_TEST(signal_storm_send_receive_loses_nothing)
{
    storm_flow("signal_storm_send_receive_loses_nothing", 0);
}
END_TEST

START_TEST(signal_storm_poller_loses_nothing)
{
    storm_flow("signal_storm_poller_loses_nothing", 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reliability");
    TCase *life = tu_tcase(s, "lifecycle", 30);
    tcase_add_test(life, default_linger_is_finite_and_bounds_destroy);
    tcase_add_test(life, destroy_with_open_sockets_is_bounded_by_linger);
    tcase_add_test(life, leak_warning_only_when_asked);
    tcase_add_test(life, fork_child_destroy_leaves_parent_alone);
    tcase_add_test(life, owner_thread_check);
    tcase_add_test(life, no_owner_check_by_default);
    TCase *load = tu_tcase(s, "load-and-faults", 120);
    tcase_add_test(load, a_million_messages_in_order);
    tcase_add_test(load, peer_restart_mid_stream);
    tcase_add_test(load, create_destroy_cycles_leave_no_fd);
    tcase_add_test(load, running_out_of_sockets_is_a_clean_error);
    tcase_add_test(load, running_out_of_descriptors_is_a_clean_error);
    tcase_add_test(load, oversized_message_disconnects_only_its_sender);
    tcase_add_test(load, shutdown_ends_blocked_send_and_receive);
    tcase_add_test(load, signal_storm_send_receive_loses_nothing);
    tcase_add_test(load, signal_storm_poller_loses_nothing);
    return tu_run(s, 300);
}
