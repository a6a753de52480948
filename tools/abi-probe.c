/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* tools/abi-check builds this into a throw-away shared object and dumps its
 * ABI: the structs that the inline fast path of the headers reads
 * (zmqx__socket_head_t in socket.h, zmqx__msg_head_t in msg.h) are
 * compiled into programs, yet no exported function of libzmqx takes them,
 * so its own dump lacks them. Their layout is ABI all the same: a program
 * built against the old layout reads the wrong fields of a newer library.
 * This one exported function reaches them, so abidiff compares them too. */
#include <zmqx.h>

__attribute__((visibility("default"))) void zmqx_abi_probe(zmqx__socket_head_t *socket_head,
                                                           zmqx__msg_head_t *msg_head,
                                                           zmqx_frame_t *frame);

void zmqx_abi_probe(zmqx__socket_head_t *socket_head, zmqx__msg_head_t *msg_head,
                    zmqx_frame_t *frame)
{
    (void) socket_head;
    (void) msg_head;
    (void) frame;
}
