#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
"""Drive the zmqx command-line tool against pyzmq peers.

usage: tool_test.py PATH/TO/zmqx [TEST-NAME...]

Exit 0 when every check passes, 1 when one fails, 77 (skip) when this
Python has no zmq module. Every peer binds or connects on 127.0.0.1 with a
random port.
"""
import os
import re
import select
import socket as pysocket
import subprocess
import sys
import tempfile
import threading
import time

try:
    import zmq
    import zmq.auth
    import zmq.utils.z85
except ImportError:
    print("skip: %s has no zmq module (Debian: python3-zmq)" % sys.executable)
    sys.exit(77)

ZMQX = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "zmqx"
# ZMQX_TOOL_WRAPPER="valgrind --error-exitcode=99 --leak-check=full -q" runs
# every zmqx under valgrind.
WRAPPER = os.environ.get("ZMQX_TOOL_WRAPPER", "").split()
CTX = zmq.Context.instance()
LIMIT = 20  # seconds any one zmqx run may take


def run(*args, stdin=None, timeout=LIMIT):
    """Run zmqx to the end: (exit status, stdout bytes, stderr text)."""
    p = subprocess.run([*WRAPPER, ZMQX, *args], input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")


def start(*args, stdin=None):
    return subprocess.Popen([*WRAPPER, ZMQX, *args], stdin=subprocess.PIPE if stdin is not None else None,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def bound_endpoint(proc):
    """Wait for the 'bound ENDPOINT' line a zmqx run prints on stderr."""
    deadline = time.monotonic() + 10
    line = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 0.1)
        if ready:
            ch = os.read(proc.stderr.fileno(), 1)
            if not ch:
                break
            if ch == b"\n":
                text = line.decode()
                assert text.startswith("bound "), "unexpected stderr line %r" % text
                return text[len("bound "):]
            line += ch
    raise AssertionError("zmqx printed no 'bound' line (got %r)" % line)


def finish(proc, timeout=LIMIT):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err.decode(errors="replace")


def socket(kind, bind=True, **opts):
    """A pyzmq socket on a random 127.0.0.1 port: (socket, endpoint)."""
    s = CTX.socket(kind)
    s.linger = 0
    s.rcvtimeo = 5000
    s.sndtimeo = 5000
    for k, v in opts.items():
        setattr(s, k, v)
    if bind:
        s.bind("tcp://127.0.0.1:*")
        return s, s.getsockopt_string(zmq.LAST_ENDPOINT)
    return s, None


def connected(kind, ep, **opts):
    """A pyzmq socket connected to ep."""
    s, _ = socket(kind, bind=False, **opts)
    s.connect(ep)
    return s


def start_bound(*args):
    """Start zmqx (binding one endpoint): (process, the endpoint bound)."""
    p = start(*args)
    return p, bound_endpoint(p)


def refusing_endpoint():
    """(holder, endpoint): a tcp port bound without listening, so that a
    connection to it is refused, and nobody else can bind it while the
    holder (a plain socket, without SO_REUSEADDR) stays open."""
    holder = pysocket.socket(pysocket.AF_INET, pysocket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    return holder, "tcp://127.0.0.1:%d" % holder.getsockname()[1]


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- send ------------------------------------------------------------------

def test_send_to_pull():
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("send", "push", ">" + ep, "hello", "world")
    expect(rc == 0, "send exit %d: %s" % (rc, err))
    expect(pull.recv_multipart() == [b"hello"], "first message")
    expect(pull.recv_multipart() == [b"world"], "second message")
    pull.close()


def test_send_multipart_and_escapes():
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("send", "push", ep, "-m", "-e", "a", r"b\x00\tc", "")
    expect(rc == 0, "send -m exit %d: %s" % (rc, err))
    got = pull.recv_multipart()
    expect(got == [b"a", b"b\x00\tc", b""], "multipart got %r" % got)
    pull.close()


def test_send_stdin_lines():
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("send", "push", ">" + ep, stdin=b"one\ntwo\n\nthree")
    expect(rc == 0, "send stdin exit %d: %s" % (rc, err))
    got = [pull.recv_multipart() for _ in range(4)]
    expect(got == [[b"one"], [b"two"], [b""], [b"three"]], "stdin lines got %r" % got)
    pull.close()


def test_send_stdin_multipart_roundtrip():
    # What recv prints, send -m -e reads back as the same message.
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("send", "push", ">" + ep, "-m", "-e", stdin=b"k\\x01\tv\\\\\\n\n")
    expect(rc == 0, "send exit %d: %s" % (rc, err))
    got = pull.recv_multipart()
    expect(got == [b"k\x01", b"v\\\n"], "got %r" % got)
    pull.close()


def test_send_timeout_without_peer():
    holder, ep = refusing_endpoint()
    t0 = time.monotonic()
    rc, _, err = run("send", "push", ">" + ep, "-t", "300", "lost")
    took = time.monotonic() - t0
    holder.close()
    expect(rc == 1, "send to nobody exit %d (want 1): %s" % (rc, err))
    expect("zmqx: send %s: timed out after 300 ms" % ep in err, "stderr %r" % err)
    expect(took < 5, "took %.1f s" % took)


def test_send_bad_escape_is_usage_error():
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("send", "push", ">" + ep, "-e", r"bad\q")
    expect(rc == 2 and "bad escape" in err, "exit %d %r" % (rc, err))
    pull.close()


# ---- recv ------------------------------------------------------------------

def test_push_to_recv_n():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "3")
    expect(ep.startswith("tcp://127.0.0.1:"), "endpoint %r" % ep)
    push = connected(zmq.PUSH, ep)
    push.send(b"plain text")
    push.send_multipart([b"part1", b"part2", b""])
    push.send(b"")
    rc, out, err = finish(p)
    expect(rc == 0, "recv exit %d: %s" % (rc, err))
    expect(out == b"plain text\npart1\tpart2\t\n\n", "recv printed %r" % out)
    push.close()


def test_recv_escapes_binary():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "1")
    push = connected(zmq.PUSH, ep)
    push.send_multipart([b"\x00\x01\\\t\n\r\x7f\xff ok~", b"\xc3\xa9"])
    rc, out, err = finish(p)
    expect(rc == 0, "recv exit %d: %s" % (rc, err))
    want = b"\\x00\\x01\\\\\\t\\n\\r\\x7f\\xff ok~\t\\xc3\\xa9\n"
    expect(out == want, "recv printed %r, want %r" % (out, want))
    push.close()


