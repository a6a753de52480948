/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: socket (types, endpoints, random ports, timeouts, options,
 * send and receive, error paths). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#define TU_ALARMS /* on_alarm counts SIGALRMs in tu_alarms */
#define TU_STORM  /* tu_storm_start: SIGUSR1 at every thread */
#include "testutil.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <wchar.h>

/* ---- types ---- */

START_TEST(every_type_binds_a_random_port)
{
    static const int types[] = { ZMQ_PAIR, ZMQ_PUB, ZMQ_SUB, ZMQ_REQ, ZMQ_REP, ZMQ_DEALER,
                                 ZMQ_ROUTER, ZMQ_PULL, ZMQ_PUSH, ZMQ_XPUB, ZMQ_XSUB, ZMQ_STREAM };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        zmqx_socket_t *s = zmqx_socket_new(ctx, types[i], NULL);
        ck_assert_msg(s != NULL, "%s", zmqx_strerror());
        ck_assert_int_eq(zmqx_socket_type(s), types[i]);
        ck_assert_ptr_nonnull(zmqx_socket_handle(s));
        int port = zmqx_socket_bind(s, "tcp://127.0.0.1:*");
        ck_assert_msg(port > 0, "%s: %s", zmqx_socket_type_name(types[i]), zmqx_strerror());
        zmqx_socket_destroy(&s);
        ck_assert_ptr_null(s);
        zmqx_socket_destroy(&s);
    }
}
END_TEST

START_TEST(type_names)
{
    ck_assert_str_eq(zmqx_socket_type_name(ZMQ_PUB), "PUB");
    ck_assert_str_eq(zmqx_socket_type_name(ZMQ_ROUTER), "ROUTER");
    ck_assert_str_eq(zmqx_socket_type_name(ZMQ_STREAM), "STREAM");
    ck_assert_str_eq(zmqx_socket_type_name(19), "PEER");
    ck_assert_ptr_null(zmqx_socket_type_name(-1));
    tu_assert_error(EINVAL, "unknown socket type -1");
    ck_assert_ptr_null(zmqx_socket_type_name(99));
}
END_TEST

START_TEST(unknown_type_is_an_error)
{
    ck_assert_ptr_null(zmqx_socket_new(ctx, 77, NULL));
    tu_assert_error(EINVAL, "socket_new: unknown socket type 77");
    ck_assert_ptr_null(zmqx_socket_new(ctx, -3, NULL));
    ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(draft_types_need_the_draft_api)
{
#ifdef ZMQX_HAVE_DRAFT
    zmqx_socket_t *s = zmqx_socket_new(ctx, 19 /* PEER */, NULL);
    ck_assert_ptr_nonnull(s);
    zmqx_socket_destroy(&s);
#else
    static const int drafts[] = { 12, 13, 14, 15, 16, 17, 18, 19, 20 };
    for (size_t i = 0; i < sizeof drafts / sizeof drafts[0]; i++) {
        ck_assert_ptr_null(zmqx_socket_new(ctx, drafts[i], NULL));
        tu_assert_error(EINVAL, "needs libzmq's draft API");
    }
    ck_assert_ptr_null(zmqx_socket_new(ctx, 19, NULL));
    tu_assert_error(EINVAL, "socket type PEER needs libzmq's draft API");
#endif
}
END_TEST

/* ---- endpoints ---- */

static void exchange(zmqx_socket_t *push, zmqx_socket_t *pull)
{
    ck_assert_int_eq(zmqx_send_str(push, "ping"), 4);
    char buf[16];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);
}

START_TEST(random_port_forms)
{
    static const char *const forms[] = { "tcp://127.0.0.1:*", "tcp://127.0.0.1:!",
                                         "tcp://127.0.0.1:0" };
    for (size_t i = 0; i < 3; i++) {
        zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
        int port = zmqx_socket_bind(pull, forms[i]);
        ck_assert_msg(port > 0, "%s: %s", forms[i], zmqx_strerror());
        char want[64];
        snprintf(want, sizeof want, "tcp://127.0.0.1:%d", port);
        ck_assert_str_eq(zmqx_socket_endpoint(pull), want);
        zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
        ck_assert_int_eq(zmqx_socket_connect(push, want), 0);
        exchange(push, pull);
        zmqx_socket_destroy(&push);
        zmqx_socket_destroy(&pull);
    }
}
END_TEST

START_TEST(all_interfaces_bind)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    int port = zmqx_socket_bind(pull, "tcp://*:*");
    ck_assert_int_gt(port, 0);
    ck_assert_str_eq(zmqx_socket_endpoint(pull) + strlen(zmqx_socket_endpoint(pull))
                         - strlen(strrchr(zmqx_socket_endpoint(pull), ':')),
                     strrchr(zmqx_socket_endpoint(pull), ':'));
    char ep[64];
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ep);
    ck_assert_ptr_nonnull(push);
    exchange(push, pull);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(endpoint_is_resolved_without_trailing_nul)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_str_eq(zmqx_socket_endpoint(s), "");
    zmqx_socket_bind(s, "tcp://127.0.0.1:*");
    const char *ep = zmqx_socket_endpoint(s);
    size_t n = strlen(ep);
    ck_assert_int_gt(n, strlen("tcp://127.0.0.1:"));
    ck_assert(ep[n - 1] >= '0' && ep[n - 1] <= '9');
    ck_assert_int_eq(zmqx_socket_bind(s, "inproc://named"), 0);
    ck_assert_str_eq(zmqx_socket_endpoint(s), "inproc://named");
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(prefixes_and_defaults)
{
    /* PULL binds by default, PUSH connects by default. */
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "tcp://127.0.0.1:*");
    ck_assert_ptr_nonnull(pull);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, zmqx_socket_endpoint(pull));
    ck_assert_ptr_nonnull(push);
    exchange(push, pull);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    /* The other way round with explicit prefixes. */
    push = zmqx_socket_new(ctx, ZMQ_PUSH, "@tcp://127.0.0.1:*");
    ck_assert_ptr_nonnull(push);
    char ep[300];
    snprintf(ep, sizeof ep, ">%s", zmqx_socket_endpoint(push));
    pull = zmqx_socket_new(ctx, ZMQ_PULL, ep);
    ck_assert_ptr_nonnull(pull);
    exchange(push, pull);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(attach_returns_the_port)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUB, NULL);
    int port = zmqx_socket_attach(s, "@tcp://127.0.0.1:*");
    ck_assert_int_gt(port, 0);
    ck_assert_int_eq(zmqx_socket_attach(s, "@inproc://only"), 0);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(list_binds_two_endpoints)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_gt(zmqx_socket_attach(pull, " @inproc://one ,  @tcp://127.0.0.1:* "), 0);
    char tcp[256];
    snprintf(tcp, sizeof tcp, "%s", zmqx_socket_endpoint(pull));
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PUSH, ">inproc://one");
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PUSH, tcp);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    exchange(a, pull);
    exchange(b, pull);
    zmqx_socket_destroy(&a);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(bad_item_in_list_is_named_and_rolled_back)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_attach(pull, "@inproc://first, @bogus://nowhere"), -1);
    tu_assert_error(EINVAL, "bogus://nowhere");
    tu_assert_error(EINVAL, "malformed endpoint");
    /* The first item was undone: the name is free again. */
    zmqx_socket_t *other = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://first");
    ck_assert_msg(other != NULL, "%s", zmqx_strerror());
    zmqx_socket_destroy(&other);
    ck_assert_int_eq(zmqx_socket_attach(pull, "@inproc://a,,@inproc://b"), -1);
    tu_assert_error(EINVAL, "empty endpoint in list");
    ck_assert_int_eq(zmqx_socket_attach(pull, ""), -1);
    tu_assert_error(EINVAL, "empty endpoint");
    ck_assert_int_eq(zmqx_socket_attach(pull, "@"), -1);
    tu_assert_error(EINVAL, "empty endpoint");
    ck_assert_int_eq(zmqx_socket_attach(pull, "@inproc://x,"), -1);
    tu_assert_error(EINVAL, "empty endpoint");
    ck_assert_ptr_null(zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*, nonsense"));
    tu_assert_error(EINVAL, "nonsense");
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(malformed_endpoints)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    static const char *const bad[] = { "tcp:/127.0.0.1:1", "127.0.0.1:5555", "tcp://", "://x",
                                       "foo://bar", "TCP" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(zmqx_socket_bind(s, bad[i]), -1);
        tu_assert_error(EINVAL, bad[i]);
        ck_assert_int_eq(zmqx_socket_connect(s, bad[i]), -1);
        tu_assert_error(EINVAL, "malformed endpoint");
    }
    ck_assert_int_eq(zmqx_socket_bind(s, "tcp://127.0.0.1"), -1);
    tu_assert_error(EINVAL, "bind tcp://127.0.0.1:");
    ck_assert_int_eq(zmqx_socket_bind(s, "tcp://127.0.0.1:notaport"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_socket_bind(s, ""), -1);
    tu_assert_error(EINVAL, "empty endpoint");
    char huge[2000]; /* no length cap: too long is not what is wrong here */
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    ck_assert_int_eq(zmqx_socket_bind(s, huge), -1);
    tu_assert_error(EINVAL, "malformed endpoint");
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(unbind_and_disconnect)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    char ep[256];
    snprintf(ep, sizeof ep, "%s", zmqx_socket_endpoint(pull));
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ep);
    ck_assert_int_eq(zmqx_socket_disconnect(push, ep), 0);
    ck_assert_int_eq(zmqx_socket_disconnect(push, ep), -1);
    tu_assert_error(ENOENT, "not connected there");
    ck_assert_int_eq(zmqx_socket_unbind(pull, ep), 0);
    ck_assert_int_eq(zmqx_socket_unbind(pull, ep), -1);
    tu_assert_error(ENOENT, "not bound there");
    ck_assert_int_eq(zmqx_socket_unbind(pull, "nope"), -1);
    tu_assert_error(EINVAL, "malformed endpoint");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- transport addresses: what zmqx checks before libzmq sees them ---- */

/* The first interface whose flags have all of want and none of unwanted
 * (and, with addr, an IPv4 address: its text into addr, 16 bytes) into
 * name (IF_NAMESIZE bytes); 0 if this host has none. */
static int find_iface(char *name, char *addr, unsigned want, unsigned unwanted)
{
    struct ifaddrs *all;
    int found = 0;
    if (getifaddrs(&all) != 0)
        return 0;
    for (struct ifaddrs *i = all; i != NULL && !found; i = i->ifa_next) {
        if ((i->ifa_flags & want) != want || (i->ifa_flags & unwanted) != 0
            || (addr != NULL && (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)))
            continue;
        snprintf(name, IF_NAMESIZE, "%s", i->ifa_name);
        if (addr != NULL)
            inet_ntop(AF_INET, &((struct sockaddr_in *) (void *) i->ifa_addr)->sin_addr, addr, 16);
        found = 1;
    }
    freeifaddrs(all);
    return found;
}

/* An up, multicast-capable, non-loopback interface with an IPv4 address. */
static int multicast_iface(char *name, char *addr)
{
    char ignored[16];
    return find_iface(name, addr ? addr : ignored, IFF_UP | IFF_MULTICAST, IFF_LOOPBACK);
}

/* A free udp port: held by a socket bound to 127.0.0.1 without reuse
 * options (its fd into *fd), or with fd NULL closed again. -1 on failure
 * (no ck_assert: children call it). */
static int udp_port(int *fd)
{
    struct sockaddr_in in = { .sin_family = AF_INET };
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof in;
    int f = socket(AF_INET, SOCK_DGRAM, 0);
    if (f < 0 || bind(f, (struct sockaddr *) &in, sizeof in) != 0
        || getsockname(f, (struct sockaddr *) &in, &len) != 0) {
        if (f >= 0)
            close(f);
        return -1;
    }
    if (fd != NULL)
        *fd = f;
    else
        close(f);
    return ntohs(in.sin_port);
}

/* An endpoint zmqx refuses, and the error it gives. */
typedef struct {
    const char *endpoint;
    int code;
    const char *text;
} bad_endpoint_t;

/* What a check run in a child process found wrong ("ok": nothing). */
static char child_why[512] = "ok";

/* In a child: note (once) what is wrong unless rc is -1 with zmqx's last
 * error code and a message holding text. */
static void child_expect(int rc, int code, const char *text, const char *what)
{
    const zmqx_error_t *e = zmqx_last_error();
    if (strcmp(child_why, "ok") != 0 || (rc == -1 && e->code == code && strstr(e->message, text)))
        return;
    snprintf(child_why, sizeof child_why, "%.120s: returned %d, error %d \"%.200s\"; expected %d \"%.80s\"",
             what, rc, rc == -1 ? e->code : 0, rc == -1 ? e->message : "", code, text);
}

/* Run fn in a forked child and fail unless it found nothing wrong. libzmq
 * 4.3.4 aborts the process when a norm or pgm session fails to start in its
 * I/O thread: then the child dies, and this test fails, not the suite. */
static void in_child(void (*fn)(void))
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        fn();
        ssize_t w = write(fds[1], child_why, strlen(child_why));
        _exit(w > 0 ? 0 : 1);
    }
    close(fds[1]);
    char got[sizeof child_why] = "";
    size_t n = 0;
    ssize_t r;
    while (n < sizeof got - 1 && (r = read(fds[0], got + n, sizeof got - 1 - n)) > 0)
        n += (size_t) r;
    got[n] = '\0';
    close(fds[0]);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(!WIFSIGNALED(status), "the child was killed by signal %d (libzmq aborted)",
                  WTERMSIG(status));
    ck_assert_str_eq(got, "ok");
}

