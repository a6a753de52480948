/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* Check suite: waiting on a socket with a timeout for one call
 * (zmqx_socket_wait, zmqx_recv_timeout, zmqx_send_timeout): timeouts, one
 * deadline across spurious wake-ups, EINTR (a retry keeps the deadline, also
 * under a signal storm, for every waiting call), ETERM, errors passed
 * through, the socket's own timeouts left alone. */
#define TU_CTX_FIXTURE /* a fresh context `ctx` for every test */
#define TU_ALARMS /* on_alarm counts SIGALRMs in tu_alarms */
#define TU_STORM  /* tu_storm_start: SIGUSR1 at every thread */
#include "testutil.h"

#include <signal.h>
#include <sys/time.h>

static void assert_timeout(const char *op, int timeout_ms)
{
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_eq(zmqx_last_error()->timeout_ms, timeout_ms);
    ck_assert_str_eq(zmqx_last_error()->op, op);
}

static int get_int(zmqx_socket_t *s, int option)
{
    int v = -42;
    ck_assert_int_eq(zmqx_socket_get_int(s, option, &v), 0);
    return v;
}

/* Send a string on a socket after a delay, from another thread. */
struct later {
    zmqx_socket_t *s;
    int delay_ms;
    const char *text;
    pthread_t thread;
};

static void *later_main(void *arg)
{
    struct later *l = arg;
    tu_sleep_ms(l->delay_ms);
    zmqx_send_str(l->s, l->text);
    return NULL;
}

static void send_later(struct later *l, zmqx_socket_t *s, int delay_ms, const char *text)
{
    l->s = s;
    l->delay_ms = delay_ms;
    l->text = text;
    pthread_create(&l->thread, NULL, later_main, l);
}

/* ---- zmqx_socket_wait ---- */

START_TEST(wait_times_out)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(pull, ZMQX_POLLIN, 200), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    assert_timeout("socket_wait", 200);
    tu_assert_error(EAGAIN, "socket_wait tcp://127.0.0.1:");
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(pull, ZMQX_POLLIN, 0), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 100);
    assert_timeout("socket_wait", 0);
    ck_assert_int_eq(get_int(pull, ZMQ_RCVTIMEO), ZMQX_DEFAULT_TIMEOUT_MS);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(wait_reports_ready_events)
{
    zmqx_socket_t *a, *b;
    tu_pair(ctx, ZMQ_DEALER, ZMQ_DEALER, &a, &b);
    ck_assert_int_eq(zmqx_socket_wait(b, ZMQX_POLLOUT, 1000), ZMQX_POLLOUT);
    ck_assert_int_eq(zmqx_socket_wait(b, ZMQX_POLLIN | ZMQX_POLLOUT, 1000), ZMQX_POLLOUT);
    ck_assert_int_eq(zmqx_send_str(b, "x"), 1);
    ck_assert_int_eq(zmqx_socket_wait(a, ZMQX_POLLIN, 1000), ZMQX_POLLIN);
    ck_assert_int_eq(zmqx_socket_wait(a, ZMQX_POLLIN | ZMQX_POLLOUT, -1),
                     ZMQX_POLLIN | ZMQX_POLLOUT);
    zmqx_socket_destroy(&b);
    zmqx_socket_destroy(&a);
}
END_TEST

