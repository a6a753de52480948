/* SPDX-FileCopyrightText: 2026 the zmqx developers
 * SPDX-License-Identifier: MIT */
/* zmqx — a thin, idiomatic C binding over libzmq. */
#ifndef ZMQX_H
#define ZMQX_H

#include <zmqx/config.h> /* first: defines ZMQ_BUILD_DRAFT_API for a draft libzmq */
#include <zmq.h>

#include <zmqx/error.h>
#include <zmqx/ctx.h>
#include <zmqx/socket.h>
#include <zmqx/monitor.h>
#include <zmqx/proxy.h>
#include <zmqx/poller.h>
#include <zmqx/loop.h>
#include <zmqx/frame.h>
#include <zmqx/msg.h>
#include <zmqx/security.h>
#include <zmqx/auth.h>
#include <zmqx/draft.h>
#include <zmqx/actor.h>
#include <zmqx/watch.h>
#include <zmqx/clock.h>
#include <zmqx/version.h>

#endif