/* A PUB (or SUB) of a fresh context for a child, with linger 0. */
static zmqx_socket_t *child_socket(zmqx_ctx_t *c, int type)
{
    zmqx_socket_t *s = zmqx_socket_new(c, type, NULL);
    zmqx_socket_set_int(s, ZMQ_LINGER, 0);
    return s;
}

START_TEST(ports_out_of_range_are_errors)
{
    /* libzmq reads a port with atoi into 16 bits: 99999 would bind 34463. */
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    static const char *const bad[] = { "99999", "70000", "65536", "-1", "x", "", "5555x", "1 " };
    char ep[64];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(ep, sizeof ep, "tcp://127.0.0.1:%s", bad[i]);
        ck_assert_int_eq(zmqx_socket_bind(s, ep), -1);
        tu_assert_error(EINVAL, "port \"");
        tu_assert_error(EINVAL, ep);
        ck_assert_int_eq(zmqx_socket_connect(s, ep), -1);
        tu_assert_error(EINVAL, "(1..65535");
        ck_assert_int_eq(zmqx_socket_unbind(s, ep), -1);
        ck_assert_int_eq(errno, EINVAL);
    }
    ck_assert_int_eq(zmqx_socket_bind(s, "tcp://127.0.0.1:99999"), -1);
    tu_assert_error(EINVAL, "port \"99999\" out of range (1..65535, or *, ! or 0 for a random port)");
    ck_assert_int_eq(zmqx_socket_bind(s, "tcp://127.0.0.1:x"), -1);
    tu_assert_error(EINVAL, "port \"x\" is not a number");
    static const char *const random[] = { "*", "!", "0" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(ep, sizeof ep, "tcp://127.0.0.1:%s", random[i]);
        ck_assert_int_eq(zmqx_socket_connect(s, ep), -1);
        tu_assert_error(EINVAL, "a random port is only for bind");
    }
    ck_assert_int_eq(zmqx_socket_connect(s, "tcp://127.0.0.1:70000;127.0.0.1:5555"), -1);
    tu_assert_error(EINVAL, "source port \"70000\" out of range (1..65535, or * or 0 for any port)");
    zmqx_socket_t *peer = zmqx_socket_new(ctx, ZMQ_PUSH, "@tcp://127.0.0.1:*");
    snprintf(ep, sizeof ep, "tcp://127.0.0.1:*;%s", zmqx_socket_endpoint(peer) + strlen("tcp://"));
    ck_assert_msg(zmqx_socket_connect(s, ep) == 0, "%s", zmqx_strerror());
    zmqx_socket_destroy(&peer);
    ck_assert_int_eq(zmqx_socket_connect(s, "tcp://127.0.0.1:5555:"), -1);
    tu_assert_error(EINVAL, "port \"\" is not a number");
    ck_assert_int_eq(zmqx_socket_bind(s, "tcp://:5555"), -1);
    tu_assert_error(EINVAL, "expected host:port in \":5555\"");
    /* udp, ws and wss ports alike (udp needs draft socket types to go further). */
    ck_assert_int_eq(zmqx_socket_bind(s, "udp://127.0.0.1:99999"), -1);
    tu_assert_error(EINVAL, "port \"99999\" out of range");
    ck_assert_int_eq(zmqx_socket_bind(s, "udp://;239.0.0.1:5555"), -1);
    tu_assert_error(EINVAL, "empty interface before ';'");
    ck_assert_int_eq(zmqx_socket_connect(s, "ws://127.0.0.1:65536/path"), -1);
    tu_assert_error(EINVAL, "port \"65536\" out of range");
    ck_assert_int_eq(zmqx_socket_bind(s, "wss://127.0.0.1:-1"), -1);
    tu_assert_error(EINVAL, "port \"-1\" out of range");
#ifdef ZMQX_HAVE_DRAFT
    if (zmq_has("draft")) {
        zmqx_socket_t *dish = zmqx_socket_new(ctx, ZMQ_DISH, NULL);
        zmqx_socket_t *radio = zmqx_socket_new(ctx, ZMQ_RADIO, NULL);
        ck_assert_msg(zmqx_socket_bind(dish, "udp://127.0.0.1:!") == 0, "%s", zmqx_strerror());
        ck_assert_int_eq(zmqx_socket_connect(radio, "udp://127.0.0.1:0"), -1);
        tu_assert_error(EINVAL, "a random port is only for bind");
        zmqx_socket_destroy(&radio);
        zmqx_socket_destroy(&dish);
    }
