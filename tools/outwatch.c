/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx tool — ending at once when the reader of stdout goes away
 * (`zmqx sub ... | head -n 2`): a thread waits for the pipe's error and
 * shuts the context down, which wakes the blocked call with ETERM. */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static atomic_int gone;

/* Wait until stdout reports an error or a hang-up: a pipe or socket whose
 * reader closed it. Files and terminals never do, so the thread then waits
 * for nothing until the process ends. */
static void *watch_main(void *arg)
{
    struct pollfd p = { .fd = STDOUT_FILENO, .events = 0 };
    for (;;) {
        int rc = poll(&p, 1, -1);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0 || (p.revents & POLLNVAL))
            return NULL; /* stdout is not open: nothing to watch */
        if (p.revents & (POLLERR | POLLHUP))
            break;
    }
    atomic_store(&gone, 1);
    zmqx_ctx_shutdown(arg);
    return NULL;
}

void cli_watch_stdout(zmqx_ctx_t *ctx)
{
    pthread_t t;
    if (pthread_create(&t, NULL, watch_main, ctx) == 0)
        pthread_detach(t);
}

bool cli_stdout_gone(void)
{
    return atomic_load(&gone) != 0;
}