START_TEST(wait_wakes_when_a_message_comes)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    struct later l;
    send_later(&l, push, 100, "late");
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(pull, ZMQX_POLLIN, 5000), ZMQX_POLLIN);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 90);
    ck_assert_int_lt(took, 2000);
    pthread_join(l.thread, NULL);
    char buf[8];
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, ZMQX_DONTWAIT), 4);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(wait_bad_arguments)
{
    zmqx_socket_t *s = zmqx_socket_new(ctx, ZMQ_PAIR, NULL);
    ck_assert_int_eq(zmqx_socket_wait(NULL, ZMQX_POLLIN, 10), -1);
    tu_assert_error(EINVAL, "socket_wait: socket is NULL");
    ck_assert_int_eq(zmqx_socket_wait(s, 0, 10), -1);
    tu_assert_error(EINVAL, "events 0: want ZMQX_POLLIN and/or ZMQX_POLLOUT");
    ck_assert_int_eq(zmqx_socket_wait(s, ZMQX_POLLERR, 10), -1);
    tu_assert_error(EINVAL, "events 4");
    ck_assert_int_eq(zmqx_socket_wait(s, ZMQX_POLLIN | 8, 10), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(zmqx_socket_wait(s, ZMQX_POLLIN, -2), -1);
    tu_assert_error(EINVAL, "timeout -2 ms out of range");
    zmqx_socket_destroy(&s);
}
END_TEST

START_TEST(wait_interrupted_by_a_signal)
{
    tu_alarms = 0;
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    tu_alarm_in(100);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(pull, ZMQX_POLLIN, 2000), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 1000);
    ck_assert_int_eq(tu_alarms, 1);
    tu_assert_error(EINTR, "interrupted by a signal");
    ck_assert(!zmqx_error_is_timeout(NULL));
    tu_alarm_in(100);
    char buf[4];
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 2000), -1);
    tu_assert_error(EINTR, "recv_timeout");
    ck_assert_int_eq(tu_alarms, 2);
    signal(SIGALRM, SIG_DFL);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(wait_ends_with_eterm_on_shutdown)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    pthread_t th;
    pthread_create(&th, NULL, tu_shutdown_later, ctx);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_socket_wait(pull, ZMQX_POLLIN, 5000), -1);
    ck_assert_int_lt(tu_now_ms() - t0, 2000);
    tu_assert_error(ETERM, "socket_wait");
    pthread_join(th, NULL);
    char buf[4];
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 100), -1);
    ck_assert_int_eq(errno, ETERM);
    ck_assert_int_eq(zmqx_send_timeout(pull, "x", 1, 0, 100), -1);
    ck_assert(errno == ETERM || errno == ENOTSUP);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- zmqx_recv_timeout ---- */

START_TEST(recv_timeout_200ms_leaves_rcvtimeo)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(pull, 30), 0);
    char buf[8];
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 200), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 200);
    ck_assert_int_lt(took, 1000);
    assert_timeout("recv_timeout", 200);
    tu_assert_error(EAGAIN, "timed out after 200 ms");
    ck_assert_str_eq(zmqx_last_error()->endpoint, zmqx_socket_endpoint(pull));
    /* ZMQ_RCVTIMEO is untouched, in libzmq and in zmqx's cache. */
    ck_assert_int_eq(get_int(pull, ZMQ_RCVTIMEO), 30);
    ck_assert_int_eq(zmqx_recv(pull, buf, sizeof buf, 0), -1);
    assert_timeout("recv", 30);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(recv_timeout_gets_what_comes)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    char buf[16];
    ck_assert_int_eq(zmqx_send_str(push, "now"), 3);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 5000), 3);
    ck_assert_int_eq(memcmp(buf, "now", 3), 0);
    struct later l;
    send_later(&l, push, 100, "later");
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, -1), 5);
    ck_assert_int_ge(tu_now_ms() - t0, 90);
    ck_assert_int_eq(memcmp(buf, "later", 5), 0);
    pthread_join(l.thread, NULL);
    /* Truncation reports the full size, as zmqx_recv does. */
    ck_assert_int_eq(zmqx_send_str(push, "0123456789"), 10);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, 4, 5000), 10);
    ck_assert_int_eq(memcmp(buf, "0123", 4), 0);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* A REQ socket drops a malformed reply (no empty delimiter) inside its
 * receive: zmq_poll says "readable", the receive then finds nothing. Such
 * a wake-up must not restart the timeout. (Over inproc: on tcp, libzmq's
 * REQ session already rejects the reply, so no wake-up happens.) */
struct bad_reply {
    zmqx_socket_t *router;
    zmqx_frame_t id;
    int delay_ms;
};