#endif
    if (zmq_has("WS")) {
        int port = zmqx_socket_bind(s, "ws://127.0.0.1:!");
        ck_assert_msg(port > 0, "%s", zmqx_strerror());
        snprintf(ep, sizeof ep, "ws://127.0.0.1:%d/", port);
        ck_assert_str_eq(zmqx_socket_endpoint(s), ep);
    }
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(transports_this_libzmq_lacks_are_refused)
{
    /* Debian's libzmq5 4.3.4 has neither vmci nor wss. */
    static const struct {
        const char *capability, *endpoint;
    } t[] = {
        { "ipc", "ipc:///tmp/zmqx-no-ipc" },       { "pgm", "pgm://eth0;239.192.1.1:5555" },
        { "pgm", "epgm://eth0;239.192.1.1:5555" }, { "tipc", "tipc://{5560,0,0}" },
        { "norm", "norm://127.0.0.1:5555" },       { "vmci", "vmci://1:5555" },
        { "WS", "ws://127.0.0.1:5555" },           { "WSS", "wss://127.0.0.1:5555" },
    };
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, NULL);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (zmq_has(t[i].capability))
            continue;
        char text[96];
        snprintf(text, sizeof text, "transport %.*s: this libzmq was built without it",
                 (int) (strstr(t[i].endpoint, ":") - t[i].endpoint), t[i].endpoint);
        ck_assert_int_eq(zmqx_socket_bind(pub, t[i].endpoint), -1);
        tu_assert_error(EPROTONOSUPPORT, text);
        ck_assert_int_eq(zmqx_socket_connect(pub, t[i].endpoint), -1);
        tu_assert_error(EPROTONOSUPPORT, text);
    }
    /* The text is checked first, whether libzmq has the transport or not. */
    static const char *const bad_vmci[] = { "vmci://1", "vmci://x:1", "vmci://1:x", "vmci://:1",
                                            "vmci://1:", "vmci://4294967296:1" };
    for (size_t i = 0; i < sizeof bad_vmci / sizeof bad_vmci[0]; i++) {
        ck_assert_int_eq(zmqx_socket_connect(pub, bad_vmci[i]), -1);
        tu_assert_error(EINVAL, "vmci address is not cid:port");
    }
    if (!zmq_has("vmci")) { /* well-formed: on to the transport check */
        static const char *const good_vmci[] = { "vmci://@:*", "vmci://*:-1", "vmci://-1:7",
                                                 "vmci://4294967295:4294967295" };
        for (size_t i = 0; i < sizeof good_vmci / sizeof good_vmci[0]; i++) {
            ck_assert_int_eq(zmqx_socket_bind(pub, good_vmci[i]), -1);
            tu_assert_error(EPROTONOSUPPORT, "built without it");
        }
    }
    zmqx_socket_destroy(&pub);
}
END_TEST

/* norm endpoints libzmq 4.3.4 accepts and then aborts on in its I/O thread
 * (norm_engine.cpp: no ':', an address NORM cannot resolve, an interface
 * it does not know), and those it silently misreads. */
static void norm_malformed(void)
{
    static const bad_endpoint_t bad[] = {
        { "norm://x", EINVAL, "expected address:port in \"x\"" },
        { "norm://1,2,127.0.0.1:5555", EINVAL, "not a numeric IPv4 or IPv6 address" },
        { "norm://[::1]:5555", EINVAL, "norm takes IPv6 without brackets" },
        { "norm://localhost:5555", EINVAL, "not a numeric" },
        { "norm://:5555", EINVAL, "not a numeric" },
        { "norm://127.0.0.1:99999", EINVAL, "out of range (1..65535)" },
        { "norm://127.0.0.1:0", EINVAL, "out of range (1..65535)" },
        { "norm://0,127.0.0.1:5555", EINVAL, "norm node id \"0\"" },
        { "norm://zmqx-no-such;239.1.1.1:5555", ENODEV, "no such interface" },
    };
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *pub = child_socket(c, ZMQ_PUB), *sub = child_socket(c, ZMQ_SUB);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        child_expect(zmqx_socket_bind(pub, bad[i].endpoint), bad[i].code, bad[i].text,
                     bad[i].endpoint);
        child_expect(zmqx_socket_connect(sub, bad[i].endpoint), bad[i].code, bad[i].text,
                     bad[i].endpoint);
    }
    /* A node id's comma splits a list item: "norm://1" alone is malformed. */
    child_expect(zmqx_socket_attach(pub, "@norm://1,127.0.0.1:5555"), EINVAL,
                 "expected address:port in \"1\"", "a list");
    tu_sleep_ms(300); /* an endpoint libzmq took would abort the process meanwhile */
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
    zmqx_ctx_destroy(&c);
}

START_TEST(malformed_norm_is_an_error_not_an_abort)
{
    if (!zmq_has("norm"))
        return; /* transports_this_libzmq_lacks_are_refused */
    in_child(norm_malformed);
}
END_TEST

/* A norm port in use: by a plain udp socket, and by the session of
 * another socket of this process (which libzmq starts after zmq_connect
 * has returned). */
static void norm_port_in_use(void)
{
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *pub = child_socket(c, ZMQ_PUB), *sub = child_socket(c, ZMQ_SUB);
    int fd = -1, port = udp_port(&fd);
    char ep[64];
    snprintf(ep, sizeof ep, "norm://127.0.0.1:%d", port);
    child_expect(zmqx_socket_bind(pub, ep), EADDRINUSE, "udp port", ep);
    child_expect(zmqx_socket_connect(sub, ep), EADDRINUSE, "is in use", ep);
    close(fd);
    snprintf(ep, sizeof ep, "norm://127.0.0.1:%d", udp_port(NULL));
    if (zmqx_socket_connect(sub, ep) != 0)
        child_expect(0, 0, "", zmqx_strerror());
    child_expect(zmqx_socket_bind(pub, ep), EADDRINUSE, "is in use", ep);
    tu_sleep_ms(300);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
    zmqx_ctx_destroy(&c);
}

START_TEST(norm_port_in_use_is_an_error_not_an_abort)
{
    if (!zmq_has("norm"))
        return;
    in_child(norm_port_in_use);
}
END_TEST

START_TEST(norm_pub_and_sub_share_a_group)
{
    /* Multicast sessions reuse their port: the check must not refuse the
     * second one. */
    if (!zmq_has("norm"))
        return;
    char ep[64];
    snprintf(ep, sizeof ep, "norm://lo;239.255.77.1:%d", udp_port(NULL));
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, NULL);
    ck_assert_int_eq(zmqx_socket_subscribe(sub, ""), 0);
    ck_assert_msg(zmqx_socket_connect(sub, ep) == 0, "%s", zmqx_strerror());
    ck_assert_msg(zmqx_socket_bind(pub, ep) == 0, "%s", zmqx_strerror());
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(sub, 100), 0);
    char *got = NULL;
    for (int i = 0; i < 200 && got == NULL; i++) { /* up to 20 s on a loaded machine */
        ck_assert_int_eq(zmqx_send_str(pub, "over norm"), 9);
        got = zmqx_recv_str(sub);
    }
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "over norm");
    free(got);
    /* A node id, a unicast address. */
    snprintf(ep, sizeof ep, "norm://7,127.0.0.1:%d", udp_port(NULL));
    ck_assert_msg(zmqx_socket_bind(pub, ep) == 0, "%s", zmqx_strerror());
    ck_assert_str_eq(zmqx_socket_endpoint(pub), ep);
    zmqx_socket_destroy(&pub);
    zmqx_socket_destroy(&sub);
}
END_TEST