def test_recv_hex():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "1", "--hex")
    push = connected(zmq.PUSH, ep)
    push.send_multipart([b"\x00\xffA", b"", b"\n"])
    rc, out, err = finish(p)
    expect(rc == 0 and out == b"00ff41\t\t0a\n", "hex exit %d printed %r %s" % (rc, out, err))
    push.close()


def test_recv_large_message_whole():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "1")
    push = connected(zmq.PUSH, ep)
    big = b"z" * (3 << 20)
    push.send_multipart([big, b"end"])
    rc, out, err = finish(p)
    expect(rc == 0 and out == big + b"\tend\n", "exit %d, %d bytes %s" % (rc, len(out), err))
    push.close()


def test_recv_flushes_each_message():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "2")
    push = connected(zmq.PUSH, ep)
    push.send(b"first")
    ready, _, _ = select.select([p.stdout], [], [], 5)
    expect(ready, "first message not printed before the second was sent")
    expect(os.read(p.stdout.fileno(), 100) == b"first\n", "first line")
    push.send(b"second")
    rc, out, err = finish(p)
    expect(rc == 0 and out == b"second\n", "exit %d printed %r %s" % (rc, out, err))
    push.close()


def test_recv_timeout():
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-t", "200")
    rc, out, err = finish(p)
    expect(rc == 1, "recv timeout exit %d (want 1)" % rc)
    expect(re.search(r"^zmqx: recv\w* %s: timed out after 200 ms \(the receive timeout set on this socket\)$" % re.escape(ep), err, re.M),
           "stderr %r" % err)


