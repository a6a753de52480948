/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — observers of a socket (see observer.h). */
#include "observer.h"

#include <stdlib.h>

/* Recompute the ZMQX__SLOW_TOUCH bit; under the lock. */
static void update_touch(zmqx_socket_t *s)
{
    int touch = 0;
    for (int i = 0; i < s->nobservers; i++)
        touch |= s->observers[i]->touched != NULL;
    if (touch)
        s->slow |= ZMQX__SLOW_TOUCH;
    else
        s->slow &= ~ZMQX__SLOW_TOUCH;
}

int zmqx__observe(zmqx_socket_t *s, zmqx__observer_t *o, const char *op)
{
    int rc = 0;
    pthread_mutex_lock(&s->observers_lock);
    if (s->nobservers == s->observers_cap) {
        int cap = s->observers_cap ? s->observers_cap * 2 : 2;
        zmqx__observer_t **a = realloc(s->observers, (size_t) cap * sizeof *a);
        if (a == NULL)
            rc = -1;
        else {
            s->observers = a;
            s->observers_cap = cap;
        }
    }
    if (rc == 0) {
        s->observers[s->nobservers++] = o;
        update_touch(s);
    }
    pthread_mutex_unlock(&s->observers_lock);
    return rc == 0 ? 0 : zmqx__fail(op, NULL, ENOMEM, NULL);
}

void zmqx__unobserve(zmqx_socket_t *s, zmqx__observer_t *o)
{
    pthread_mutex_lock(&s->observers_lock);
    for (int i = 0; i < s->nobservers; i++)
        if (s->observers[i] == o) {
            /* keep the order: observers are told in the order they came */
            for (int j = i + 1; j < s->nobservers; j++)
                s->observers[j - 1] = s->observers[j];
            s->nobservers--;
            break;
        }
    update_touch(s);
    pthread_mutex_unlock(&s->observers_lock);
}

zmqx__observer_t *zmqx__observer_find(zmqx_socket_t *s,
                                      void (*gone)(zmqx__observer_t *, zmqx_socket_t *),
                                      const void *owner)
{
    zmqx__observer_t *found = NULL;
    pthread_mutex_lock(&s->observers_lock);
    for (int i = 0; i < s->nobservers && found == NULL; i++)
        if (s->observers[i]->gone == gone && (owner == NULL || s->observers[i]->owner == owner))
            found = s->observers[i];
    pthread_mutex_unlock(&s->observers_lock);
    return found;
}

void zmqx__sock_touched(zmqx_socket_t *s)
{
    pthread_mutex_lock(&s->observers_lock);
    for (int i = 0; i < s->nobservers; i++)
        if (s->observers[i]->touched != NULL)
            s->observers[i]->touched(s->observers[i], s);
    pthread_mutex_unlock(&s->observers_lock);
}

void zmqx__observers_gone(zmqx_socket_t *s)
{
    pthread_mutex_lock(&s->observers_lock);
    zmqx__observer_t **list = s->observers;
    int n = s->nobservers;
    s->observers = NULL;
    s->nobservers = s->observers_cap = 0;
    update_touch(s);
    pthread_mutex_unlock(&s->observers_lock);
    for (int i = 0; i < n; i++)
        list[i]->gone(list[i], s);
    free(list);
}