START_TEST(pgm_addresses_are_checked_before_libzmq)
{
    /* Each of these reaches libzmq's pgm_socket_t::init_address, which
     * fails after an 80-byte allocation it never frees (valgrind and ASan
     * run this suite with leak checks): zmqx refuses them first. */
    if (!zmq_has("pgm"))
        return;
    char iface[IF_NAMESIZE] = "eth0", addr[16];
    int have_iface = multicast_iface(iface, addr);
    static const bad_endpoint_t bad[] = { /* endpoint: a format (transport, interface) */
        { "%s://239.192.1.1:5555", EINVAL, "expected interface;group:port" },
        { "%s://;239.192.1.1:5555", EINVAL, "empty interface" },
        { "%s://%s;239.192.1.1;239.192.1.2:5555", EINVAL, "expected interface;group:port" },
        { "%s://%s;239.192.1.1:0", EINVAL, "port \"0\" out of range (1..65535)" },
        { "%s://%s;239.192.1.1:99999", EINVAL, "port \"99999\" out of range" },
        { "%s://%s;239.192.1.1:x", EINVAL, "port \"x\" is not a number" },
        { "%s://%s;239.192.1.1", EINVAL, "expected address:port" },
        { "%s://%s;1.2.3.4:5555", EINVAL, "not a numeric multicast address" },
        { "%s://%s;0239.192.1.1:5555", EINVAL, "not a numeric multicast address" },
        { "%s://%s;group.example:5555", EINVAL, "not a numeric multicast address" },
        { "%s://zmqx-no-such;239.192.1.1:5555", ENODEV, "no such interface" },
        { "%s://198.51.100.254;239.192.1.1:5555", ENODEV, "no interface holds this address" },
    };
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, NULL);
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    static const char *const transport[] = { "pgm", "epgm" };
    char ep[128];
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            snprintf(ep, sizeof ep, bad[i].endpoint, transport[t], iface);
            ck_assert_int_eq(zmqx_socket_bind(pub, ep), -1);
            tu_assert_error(bad[i].code, bad[i].text);
            tu_assert_error(bad[i].code, ep);
            ck_assert_int_eq(zmqx_socket_connect(sub, ep), -1);
            tu_assert_error(bad[i].code, bad[i].text);
        }
    }
    /* libzmq's own check, made before it allocates: the same error. */
    zmqx_socket_t *dealer = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    snprintf(ep, sizeof ep, "epgm://%s;239.192.1.1:5555", iface);
    ck_assert_int_eq(zmqx_socket_connect(dealer, ep), -1);
    tu_assert_error(ENOCOMPATPROTO, "transport epgm takes PUB, XPUB, SUB and XSUB sockets, not DEALER");
    /* The interface must be up and take multicast (when this host has such). */
    char other[IF_NAMESIZE];
    if (find_iface(other, NULL, IFF_LOOPBACK, IFF_MULTICAST)) {
        snprintf(ep, sizeof ep, "pgm://%s;239.192.1.1:5555", other);
        ck_assert_int_eq(zmqx_socket_bind(pub, ep), -1);
        tu_assert_error(ENODEV, "interface cannot multicast");
    }
    if (find_iface(other, NULL, 0, IFF_UP)) {
        snprintf(ep, sizeof ep, "epgm://%s;239.192.1.1:5555", other);
        ck_assert_int_eq(zmqx_socket_connect(sub, ep), -1);
        tu_assert_error(ENODEV, "interface is down");
    }
    if (have_iface) {
        /* By name and by address; the second session on the port shares it
         * (SO_REUSEPORT, as OpenPGM's). */
        int port = udp_port(NULL);
        snprintf(ep, sizeof ep, "epgm://%s;239.192.1.1:%d", iface, port);
        ck_assert_msg(zmqx_socket_bind(pub, ep) == 0, "%s", zmqx_strerror());
        ck_assert_str_eq(zmqx_socket_endpoint(pub), ep);
        snprintf(ep, sizeof ep, "epgm://%s;239.192.1.1:%d", addr, port);
        ck_assert_msg(zmqx_socket_connect(sub, ep) == 0, "%s", zmqx_strerror());
    }
    zmqx_socket_destroy(&dealer);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
}
END_TEST

/* An epgm port held by a socket without SO_REUSEPORT: OpenPGM's bind fails
 * in libzmq's I/O thread, which aborts. */
static void epgm_port_in_use(void)
{
    char iface[IF_NAMESIZE], ep[128];
    if (!multicast_iface(iface, NULL))
        return;
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *pub = child_socket(c, ZMQ_PUB);
    int fd = -1, port = udp_port(&fd);
    snprintf(ep, sizeof ep, "epgm://%s;239.192.1.1:%d", iface, port);
    child_expect(zmqx_socket_bind(pub, ep), EADDRINUSE, "is in use", ep);
    tu_sleep_ms(300);
    close(fd);
    zmqx_socket_destroy(&pub);
    zmqx_ctx_destroy(&c);
}

/* pgm without CAP_NET_RAW (a root child drops to nobody): OpenPGM cannot
 * open its raw socket in libzmq's I/O thread, which aborts. */
static void pgm_without_raw_sockets(void)
{
    char iface[IF_NAMESIZE], ep[128];
    if (!multicast_iface(iface, NULL) || (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)))
        return;
    int raw = socket(AF_INET, SOCK_RAW, 113 /* IPPROTO_PGM */);
    if (raw >= 0) { /* still allowed here: nothing to show */
        close(raw);
        return;
    }
    zmqx_ctx_t *c = zmqx_ctx_new();
    zmqx_socket_t *pub = child_socket(c, ZMQ_PUB);
    snprintf(ep, sizeof ep, "pgm://%s;239.192.1.1:%d", iface, udp_port(NULL));
    child_expect(zmqx_socket_bind(pub, ep), EPERM, "pgm needs raw sockets (CAP_NET_RAW)", ep);
    tu_sleep_ms(300);
    zmqx_socket_destroy(&pub);
    zmqx_ctx_destroy(&c);
}

START_TEST(pgm_sessions_that_cannot_start_are_errors_not_aborts)
{
    if (!zmq_has("pgm"))
        return;
    in_child(epgm_port_in_use);
    in_child(pgm_without_raw_sockets);
}
END_TEST

START_TEST(tipc_addresses)
{
    /* libzmq's sscanf takes trailing text and signs, and fails without
     * setting errno (the caller saw a stale one, often EAGAIN). */
    if (!zmq_has("tipc"))
        return;
    static const char *const bad[] = {
        "tipc://x",          "tipc://{5560,0,0}junk", "tipc://{63,0,0}",         "tipc://{64,0}",
        "tipc://{5560,2,1}", "tipc://{5560,-1,0}",    "tipc://{5560,0,0}@256.0.0", "tipc://<1.2.3:4",
        "tipc://<*>x",       "tipc://{5560}",         "tipc://{1,2,3,4}",        "tipc://{5560,0}@1.2",
    };
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(zmqx_socket_connect(s, bad[i]), -1);
        tu_assert_error(EINVAL, "tipc ");
        tu_assert_error(EINVAL, bad[i]);
    }
    ck_assert_int_eq(zmqx_socket_connect(s, "tipc://<*>"), -1);
    tu_assert_error(EINVAL, "tipc <*> (a random port id) is only for bind");
    /* A bind may: zmqx lets it through (this kernel may lack TIPC: libzmq's error). */
    ck_assert(zmqx_socket_bind(s, "tipc://<*>") >= 0 || errno != EINVAL);
    static const char *const good[] = { "tipc://{5560,0,0}", "tipc://{5560,0}@1.1.1",
                                        "tipc://{65,7}", "tipc://<1.1.1:42>" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(zmqx_socket_connect(s, good[i]) == 0, "%s", zmqx_strerror());
    zmqx_socket_destroy(&s);
}
END_TEST