def test_recv_from_binding_push():
    push, ep = socket(zmq.PUSH)
    p = start("recv", "pull", ">" + ep, "-n", "1", "-t", "5000")
    push.send(b"to a connecting pull")
    rc, out, err = finish(p)
    expect(rc == 0 and out == b"to a connecting pull\n", "exit %d %r %s" % (rc, out, err))
    expect(err == "", "a connect prints nothing on stderr, got %r" % err)
    push.close()


def test_endpoint_list_and_quiet():
    p = start("recv", "pull", "@tcp://127.0.0.1:*, @tcp://127.0.0.1:*", "-n", "2")
    ep1 = bound_endpoint(p)
    ep2 = bound_endpoint(p)
    expect(ep1 != ep2, "two binds, two endpoints")
    for ep in (ep1, ep2):
        push, _ = socket(zmq.PUSH, bind=False)
        push.connect(ep)
        push.send(ep.encode())
        push.close(linger=1000)
    rc, out, _ = finish(p)
    expect(rc == 0 and sorted(out.split()) == sorted([ep1.encode(), ep2.encode()]),
           "list exit %d %r" % (rc, out))
    rc, _, err = run("recv", "pull", "@tcp://127.0.0.1:*", "-q", "-t", "0")
    expect(rc == 1 and "bound" not in err, "quiet exit %d %r" % (rc, err))


def test_bind_in_use():
    pull, ep = socket(zmq.PULL)
    rc, _, err = run("recv", "pull", "@" + ep, "-t", "100")
    expect(rc == 1, "bind in use exit %d" % rc)
    expect(("bind @%s" % ep) in err or ("bind %s" % ep) in err, "stderr %r" % err)
    expect("Address already in use" in err, "stderr %r" % err)
    pull.close()


# ---- pub / sub ------------------------------------------------------------

def test_sub_from_pyzmq_pub():
    pub, ep = socket(zmq.PUB)
    p = start("sub", ">" + ep, "weather", "-n", "2")
    stop = time.monotonic() + 10
    i = 0
    while p.poll() is None and time.monotonic() < stop:
        pub.send(b"news %d" % i)
        pub.send(b"weather %d" % i)
        i += 1
        time.sleep(0.02)
    rc, out, err = finish(p)
    lines = out.splitlines()
    expect(rc == 0, "sub exit %d: %s" % (rc, err))
    expect(len(lines) == 2 and all(l.startswith(b"weather ") for l in lines),
           "sub printed %r" % out)
    pub.close()


def test_sub_ends_when_its_reader_goes():
    # zmqx sub ... | head -n 2: after head quits, sub ends at once (exit 0,
    # nothing on stderr), although no further message comes to write.
    for cmd in (("sub",), ("recv", "pull")):
        kind = zmq.PUB if cmd[0] == "sub" else zmq.PUSH
        peer, ep = socket(kind)
        p = start(*cmd, ">" + ep)
        got = b""
        stop = time.monotonic() + 10
        i = 0
        while got.count(b"\n") < 2 and time.monotonic() < stop:
            if i < 2 or kind == zmq.PUB:  # PUB drops messages until the SUB joined
                peer.send(b"m%d" % i)
                i += 1
            if select.select([p.stdout], [], [], 0.05)[0]:
                got += os.read(p.stdout.fileno(), 100)
        expect(got.count(b"\n") >= 2, "%s printed %r" % (cmd[0], got))
        p.stdout.close()  # the reader goes; nothing more is published
        try:
            p.wait(timeout=2)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise AssertionError("%s still running 2 s after its reader went" % cmd[0])
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        expect(p.returncode == 0 and err == "", "%s exit %d %r" % (cmd[0], p.returncode, err))
        peer.close()


def test_socket_options_by_name():
    # -o NAME=VALUE, by libzmq name (any case, with or without ZMQ_), set
    # after the tool's own options: ZMQ_RCVTIMEO=200 beats -t 5000.
    push, ep = socket(zmq.PUSH)
    t0 = time.monotonic()
    rc, out, err = run("recv", "pull", ">" + ep, "-t", "5000", "-o", "ZMQ_RCVTIMEO=200",
                       "-o", "rcvhwm=10", "-o", "Zmq_Linger=0")
    took = time.monotonic() - t0
    expect(rc == 1 and "timed out after 200 ms" in err and took < 3,
           "exit %d after %.2f s: %r" % (rc, took, err))
    push.close()
    rc, _, err = run("recv", "pull", "@tcp://127.0.0.1:*", "-o", "ZMQ_RCVHWM=ten", "-t", "100")
    expect(rc == 2 and "ZMQ_RCVHWM wants a whole number" in err, "exit %d %r" % (rc, err))


