/* zmqx — uv: the libuv adapter of zmqx_watch (include/zmqx/uv.h). A
 * library of its own over libzmqx's public API only.
 *
 * Why a prepare and an idle handle: libuv 1.44's uv_run (src/unix/core.c)
 * runs, in each iteration, the due timers, the pending callbacks, the idle
 * handles, the prepare handles, and only then computes how long to poll:
 * uv__backend_timeout, which is 0 while any idle handle is active (also in
 * UV_RUN_ONCE mode, where it is computed after the prepare handles too);
 * then it polls, runs the check handles and the close callbacks. (libuv
 * 1.45 moved the timers after the poll; the order from idle to poll is
 * unchanged.) So a prepare callback that starts the idle handle while
 * zmqx_watch_pending says 1 keeps uv_run from blocking then, whatever the
 * fd shows; the idle callback dispatches. A zmqx call on the socket made
 * from any callback before the prepare phase (a timer's, a uv_poll's, a
 * stream's) is seen by that prepare; the hook's ZMQX_WATCH_TOUCHED starts
 * the idle handle as well, for calls made after our prepare callback ran:
 * libuv runs the newest prepare handle first, so a program's prepare
 * callback started before ours runs after it.
 *
 * The state is an allocation of its own, freed by the last of its three
 * handles' close callbacks: the watch may be destroyed any time after
 * zmqx_uv_watch_stop. Started watches are kept in a small list (the hook's
 * argument cannot be read back) to find their state and refuse a second
 * start. */
#include <zmqx/uv.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct uvw {
    uv_poll_t poll;
    uv_prepare_t prepare;
    uv_idle_t idle;
    zmqx_watch_t *w;  /* NULL once stopped */
    int fd;           /* our duplicate of zmqx_watch_fd (libuv polls an fd once per loop) */
    int dispatching;  /* inside zmqx_watch_dispatch */
    zmqx_watch_t *held; /* stopped inside fn: paused, still hooked, until the dispatch returns */
    int held_events;
    int open;         /* handles whose close callback has not run */
    struct uvw *next; /* started watches */
} uvw_t;

static uvw_t *started;
static pthread_mutex_t started_lock = PTHREAD_MUTEX_INITIALIZER;

static uvw_t *find(const zmqx_watch_t *w)
{
    pthread_mutex_lock(&started_lock);
    uvw_t *st = started;
    while (st != NULL && st->w != w)
        st = st->next;
    pthread_mutex_unlock(&started_lock);
    return st;
}

static void add(uvw_t *st)
{
    pthread_mutex_lock(&started_lock);
    st->next = started;
    started = st;
    pthread_mutex_unlock(&started_lock);
}

static void drop(uvw_t *st)
{
    pthread_mutex_lock(&started_lock);
    uvw_t **p = &started;
    while (*p != NULL && *p != st)
        p = &(*p)->next;
    if (*p != NULL)
        *p = st->next;
    pthread_mutex_unlock(&started_lock);
}

static void on_close(uv_handle_t *h)
{
    uvw_t *st = h->data;
    if (--st->open == 0)
        free(st);
}

static void close_handles(uvw_t *st)
{
    uv_close((uv_handle_t *) &st->poll, on_close);
    close(st->fd);
    uv_close((uv_handle_t *) &st->prepare, on_close);
    uv_close((uv_handle_t *) &st->idle, on_close);
}

/* Stop for good: the fd leaves the loop's epoll set at once (uv_close on
 * a uv_poll_t stops it; libuv documents that the fd may be closed right
 * after), fn is never called again, the handles close. in_hook: called by
 * the GONE hook, whose watch clears the hook itself. Inside our own
 * dispatch (stopped from fn), the dispatch would go on calling fn: the
 * watch is paused until it returns, and keeps our hook so that we hear if
 * fn destroys it meanwhile. Leaves errno. */
static void halt(uvw_t *st, int in_hook)
{
    int saved = errno;
    drop(st);
    zmqx_watch_t *w = st->w;
    st->w = NULL;
    if (in_hook) {
        st->held = NULL;
    } else if (st->dispatching) {
        st->held = w;
        st->held_events = zmqx_watch_events(w);
        zmqx_watch_set_events(w, 0);
    } else {
        zmqx_watch_set_hook(w, NULL, NULL);
    }
    if (w != NULL)
        close_handles(st);
    errno = saved;
}