/* A fresh directory for ipc paths; removed with rmdir by the caller. */
static void ipc_dir(char dir[32])
{
    snprintf(dir, 32, "/tmp/zmqx-ep-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* "ipc://" + dir + "/" + filler up to a path of len bytes, into ep. */
static void ipc_path(char *ep, size_t cap, const char *dir, size_t len)
{
    int n = snprintf(ep, cap, "ipc://%s/", dir);
    ck_assert(n > 0 && (size_t) n + len - strlen(dir) - 1 < cap);
    size_t path = strlen(dir) + 1;
    memset(ep + n, 'p', len - path);
    ep[n + len - path] = '\0';
}

START_TEST(ipc_paths_that_fit_and_do_not)
{
    if (!zmq_has("ipc"))
        return;
    char dir[32], ep[256];
    ipc_dir(dir);
    ipc_path(ep, sizeof ep, dir, 107); /* the most a sockaddr_un holds */
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_msg(zmqx_socket_bind(pull, ep) == 0, "%s", zmqx_strerror());
    ck_assert_str_eq(zmqx_socket_endpoint(pull), ep);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, ep);
    ck_assert_ptr_nonnull(push);
    exchange(push, pull);
    ipc_path(ep, sizeof ep, dir, 108);
    ck_assert_int_eq(zmqx_socket_bind(pull, ep), -1);
    tu_assert_error(ENAMETOOLONG, "ipc path is 108 bytes, a unix socket address holds at most 107");
    ck_assert_int_eq(zmqx_socket_connect(push, ep), -1);
    tu_assert_error(ENAMETOOLONG, "at most 107");
    ck_assert_int_eq(zmqx_socket_bind(pull, "ipc://@"), -1);
    tu_assert_error(EINVAL, "abstract ipc name after '@' is empty");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    ipc_path(ep, sizeof ep, dir, 107);
    unlink(ep + strlen("ipc://")); /* libzmq removes it too, in its own time */
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* "inproc://" and n name bytes, malloc'd. */
static char *long_inproc(size_t n, char fill)
{
    char *ep = malloc(n + 10);
    ck_assert_ptr_nonnull(ep);
    memcpy(ep, "inproc://", 9);
    memset(ep + 9, fill, n);
    ep[9 + n] = '\0';
    return ep;
}

START_TEST(long_endpoints_are_kept_whole)
{
    char *ep = long_inproc(5000, 'n');
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_msg(zmqx_socket_bind(pull, ep) == 0, "%s", zmqx_strerror());
    ck_assert_str_eq(zmqx_socket_endpoint(pull), ep);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_connect(push, ep), 0);
    ck_assert_str_eq(zmqx_socket_endpoint(push), ep);
    exchange(push, pull);
    ck_assert_int_eq(zmqx_socket_disconnect(push, ep), 0);
    ck_assert_int_eq(zmqx_socket_unbind(pull, ep), 0);
    ck_assert_int_eq(zmqx_socket_unbind(pull, ep), -1);
    tu_assert_error(ENOENT, "not bound there");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    free(ep);
}
END_TEST

/* Attach list plus ", @bogus://x" to s: it fails, leaves s's endpoint as
 * it was, and another socket can then take each item of list. */
static void list_fails_and_is_undone(zmqx_socket_t *s, const char *list, const char *const *items,
                                     size_t n)
{
    char *with_bad = malloc(strlen(list) + 16);
    ck_assert_ptr_nonnull(with_bad);
    sprintf(with_bad, "%s, @bogus://x", list);
    char *before = strdup(zmqx_socket_endpoint(s));
    ck_assert_int_eq(zmqx_socket_attach(s, with_bad), -1);
    tu_assert_error(EINVAL, "bogus://x");
    ck_assert_str_eq(zmqx_socket_endpoint(s), before);
    zmqx_socket_t *other = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    for (size_t i = 0; i < n; i++) { /* (an unbind is immediate, a close is not) */
        ck_assert_msg(zmqx_socket_bind(other, items[i]) == 0, "%s", zmqx_strerror());
        ck_assert_int_eq(zmqx_socket_unbind(other, items[i]), 0);
    }
    zmqx_socket_destroy(&other);
    free(before);
    free(with_bad);
}

START_TEST(failed_list_undoes_long_endpoints)
{
    /* The undo list kept 256 bytes of each endpoint: a longer one stayed
     * attached. Now a failed list leaves the socket as it was. */
    char dir[32], ipc[256], list[8192];
    char *mid = long_inproc(300, 'm'), *big = long_inproc(5000, 'b');
    int ipc_ok = zmq_has("ipc");
    ipc_dir(dir);
    ipc_path(ipc, sizeof ipc, dir, 107);
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://before");
    ck_assert_ptr_nonnull(pull);
    const char *items[] = { mid, ipc };
    snprintf(list, sizeof list, "@%s%s%s", mid, ipc_ok ? ", @" : "", ipc_ok ? ipc : "");
    list_fails_and_is_undone(pull, list, items, ipc_ok ? 2 : 1);
    snprintf(list, sizeof list, "@inproc://small, @%s", big);
    list_fails_and_is_undone(pull, list, (const char *const[]) { "inproc://small", big }, 2);
    /* Without the bad item the list attaches, and the socket keeps the last. */
    ck_assert_msg(zmqx_socket_attach(pull, list) == 0, "%s", zmqx_strerror());
    ck_assert_str_eq(zmqx_socket_endpoint(pull), big);
    zmqx_socket_destroy(&pull);
    unlink(ipc + strlen("ipc://"));
    rmdir(dir);
    free(mid);
    free(big);
}
END_TEST

/* ---- timeouts ---- */

START_TEST(default_timeouts_are_two_minutes)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    int v = 0;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, 120000);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_SNDTIMEO, &v), 0);
    ck_assert_int_eq(v, 120000);
    ck_assert_int_eq(zmqx_socket_set_timeout(s, 10), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, 10);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_SNDTIMEO, &v), 0);
    ck_assert_int_eq(v, 10);
    ck_assert_int_eq(zmqx_socket_set_send_timeout(s, -1), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_SNDTIMEO, &v), 0);
    ck_assert_int_eq(v, -1);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 0), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(zmqx_socket_set_timeout(s, -2), -1);
    tu_assert_error(EINVAL, "out of range");
    int linger = 0;
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_LINGER, &linger), 0);
    ck_assert_int_eq(linger, ZMQX_DEFAULT_LINGER_MS);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(recv_timeout_200ms)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 200), 0);
    char buf[8];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 200);
    ck_assert_str_eq(zmqx_last_error()->op, "recv");
    ck_assert_str_eq(zmqx_last_error()->endpoint, zmqx_socket_endpoint(s));
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(raw_option_write_updates_timeouts)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@inproc://raw");
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_RCVTIMEO, 30), 0);
    char buf[8];
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 30);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(send_timeout)
{
    /* A PUSH with no peer cannot send: the send times out. */
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PUSH, NULL);
    ck_assert_int_eq(zmqx_socket_set_send_timeout(s, 100), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_send_str(s, "x"), -1);
    ck_assert_int_ge(tu_now_ms() - t0, 100);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, 100);
    ck_assert_str_eq(zmqx_last_error()->op, "send");
    ck_assert_int_eq(zmqx_send_str(s, "x") == -1 && errno == EAGAIN, 1);
    ck_assert_int_eq(zmqx_send(s, "x", 1, ZMQX_DONTWAIT), -1);
    ck_assert(!zmqx_error_is_timeout(NULL));
    tu_assert_error(EAGAIN, "cannot send now (ZMQX_DONTWAIT)");
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(eintr_reaches_the_caller_and_retry_keeps_deadline)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(s, 600), 0);
    tu_alarm_in(150);
    char buf[8];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(errno, EINTR);
    ck_assert_int_eq(tu_alarms, 1);
    ck_assert_int_lt(tu_now_ms() - t0, 550);
    tu_assert_error(EINTR, "interrupted");
    ck_assert(!zmqx_error_is_timeout(NULL));
    /* The retry ends at the original deadline (600 ms after the start). */
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    long long took = tu_now_ms() - t0;
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_ge(took, 600);
    ck_assert_int_lt(took, 900);
    /* A fresh call has a fresh deadline. */
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv(s, buf, sizeof buf, 0), -1);
    ck_assert_int_ge(tu_now_ms() - t0, 600);
    signal(SIGALRM, SIG_DFL);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- state and type errors ---- */

START_TEST(req_sending_twice_is_efsm)
{
    zmqx_socket_t *rep, *req;
    tu_pair(ctx, ZMQ_REP, ZMQ_REQ, &rep, &req);
    ck_assert_int_eq(zmqx_send_str(req, "one"), 3);
    ck_assert_int_eq(zmqx_send_str(req, "two"), -1);
    ck_assert_int_eq(errno, EFSM);
    tu_assert_error(EFSM, "socket type REQ cannot send in its current state");
    ck_assert(!zmqx_error_is_timeout(NULL));
    char *got = zmqx_recv_str(rep);
    ck_assert_str_eq(got, "one");
    free(got);
    ck_assert_int_eq(zmqx_send_str(rep, "reply"), 5);
    got = zmqx_recv_str(req);
    ck_assert_str_eq(got, "reply");
    free(got);
    zmqx_socket_destroy(&req);
    zmqx_socket_destroy(&rep);
}
END_TEST

START_TEST(receiving_on_pub_is_enotsup)
{
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, "@tcp://127.0.0.1:*");
    char buf[4];
    ck_assert_int_eq(zmqx_recv(pub, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(errno, ENOTSUP);
    tu_assert_error(ENOTSUP, "socket type PUB cannot receive");
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    ck_assert_int_eq(zmqx_send_str(sub, "x"), -1);
    tu_assert_error(ENOTSUP, "socket type SUB cannot send");
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
}
END_TEST

/* ---- send and receive ---- */

START_TEST(strings_carry_no_nul)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_send_str(push, "hello"), 5);
    char buf[16];
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 5);
    ck_assert_int_eq(buf[5], 'x');
    ck_assert_int_eq(zmqx_sendf(push, "%s-%d", "n", 42), 4);
    char *s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "n-42");
    free(s);
    /* A long printf string goes through the heap path. */
    char big[1000];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(zmqx_sendf(push, "<%s>", big), (int) sizeof big + 1);
    s = zmqx_recv_str(pull);
    ck_assert_int_eq(strlen(s), sizeof big + 1);
    free(s);
    ck_assert_int_eq(zmqx_send_str(push, ""), 0);
    s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "");
    free(s);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(truncated_recv_reports_full_size)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_send_str(push, "0123456789"), 10);
    char buf[4];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 10);
    ck_assert_int_eq(memcmp(buf, "0123", 4), 0);
    ck_assert_int_eq(zmqx_send(push, NULL, 0, 0), 0);
    ck_assert_int_eq(zmqx_recv(pull, NULL, 0, 0), 0);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(multipart_with_more)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_send(push, "a", 1, ZMQX_MORE), 1);
    ck_assert_int_eq(zmqx_send_strmore(push, "b"), 1);
    ck_assert_int_eq(zmqx_send_str(push, "c"), 1);
    char buf[4];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), 1);
    ck_assert_int_eq(buf[0], 'c');
    ck_assert_int_eq(zmqx_socket_more(pull), 0);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(pub_sub_with_subscriptions)
{
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, "tcp://127.0.0.1:*");
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, zmqx_socket_endpoint(pub));
    ck_assert_int_eq(zmqx_socket_subscribe(sub, "weather"), 0);
    zmqx_socket_set_recv_timeout(sub, 50);
    /* Publish until the subscription has reached the publisher. */
    char *got = NULL;
    for (int i = 0; i < 100 && got == NULL; i++) {
        zmqx_send_str(pub, "sports 1");
        zmqx_send_str(pub, "weather 22");
        got = zmqx_recv_str(sub);
    }
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "weather 22");
    free(got);
    ck_assert_int_eq(zmqx_socket_unsubscribe(sub, "weather"), 0);
    ck_assert_int_eq(zmqx_socket_subscribe(pub, "x"), -1);
    tu_assert_error(ENOTSUP, "socket type PUB has no subscriptions");
    ck_assert_int_eq(zmqx_socket_subscribe(sub, NULL), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&pub);
}
END_TEST

/* ---- options ---- */

