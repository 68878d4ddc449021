"""Small HTTP helpers for the warning page and HTTP filter tests: raw request bytes over a socket
(for hostile and malformed requests), a parsed response, and a close check."""
import socket


def connect(server, source=None, timeout=5.0):
    return socket.create_connection(server, timeout=timeout,
                                    source_address=(source, 0) if source else None)


def read_response(sock, head=False):
    """(status, headers {lower name: value}, body) of one response, or None if the server closed
    or reset first. Handles Content-Length, chunked and close-delimited bodies."""
    f = sock.makefile("rb")
    try:
        status_line = f.readline()
        if not status_line:
            return None
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = f.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if head or status in (204, 304):
            return status, headers, b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(f.readline().split(b";")[0], 16)
                if size == 0:
                    f.readline()
                    break
                body += f.read(size)
                f.readline()
            return status, headers, body
        if "content-length" in headers:
            return status, headers, f.read(int(headers["content-length"]))
        return status, headers, f.read()
    except ConnectionResetError:
        return None
    finally:
        f.close()


def request(server, raw, source=None, head=False):
    """Sends `raw` bytes on a new connection and reads one response."""
    with connect(server, source) as s:
        s.sendall(raw)
        return read_response(s, head=head)


def get(server, host, path="/", headers=(), source=None, method="GET"):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return request(server, raw, source, head=(method == "HEAD"))


def closed_within(sock, seconds):
    """True when the server closes `sock` within `seconds` (EOF or reset); data is drained."""
    sock.settimeout(seconds)
    try:
        while True:
            data = sock.recv(65536)
            if data == b"":
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def reset_or_closed(sock, seconds):
    """True when the connection ends (EOF or reset) without the server sending anything."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def was_reset(sock, seconds):
    """True when the server resets the connection (RST) within `seconds`; a graceful close or
    silence is False. Tells a refused connection from one closed later for being idle."""
    sock.settimeout(seconds)
    try:
        sock.recv(1)
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def refused_at_once(server, source=None, seconds=1.5, first_bytes=None):
    """True when a new connection to `server` is reset (RST) before or within `seconds` after it
    is established, `first_bytes` sent if given. On a busy machine the reset can beat connect()'s
    return, or our first send: both count."""
    try:
        s = connect(server, source)
    except ConnectionResetError:
        return True
    with s:
        try:
            if first_bytes:
                s.sendall(first_bytes)
        except (ConnectionResetError, BrokenPipeError):
            return True
        return was_reset(s, seconds)