def test_stream_to_a_plain_tcp_peer():
    # send stream: a raw tcp peer gets the bytes; recv stream prints the
    # peer's routing id and its bytes.
    listener = pysocket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    p = start("send", "stream", "tcp://127.0.0.1:%d" % port, "-e", "hello\\n", "world\\n")
    conn, _ = listener.accept()
    conn.settimeout(5)
    data = b""
    while len(data) < 12:
        chunk = conn.recv(100)
        if not chunk:
            break
        data += chunk
    rc, _, err = finish(p)
    expect(rc == 0 and data == b"hello\nworld\n", "exit %d %r got %r" % (rc, err, data))
    conn.close()
    listener.close()
    p, ep = start_bound("recv", "stream", "@tcp://127.0.0.1:*", "-n", "2")
    c = pysocket.create_connection(("127.0.0.1", int(ep.rsplit(":", 1)[1])))
    c.sendall(b"ping\n")
    rc, out, err = finish(p)
    lines = out.splitlines()
    expect(rc == 0 and len(lines) == 2 and lines[1].endswith(b"\tping\\n"),
           "exit %d %r %r" % (rc, out, err))
    c.close()


def test_pub_to_pyzmq_sub():
    # The SUB binds; it must be inside recv (processing libzmq commands) for
    # its subscription to go out to the connecting publisher.
    sub, ep = socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"w")
    got = []
    t = threading.Thread(target=lambda: got.extend([sub.recv(), sub.recv()]), daemon=True)
    t.start()
    rc, _, err = run("pub", ">" + ep, "w1", "x", "w2")
    expect(rc == 0, "pub exit %d: %s" % (rc, err))
    t.join(5)
    expect(got == [b"w1", b"w2"], "sub got %r" % got)
    sub.close()


def test_pub_bound_waits_for_subscriber():
    p, ep = start_bound("pub", "tcp://127.0.0.1:*", "-m", "topic", "body")
    time.sleep(0.2)  # nobody subscribed yet: pub must still be waiting
    expect(p.poll() is None, "pub exited before a subscriber came")
    sub, _ = socket(zmq.SUB, bind=False)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(ep)
    got = sub.recv_multipart()
    rc, _, err = finish(p)
    expect(rc == 0 and got == [b"topic", b"body"], "pub exit %d got %r %s" % (rc, got, err))
    sub.close()


def test_pub_timeout_without_subscriber():
    rc, _, err = run("pub", "@tcp://127.0.0.1:*", "-t", "200", "nobody")
    expect(rc == 1 and "0 subscription(s) of 1 within 200 ms" in err, "exit %d %r" % (rc, err))
    rc, _, err = run("pub", "@tcp://127.0.0.1:*", "-s", "0", "-t", "200", "to nobody")
    expect(rc == 0, "-s 0 publishes at once: exit %d %r" % (rc, err))


# ---- req / rep --------------------------------------------------------------

def serve_rep(rep, n, fn):
    def loop():
        for _ in range(n):
            rep.send_multipart(fn(rep.recv_multipart()))
    t = threading.Thread(target=loop, daemon=True)
    t.start()
    return t


def test_req_to_pyzmq_rep():
    rep, ep = socket(zmq.REP)
    t = serve_rep(rep, 3, lambda m: [b"re:" + m[0]] + m[1:])
    rc, out, err = run("req", ">" + ep, "a", "b")
    expect(rc == 0 and out == b"re:a\nre:b\n", "req exit %d %r %s" % (rc, out, err))
    rc, out, err = run("req", ep, "-m", "x", "y")
    expect(rc == 0 and out == b"re:x\ty\n", "req -m exit %d %r %s" % (rc, out, err))
    t.join(5)
    rep.close()


