/* zmqx — endpoint text: validation, random-port translation, list walking. */
#include "endpoint.h"

#include <stdlib.h>
#include <string.h>

static const char *const transports[] = {
    "tcp", "ipc", "inproc", "pgm", "epgm", "tipc", "vmci", "udp", "ws", "wss", "norm",
};

static int known_transport(const char *ep, size_t len)
{
    for (size_t i = 0; i < sizeof transports / sizeof transports[0]; i++)
        if (strlen(transports[i]) == len && memcmp(ep, transports[i], len) == 0)
            return 1;
    return 0;
}

int zmqx__endpoint_check(const char *op, const char *ep, char *buf, size_t cap)
{
    if (ep == NULL)
        return zmqx__fail(op, NULL, EINVAL, "endpoint is NULL");
    size_t len = strlen(ep);
    if (len == 0)
        return zmqx__fail(op, NULL, EINVAL, "empty endpoint");
    if (len >= cap)
        return zmqx__fail(op, NULL, EINVAL, "endpoint longer than %zu bytes", cap - 1);
    const char *sep = strstr(ep, "://");
    if (sep == NULL || !known_transport(ep, (size_t) (sep - ep)) || sep[3] == '\0')
        return zmqx__fail(op, ep, EINVAL,
                          "malformed endpoint (expected transport://address, "
                          "transport one of tcp ipc inproc pgm epgm tipc vmci udp ws wss norm)");
    memcpy(buf, ep, len + 1);
    if (strncmp(buf, "tcp://", 6) == 0 && len >= 2 && buf[len - 1] == '!' && buf[len - 2] == ':')
        buf[len - 1] = '*';
    return 0;
}

int zmqx__endpoint_port(const char *ep)
{
    if (strncmp(ep, "tcp://", 6) != 0 && strncmp(ep, "ws://", 5) != 0)
        return 0;
    const char *colon = strrchr(ep, ':');
    if (colon == NULL || colon[1] < '0' || colon[1] > '9')
        return 0;
    long port = strtol(colon + 1, NULL, 10);
    return port > 0 && port <= 65535 ? (int) port : 0;
}

void zmqx__eplist_init(zmqx__eplist_t *it, const char *list)
{
    it->list = list;
    it->next = list;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

int zmqx__eplist_next(zmqx__eplist_t *it, char *buf, size_t cap, int *action)
{
    if (it->next == NULL)
        return 0;
    const char *start = it->next, *end = strchr(start, ',');
    it->next = end ? end + 1 : NULL;
    if (end == NULL)
        end = start + strlen(start);
    while (start < end && is_space(*start))
        start++;
    while (end > start && is_space(end[-1]))
        end--;
    *action = 0;
    if (start < end && (*start == '@' || *start == '>'))
        *action = *start++;
    size_t n = (size_t) (end - start);
    if (n == 0)
        return zmqx__fail("attach", it->list, EINVAL, "empty endpoint in list \"%s\"", it->list);
    if (n >= cap)
        return zmqx__fail("attach", it->list, EINVAL, "endpoint longer than %zu bytes",
                          cap - 1);
    memcpy(buf, start, n);
    buf[n] = '\0';
    return 1;
}