static void send_bad_reply(struct bad_reply *b)
{
    zmqx_frame_t id;
    zmqx_frame_init(&id);
    zmqx_frame_copy(&id, &b->id);
    zmqx_send_frame(b->router, &id, ZMQX_MORE);
    zmqx_send_str(b->router, "no delimiter before me");
    zmqx_frame_close(&id);
}

static void *bad_reply_main(void *arg)
{
    struct bad_reply *b = arg;
    tu_sleep_ms(b->delay_ms);
    send_bad_reply(b);
    return NULL;
}

START_TEST(spurious_wakeup_keeps_one_deadline)
{
    zmqx_socket_t *router = zmqx_socket_new(ctx, ZMQ_ROUTER, "@inproc://spurious");
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, "inproc://spurious");
    ck_assert_int_eq(zmqx_send_str(req, "question"), 8);
    zmqx_msg_t *m = zmqx_msg_new();
    ck_assert_int_eq(zmqx_recv_msg(router, m), 3); /* id, "", "question" */
    struct bad_reply b = { .router = router, .delay_ms = 250 };
    zmqx_frame_init(&b.id);
    ck_assert_int_eq(zmqx_msg_pop(m, &b.id), 0);
    /* The wake-up is real: readable, yet nothing to receive. */
    send_bad_reply(&b);
    ck_assert_int_eq(zmqx_socket_wait(req, ZMQX_POLLIN, 1000), ZMQX_POLLIN);
    char buf[32];
    ck_assert_int_eq(zmqx_recv_timeout(req, buf, sizeof buf, 0), -1);
    assert_timeout("recv_timeout", 0);
    /* Now one comes 250 ms into a 400 ms receive. */
    pthread_t th;
    pthread_create(&th, NULL, bad_reply_main, &b);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(req, buf, sizeof buf, 400), -1);
    long long took = tu_now_ms() - t0;
    pthread_join(th, NULL);
    assert_timeout("recv_timeout", 400);
    ck_assert_int_ge(took, 400);
    ck_assert_msg(took < 600, "took %lld ms: the wake-up at 250 ms restarted the timeout", took);
    zmqx_frame_close(&b.id);
    zmqx_msg_destroy(&m);
    zmqx_socket_destroy(&req);
    zmqx_socket_destroy(&router);
}
END_TEST

START_TEST(recv_timeout_passes_errors_through)
{
    zmqx_socket_t *pub = zmqx_socket_new(ctx, ZMQ_PUB, "@inproc://pub");
    zmqx_socket_t *req = zmqx_socket_new(ctx, ZMQ_REQ, "inproc://pub");
    char buf[4];
    ck_assert_int_eq(zmqx_recv_timeout(pub, buf, sizeof buf, 100), -1);
    tu_assert_error(ENOTSUP, "recv_timeout inproc://pub: socket type PUB cannot receive");
    ck_assert_int_eq(zmqx_recv_timeout(req, buf, sizeof buf, 100), -1);
    tu_assert_error(EFSM, "socket type REQ cannot receive in its current state");
    ck_assert_int_eq(zmqx_recv_timeout(req, NULL, 3, 100), -1);
    tu_assert_error(EFAULT, "recv_timeout: buffer is NULL");
    ck_assert_int_eq(zmqx_recv_timeout(req, buf, sizeof buf, -7), -1);
    tu_assert_error(EINVAL, "out of range");
    zmqx_socket_destroy(&req);
    zmqx_socket_destroy(&pub);
}
END_TEST

/* ---- zmqx_send_timeout ---- */

START_TEST(send_timeout_leaves_sndtimeo)
{
    zmqx_socket_t *push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer */
    ck_assert_int_eq(zmqx_socket_set_send_timeout(push, 40), 0);
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_send_timeout(push, "x", 1, 0, 150), -1);
    long long took = tu_now_ms() - t0;
    ck_assert_int_ge(took, 150);
    ck_assert_int_lt(took, 1000);
    assert_timeout("send_timeout", 150);
    ck_assert_int_eq(get_int(push, ZMQ_SNDTIMEO), 40);
    ck_assert_int_eq(zmqx_send_str(push, "x"), -1);
    assert_timeout("send", 40);
    ck_assert_int_eq(zmqx_send_timeout(push, "x", 1, 0, 0), -1);
    assert_timeout("send_timeout", 0);
    zmqx_socket_destroy(&push);
}
END_TEST