def test_req_timeout():
    rep, ep = socket(zmq.REP)  # bound, never answers
    rc, _, err = run("req", ">" + ep, "-t", "300", "anyone?")
    expect(rc == 1 and re.search(r"recv\w* %s: timed out after 300 ms" % re.escape(ep), err),
           "exit %d %r" % (rc, err))
    rep.close()


def test_req_gives_up_without_linger():
    # Nobody there: the request waits its 500 ms, then the tool ends at
    # once (before: plus the default 1 s linger of the queued request).
    holder, ep = refusing_endpoint()
    t0 = time.monotonic()
    rc, _, err = run("req", ">" + ep, "-t", "500", "anyone?")
    took = time.monotonic() - t0
    expect(rc == 1 and "timed out after 500 ms" in err, "exit %d %r" % (rc, err))
    expect(took < 1.2, "req gave up after %.2f s (timeout 0.5 s)" % took)
    holder.close()


def test_rep_echo_and_fixed_reply():
    p, ep = start_bound("rep", "tcp://127.0.0.1:*", "-n", "2")
    req = connected(zmq.REQ, ep)
    req.send_multipart([b"ping", b"\x00"])
    expect(req.recv_multipart() == [b"ping", b"\x00"], "echo")
    req.send(b"again")
    expect(req.recv() == b"again", "echo 2")
    rc, out, err = finish(p)
    expect(rc == 0 and out == b"ping\t\\x00\nagain\n", "rep exit %d %r %s" % (rc, out, err))
    req.close()

    p, ep = start_bound("rep", "@tcp://127.0.0.1:*", "-n", "1", "--reply", "ok\\x21", "-e")
    req = connected(zmq.REQ, ep)
    req.send(b"question")
    expect(req.recv() == b"ok!", "fixed reply")
    rc, out, _ = finish(p)
    expect(rc == 0 and out == b"question\n", "rep --reply exit %d %r" % (rc, out))
    req.close()


def test_tool_to_tool():
    p, ep = start_bound("rep", "@tcp://127.0.0.1:*", "-n", "1", "-r", "pong")
    rc, out, err = run("req", ep, "ping")
    expect(rc == 0 and out == b"pong\n", "req exit %d %r %s" % (rc, out, err))
    rc, out, _ = finish(p)
    expect(rc == 0 and out == b"ping\n", "rep exit %d %r" % (rc, out))


# ---- keys and CURVE --------------------------------------------------------

def keygen_pair():
    """(public, secret) as Z85 bytes, from zmqx keygen's stdout."""
    rc, out, err = run("keygen")
    expect(rc == 0, "keygen exit %d: %s" % (rc, err))
    lines = dict(l.split(b" ", 1) for l in out.splitlines() if not l.startswith(b"#"))
    expect(set(lines) == {b"public", b"secret"}, "keygen printed %r" % out)
    expect(len(lines[b"public"]) == 40 and len(lines[b"secret"]) == 40, "key lengths")
    return lines[b"public"], lines[b"secret"]


def test_keygen_prints_a_valid_pair():
    public, secret = keygen_pair()
    expect(zmq.curve_public(secret) == public, "public key does not belong to the secret")
    expect(keygen_pair() != (public, secret), "two keygens, one pair")


def test_keygen_output_files(tmp):
    path = os.path.join(tmp, "server.key")
    rc, out, err = run("keygen", "-o", path)
    expect(rc == 0, "keygen -o exit %d: %s" % (rc, err))
    pub = os.path.join(tmp, "server.pub")
    expect(os.stat(path).st_mode & 0o777 == 0o600, "key file mode %o" % os.stat(path).st_mode)
    expect(os.path.exists(pub), "no server.pub")
    public = out.split()[1]
    with open(pub, "rb") as f:
        expect(public in f.read(), "server.pub does not hold the public key")
    rc, _, err = run("keygen", "-o", path)
    expect(rc == 1 and "exists" in err, "overwrote a key file: exit %d %r" % (rc, err))