START_TEST(typed_options)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_ROUTER, "@tcp://127.0.0.1:*");
    int v;
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_SNDHWM, 10), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_SNDHWM, &v), 0);
    ck_assert_int_eq(v, 10);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_TYPE, &v), 0);
    ck_assert_int_eq(v, ZMQ_ROUTER);
    /* int64 option through either width. */
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_MAXMSGSIZE, 4096), 0);
    int64_t big = 0;
    ck_assert_int_eq(zmqx_socket_get_int64(s, ZMQ_MAXMSGSIZE, &big), 0);
    ck_assert_int_eq(big, 4096);
    ck_assert_int_eq(zmqx_socket_set_int64(s, ZMQ_MAXMSGSIZE, 5000000000LL), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_MAXMSGSIZE, &v), -1);
    tu_assert_error(ERANGE, "ZMQ_MAXMSGSIZE");
    ck_assert_int_eq(zmqx_socket_set_int64(s, ZMQ_SNDHWM, 5000000000LL), -1);
    tu_assert_error(EINVAL, "out of int range");
    /* uint64 */
    ck_assert_int_eq(zmqx_socket_set_int64(s, ZMQ_AFFINITY, 1), 0);
    ck_assert_int_eq(zmqx_socket_get_int64(s, ZMQ_AFFINITY, &big), 0);
    ck_assert_int_eq(big, 1);
    ck_assert_int_eq(zmqx_socket_set_int64(s, ZMQ_AFFINITY, -1), -1);
    ck_assert_int_eq(errno, EINVAL);
    /* strings */
    char buf[256];
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_LAST_ENDPOINT, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, zmqx_socket_endpoint(s));
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_LAST_ENDPOINT, buf, 5), -1);
    ck_assert_int_eq(errno, ENOSPC);
    ck_assert_int_eq(zmqx_socket_set_string(s, ZMQ_ZAP_DOMAIN, "global"), 0);
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_ZAP_DOMAIN, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "global");
    /* routing id */
    ck_assert_int_eq(zmqx_socket_set_routing_id(s, "me", 2), 0);
    size_t n = sizeof buf;
    ck_assert_int_eq(zmqx_socket_routing_id(s, buf, &n), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(memcmp(buf, "me", 2), 0);
    ck_assert_int_eq(zmqx_socket_set_routing_id(s, "", 0), -1);
    tu_assert_error(EINVAL, "1..255 bytes");
    ck_assert_str_eq(zmqx_socket_option_name(ZMQ_LINGER), "ZMQ_LINGER");
    ck_assert_ptr_null(zmqx_socket_option_name(4242));
    zmqx_socket_destroy(&s);
}
END_TEST

/* Options by name and from text: every name in libzmq's table maps back,
 * case and prefix do not matter, and text is parsed as the type wants. */
START_TEST(options_by_name_and_from_text)
{
    ck_assert_int_eq(zmqx_socket_option_id("ZMQ_SNDHWM"), ZMQ_SNDHWM);
    ck_assert_int_eq(zmqx_socket_option_id("sndhwm"), ZMQ_SNDHWM);
    ck_assert_int_eq(zmqx_socket_option_id("zmq_Rcvtimeo"), ZMQ_RCVTIMEO);
    for (int id = 0; id < 200; id++) {
        const char *name = zmqx_socket_option_name(id);
        if (name != NULL)
            ck_assert_int_eq(zmqx_socket_option_id(name), id);
    }
    ck_assert_int_eq(zmqx_socket_option_id("ZMQ_NOSUCH"), -1);
    tu_assert_error(EINVAL, "option_id: unknown socket option \"ZMQ_NOSUCH\"");
    ck_assert_int_eq(zmqx_socket_option_id("ZMQ_"), -1);
    ck_assert_int_eq(zmqx_socket_option_id(""), -1);
    ck_assert_int_eq(zmqx_socket_option_id(NULL), -1);
    ck_assert_int_eq(errno, EINVAL);

    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    int v = 0;
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, "77"), 0);
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_RCVHWM, &v), 0);
    ck_assert_int_eq(v, 77);
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVTIMEO, "-1"), 0); /* zmqx's cache too */
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_RCVTIMEO, &v), 0);
    ck_assert_int_eq(v, -1);
    int64_t big = 0;
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_MAXMSGSIZE, "1048576"), 0);
    ck_assert_int_eq(zmqx_socket_get_int64(s, ZMQ_MAXMSGSIZE, &big), 0);
    ck_assert_int_eq(big, 1048576);
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_SUBSCRIBE, "42"), 0); /* bytes: as is */
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_ZAP_DOMAIN, "global"), 0);
    char buf[64];
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_ZAP_DOMAIN, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "global");
    /* errors */
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, "ten"), -1);
    tu_assert_error(EINVAL, "set_option: ZMQ_RCVHWM wants a whole number, not \"ten\"");
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, "10x"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, ""), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, "99999999999"), -1);
    tu_assert_error(EINVAL, "out of int range");
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_RCVHWM, NULL), -1);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(zmqx_socket_set_text(s, 4242, "1"), -1);
    tu_assert_error(EINVAL, "unknown socket option 4242");
    ck_assert_int_eq(zmqx_socket_set_text(s, ZMQ_TYPE, "1"), -1); /* read-only */
    tu_assert_error(EINVAL, "ZMQ_TYPE is read-only");
    ck_assert_int_eq(zmqx_socket_set_text(NULL, ZMQ_RCVHWM, "1"), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(option_errors)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    int v;
    ck_assert_int_eq(zmqx_socket_set_int(s, 4242, 1), -1);
    tu_assert_error(EINVAL, "unknown socket option 4242");
    ck_assert_int_eq(zmqx_socket_get_int(s, 4242, &v), -1);
    tu_assert_error(EINVAL, "unknown socket option 4242");
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_ROUTING_ID, 1), -1);
    tu_assert_error(EINVAL, "ZMQ_ROUTING_ID is of type bytes");
    ck_assert_int_eq(zmqx_socket_set_bytes(s, ZMQ_LINGER, "x", 1), -1);
    tu_assert_error(EINVAL, "ZMQ_LINGER is of type int");
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_TYPE, 1), -1);
    tu_assert_error(EINVAL, "ZMQ_TYPE is read-only");
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_CONFLATE, &v), -1);
    tu_assert_error(EINVAL, "ZMQ_CONFLATE is write-only");
    ck_assert_int_eq(zmqx_socket_set_int(s, ZMQ_SNDHWM, -5), -1);
    tu_assert_error(EINVAL, "set_option: ZMQ_SNDHWM: Invalid argument");
    ck_assert_int_eq(zmqx_socket_get_int(s, ZMQ_SNDHWM, NULL), -1);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(zmqx_socket_set_bytes(s, ZMQ_ROUTING_ID, NULL, 3), -1);
    ck_assert_int_eq(errno, EFAULT);
    size_t n = 1;
    char small[1];
    ck_assert_int_eq(zmqx_socket_get_bytes(s, ZMQ_CURVE_PUBLICKEY, small, &n), -1);
    ck_assert_int_eq(errno, EINVAL);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- NULL arguments ---- */

