"""A node that misbehaves for rojahub's tests: Python's http.server on loopback, one behaviour
for every request, optionally behind TLS. Prints "port N" once it listens.

  garbage   200 with a body that is not JSON
  huge      200 with Content-Length 1 GiB, bytes until the client gives up
  slow      waits 60 s before answering

usage: bad_node_server.py --ip IP --mode MODE [--cert PEM --key PEM]
"""
import argparse
import http.server
import ssl
import sys
import time

CHUNK = b"x" * 65536


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 90

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        try:
            getattr(self, self.server.mode)()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError):
            pass

    def garbage(self):
        self.answer(b"{\"degraded\": fal\x00se, <html>")

    def huge(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(1 << 30))
        self.end_headers()
        for _ in range((1 << 30) // len(CHUNK)):
            self.wfile.write(CHUNK)

    def slow(self):
        time.sleep(60)
        self.answer(b"{\"degraded\": false}")

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ip", required=True)
    parser.add_argument("--mode", required=True, choices=["garbage", "huge", "slow"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer((args.ip, 0), Handler)
    server.daemon_threads = True
    server.mode = args.mode
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