def test_curve_server_recv(tmp):
    path = os.path.join(tmp, "server.key")
    expect(run("keygen", "-o", path)[0] == 0, "keygen -o")
    public, _ = zmq_key_file(path)
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "1", "--secret-key", path)
    push, _ = socket(zmq.PUSH, bind=False)
    push.curve_publickey, push.curve_secretkey = zmq.curve_keypair()
    push.curve_serverkey = public
    push.connect(ep)
    push.send(b"secret message")
    rc, out, err = finish(p)
    expect(rc == 0 and out == b"secret message\n", "curve recv exit %d %r %s" % (rc, out, err))
    push.close()


def test_keygen_cert(tmp):
    path = os.path.join(tmp, "client.key")
    rc, out, err = run("keygen", "--cert", "-o", path)
    expect(rc == 0, "keygen --cert -o exit %d: %s" % (rc, err))
    secret_path = path + "_secret"
    expect(os.stat(path).st_mode & 0o777 == 0o644, "public cert mode %o" % os.stat(path).st_mode)
    expect(os.stat(secret_path).st_mode & 0o777 == 0o600, "secret cert mode")
    expect("wrote %s (secret, mode 0600) and %s" % (secret_path, path) in err, "stderr %r" % err)
    # pyzmq reads both, and they hold the pair keygen printed the public key of
    public, none = zmq.auth.load_certificate(path)
    expect(none is None and out == b"public " + public + b"\n", "public cert %r %r" % (out, none))
    public2, secret = zmq.auth.load_certificate(secret_path)
    expect(public2 == public and zmq.curve_public(secret) == public, "secret cert")
    rc, _, err = run("keygen", "--cert", "-o", path)
    expect(rc == 1 and "exists" in err, "overwrote a certificate: exit %d %r" % (rc, err))
    os.unlink(path)
    rc, _, err = run("keygen", "--cert", "-o", path)
    expect(rc == 1 and secret_path + " exists" in err, "overwrote a secret cert: %d %r" % (rc, err))
    rc, out, err = run("keygen", "--cert")
    expect(rc == 2 and out == b"" and "--cert needs -o PATH" in err, "--cert alone %d %r" % (rc, err))
    rc, _, err = run("recv", "pull", "@tcp://127.0.0.1:*", "--cert")
    expect(rc == 2 and "does not apply" in err, "recv --cert: %d %r" % (rc, err))


def test_curve_with_pyzmq_certificates(tmp):
    """pyzmq-made certificates as --secret-key and --server-key."""
    server_cert, server_secret = zmq.auth.create_certificates(tmp, "server")
    _, client_secret = zmq.auth.create_certificates(tmp, "client")
    public, _ = zmq.auth.load_certificate(server_cert)
    # a zmqx server with the secret certificate, a pyzmq client
    p, ep = start_bound("recv", "pull", "@tcp://127.0.0.1:*", "-n", "2", "--secret-key",
                        server_secret)
    push, _ = socket(zmq.PUSH, bind=False)
    push.curve_publickey, push.curve_secretkey = zmq.curve_keypair()
    push.curve_serverkey = public
    push.connect(ep)
    push.send(b"from pyzmq")
    # a zmqx client with both certificates
    rc, _, err = run("send", "push", ">" + ep, "--server-key", server_cert, "--secret-key",
                     client_secret, "from zmqx")
    expect(rc == 0, "send with certificates exit %d: %s" % (rc, err))
    rc, out, err = finish(p)
    expect(rc == 0 and sorted(out.splitlines()) == [b"from pyzmq", b"from zmqx"],
           "curve recv exit %d %r %s" % (rc, out, err))
    push.close()
    # a public certificate is no secret key
    rc, _, err = run("send", "push", ">" + ep, "--secret-key", server_cert, "--server-key",
                     server_cert, "x")
    expect(rc == 2 and "holds no secret key" in err, "public cert as secret: %d %r" % (rc, err))


def zap_handler(n):
    """Answer n ZAP requests with 200, the user id being the client's CURVE
    public key in Z85; returns the list the keys are appended to."""
    zap = CTX.socket(zmq.REP)
    zap.linger = 0
    zap.bind("inproc://zeromq.zap.01")
    keys = []

    def loop():
        for _ in range(n):
            version, request_id, _domain, _address, _identity, mechanism, *creds = \
                zap.recv_multipart()
            key = zmq.utils.z85.encode(creds[0]) if mechanism == b"CURVE" else b""
            keys.append(key)
            zap.send_multipart([version, request_id, b"200", b"OK", key, b""])
        zap.close()
    threading.Thread(target=loop, daemon=True).start()
    return keys


