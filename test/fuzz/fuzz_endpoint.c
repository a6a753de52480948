/* libFuzzer target: endpoint validation and endpoint-list walking, the
 * parsers that user-supplied endpoint text reaches. */
#include "../../lib/endpoint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    char buf[ZMQX__MAX_ENDPOINT];
    if (zmqx__endpoint_check("fuzz", text, buf, sizeof buf) == 0) {
        if (strstr(buf, "://") == NULL || strlen(buf) != strlen(text))
            abort();
        int port = zmqx__endpoint_port(buf);
        if (port < 0 || port > 65535)
            abort();
    }

    zmqx__eplist_t it;
    zmqx__eplist_init(&it, text);
    char item[64]; /* small on purpose: exercises the too-long path */
    int action, rc, items = 0;
    size_t total = 0;
    while ((rc = zmqx__eplist_next(&it, item, sizeof item, &action)) > 0) {
        size_t n = strlen(item);
        if (n == 0 || n >= sizeof item || (action != 0 && action != '@' && action != '>'))
            abort();
        total += n;
        items++;
    }
    if (total > size || items > (int) size + 1)
        abort();
    free(text);
    return 0;
}