START_TEST(null_arguments_are_errors)
{
    int v;
    int64_t v64;
    size_t n = 4;
    char buf[8];
    ck_assert_int_eq(zmqx_socket_attach(NULL, "@inproc://x"), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_socket_bind(NULL, "inproc://x"), -1);
    ck_assert_int_eq(zmqx_socket_connect(NULL, "inproc://x"), -1);
    ck_assert_int_eq(zmqx_socket_unbind(NULL, "inproc://x"), -1);
    ck_assert_int_eq(zmqx_socket_disconnect(NULL, "inproc://x"), -1);
    ck_assert_ptr_null(zmqx_socket_endpoint(NULL));
    ck_assert_int_eq(zmqx_socket_type(NULL), -1);
    ck_assert_ptr_null(zmqx_socket_handle(NULL));
    ck_assert_ptr_null(zmqx_socket_ctx(NULL));
    ck_assert_int_eq(zmqx_socket_set_timeout(NULL, 1), -1);
    ck_assert_int_eq(zmqx_socket_set_send_timeout(NULL, 1), -1);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(NULL, 1), -1);
    ck_assert_int_eq(zmqx_socket_set_int(NULL, ZMQ_LINGER, 1), -1);
    ck_assert_int_eq(zmqx_socket_get_int(NULL, ZMQ_LINGER, &v), -1);
    ck_assert_int_eq(zmqx_socket_set_int64(NULL, ZMQ_MAXMSGSIZE, 1), -1);
    ck_assert_int_eq(zmqx_socket_get_int64(NULL, ZMQ_MAXMSGSIZE, &v64), -1);
    ck_assert_int_eq(zmqx_socket_set_bytes(NULL, ZMQ_ROUTING_ID, "x", 1), -1);
    ck_assert_int_eq(zmqx_socket_get_bytes(NULL, ZMQ_ROUTING_ID, buf, &n), -1);
    ck_assert_int_eq(zmqx_socket_set_string(NULL, ZMQ_ZAP_DOMAIN, "x"), -1);
    ck_assert_int_eq(zmqx_socket_get_string(NULL, ZMQ_ZAP_DOMAIN, buf, sizeof buf), -1);
    ck_assert_int_eq(zmqx_socket_subscribe(NULL, ""), -1);
    ck_assert_int_eq(zmqx_socket_unsubscribe(NULL, ""), -1);
    ck_assert_int_eq(zmqx_socket_set_routing_id(NULL, "x", 1), -1);
    ck_assert_int_eq(zmqx_socket_routing_id(NULL, buf, &n), -1);
    ck_assert_int_eq(zmqx_socket_more(NULL), -1);
    ck_assert_int_eq(zmqx_send(NULL, "x", 1, 0), -1);
    ck_assert_int_eq(zmqx_recv(NULL, buf, sizeof buf, 0), -1);
    ck_assert_int_eq(zmqx_send_str(NULL, "x"), -1);
    ck_assert_int_eq(zmqx_send_strmore(NULL, "x"), -1);
    ck_assert_int_eq(zmqx_sendf(NULL, "%d", 1), -1);
    ck_assert_ptr_null(zmqx_recv_str(NULL));
    tu_assert_error(EINVAL, "socket is NULL");
    zmqx_socket_destroy(NULL);

    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    ck_assert_int_eq(zmqx_socket_attach(s, NULL), -1);
    ck_assert_int_eq(zmqx_socket_bind(s, NULL), -1);
    tu_assert_error(EINVAL, "endpoint is NULL");
    ck_assert_int_eq(zmqx_socket_connect(s, NULL), -1);
    ck_assert_int_eq(zmqx_socket_unbind(s, NULL), -1);
    ck_assert_int_eq(zmqx_socket_disconnect(s, NULL), -1);
    ck_assert_int_eq(zmqx_send(s, NULL, 3, 0), -1);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(zmqx_recv(s, NULL, 3, 0), -1);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(zmqx_send_str(s, NULL), -1);
    ck_assert_int_eq(zmqx_send_strmore(s, NULL), -1);
    ck_assert_int_eq(zmqx_sendf(s, NULL), -1);
    ck_assert_int_eq(zmqx_socket_set_string(s, ZMQ_ZAP_DOMAIN, NULL), -1);
    ck_assert_int_eq(zmqx_socket_get_string(s, ZMQ_ZAP_DOMAIN, NULL, 3), -1);
    ck_assert_int_eq(zmqx_socket_get_bytes(s, ZMQ_ROUTING_ID, NULL, &n), -1);
    ck_assert_int_eq(zmqx_socket_get_bytes(s, ZMQ_ROUTING_ID, buf, NULL), -1);
    ck_assert_int_eq(zmqx_socket_get_int64(s, ZMQ_MAXMSGSIZE, NULL), -1);
    ck_assert_int_eq(zmqx_socket_routing_id(s, NULL, &n), -1);
    ck_assert_int_eq(zmqx_socket_set_routing_id(s, NULL, 1), -1);
    zmqx_socket_destroy(&s);
}
END_TEST

/* Calls that do not wait never fail with EINTR: libzmq processes a
 * socket's pending commands first (in bind, connect, unbind, disconnect,
 * ZMQ_EVENTS, a send or receive, zmq_poll), and a signal there makes it
 * fail before anything was done, so zmqx tries again. A dense storm
 * (libzmq's window is a few microseconds) over many rounds. */
static long nowait_round(zmqx_socket_t *s, zmqx_socket_t *push, zmqx_poller_t *p)
{
    long eintr = 0;
    int events = 0, port = zmqx_socket_bind(s, "tcp://127.0.0.1:*");
    ck_assert_msg(port > 0 || errno == EINTR, "bind: %s", zmqx_strerror());
    eintr += port < 0;
    if (port > 0) {
        char ep[64];
        snprintf(ep, sizeof ep, "%s", zmqx_socket_endpoint(s));
        eintr += zmqx_socket_unbind(s, ep) != 0 && errno == EINTR;
    }
    if (zmqx_socket_connect(s, "tcp://127.0.0.1:9") == 0)
        eintr += zmqx_socket_disconnect(s, "tcp://127.0.0.1:9") != 0 && errno == EINTR;
    else
        eintr += errno == EINTR;
    eintr += zmqx_socket_get_int(s, ZMQ_EVENTS, &events) != 0 && errno == EINTR;
    char buf[4];
    zmqx_poll_event_t ev;
    eintr += zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT) < 0 && errno == EINTR;
    eintr += zmqx_send(push, "x", 1, ZMQX_DONTWAIT) < 0 && errno == EINTR;
    eintr += zmqx_recv_timeout(s, buf, sizeof buf, 0) < 0 && errno == EINTR;
    eintr += zmqx_socket_wait(s, ZMQX_POLLIN, 0) < 0 && errno == EINTR;
    eintr += zmqx_poller_wait(p, &ev, 1, 0) < 0 && errno == EINTR;
    return eintr;
}

START_TEST(calls_that_do_not_wait_never_fail_with_eintr)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    zmqx_poller_t *p = zmqx_poller_new();
    ck_assert_int_eq(zmqx_poller_add(p, s, ZMQX_POLLIN, NULL), 0);
    long rounds = getenv("ZMQX_TEST_VALGRIND") ? 400 : 20000, eintr = 0;
    tu_storm_t st;
    tu_storm_start(&st, 20000);
    for (long i = 0; i < rounds; i++)
        eintr += nowait_round(s, push, p);
    long sent = tu_storm_stop(&st);
    ck_assert_int_eq(eintr, 0);
    char tried[200];
    snprintf(tried, sizeof tried,
             "%ld rounds of bind, unbind, connect, disconnect, ZMQ_EVENTS, ZMQX_DONTWAIT send and "
             "receive, and waits with timeout 0 (socket, poller), %ld signals",
             rounds, sent);
    tu_report("calls_that_do_not_wait_never_fail_with_eintr", tried, "0 failed with EINTR");
    zmqx_poller_destroy(&p);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&s);
}
END_TEST

/* ---- printf-style sends and attaches ---- */

START_TEST(sendfmore_sends_a_part_with_more)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_sendfmore(push, "%s-%d", "head", 1), 6);
    char big[600];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(zmqx_sendfmore(push, "<%s>", big), (int) sizeof big + 1); /* heap path */
    ck_assert_int_eq(zmqx_sendf(push, "tail %d", 3), 6);
    char *s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "head-1");
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    free(s);
    s = zmqx_recv_str(pull);
    ck_assert_uint_eq(strlen(s), sizeof big + 1);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    free(s);
    s = zmqx_recv_str(pull);
    ck_assert_str_eq(s, "tail 3");
    ck_assert_int_eq(zmqx_socket_more(pull), 0);
    free(s);
    /* errors: no format, a format vsnprintf refuses, no socket */
    ck_assert_int_eq(zmqx_sendfmore(push, NULL), -1);
    tu_assert_error(EFAULT, "sendfmore: format is NULL");
    static const wchar_t bad[] = { 0xD800, 0 }; /* no multibyte form */
    ck_assert_int_eq(zmqx_sendfmore(push, "%ls", bad), -1);
    tu_assert_error(EINVAL, "sendfmore: bad format \"%ls\"");
    ck_assert_int_eq(zmqx_sendf(push, "%ls", bad), -1);
    tu_assert_error(EINVAL, "sendf: bad format");
    ck_assert_int_eq(zmqx_sendfmore(NULL, "%d", 1), -1);
    tu_assert_error(EINVAL, "socket is NULL");
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A worker given its server's endpoint: PULL and REP bind without a
 * prefix, so the endpoint as it is fails (taken), and says how to connect;
 * newf and attachf with ">%s" connect. */
START_TEST(workers_connect_to_an_endpoint_with_newf_and_attachf)
{
    int types[][2] = { { ZMQ_PUSH, ZMQ_PULL }, { ZMQ_REQ, ZMQ_REP } };
    for (int k = 0; k < 2; k++) {
        zmqx_socket_t *server = zmqx_socket_new(ctx, types[k][0], "@tcp://127.0.0.1:*");
        ck_assert_ptr_nonnull(server);
        const char *ep = zmqx_socket_endpoint(server);
        ck_assert_ptr_null(zmqx_socket_new(ctx, types[k][1], ep));
        ck_assert_int_eq(errno, EADDRINUSE);
        char want[128];
        snprintf(want, sizeof want, "bind %s: Address already in use (%s binds an endpoint "
                 "without a prefix: write '>' before it to connect)", ep,
                 zmqx_socket_type_name(types[k][1]));
        ck_assert_str_eq(zmqx_strerror(), want);
        zmqx_socket_t *worker = zmqx_socket_newf(ctx, types[k][1], ">%s", ep);
        ck_assert_msg(worker != NULL, "%s", zmqx_strerror());
        ck_assert_str_eq(zmqx_socket_endpoint(worker), ep);
        tu_send(server, "job");
        char *s = zmqx_recv_str(worker);
        ck_assert_str_eq(s, "job");
        free(s);
        /* attachf on a socket made without endpoints */
        zmqx_socket_t *second = zmqx_socket_new(ctx, types[k][1], NULL);
        ck_assert_int_eq(zmqx_socket_attachf(second, ">%s", ep), 0);
        ck_assert_str_eq(zmqx_socket_endpoint(second), ep);
        zmqx_socket_destroy(&second);
        zmqx_socket_destroy(&worker);
        zmqx_socket_destroy(&server);
    }
}
END_TEST

