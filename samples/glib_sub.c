/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* glib_sub: ZeroMQ in a GLib main loop. A SUB socket is watched through
 * the zmqx GLib source (libzmqx-glib); a GLib timeout publishes a reading
 * every 50 ms from a PUB socket. The SUB's handler prints what arrives and
 * quits the main loop after 5 readings.
 *
 * Build: cc glib_sub.c $(pkg-config --cflags --libs zmqx-glib) */
#include <stdio.h>
#include <stdlib.h>

#include <zmqx.h>
#include <zmqx/glib.h>

#define READINGS 5

typedef struct app {
    GMainLoop *loop;
    zmqx_socket_t *pub;
    int sent, received;
} app_t;

/* The GLib timeout: publish one reading. */
static gboolean publish(gpointer arg)
{
    app_t *app = arg;
    if (zmqx_sendf(app->pub, "temperature %d", 20 + app->sent++ % 5) < 0)
        fprintf(stderr, "glib_sub: send: %s\n", zmqx_strerror());
    return G_SOURCE_CONTINUE;
}

/* The watch's handler: called for every message the SUB has. */
static int on_reading(zmqx_watch_t *w, zmqx_socket_t *sub, int events, void *arg)
{
    (void) w;
    (void) events;
    app_t *app = arg;
    char buf[64];
    int n = zmqx_recv(sub, buf, sizeof buf - 1, ZMQX_DONTWAIT);
    if (n < 0)
        return -1; /* the source removes itself; the error stays */
    buf[n] = '\0';
    printf("received: %s\n", buf);
    if (++app->received == READINGS)
        g_main_loop_quit(app->loop);
    return 0;
}

int main(void)
{
    app_t app = { g_main_loop_new(NULL, FALSE), NULL, 0, 0 };
    app.pub = zmqx_socket_new(NULL, ZMQ_PUB, "@inproc://readings");
    zmqx_socket_t *sub = zmqx_socket_new(NULL, ZMQ_SUB, "inproc://readings");
    if (app.pub == NULL || sub == NULL || zmqx_socket_subscribe(sub, "temperature ") != 0) {
        fprintf(stderr, "glib_sub: %s\n", zmqx_strerror());
        return EXIT_FAILURE;
    }
    zmqx_watch_t *w = zmqx_watch_new(sub, ZMQX_POLLIN, on_reading, &app);
    GSource *source = w != NULL ? zmqx_glib_watch_source(w) : NULL;
    if (source == NULL) {
        fprintf(stderr, "glib_sub: watch: %s\n", zmqx_strerror());
        return EXIT_FAILURE;
    }
    g_source_attach(source, NULL); /* the default main context */
    g_source_unref(source);
    guint timer = g_timeout_add(50, publish, &app);

    g_main_loop_run(app.loop);

    g_source_remove(timer);
    g_source_destroy(source); /* stop watching, then free the rest */
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&sub);
    zmqx_socket_destroy(&app.pub);
    g_main_loop_unref(app.loop);
    return app.received == READINGS ? EXIT_SUCCESS : EXIT_FAILURE;
}