def test_curve_client_send():
    public, secret = zmq.curve_keypair()
    keys = zap_handler(2)
    pull, ep = socket(zmq.PULL, curve_server=True, curve_secretkey=secret)
    client_public, client_secret = keygen_pair()
    rc, _, err = run("send", "push", ">" + ep, "--server-key", public.decode(),
                     "--secret-key", client_secret.decode(), "over curve")
    expect(rc == 0, "curve send exit %d: %s" % (rc, err))
    frame = pull.recv(copy=False)
    expect(frame.bytes == b"over curve", "got %r" % frame.bytes)
    expect(keys[:1] == [client_public], "client key seen %r, want %r" % (keys, client_public))
    # a fresh client key pair when --secret-key is left out
    rc, _, err = run("send", "push", ">" + ep, "--server-key", public.decode(), "fresh")
    expect(rc == 0 and pull.recv() == b"fresh", "fresh-key send exit %d %s" % (rc, err))
    expect(len(keys) == 2 and keys[1] not in (client_public, b""), "fresh key %r" % keys)
    pull.close()


def test_curve_wrong_server_key_times_out():
    _, secret = zmq.curve_keypair()
    wrong, _ = zmq.curve_keypair()
    pull, ep = socket(zmq.PULL, curve_server=True, curve_secretkey=secret)
    rc, _, err = run("send", "push", ">" + ep, "--server-key", wrong.decode(), "-t", "500", "x")
    expect(rc == 1 and "timed out after 500 ms" in err, "exit %d %r" % (rc, err))
    pull.close()


def test_bad_keys_are_usage_errors(tmp):
    secret_typo = "x" * 39
    for args in (("--server-key", "short"), ("--secret-key", secret_typo),
                 ("--secret-key", "\x7f" * 40), ("--server-key", os.path.join(tmp, "nope"))):
        rc, _, err = run("recv", "pull", "@tcp://127.0.0.1:*", "-t", "0", *args)
        expect(rc == 2, "%s: exit %d %r" % (args, rc, err))
        expect(secret_typo not in err, "a secret key argument was echoed: %r" % err)
    pubonly = os.path.join(tmp, "only.pub")
    with open(pubonly, "w") as f:
        f.write("public %s\n" % zmq.curve_keypair()[0].decode())
    rc, _, err = run("recv", "pull", "@tcp://127.0.0.1:*", "--secret-key", pubonly)
    expect(rc == 2 and "no secret key" in err, "public-only secret: exit %d %r" % (rc, err))


def zmq_key_file(path):
    """(public, secret) from a zmqx key file."""
    keys = {}
    with open(path, "rb") as f:
        for line in f:
            if line.strip() and not line.startswith(b"#"):
                k, v = line.split()
                keys[k] = v
    return keys[b"public"], keys.get(b"secret")


# ---- monitor -------------------------------------------------------------------

def events(out):
    return [line.split(b"\t") for line in out.splitlines()]


def test_monitor_shows_a_peer_coming_and_going():
    p, ep = start_bound("monitor", "pull", "@tcp://127.0.0.1:*", "-n", "4")
    push = connected(zmq.PUSH, ep)
    push.send(b"x")
    time.sleep(0.2)
    push.close()
    rc, out, err = finish(p)
    ev = events(out)
    expect(rc == 0, "monitor exit %d: %s" % (rc, err))
    expect([e[0] for e in ev] == [b"LISTENING", b"ACCEPTED", b"HANDSHAKE_SUCCEEDED",
                                  b"DISCONNECTED"], "events %r" % out)
    expect(all(e[1] == ep.encode() for e in ev), "endpoints %r" % out)
    expect(ev[0][2].startswith(b"fd="), "value %r" % ev[0])


