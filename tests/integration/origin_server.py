"""An origin web server behind the HTTP filter's tests: Python's http.server (HTTP/1.1 keep-alive)
on --ip:--port, and the same handler over TLS on --tls-port. Prints "ready" once both listen.

  /files/NAME     NAME from --root with Content-Length
  /chunked/N      N chunks of 1000 bytes each ("chunk-<i>" padded), Transfer-Encoding: chunked
  /echo           200 with the request's method, path and Host in a text body
  /then-close     200 announced as keep-alive, then the origin closes the connection anyway
  anything else   200 "origin <path>"

usage: origin_server.py --ip IP --port N [--tls-port N --cert PEM --key PEM] --root DIR
"""
import argparse
import http.server
import os
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "roja-test-origin"
    sys_version = ""
    timeout = 30

    def setup(self):
        super().setup()
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()  # in the handler's thread, not the accepting one

    def log_message(self, fmt, *args):
        pass

    def send_text(self, text, status=200):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        self.send_text(f"posted {len(data)} bytes to {self.path}")

    def do_GET(self):
        if self.path.startswith("/files/"):
            path = os.path.join(self.server.root, os.path.basename(self.path[len("/files/"):]))
            if not os.path.isfile(path):
                return self.send_text("no such file", 404)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(os.path.getsize(path)))
            self.end_headers()
            if self.command != "HEAD":
                with open(path, "rb") as f:
                    while chunk := f.read(65536):
                        self.wfile.write(chunk)
            return
        if self.path.startswith("/chunked/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(int(self.path.split("/")[2])):
                piece = f"chunk-{i}".ljust(1000, ".").encode()
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if self.path == "/then-close":
            self.send_text("closing behind your back")
            self.close_connection = True
            return
        if self.path == "/echo":
            return self.send_text(f"{self.command} {self.path} host={self.headers.get('Host')}")
        self.send_text(f"origin {self.path}")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, root, tls=None):
        self.root = root
        self.tls = tls
        super().__init__(address, Handler)

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ip", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--tls-port", type=int)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--root", required=True)
    a = p.parse_args()
    servers = [Server((a.ip, a.port), a.root)]
    if a.tls_port:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(a.cert, a.key)
        servers.append(Server((a.ip, a.tls_port), a.root, context))
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