START_TEST(eaddrinuse_hint_only_for_a_default_bind)
{
    zmqx_socket_t *a = zmqx_socket_new(ctx, ZMQ_PULL, "inproc://taken");
    ck_assert_ptr_nonnull(a);
    zmqx_socket_t *b = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_attach(b, "inproc://taken"), -1);
    tu_assert_error(EADDRINUSE, "(PULL binds an endpoint without a prefix: write '>' before it");
    /* an explicit bind meant it: the plain reason */
    ck_assert_int_eq(zmqx_socket_attach(b, "@inproc://taken"), -1);
    ck_assert_int_eq(errno, EADDRINUSE);
    ck_assert_str_eq(zmqx_strerror(), "bind inproc://taken: Address already in use");
    ck_assert_int_eq(zmqx_socket_bind(b, "inproc://taken"), -1);
    ck_assert_str_eq(zmqx_strerror(), "bind inproc://taken: Address already in use");
    /* an item of a list: the hint too, and the list is undone */
    ck_assert_int_eq(zmqx_socket_attachf(b, "@inproc://%s, inproc://taken", "free"), -1);
    tu_assert_error(EADDRINUSE, "write '>' before it to connect)");
    ck_assert_str_eq(zmqx_socket_endpoint(b), "");
    ck_assert_int_eq(zmqx_socket_attach(b, "@inproc://free"), 0); /* it was unbound */
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
}
END_TEST

START_TEST(attachf_and_newf_errors)
{
    ck_assert_int_eq(zmqx_socket_attachf(NULL, ">%s", "inproc://x"), -1);
    tu_assert_error(EINVAL, "attach: socket is NULL");
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, NULL);
    ck_assert_int_eq(zmqx_socket_attachf(s, NULL), -1);
    tu_assert_error(EFAULT, "attach: format is NULL");
    static const wchar_t bad[] = { 0xD800, 0 };
    ck_assert_int_eq(zmqx_socket_attachf(s, ">inproc://%ls", bad), -1);
    tu_assert_error(EINVAL, "attach: bad format");
    ck_assert_int_eq(zmqx_socket_attachf(s, ">%s", "bogus://x"), -1);
    tu_assert_error(EINVAL, "connect bogus://x: malformed endpoint");
    ck_assert_int_eq(zmqx_socket_attachf(s, "%s", ""), -1);
    tu_assert_error(EINVAL, "empty endpoint in list");
    ck_assert_str_eq(zmqx_socket_endpoint(s), "");
    /* long: a 5000-byte inproc name, past the stack buffer */
    char name[5001];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ck_assert_int_eq(zmqx_socket_attachf(s, "@inproc://%s", name), 0);
    ck_assert_uint_eq(strlen(zmqx_socket_endpoint(s)), strlen("inproc://") + 5000);
    zmqx_socket_t *peer = zmqx_socket_newf(ctx, ZMQ_PUSH, "inproc://%s", name);
    ck_assert_ptr_nonnull(peer);
    tu_send(peer, "long way");
    char *got = zmqx_recv_str(s);
    ck_assert_str_eq(got, "long way");
    free(got);
    zmqx_socket_destroy(&peer);
    zmqx_socket_destroy(&s);
    ck_assert_ptr_null(zmqx_socket_newf(ctx, ZMQ_PULL, NULL));
    tu_assert_error(EFAULT, "socket_new: format is NULL");
    ck_assert_ptr_null(zmqx_socket_newf(ctx, ZMQ_PULL, "%ls", bad));
    tu_assert_error(EINVAL, "socket_new: bad format");
    ck_assert_ptr_null(zmqx_socket_newf(ctx, 999, ">%s", "inproc://x"));
    tu_assert_error(EINVAL, "unknown socket type 999");
    ck_assert_ptr_null(zmqx_socket_newf(ctx, ZMQ_PULL, ">%s", "nope"));
    tu_assert_error(EINVAL, "connect nope: malformed endpoint");
}
END_TEST

/* zmqx_socket_endpoint's strings stay valid until the socket is destroyed:
 * under ASan or valgrind a read of a freed one fails the test. */
START_TEST(endpoint_strings_live_as_long_as_the_socket)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    const char *first = zmqx_socket_endpoint(s);
    char copy[64];
    snprintf(copy, sizeof copy, "%s", first);
    ck_assert_int_gt(zmqx_socket_bind(s, "tcp://127.0.0.1:*"), 0);
    const char *second = zmqx_socket_endpoint(s);
    ck_assert_ptr_ne(second, first);
    ck_assert_str_ne(second, copy);
    ck_assert_int_eq(zmqx_socket_attach(s, "@inproc://a, >inproc://b"), 0);
    ck_assert_str_eq(zmqx_socket_endpoint(s), "inproc://b");
    ck_assert_int_eq(zmqx_socket_unbind(s, first), 0);
    ck_assert_str_eq(first, copy); /* read after two binds, a list and an unbind */
    /* a failed list leaves the endpoint before it, still the same string */
    const char *b = zmqx_socket_endpoint(s);
    ck_assert_int_eq(zmqx_socket_attach(s, "@inproc://c, bogus://x"), -1);
    ck_assert_ptr_eq(zmqx_socket_endpoint(s), b);
    /* the same endpoint again is the string kept before: reconnecting in
     * a loop does not grow the socket */
    for (int i = 0; i < 100; i++) {
        ck_assert_int_eq(zmqx_socket_disconnect(s, "inproc://b"), 0);
        ck_assert_int_eq(zmqx_socket_connect(s, "inproc://b"), 0);
        ck_assert_ptr_eq(zmqx_socket_endpoint(s), b);
    }
    ck_assert_int_eq(zmqx_socket_unbind(s, "inproc://a"), 0);
    ck_assert_int_eq(zmqx_socket_bind(s, "inproc://a"), 0);
    ck_assert_str_eq(zmqx_socket_endpoint(s), "inproc://a");
    ck_assert_str_eq(first, copy);
    ck_assert_str_eq(b, "inproc://b");
    zmqx_socket_destroy(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("socket");
    TCase *tc = tu_tcase(s, "socket", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, every_type_binds_a_random_port);
    tcase_add_test(tc, type_names);
    tcase_add_test(tc, unknown_type_is_an_error);
    tcase_add_test(tc, draft_types_need_the_draft_api);
    tcase_add_test(tc, random_port_forms);
    tcase_add_test(tc, all_interfaces_bind);
    tcase_add_test(tc, endpoint_is_resolved_without_trailing_nul);
    tcase_add_test(tc, prefixes_and_defaults);
    tcase_add_test(tc, attach_returns_the_port);
    tcase_add_test(tc, list_binds_two_endpoints);
    tcase_add_test(tc, bad_item_in_list_is_named_and_rolled_back);
    tcase_add_test(tc, malformed_endpoints);
    tcase_add_test(tc, unbind_and_disconnect);
    tcase_add_test(tc, default_timeouts_are_two_minutes);
    tcase_add_test(tc, recv_timeout_200ms);
    tcase_add_test(tc, raw_option_write_updates_timeouts);
    tcase_add_test(tc, send_timeout);
    tcase_add_test(tc, eintr_reaches_the_caller_and_retry_keeps_deadline);
    tcase_add_test(tc, req_sending_twice_is_efsm);
    tcase_add_test(tc, receiving_on_pub_is_enotsup);
    tcase_add_test(tc, strings_carry_no_nul);
    tcase_add_test(tc, truncated_recv_reports_full_size);
    tcase_add_test(tc, multipart_with_more);
    tcase_add_test(tc, pub_sub_with_subscriptions);
    tcase_add_test(tc, typed_options);
    tcase_add_test(tc, option_errors);
    tcase_add_test(tc, options_by_name_and_from_text);
    tcase_add_test(tc, null_arguments_are_errors);
    tcase_add_test(tc, calls_that_do_not_wait_never_fail_with_eintr);
    tc = tu_tcase(s, "endpoints", 60);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, ports_out_of_range_are_errors);
    tcase_add_test(tc, transports_this_libzmq_lacks_are_refused);
    tcase_add_test(tc, malformed_norm_is_an_error_not_an_abort);
    tcase_add_test(tc, norm_port_in_use_is_an_error_not_an_abort);
    tcase_add_test(tc, norm_pub_and_sub_share_a_group);
    tcase_add_test(tc, pgm_addresses_are_checked_before_libzmq);
    tcase_add_test(tc, pgm_sessions_that_cannot_start_are_errors_not_aborts);
    tcase_add_test(tc, tipc_addresses);
    tcase_add_test(tc, ipc_paths_that_fit_and_do_not);
    tcase_add_test(tc, long_endpoints_are_kept_whole);
    tcase_add_test(tc, failed_list_undoes_long_endpoints);
    tcase_add_test(tc, sendfmore_sends_a_part_with_more);
    tcase_add_test(tc, workers_connect_to_an_endpoint_with_newf_and_attachf);
    tcase_add_test(tc, eaddrinuse_hint_only_for_a_default_bind);
    tcase_add_test(tc, attachf_and_newf_errors);
    tcase_add_test(tc, endpoint_strings_live_as_long_as_the_socket);
    return tu_run(s, 240);
}
