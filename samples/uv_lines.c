/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* uv_lines: ZeroMQ sockets in a libuv program (<zmqx/uv.h>). A libuv TCP
 * line server publishes every line a TCP client sends on a zmqx PUB, and
 * writes every message its zmqx SUB receives to every connected client.
 *
 * The program drives itself, all on one uv loop: a uv TCP client, and a
 * zmqx peer (a SUB on the server's PUB, a PUB to its SUB). Every 20 ms
 * the client sends a line up and the peer publishes one down, until each
 * side has heard WANTED lines: PUB drops what it publishes before a
 * subscription has arrived (the "slow joiner", see weather.c), so the
 * first few may be lost. Then everything closes and uv_run returns. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmqx.h>
#include <zmqx/uv.h>

#define WANTED 3      /* lines each way */
#define MAX_TICKS 250 /* about five seconds */

typedef struct lines { /* a TCP stream, cut into lines */
    uv_tcp_t tcp;
    char buf[256];
    size_t len;
    struct lines *next;
} lines_t;

static uv_loop_t *loop;
static uv_tcp_t server;
static lines_t client, *conns;   /* our own client; the server's connections */
static zmqx_socket_t *pub, *sub; /* the server's */
static zmqx_socket_t *peer_pub, *peer_sub;
static zmqx_watch_t *sub_watch, *peer_watch;
static uv_timer_t tick;
static int ticks, client_heard, peer_heard, failed;

static void fail(const char *what, const char *why)
{
    fprintf(stderr, "uv_lines: %s: %s\n", what, why);
    failed = 1;
}

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
    static char space[4096]; /* callbacks run one at a time */
    (void) h;
    (void) size;
    *buf = uv_buf_init(space, sizeof space);
}

/* Append data to the stream's buffer; call fn on each complete line. */
static void cut(lines_t *s, const char *data, size_t n, void (*fn)(const char *line))
{
    for (size_t i = 0; i < n; i++) {
        if (data[i] != '\n') {
            if (s->len < sizeof s->buf - 1)
                s->buf[s->len++] = data[i];
            continue;
        }
        s->buf[s->len] = '\0';
        fn(s->buf);
        s->len = 0;
    }
}

static void publish(const char *line)
{
    if (zmqx_send_str(pub, line) < 0)
        fail("publish", zmqx_strerror());
}

static void client_got(const char *line)
{
    printf("tcp client heard:  %s\n", line);
    client_heard++;
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf)
{
    lines_t *s = (lines_t *) stream;
    if (n > 0)
        cut(s, buf->base, (size_t) n, s == &client ? client_got : publish);
    else if (n < 0 && n != UV_EOF)
        fail("read", uv_strerror((int) n));
}

static void on_written(uv_write_t *req, int status)
{
    if (status < 0)
        fail("write", uv_strerror(status));
    free(req);
}

/* Write text and a newline to a TCP stream. */
static void write_line(lines_t *s, const char *text)
{
    size_t n = strlen(text);
    uv_write_t *req = malloc(sizeof *req + n + 1);
    if (req == NULL) {
        fail("write", "out of memory");
        return;
    }
    char *copy = (char *) (req + 1);
    memcpy(copy, text, n);
    copy[n] = '\n';
    uv_buf_t buf = uv_buf_init(copy, (unsigned) n + 1);
    int rc = uv_write(req, (uv_stream_t *) &s->tcp, &buf, 1, on_written);
    if (rc < 0) {
        free(req);
        fail("write", uv_strerror(rc));
    }
}

static void on_connection(uv_stream_t *srv, int status)
{
    lines_t *c = calloc(1, sizeof *c);
    if (status < 0 || c == NULL || uv_tcp_init(loop, &c->tcp) != 0) {
        free(c);
        fail("accept", status < 0 ? uv_strerror(status) : "out of memory");
        return;
    }
    c->next = conns;
    conns = c;
    if (uv_accept(srv, (uv_stream_t *) &c->tcp) != 0 ||
        uv_read_start((uv_stream_t *) &c->tcp, on_alloc, on_read) != 0)
        fail("accept", "cannot read");
}

/* The server's SUB: every message goes to every TCP client. */
static int on_sub(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) w, (void) events, (void) arg;
    char *text = zmqx_recv_str(s);
    if (text == NULL)
        return -1; /* the adapter stops the watch; the error stays */
    for (lines_t *c = conns; c != NULL; c = c->next)
        write_line(c, text);
    free(text);
    return 0;
}

/* The peer's SUB: what the server published. */
static int on_peer(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *arg)
{
    (void) w, (void) events, (void) arg;
    char *text = zmqx_recv_str(s);
    if (text == NULL)
        return -1;
    printf("zmqx peer heard:   %s\n", text);
    peer_heard++;
    free(text);
    return 0;
}