START_TEST(send_timeout_sends_multipart)
{
    zmqx_socket_t *pull, *push;
    tu_pair(ctx, ZMQ_PULL, ZMQ_PUSH, &pull, &push);
    ck_assert_int_eq(zmqx_send_timeout(push, "ab", 2, ZMQX_MORE, 1000), 2);
    ck_assert_int_eq(zmqx_send_timeout(push, NULL, 0, 0, -1), 0);
    char buf[4];
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 5000), 2);
    ck_assert_int_eq(zmqx_socket_more(pull), 1);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 5000), 0);
    ck_assert_int_eq(zmqx_socket_more(pull), 0);
    ck_assert_int_eq(zmqx_send_timeout(push, "x", 1, ZMQX_DONTWAIT, 10), -1);
    tu_assert_error(EINVAL, "only ZMQX_MORE");
    ck_assert_int_eq(zmqx_send_timeout(push, NULL, 1, 0, 10), -1);
    tu_assert_error(EFAULT, "send_timeout: data is NULL");
    ck_assert_int_eq(zmqx_send_timeout(push, "x", 1, 0, -3), -1);
    tu_assert_error(EINVAL, "out of range");
    zmqx_socket_t *sub = zmqx_socket_new(ctx, ZMQ_SUB, NULL);
    ck_assert_int_eq(zmqx_send_timeout(sub, "x", 1, 0, 10), -1);
    tu_assert_error(ENOTSUP, "socket type SUB cannot send");
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
}
END_TEST

/* ---- retrying after EINTR keeps the deadline, for every waiting call ---- */

#define RETRY_TIMEOUT_MS 300

/* The waiting calls, each on the socket (or object) that makes it wait. */
struct waits {
    zmqx_socket_t *pull, *push, *dealer; /* pull: nothing comes; push: no peer */
    zmqx_poller_t *poller;
    zmqx_monitor_t *monitor;
    zmqx_proxy_t *proxy; /* never run: a control call waits for it */
    zmqx_msg_t *msg;
    zmqx_frame_t frame;
};

static int call_socket_wait(struct waits *w)
{
    return zmqx_socket_wait(w->pull, ZMQX_POLLIN, RETRY_TIMEOUT_MS);
}

static int call_recv_timeout(struct waits *w)
{
    char buf[4];
    return zmqx_recv_timeout(w->pull, buf, sizeof buf, RETRY_TIMEOUT_MS);
}

static int call_send_timeout(struct waits *w)
{
    return zmqx_send_timeout(w->push, "x", 1, 0, RETRY_TIMEOUT_MS);
}

static int call_recv_msg_timeout(struct waits *w)
{
    return zmqx_recv_msg_timeout(w->pull, w->msg, RETRY_TIMEOUT_MS);
}

static int call_recv_frame_timeout(struct waits *w)
{
    return zmqx_recv_frame_timeout(w->pull, &w->frame, RETRY_TIMEOUT_MS);
}

static int call_monitor_recv(struct waits *w)
{
    zmqx_monitor_event_t ev;
    return zmqx_monitor_recv(w->monitor, &ev, RETRY_TIMEOUT_MS);
}

static int call_poller_wait(struct waits *w)
{
    zmqx_poll_event_t ev;
    return zmqx_poller_wait(w->poller, &ev, 1, RETRY_TIMEOUT_MS);
}

static int call_proxy_pause(struct waits *w)
{
    return zmqx_proxy_pause(w->proxy);
}

static int call_recv(struct waits *w) /* the socket's own timeout */
{
    char buf[4];
    return zmqx_recv(w->dealer, buf, sizeof buf, 0);
}