/* After a dispatch in which fn stopped the watch: give the watch back its
 * events (unless fn set some) and, unless fn started it again, its hook.
 * Leaves errno. */
static void release(uvw_t *st)
{
    int saved = errno;
    zmqx_watch_t *w = st->held;
    st->held = NULL;
    if (zmqx_watch_events(w) == 0)
        zmqx_watch_set_events(w, st->held_events);
    if (find(w) == NULL)
        zmqx_watch_set_hook(w, NULL, NULL);
    errno = saved;
}

/* fn may stop the watch, or fail: then stop, with the error it left. */
static void dispatch(uvw_t *st)
{
    if (st->w == NULL)
        return;
    st->dispatching = 1;
    int rc = zmqx_watch_dispatch(st->w, ZMQX_UV_BUDGET);
    st->dispatching = 0;
    if (st->held != NULL)
        release(st);
    else if (rc < 0 && st->w != NULL)
        halt(st, 0);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    (void) status; /* an error or not, ZMQ_EVENTS is what tells */
    (void) events;
    dispatch(h->data);
}

static void on_idle(uv_idle_t *h)
{
    dispatch(h->data);
}

/* Before the loop blocks: keep it from blocking while the watch is pending
 * (-1 is ETERM: a dispatch reports it). */
static void on_prepare(uv_prepare_t *h)
{
    uvw_t *st = h->data;
    if (st->w == NULL)
        return;
    if (zmqx_watch_pending(st->w) != 0)
        uv_idle_start(&st->idle, on_idle);
    else
        uv_idle_stop(&st->idle);
}

/* Runs inside a zmqx call (TOUCHED: at its start, with the socket's lock
 * held) or inside the watch's or socket's destroy (GONE): no zmqx call. */
static void on_hook(zmqx_watch_t *w, int what, void *arg)
{
    (void) w;
    uvw_t *st = arg;
    if (what == ZMQX_WATCH_GONE)
        halt(st, 1); /* also when stopped inside fn already: no more held */
    else if (what == ZMQX_WATCH_TOUCHED && st->w != NULL)
        uv_idle_start(&st->idle, on_idle); /* look before blocking */
}

static int fail(int code)
{
    errno = code;
    return -1;
}

/* The three handles on loop, over fd (closed on failure). */
static uvw_t *open_handles(uv_loop_t *loop, zmqx_watch_t *w, int fd)
{
    uvw_t *st = calloc(1, sizeof *st);
    if (st == NULL) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    int rc = uv_poll_init(loop, &st->poll, fd);
    if (rc != 0) {
        close(fd);
        free(st);
        errno = -rc;
        return NULL;
    }
    uv_prepare_init(loop, &st->prepare); /* these two cannot fail */
    uv_idle_init(loop, &st->idle);
    st->poll.data = st->prepare.data = st->idle.data = st;
    st->w = w;
    st->fd = fd;
    st->open = 3;
    return st;
}

int zmqx_uv_watch_start(uv_loop_t *loop, zmqx_watch_t *w)
{
    if (loop == NULL || w == NULL)
        return fail(EINVAL);
    if (find(w) != NULL)
        return fail(EEXIST);
    int fd = zmqx_watch_fd(w); /* ENOTSOCK, with zmqx's message */
    if (fd < 0)
        return -1;
    fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    uvw_t *st = open_handles(loop, w, fd);
    if (st == NULL)
        return -1;
    int rc = uv_poll_start(&st->poll, UV_READABLE, on_poll);
    if (rc != 0) {
        halt(st, 0);
        return fail(-rc);
    }
    uv_prepare_start(&st->prepare, on_prepare);
    uv_idle_start(&st->idle, on_idle); /* a first look before blocking */
    add(st);
    zmqx_watch_set_hook(w, on_hook, st);
    return 0;
}

int zmqx_uv_watch_stop(zmqx_watch_t *w)
{
    if (w == NULL)
        return fail(EINVAL);
    uvw_t *st = find(w);
    if (st != NULL)
        halt(st, 0);
    return 0;
}
