/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — the readiness rule (see ready.h). */
#include "ready.h"

#include "fail.h"

#include <stdatomic.h>
#include <stddef.h>

static zmqx__ready_t *from_obs(zmqx__observer_t *o)
{
    return (zmqx__ready_t *) (void *) ((char *) o - offsetof(zmqx__ready_t, obs));
}

/* dirty goes to d; a record that is not dirty wants to hear of the
 * socket's calls (s->touch_wanted counts those). */
static void set_dirty(zmqx__ready_t *r, int d)
{
    if (r->dirty == d)
        return;
    r->dirty = d;
    if (r->s != NULL)
        atomic_fetch_add_explicit(&r->s->touch_wanted, d ? -1 : 1, memory_order_relaxed);
}

void zmqx__ready_mark(zmqx__ready_t *r)
{
    if (!r->dirty) {
        set_dirty(r, 1);
        if (r->on_dirty != NULL)
            r->on_dirty(r);
    }
}

/* A zmqx call on the socket starts: whatever it does (a send that takes an
 * inbound signal, a receive, a read of ZMQ_EVENTS), look again. */
static void touched(zmqx__observer_t *o, zmqx_socket_t *s)
{
    (void) s;
    zmqx__ready_mark(from_obs(o));
}

static void gone(zmqx__observer_t *o, zmqx_socket_t *s)
{
    (void) s;
    zmqx__ready_t *r = from_obs(o);
    set_dirty(r, 1); /* uncounted */
    r->s = NULL;
    if (r->on_gone != NULL)
        r->on_gone(r);
}

int zmqx__ready_attach(zmqx__ready_t *r, zmqx_socket_t *s, int wanted, void *owner,
                       const char *op)
{
    if (zmqx__sock_check(s, op) != 0)
        return -1;
    if (zmqx__type_thread_safe(s->type))
        return zmqx__fail(op, zmqx__sock_ep(s), EINVAL,
                          "a %s socket is thread-safe and has no ZMQ_FD: use a poller",
                          zmqx__type_name(s->type));
    size_t len = sizeof r->fd;
    if (zmq_getsockopt(s->handle, ZMQ_FD, &r->fd, &len) != 0)
        return zmqx__fail_zmq(op, zmqx__sock_ep(s));
    r->obs = (zmqx__observer_t) { gone, touched, owner };
    r->wanted = wanted;
    r->dirty = 1;
    if (zmqx__observe(s, &r->obs, op) != 0)
        return -1;
    r->s = s;
    return 0;
}

int zmqx__ready_check_events(int events, int zero_ok, const char *op)
{
    if ((events == 0 && !zero_ok) || (events & ~(ZMQX_POLLIN | ZMQX_POLLOUT)))
        return zmqx__fail(op, NULL, EINVAL,
                          "bad events 0x%x (ZMQX_POLLIN, ZMQX_POLLOUT, or both)",
                          (unsigned) events);
    return 0;
}

int zmqx__ready_fail(const zmqx__ready_t *r, const char *op)
{
    int code = errno;
    return zmqx__fail(op, zmqx__sock_ep(r->s), code, "%s",
                      code == ETERM ? "context was shut down" : zmq_strerror(code));
}

zmqx__ready_t *zmqx__ready_find(zmqx_socket_t *s, const void *owner)
{
    zmqx__observer_t *o = zmqx__observer_find(s, gone, owner);
    return o != NULL ? from_obs(o) : NULL;
}

void zmqx__ready_detach(zmqx__ready_t *r)
{
    if (r->s != NULL) {
        zmqx__unobserve(r->s, &r->obs);
        set_dirty(r, 1); /* uncounted */
    }
    r->s = NULL;
}

int zmqx__ready_events(zmqx__ready_t *r)
{
    int events;
    size_t len = sizeof events;
    if (zmq_getsockopt(r->s->handle, ZMQ_EVENTS, &events, &len) != 0)
        return -1;
    events &= r->wanted;
    set_dirty(r, events != 0);
    return events;
}
