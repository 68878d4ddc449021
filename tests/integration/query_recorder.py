"""A transparent UDP+TCP relay between rojad and NSD that records every question it forwards.
NSD has no query log, and "the upstream never saw a listed name" or "the second query came from
the cache" are claims about the upstream, so the tests put this relay in front of NSD and ask it."""
import socket
import struct
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import dns.message
import dns.rdatatype


def _question_of(wire):
    try:
        msg = dns.message.from_wire(wire, ignore_trailing=True)
        q = msg.question[0]
        return q.name.to_text().lower().rstrip(".") or ".", dns.rdatatype.to_text(q.rdtype)
    except Exception:  # anything unparsable is recorded as such, never fatal for the relay
        return "<unparsable>", "?"


def _recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class QueryRecorder:
    """Listens on (ip, port) and forwards to `upstream` (ip, port)."""

    def __init__(self, listen, upstream):
        self.listen = listen
        self.upstream = upstream
        self.lock_ = threading.Lock()
        self.seen_ = Counter()
        self.stopping_ = False
        self.pool_ = ThreadPoolExecutor(max_workers=16)
        self.udp_ = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp_.bind(listen)
        self.tcp_ = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp_.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp_.bind(listen)
        self.tcp_.listen(64)
        self.udp_.settimeout(0.2)
        self.tcp_.settimeout(0.2)
        self.threads_ = [threading.Thread(target=self.udp_loop_, daemon=True),
                         threading.Thread(target=self.tcp_loop_, daemon=True)]
        for t in self.threads_:
            t.start()

    # --- what the tests ask
    def count(self, name, qtype=None):
        name = name.lower().rstrip(".")
        with self.lock_:
            return sum(n for (qn, qt, _), n in self.seen_.items()
                       if qn == name and (qtype is None or qt == qtype))

    def names(self):
        with self.lock_:
            return {qn for (qn, _, _) in self.seen_}

    def reset(self):
        with self.lock_:
            self.seen_.clear()

    def stop(self):
        self.stopping_ = True
        for t in self.threads_:
            t.join(timeout=2)
        self.udp_.close()
        self.tcp_.close()
        self.pool_.shutdown(wait=False, cancel_futures=True)

    # --- relay
    def record_(self, wire, transport):
        qn, qt = _question_of(wire)
        with self.lock_:
            self.seen_[(qn, qt, transport)] += 1

    def udp_loop_(self):
        while not self.stopping_:
            try:
                wire, client = self.udp_.recvfrom(65535)
            except (socket.timeout, OSError):
                continue
            self.record_(wire, "udp")
            self.pool_.submit(self.forward_udp_, wire, client)

    def forward_udp_(self, wire, client):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(2.0)
            try:
                s.sendto(wire, self.upstream)
                reply, _ = s.recvfrom(65535)
                self.udp_.sendto(reply, client)
            except OSError:
                pass  # upstream down: stay silent, as a dead server would

    def tcp_loop_(self):
        while not self.stopping_:
            try:
                conn, _ = self.tcp_.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self.serve_tcp_, args=(conn,), daemon=True).start()

    def serve_tcp_(self, conn):
        conn.settimeout(5.0)
        try:
            with conn, socket.create_connection(self.upstream, timeout=5.0) as up:
                while not self.stopping_:
                    head = _recv_exact(conn, 2)
                    if head is None:
                        return
                    wire = _recv_exact(conn, struct.unpack("!H", head)[0])
                    if wire is None:
                        return
                    self.record_(wire, "tcp")
                    up.sendall(head + wire)
                    rhead = _recv_exact(up, 2)
                    reply = rhead and _recv_exact(up, struct.unpack("!H", rhead)[0])
                    if not reply:
                        return
                    conn.sendall(rhead + reply)
        except OSError:
            return