static const struct {
    const char *name;
    int (*call)(struct waits *w);
} waiting_calls[] = {
    { "zmqx_socket_wait", call_socket_wait },
    { "zmqx_recv_timeout", call_recv_timeout },
    { "zmqx_send_timeout", call_send_timeout },
    { "zmqx_recv_msg_timeout", call_recv_msg_timeout },
    { "zmqx_recv_frame_timeout", call_recv_frame_timeout },
    { "zmqx_monitor_recv", call_monitor_recv },
    { "zmqx_poller_wait", call_poller_wait },
    { "zmqx_proxy_pause", call_proxy_pause },
    { "zmqx_recv (socket timeout)", call_recv },
};
#define N_WAITING_CALLS ((int) (sizeof waiting_calls / sizeof waiting_calls[0]))

static void waits_setup(struct waits *w)
{
    w->pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    w->push = zmqx_socket_new(ctx, ZMQ_PUSH, NULL); /* no peer: a send waits */
    w->dealer = zmqx_socket_new(ctx, ZMQ_DEALER, NULL);
    ck_assert(w->pull && w->push && w->dealer);
    ck_assert_int_eq(zmqx_socket_set_recv_timeout(w->dealer, RETRY_TIMEOUT_MS), 0);
    w->poller = zmqx_poller_new();
    ck_assert_int_eq(zmqx_poller_add(w->poller, w->pull, ZMQX_POLLIN, NULL), 0);
    w->monitor = zmqx_monitor_new(w->dealer, ZMQ_EVENT_CONNECTED); /* never comes */
    ck_assert_ptr_nonnull(w->monitor);
    w->proxy = zmqx_proxy_new(w->pull, w->push, NULL);
    ck_assert_ptr_nonnull(w->proxy);
    ck_assert_int_eq(zmqx_proxy_set_timeout(w->proxy, RETRY_TIMEOUT_MS), 0);
    w->msg = zmqx_msg_new();
    zmqx_frame_init(&w->frame);
}

static void waits_teardown(struct waits *w)
{
    zmqx_frame_close(&w->frame);
    zmqx_msg_destroy(&w->msg);
    zmqx_proxy_destroy(&w->proxy);
    zmqx_monitor_destroy(&w->monitor);
    zmqx_poller_destroy(&w->poller);
    zmqx_socket_destroy(&w->dealer);
    zmqx_socket_destroy(&w->push);
    zmqx_socket_destroy(&w->pull);
}

START_TEST(retry_loops_end_at_the_timeout_under_a_signal_storm)
{
    struct waits w;
    waits_setup(&w);
    tu_storm_t st;
    tu_storm_start(&st, 1000);
    long total = 0;
    long long slowest = 0;
    for (int i = 0; i < N_WAITING_CALLS; i++) {
        long interrupted = 0;
        long long t0 = tu_now_ms(), took;
        int rc;
        /* what a program writes; the cap only ends the old behaviour */
        while ((rc = waiting_calls[i].call(&w)) < 0 && errno == EINTR && tu_now_ms() - t0 < 5000)
            interrupted++;
        took = tu_now_ms() - t0;
        ck_assert_msg(rc == -1 && zmqx_error_is_timeout(NULL),
                      "%s: rc %d after %lld ms and %ld retries: %s", waiting_calls[i].name, rc,
                      took, interrupted, zmqx_strerror());
        ck_assert_msg(took >= RETRY_TIMEOUT_MS - 10 && took < 3 * RETRY_TIMEOUT_MS,
                      "%s: the retries took %lld ms", waiting_calls[i].name, took);
        ck_assert_msg(interrupted > 0, "%s: the storm never interrupted it",
                      waiting_calls[i].name);
        total += interrupted;
        slowest = took > slowest ? took : slowest;
    }
    long sent = tu_storm_stop(&st);
    char tried[200], held[120];
    snprintf(tried, sizeof tried,
             "`while (errno == EINTR)` retry loops around %d waiting calls with a %d ms timeout, "
             "%ld signals at 1 kHz, %ld interruptions",
             N_WAITING_CALLS, RETRY_TIMEOUT_MS, sent, total);
    snprintf(held, sizeof held, "every loop ended with the timeout, within %lld ms", slowest);
    tu_report("retry_loops_end_at_the_timeout_under_a_signal_storm", tried, held);
    waits_teardown(&w);
}
END_TEST

