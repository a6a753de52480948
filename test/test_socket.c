/* Check suite: socket (types, endpoints, random ports, timeouts, options,
 * send and receive, error paths). */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#define TU_ALARMS /* on_alarm counts SIGALRMs in tu_alarms */
#include "testutil.h"

#include <signal.h>
#include <sys/time.h>

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
    char huge[2000];
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    ck_assert_int_eq(zmqx_socket_bind(s, huge), -1);
    tu_assert_error(EINVAL, "endpoint longer than");
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
    tcase_add_test(tc, null_arguments_are_errors);
    return tu_run(s, 240);
}
