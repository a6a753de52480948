/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* A consumer of one installed event-loop adapter, built by
 * test/embed-pkgconfig.sh with cc and `pkg-config zmqx-uv` (or zmqx-event,
 * zmqx-glib) and -DUSE_UV (USE_EVENT, USE_GLIB): one message from a PUSH
 * reaches a PULL watched in that loop. Exit 0 when it did. */
#include <stdio.h>

#include <zmqx.h>
#if defined(USE_UV)
#include <zmqx/uv.h>
#elif defined(USE_EVENT)
#include <zmqx/event.h>
#elif defined(USE_GLIB)
#include <zmqx/glib.h>
#endif

static int got;

static int on_message(zmqx_watch_t *w, zmqx_socket_t *s, int events, void *loop)
{
    (void) events;
    char buf[8];
    if (zmqx_recv(s, buf, sizeof buf, ZMQX_DONTWAIT) < 0)
        return -1;
    got++;
#if defined(USE_UV)
    (void) loop;
    return zmqx_uv_watch_stop(w);
#elif defined(USE_EVENT)
    (void) w;
    return event_base_loopbreak(loop);
#else
    (void) w;
    g_main_loop_quit(loop);
    return 0;
#endif
}

int main(void)
{
    zmqx_socket_t *pull = zmqx_socket_new(NULL, ZMQ_PULL, "@inproc://embed");
    zmqx_socket_t *push = zmqx_socket_new(NULL, ZMQ_PUSH, "inproc://embed");
    if (pull == NULL || push == NULL || zmqx_send_str(push, "hi") != 2)
        return fprintf(stderr, "%s\n", zmqx_strerror()), 1;
#if defined(USE_UV)
    uv_loop_t loop;
    uv_loop_init(&loop);
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message, &loop);
    if (w == NULL || zmqx_uv_watch_start(&loop, w) != 0)
        return fprintf(stderr, "%s\n", zmqx_strerror()), 1;
    uv_run(&loop, UV_RUN_DEFAULT);
    int closed = uv_loop_close(&loop) == 0;
#elif defined(USE_EVENT)
    struct event_base *base = event_base_new();
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message, base);
    if (w == NULL || zmqx_event_watch_start(base, w) != 0)
        return fprintf(stderr, "%s\n", zmqx_strerror()), 1;
    event_base_dispatch(base);
    zmqx_event_watch_stop(w);
    event_base_free(base);
    int closed = 1;
#else
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    zmqx_watch_t *w = zmqx_watch_new(pull, ZMQX_POLLIN, on_message, loop);
    GSource *src = w != NULL ? zmqx_glib_watch_source(w) : NULL;
    if (src == NULL)
        return fprintf(stderr, "%s\n", zmqx_strerror()), 1;
    g_source_attach(src, NULL);
    g_main_loop_run(loop);
    g_source_destroy(src);
    g_source_unref(src);
    g_main_loop_unref(loop);
    int closed = 1;
#endif
    zmqx_watch_destroy(&w);
    zmqx_socket_destroy(&push);
    zmqx_socket_destroy(&pull);
    printf("adapter consumer: %d message\n", got);
    return got == 1 && closed ? 0 : 1;
}