START_TEST(a_retry_is_the_same_call_on_the_same_object)
{
    zmqx_socket_t *pull = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    zmqx_socket_t *other = zmqx_socket_new(ctx, ZMQ_PULL, "@tcp://127.0.0.1:*");
    char buf[4];
    tu_alarm_in(100);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 400), -1);
    tu_assert_error(EINTR, "interrupted by a signal (a retry keeps the deadline)");
    /* another socket, or another timeout, is a new call: a full wait */
    long long t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(other, buf, sizeof buf, 400), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_ge(tu_now_ms() - t0, 390);
    tu_alarm_in(100);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 400), -1);
    ck_assert_int_eq(errno, EINTR);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 450), -1);
    ck_assert_int_ge(tu_now_ms() - t0, 440);
    /* the retry itself waits only for what is left (about 300 of 400 ms) */
    tu_alarm_in(100);
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 400), -1);
    ck_assert_int_eq(errno, EINTR);
    t0 = tu_now_ms();
    ck_assert_int_eq(zmqx_recv_timeout(pull, buf, sizeof buf, 400), -1);
    ck_assert(zmqx_error_is_timeout(NULL));
    ck_assert_int_lt(tu_now_ms() - t0, 380);
    signal(SIGALRM, SIG_DFL);
    zmqx_socket_destroy(&other);
    zmqx_socket_destroy(&pull);
}
END_TEST

START_TEST(null_sockets_are_errors)
{
    char buf[4];
    ck_assert_int_eq(zmqx_recv_timeout(NULL, buf, sizeof buf, 10), -1);
    tu_assert_error(EINVAL, "recv_timeout: socket is NULL");
    ck_assert_int_eq(zmqx_send_timeout(NULL, "x", 1, 0, 10), -1);
    tu_assert_error(EINVAL, "send_timeout: socket is NULL");
    ck_assert_int_eq(zmqx_socket_wait(NULL, ZMQX_POLLOUT, 10), -1);
    tu_assert_error(EINVAL, "socket_wait: socket is NULL");
    /* A socket whose context is gone is ENOTSOCK, not a crash. */
    zmqx_ctx_t *other = zmqx_ctx_new();
    zmqx_socket_t *s = zmqx_socket_new(other, ZMQ_PULL, NULL);
    zmqx_ctx_destroy(&other);
    ck_assert_int_eq(zmqx_socket_wait(s, ZMQX_POLLIN, 10), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_recv_timeout(s, buf, sizeof buf, 10), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    ck_assert_int_eq(zmqx_send_timeout(s, "x", 1, 0, 10), -1);
    ck_assert_int_eq(errno, ENOTSOCK);
    zmqx_socket_destroy(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wait");
    TCase *tc = tu_tcase(s, "wait", 30);
    tcase_add_checked_fixture(tc, tu_ctx_setup, tu_ctx_teardown);
    tcase_add_test(tc, wait_times_out);
    tcase_add_test(tc, wait_reports_ready_events);
    tcase_add_test(tc, wait_wakes_when_a_message_comes);
    tcase_add_test(tc, wait_bad_arguments);
    tcase_add_test(tc, wait_interrupted_by_a_signal);
    tcase_add_test(tc, wait_ends_with_eterm_on_shutdown);
    tcase_add_test(tc, recv_timeout_200ms_leaves_rcvtimeo);
    tcase_add_test(tc, recv_timeout_gets_what_comes);
    tcase_add_test(tc, spurious_wakeup_keeps_one_deadline);
    tcase_add_test(tc, recv_timeout_passes_errors_through);
    tcase_add_test(tc, send_timeout_leaves_sndtimeo);
    tcase_add_test(tc, send_timeout_sends_multipart);
    tcase_add_test(tc, null_sockets_are_errors);
    tcase_add_test(tc, a_retry_is_the_same_call_on_the_same_object);
    tcase_add_test(tc, retry_loops_end_at_the_timeout_under_a_signal_storm);
    return tu_run(s, 240);
}