def test_monitor_shows_a_curve_key_mismatch(tmp):
    path = os.path.join(tmp, "server.key")
    expect(run("keygen", "-o", path)[0] == 0, "keygen -o")
    p, ep = start_bound("monitor", "pull", "@tcp://127.0.0.1:*", "--secret-key", path, "-n", "3")
    push, _ = socket(zmq.PUSH, bind=False)
    push.curve_publickey, push.curve_secretkey = zmq.curve_keypair()
    push.curve_serverkey = zmq.curve_keypair()[0]  # not the server's key
    push.connect(ep)
    rc, out, err = finish(p)
    names = [e[0] for e in events(out)]
    expect(rc == 0 and names[:2] == [b"LISTENING", b"ACCEPTED"], "exit %d %r" % (rc, out))
    expect(names[2].startswith(b"HANDSHAKE_FAILED_"), "events %r" % out)
    if names[2] == b"HANDSHAKE_FAILED_PROTOCOL":  # the value is named
        expect(b"protocol_error=0x11000001 (ZMTP_CRYPTOGRAPHIC)" in out, "events %r" % out)
    push.close()


def test_monitor_connect_then_timeout():
    pull, ep = socket(zmq.PULL)
    rc, out, err = run("monitor", "push", ">" + ep, "-t", "300", "-n", "10")
    expect(rc == 1 and "timed out after 300 ms" in err, "exit %d %r" % (rc, err))
    names = [e[0] for e in events(out)]
    expect(names[-2:] == [b"CONNECTED", b"HANDSHAKE_SUCCEEDED"], "events %r" % out)
    pull.close()


# ---- usage, help, exit codes -------------------------------------------------

def test_usage_errors():
    cases = [
        (),
        ("frobnicate",),
        ("recv",),
        ("recv", "pull"),
        ("recv", "nosuchtype", "@tcp://127.0.0.1:*"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-n", "0"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-n", "x"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-t", "-5"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "--bogus"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "--reply", "x"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "extra"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-t"),
        ("recv", "pull", "not-an-endpoint"),
        ("recv", "pull", ","),
        ("rep", "@tcp://127.0.0.1:*", "unexpected"),
        ("keygen", "extra"),
        ("monitor", "pull"),
        ("monitor", "pull", "@tcp://127.0.0.1:*", "message"),
        ("keygen", "-n", "1"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-o", "ZMQ_NOSUCH=1"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-o", "ZMQ_RCVHWM"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-o", "ZMQ_RCVHWM=ten"),
        ("recv", "pull", "@tcp://127.0.0.1:*", "-o", "ZMQ_TYPE=1"),
    ]
    for args in cases:
        rc, out, err = run(*args)
        expect(rc == 2, "zmqx %s: exit %d (want 2), stderr %r" % (" ".join(args), rc, err))
        expect(out == b"", "usage error printed on stdout: %r" % out)
        expect(err.strip() != "", "usage error with nothing on stderr")


def test_help_and_version():
    rc, out, _ = run("--help")
    expect(rc == 0 and b"usage: zmqx COMMAND" in out and b"exit status" in out, "--help")
    for cmd in ("recv", "send", "sub", "pub", "req", "rep", "keygen", "monitor"):
        rc, out, _ = run(cmd, "--help")
        expect(rc == 0 and out.startswith(b"usage: zmqx " + cmd.encode()), cmd + " --help")
        rc, out2, _ = run("help", cmd)
        expect(rc == 0 and out2 == out, "help " + cmd)
    rc, out, _ = run("--version")
    expect(rc == 0 and out.startswith(b"zmqx ") and b"libzmq" in out, "--version %r" % out)


def main():
    names = sys.argv[2:]
    tests = [(n, f) for n, f in sorted(globals().items())
             if n.startswith("test_") and callable(f) and (not names or n in names)]
    failed = 0
    for name, fn in tests:
        t0 = time.monotonic()
        try:
            if fn.__code__.co_argcount:  # wants a temporary directory
                with tempfile.TemporaryDirectory() as tmp:
                    fn(tmp)
            else:
                fn()
            print("ok   %-40s %.2fs" % (name, time.monotonic() - t0))
        except Exception as e:  # report every failure, then go on
            failed += 1
            print("FAIL %-40s %s: %s" % (name, type(e).__name__, e))
        sys.stdout.flush()
    print("%d of %d checks failed" % (failed, len(tests)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