static void on_connect(uv_connect_t *req, int status)
{
    if (status >= 0)
        status = uv_read_start(req->handle, on_alloc, on_read);
    if (status < 0)
        fail("connect", uv_strerror(status));
}

static void close_all(void)
{
    zmqx_uv_watch_stop(sub_watch);
    zmqx_uv_watch_stop(peer_watch);
    uv_close((uv_handle_t *) &tick, NULL);
    uv_close((uv_handle_t *) &server, NULL);
    uv_close((uv_handle_t *) &client.tcp, NULL);
    for (lines_t *c = conns; c != NULL; c = c->next)
        uv_close((uv_handle_t *) &c->tcp, NULL);
}

static void on_tick(uv_timer_t *t)
{
    (void) t;
    if (failed || (client_heard >= WANTED && peer_heard >= WANTED) || ++ticks > MAX_TICKS) {
        close_all();
        return;
    }
    char line[32];
    snprintf(line, sizeof line, "up %d", ticks);
    if (conns != NULL)
        write_line(&client, line);
    if (zmqx_sendf(peer_pub, "down %d", ticks) < 0)
        fail("peer publish", zmqx_strerror());
}

/* The zmqx side: the server's PUB and SUB, the peer's, both SUBs watched. */
static int open_sockets(void)
{
    pub = zmqx_socket_new(NULL, ZMQ_PUB, "@tcp://127.0.0.1:*");
    sub = zmqx_socket_new(NULL, ZMQ_SUB, "@tcp://127.0.0.1:*");
    if (pub == NULL || sub == NULL || zmqx_socket_subscribe(sub, "") != 0)
        return -1;
    peer_sub = zmqx_socket_new(NULL, ZMQ_SUB, NULL);
    peer_pub = zmqx_socket_new(NULL, ZMQ_PUB, NULL);
    if (peer_sub == NULL || peer_pub == NULL || zmqx_socket_subscribe(peer_sub, "") != 0 ||
        zmqx_socket_connect(peer_sub, zmqx_socket_endpoint(pub)) != 0 ||
        zmqx_socket_connect(peer_pub, zmqx_socket_endpoint(sub)) != 0)
        return -1;
    sub_watch = zmqx_watch_new(sub, ZMQX_POLLIN, on_sub, NULL);
    peer_watch = zmqx_watch_new(peer_sub, ZMQX_POLLIN, on_peer, NULL);
    if (sub_watch == NULL || peer_watch == NULL)
        return -1;
    return zmqx_uv_watch_start(loop, sub_watch) == 0 &&
                   zmqx_uv_watch_start(loop, peer_watch) == 0
               ? 0
               : -1;
}

/* The uv side: the line server on 127.0.0.1 (port 0: any free one), our
 * client connected to it, the tick. */
static int open_tcp(void)
{
    struct sockaddr_in addr;
    struct sockaddr_storage bound;
    int len = sizeof bound;
    static uv_connect_t req;
    if (uv_ip4_addr("127.0.0.1", 0, &addr) != 0 || uv_tcp_init(loop, &server) != 0 || uv_tcp_init(loop, &client.tcp) != 0 ||
        uv_tcp_bind(&server, (const struct sockaddr *) &addr, 0) != 0 ||
        uv_listen((uv_stream_t *) &server, 8, on_connection) != 0 ||
        uv_tcp_getsockname(&server, (struct sockaddr *) &bound, &len) != 0)
        return -1;
    printf("line server on 127.0.0.1:%d\n", ntohs(((struct sockaddr_in *) &bound)->sin_port));
    return uv_tcp_connect(&req, &client.tcp, (const struct sockaddr *) &bound, on_connect) ||
           uv_timer_init(loop, &tick) || uv_timer_start(&tick, on_tick, 20, 20);
}

int main(void)
{
    loop = uv_default_loop();
    if (open_sockets() != 0)
        fail("zmqx", zmqx_strerror());
    else if (open_tcp() != 0)
        fail("tcp", "cannot listen or connect");
    else
        uv_run(loop, UV_RUN_DEFAULT);
    while (conns != NULL) {
        lines_t *c = conns;
        conns = c->next;
        free(c);
    }
    zmqx_watch_destroy(&sub_watch);
    zmqx_watch_destroy(&peer_watch);
    zmqx_socket_destroy(&pub);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&peer_pub);
    zmqx_socket_destroy(&peer_sub);
    if (uv_loop_close(loop) != 0)
        fail("uv_loop_close", "handles left open");
    if (failed || client_heard < WANTED || peer_heard < WANTED) {
        fprintf(stderr, "uv_lines: heard %d lines at the client, %d at the peer\n",
                client_heard, peer_heard);
        return EXIT_FAILURE;
    }
    printf("%d lines each way\n", WANTED);
    return EXIT_SUCCESS;
}
