"""A scripted HTTPS server for the feed fetcher's tests: Python's http.server behind TLS, one
behaviour per path, loopback only. Prints "port N" once it listens; logs every request.

  /files/NAME        NAME from --root, with ETag and Last-Modified; 304 on If-None-Match or
                     If-Modified-Since
  /status/CODE       that status (404, 500, ...)
  /truncated         Content-Length 1000, sends 100 bytes, closes
  /endless           200 without a length, bytes until the client gives up
  /oversize/N        200 with Content-Length N and N bytes
  /slow              Content-Length 60, one byte per second
  /redirect-http     302 to the same server by plain http://
  /redirect/NAME     302 to /files/NAME on this server (https)
  /feed/NAME         NAME from DIR/feed (a feed the test publishes there), unless
                     DIR/feed-mode.json says {"behaviour": B, "file": NAME-or-null, "code": N}:
                     B = status (code N), truncated, endless, slow, for that file (or all)

usage: https_server.py --ip IP --cert PEM --key PEM --root DIR --log FILE [--client-ca PEM]
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import ssl
import sys
import threading
import time

CHUNK = b"x" * 65536


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "roja-test-feed"
    sys_version = ""
    timeout = 30  # seconds per socket operation, so a vanished client frees its thread

    def setup(self):
        super().setup()
        self.request.do_handshake()  # here, in the handler's thread (see Server.__init__)

    def log_message(self, fmt, *args):
        self.server.log(f"{self.command} {self.path} inm={self.headers.get('If-None-Match')} "
                        f"ims={self.headers.get('If-Modified-Since')} | " + (fmt % args))

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.log(f"request {self.path}")
        routes = [("/files/", self.files), ("/status/", self.status), ("/oversize/", self.oversize),
                  ("/redirect/", self.redirect_https), ("/feed/", self.feed)]
        exact = {"/truncated": self.truncated, "/endless": self.endless, "/slow": self.slow,
                 "/redirect-http": self.redirect_http}
        try:
            if self.path in exact:
                return exact[self.path]()
            for prefix, route in routes:
                if self.path.startswith(prefix):
                    return route(self.path[len(prefix):])
            self.reply(404, b"no such route\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError):
            self.close_connection = True  # the client gave up: that is what most modes test

    def reply(self, code, body, headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def feed(self, name):
        try:
            with open(os.path.join(self.server.root, "feed-mode.json")) as f:
                mode = json.load(f)
        except FileNotFoundError:
            mode = {}
        behaviour = mode.get("behaviour")
        if behaviour and mode.get("file") in (None, name):
            actions = {"status": lambda: self.status(mode.get("code", 500)), "truncated": self.truncated,
                       "endless": self.endless, "slow": self.slow}
            return actions[behaviour]()
        return self.files(name, os.path.join(self.server.root, "feed"))

    def files(self, name, directory=None):
        path = os.path.join(directory or self.server.root, os.path.basename(name))
        if not os.path.isfile(path):
            return self.reply(404, b"not found\n")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(os.stat(path).st_mtime)
        validators = [("ETag", etag), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
        if self.not_modified(etag, mtime):
            self.send_response(304)
            for name_, value in validators:
                self.send_header(name_, value)
            return self.end_headers()
        self.reply(200, body, validators)

    def not_modified(self, etag, mtime):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return mtime <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def status(self, code):
        self.reply(int(code), f"status {code}\n".encode())

    def truncated(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"t" * 100)
        self.wfile.flush()
        self.close_connection = True

    def endless(self):
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        try:
            while True:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        finally:
            self.server.log(f"endless stopped after {sent} bytes")

    def oversize(self, n):
        n = int(n)
        self.send_response(200)
        self.send_header("Content-Length", str(n))
        self.end_headers()
        while n > 0:
            part = CHUNK[:min(n, len(CHUNK))]
            self.wfile.write(part)
            n -= len(part)

    def slow(self):
        self.send_response(200)
        self.send_header("Content-Length", "60")
        self.end_headers()
        for _ in range(60):
            self.wfile.write(b"s")
            self.wfile.flush()
            time.sleep(1)

    def redirect_http(self):
        host = self.headers.get("Host", "")
        self.reply(302, b"", [("Location", f"http://{host}/files/after-redirect")])

    def redirect_https(self, name):
        self.reply(302, b"", [("Location", f"/files/{name}")])


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, args):
        super().__init__((args.ip, 0), Handler)
        self.root = args.root
        self._log = open(args.log, "a", buffering=1)
        self._lock = threading.Lock()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        # The handshake runs in the handler's thread, so a stuck client blocks only itself.
        self.socket = context.wrap_socket(self.socket, server_side=True,
                                          do_handshake_on_connect=False)

    def log(self, line):
        with self._lock:
            self._log.write(line + "\n")

    def handle_error(self, request, client_address):
        self.log(f"error from {client_address}: {sys.exc_info()[1]!r}")


def main():
    p = argparse.ArgumentParser()
    for flag in ("--ip", "--cert", "--key", "--root", "--log"):
        p.add_argument(flag, required=True)
    p.add_argument("--client-ca")
    args = p.parse_args()
    server = Server(args)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
