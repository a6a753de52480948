#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
"""CURVE interop peer for zmqx's tests, driven by test/interop_curve.c.

  interop_curve.py check
      exit 0 if pyzmq is there with CURVE, 77 (skip) if not
  interop_curve.py client ENDPOINT SERVER_PUBLIC CLIENT_PUBLIC
      (client secret key in $ZMQX_INTEROP_SECRET) REQ: send "hello from
      pyzmq", expect "hello from zmqx"
  interop_curve.py server
      REP CURVE server on a random port with a fresh key pair; prints
      "ENDPOINT SERVER_PUBLIC" and answers one request with "pyzmq got: " + it
  interop_curve.py certs DIR NAME
      zmq.auth.create_certificates(DIR, NAME) (metadata name = NAME): writes
      DIR/NAME.key and DIR/NAME.key_secret
  interop_curve.py load PATH
      zmq.auth.load_certificate(PATH): prints "PUBLIC SECRET" ("-" for none)
  interop_curve.py certclient ENDPOINT SERVER_CERT CLIENT_SECRET_CERT [refused]
      REQ with the keys of those certificates: send "hello from pyzmq",
      expect "hello from zmqx"; with "refused": expect no reply in 1 s

Keys are Z85 text. Exit status 0 on success, 1 on failure, 77 without pyzmq.
"""
import os
import sys

try:
    import zmq
    import zmq.auth
except ImportError:
    sys.exit(77)

TIMEOUT_MS = 10000


def socket(ctx, kind):
    s = ctx.socket(kind)
    s.rcvtimeo = s.sndtimeo = TIMEOUT_MS
    s.linger = 0
    return s


def client(endpoint, server_public, client_public):
    ctx = zmq.Context()
    s = socket(ctx, zmq.REQ)
    s.curve_serverkey = server_public.encode()
    s.curve_publickey = client_public.encode()
    s.curve_secretkey = os.environ["ZMQX_INTEROP_SECRET"].encode()
    s.connect(endpoint)
    s.send(b"hello from pyzmq")
    reply = s.recv()
    s.close()
    ctx.term()
    if reply != b"hello from zmqx":
        print("pyzmq client: unexpected reply %r" % reply, file=sys.stderr)
        return 1
    return 0


def server():
    ctx = zmq.Context()
    public, secret = zmq.curve_keypair()
    s = socket(ctx, zmq.REP)
    s.curve_server = True
    s.curve_secretkey = secret
    s.bind("tcp://127.0.0.1:*")
    print(s.last_endpoint.decode(), public.decode(), flush=True)
    request = s.recv()
    s.send(b"pyzmq got: " + request)
    s.close()
    ctx.term()
    return 0


def certs(directory, name):
    zmq.auth.create_certificates(directory, name, metadata={"name": name})
    return 0


def load(path):
    public, secret = zmq.auth.load_certificate(path)
    print(public.decode(), secret.decode() if secret else "-", flush=True)
    return 0


def certclient(endpoint, server_cert, client_cert, refused=False):
    ctx = zmq.Context()
    s = socket(ctx, zmq.REQ)
    if refused:
        s.rcvtimeo = 1000
    s.curve_serverkey, _ = zmq.auth.load_certificate(server_cert)
    s.curve_publickey, s.curve_secretkey = zmq.auth.load_certificate(client_cert)
    s.connect(endpoint)
    s.send(b"hello from pyzmq")
    try:
        reply = s.recv()
    except zmq.Again:
        reply = None
    s.close()
    ctx.term()
    if refused:
        if reply is not None:
            print("pyzmq client: let in with %s" % client_cert, file=sys.stderr)
        return 0 if reply is None else 1
    if reply != b"hello from zmqx":
        print("pyzmq client: unexpected reply %r" % reply, file=sys.stderr)
        return 1
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "check":
        return 0 if zmq.has("curve") else 77
    if len(argv) == 5 and argv[1] == "client":
        return client(argv[2], argv[3], argv[4])
    if len(argv) == 2 and argv[1] == "server":
        return server()
    if len(argv) == 4 and argv[1] == "certs":
        return certs(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "load":
        return load(argv[2])
    if len(argv) in (5, 6) and argv[1] == "certclient":
        return certclient(argv[2], argv[3], argv[4], len(argv) == 6 and argv[5] == "refused")
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except zmq.ZMQError as e:
        print("pyzmq peer: %s" % e, file=sys.stderr)
        sys.exit(1)
