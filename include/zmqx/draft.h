/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — libzmq's draft API: PEER, SERVER/CLIENT, RADIO/DISH,
 * SCATTER/GATHER and CHANNEL sockets, routing ids and groups.
 *
 * Everything here exists only when ZMQX_HAVE_DRAFT is defined (zmqx was
 * built against a libzmq with its draft API; see docs/draft.md). Without it
 * these names are absent and zmqx_socket_new refuses the draft socket types
 * with EINVAL ("socket type PEER needs libzmq's draft API").
 *
 * The draft socket types are thread-safe and take single-part messages
 * only: ZMQX_MORE on them is EINVAL ("does not take multipart messages"). */
#ifndef ZMQX_DRAFT_H
#define ZMQX_DRAFT_H

#include <zmqx/config.h>

#ifdef ZMQX_HAVE_DRAFT

#include <stddef.h>
#include <stdint.h>

#include <zmq.h>

#include <zmqx/error.h>
#include <zmqx/frame.h>
#include <zmqx/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PEER only: connect to endpoint (zmq_connect_peer) and return the routing
 * id that addresses that peer in zmqx_send_to / zmqx_frame_set_routing_id.
 * The resolved endpoint is kept as for zmqx_socket_connect. 0 on failure:
 * EINVAL (NULL, malformed endpoint), ENOTSUP (not a PEER socket), ENOTSOCK,
 * ETERM, or libzmq's connect errors. */
ZMQX_EXPORT uint32_t zmqx_socket_connect_peer(zmqx_socket_t *s, const char *endpoint);

/* The routing id of a frame received on a SERVER or PEER socket (the peer
 * it came from), or the one set to address a reply; 0 if none. 0 with
 * EINVAL for a NULL frame. */
ZMQX_EXPORT uint32_t zmqx_frame_routing_id(const zmqx_frame_t *f);

/* Address f to the peer with this routing id (SERVER, PEER). -1: EINVAL
 * (f NULL, routing id 0). */
ZMQX_EXPORT int zmqx_frame_set_routing_id(zmqx_frame_t *f, uint32_t routing_id);

/* The group of a frame received on a DISH socket, or the one set for a
 * RADIO send; "" if none. Valid until f is closed, reused or given a new
 * group. NULL with EINVAL for a NULL frame. */
ZMQX_EXPORT const char *zmqx_frame_group(const zmqx_frame_t *f);

/* Set the group a RADIO sends f to ("" for none). -1: EINVAL (NULL, group
 * longer than ZMQ_GROUP_MAX_LENGTH bytes), ENOMEM. Replacing a group of more
 * than 14 bytes copies the frame's content (libzmq 4.3 cannot replace such a
 * group in place); the routing id is kept, the properties are not. */
ZMQX_EXPORT int zmqx_frame_set_group(zmqx_frame_t *f, const char *group);

/* DISH only: receive the messages of group (exact match, up to
 * ZMQ_GROUP_MAX_LENGTH bytes). -1: EINVAL (NULL, too long, already joined),
 * ENOTSUP (not a DISH socket), ENOTSOCK, ETERM. */
ZMQX_EXPORT int zmqx_socket_join(zmqx_socket_t *s, const char *group);

/* DISH only: stop receiving group's messages (at once: messages of that
 * group already queued are dropped too). -1: EINVAL (NULL, too long, not
 * joined), ENOTSUP (not a DISH socket), ENOTSOCK, ETERM. */
ZMQX_EXPORT int zmqx_socket_leave(zmqx_socket_t *s, const char *group);

/* SERVER, PEER: send size bytes to the peer with this routing id (flags:
 * ZMQX_DONTWAIT), waiting up to the socket's send timeout. The size sent,
 * or -1: EINVAL (routing id 0), EFAULT (data NULL with size > 0), ENOTSUP
 * (another socket type), EHOSTUNREACH (no such peer), and zmqx_send's. */
ZMQX_EXPORT int zmqx_send_to(zmqx_socket_t *s, uint32_t routing_id, const void *data,
                             size_t size, int flags);

/* SERVER, PEER: receive one message into buf (cap bytes) and the routing id
 * of the peer that sent it into *routing_id (flags: ZMQX_DONTWAIT). Returns
 * the message's full size (more than cap when truncated), or -1: EINVAL
 * (routing_id NULL), EFAULT (buf NULL with cap > 0), ENOTSUP (another socket
 * type), and zmqx_recv's. */
ZMQX_EXPORT int zmqx_recv_from(zmqx_socket_t *s, void *buf, size_t cap, uint32_t *routing_id,
                               int flags);

/* RADIO only: send size bytes to group. A RADIO drops what a slow DISH
 * cannot take, so this does not wait (unless ZMQ_XPUB_NODROP is set: then
 * up to the send timeout). The size sent, or -1: EINVAL (group NULL or too
 * long), EFAULT (data NULL with size > 0), ENOTSUP (not a RADIO socket),
 * and zmqx_send's. */
ZMQX_EXPORT int zmqx_send_group(zmqx_socket_t *s, const char *group, const void *data,
                                size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ZMQX_HAVE_DRAFT */
#endif
