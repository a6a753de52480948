/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — wake-up fd (see wake.h). */
#include "wake.h"

#include "fail.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#ifndef ZMQX_WAKE_PIPE
#include <sys/eventfd.h>
#endif

#ifdef ZMQX_WAKE_PIPE
static int set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0
               ? -1
               : 0;
}

static int open_fds(zmqx__wake_t *w)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    if (set_flags(fds[0]) != 0 || set_flags(fds[1]) != 0) {
        int code = errno;
        close(fds[0]);
        close(fds[1]);
        errno = code;
        return -1;
    }
    w->rfd = fds[0];
    w->wfd = fds[1];
    return 0;
}
#else
static int open_fds(zmqx__wake_t *w)
{
    w->rfd = w->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return w->rfd < 0 ? -1 : 0;
}
#endif

int zmqx__wake_open(zmqx__wake_t *w, const char *op)
{
    w->rfd = w->wfd = -1;
    if (open_fds(w) != 0)
        return zmqx__fail(op, NULL, errno, "cannot make the wake-up fd: %s", strerror(errno));
    return 0;
}

void zmqx__wake_close(zmqx__wake_t *w)
{
    if (w->rfd >= 0)
        close(w->rfd);
    if (w->wfd >= 0 && w->wfd != w->rfd)
        close(w->wfd);
    w->rfd = w->wfd = -1;
}

int zmqx__wake_signal(const zmqx__wake_t *w)
{
    int saved = errno;
    uint64_t one = 1; /* an eventfd takes 8 bytes; a pipe, any */
    ssize_t rc;
    do
        rc = write(w->wfd, &one, w->wfd == w->rfd ? sizeof one : 1);
    while (rc < 0 && errno == EINTR);
    int code = rc < 0 && errno != EAGAIN ? errno : 0;
    errno = saved;
    return code;
}

int zmqx__wake_take(const zmqx__wake_t *w)
{
    uint64_t buf[8];
    int any = 0;
    ssize_t rc;
    while ((rc = read(w->rfd, buf, w->wfd == w->rfd ? sizeof buf[0] : sizeof buf)) > 0) {
        any = 1;
        if (w->wfd == w->rfd)
            break; /* an eventfd read resets the counter */
    }
    return any;
}
