#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
"""pyzmq on zmqx-paths' paths (bench/paths.c), for bench/paths.sh.

    /usr/bin/python3 bench/paths.py --path P [--calls N] [--size S] [--parts K]
    /usr/bin/python3 bench/paths.py --smoke

Same setup as zmqx-paths (inproc, a PUSH peer per PULL, one message
through first), then N calls of the path's loop, then the teardown; prints
    calls=N ns_per_call=T allocs_per_call=-1
(allocations are not counted: CPython's own allocator hides them). Under
callgrind, bench/paths.sh takes the difference of two N, as for the C
contenders; the interpreter's start-up and imports drop out with the setup.
The drain thread (blocked-send) and the echo thread (reqrep) are Python
too: a pyzmq program would write them so.
"""
import argparse
import itertools
import threading
import time

import zmq

_seq = itertools.count()


def pairs(ctx, k, hwm=0):
    """k (PULL bound, PUSH connected) inproc pairs, one message through each."""
    out = []
    for _ in range(k):
        pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
        if hwm:
            pull.rcvhwm = hwm
            push.sndhwm = hwm
        ep = "inproc://paths-py-%d" % next(_seq)
        pull.bind(ep)
        push.connect(ep)
        push.send(b"w")
        pull.recv()
        out.append((pull, push))
    return out


def loop_eagain(ctx, n, a):
    pull, _ = pairs(ctx, 1)[0]
    recv, again, noblock = pull.recv, zmq.Again, zmq.NOBLOCK
    yield
    for _ in range(n):
        try:
            recv(noblock)
        except again:
            pass
        else:
            raise RuntimeError("eagain: a message arrived")


def poll_loop(ctx, n, k, ready):
    socks = pairs(ctx, k)
    poller = zmq.Poller()
    for pull, _ in socks:
        poller.register(pull, zmq.POLLIN)
    if ready:
        socks[-1][1].send(b"r")
        while not poller.poll(0):  # the message is there before the loop
            time.sleep(0.001)
    poll, want = poller.poll, 1 if ready else 0
    yield
    for _ in range(n):
        if len(poll(0)) != want:
            raise RuntimeError("poll: wrong number ready")


def loop_poll0(ctx, n, a):
    return poll_loop(ctx, n, 1, False)


def loop_poll16(ctx, n, a):
    return poll_loop(ctx, n, 16, False)


def loop_poll16r(ctx, n, a):
    return poll_loop(ctx, n, 16, True)


def loop_blocked_send(ctx, n, a):
    pull, push = pairs(ctx, 1, hwm=1)[0]
    data = b"x" * a.size
    failed = []

    def drain():
        for _ in range(n):
            if len(pull.recv()) != a.size:
                failed.append(1)
    t = threading.Thread(target=drain)
    t.start()
    send = push.send
    yield
    for _ in range(n):
        send(data)
    t.join()
    if failed:
        raise RuntimeError("blocked-send: wrong size drained")


def loop_more(ctx, n, a):
    pull, push = pairs(ctx, 1)[0]
    data, parts, batch = b"x" * a.size, a.parts, 200
    recv = pull.recv
    yield
    done = 0
    while done < n:
        count = min(batch, n - done)
        for _ in range(count):  # the sender: the same for every part count
            for p in range(1, parts):
                push.send(data, zmq.SNDMORE)
            push.send(data)
        for _ in range(count):
            part = 1
            while True:
                got = recv()
                more = pull.rcvmore
                if len(got) != a.size or more != (part < parts):
                    raise RuntimeError("more: bad part")
                if not more:
                    break
                part += 1
        done += count


def loop_reqrep(ctx, n, a):
    rep, req = ctx.socket(zmq.REP), ctx.socket(zmq.REQ)
    ep = "inproc://paths-py-%d" % next(_seq)
    rep.bind(ep)
    req.connect(ep)

    def echo():
        for _ in range(n + 1):
            rep.send(rep.recv())
    t = threading.Thread(target=echo)
    t.start()
    req.send(b"w")
    req.recv()
    data = b"x" * a.size
    send, recv = req.send, req.recv
    yield
    for _ in range(n):
        send(data)
        if len(recv()) != a.size:
            raise RuntimeError("reqrep: bad size")
    t.join()


def loop_ready(ctx, n, a):
    pull, push = pairs(ctx, 1)[0]
    data, batch = b"x" * a.size, 500
    send, recv = push.send, pull.recv
    yield
    done = 0
    while done < n:
        count = min(batch, n - done)
        for _ in range(count):
            send(data)
        for _ in range(count):
            if len(recv()) != a.size:
                raise RuntimeError("ready: bad size")
        done += count


LOOPS = {
    "eagain": loop_eagain, "poll0": loop_poll0, "poll16": loop_poll16,
    "poll16r": loop_poll16r, "blocked-send": loop_blocked_send, "more": loop_more,
    "reqrep": loop_reqrep, "ready": loop_ready,
}


def run(path, a):
    """Set up, time the loop (the generator's part after its yield), tear down."""
    ctx = zmq.Context()
    gen = LOOPS[path](ctx, a.calls, a)
    next(gen)
    t0 = time.perf_counter()
    for _ in gen:
        pass
    secs = time.perf_counter() - t0
    ctx.destroy(linger=0)
    print("calls=%d ns_per_call=%.1f allocs_per_call=-1" % (a.calls, secs * 1e9 / a.calls))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--path", choices=sorted(LOOPS))
    ap.add_argument("--calls", type=int, default=10000)
    ap.add_argument("--size", type=int, default=0)
    ap.add_argument("--parts", type=int, default=2)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        for path in LOOPS:
            a.calls, a.size, a.parts = 500, 65536 if path == "blocked-send" else 64, 3
            print("%-12s pyzmq " % path, end="")
            run(path, a)
        print("smoke: every path ran")
        return
    if a.path is None:
        ap.error("--path or --smoke")
    if a.size == 0:
        a.size = 65536 if a.path == "blocked-send" else 64
    run(a.path, a)


if __name__ == "__main__":
    main()
