"""A scripted RPZ primary for the consumer tests (dnspython, in-process thread, loopback TCP):
it serves one zone whose versions the test sets, answers SOA queries with the current serial,
refuses IXFR with NOTIMP (so the secondary falls back to AXFR), and answers AXFR as the current
mode says:
  good       the zone: SOA, NS, a `name CNAME .` and `*.name CNAME .` per name, SOA
  truncated  the first half of the records, then the connection closes
  oversized  10,000 records in messages of 500, and no closing SOA
  garbled    a well-formed first message, then a message of random bytes
It also sends NOTIFY (UDP) from its own address, as a real primary does after a change.
"""
import os
import socket
import socketserver
import struct
import threading

import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class FakePrimary:
    def __init__(self, ip, port, zone):
        self.zone = dns.name.from_text(zone)
        self.serial = 1
        self.names = []
        self.mode = "good"
        self.transfers = 0  # AXFR answered (any mode)
        primary = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                try:
                    primary._serve(self.request)
                except OSError:
                    pass

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((ip, port), Handler)
        self.server.daemon_threads = True
        self.address = self.server.server_address
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def set_version(self, serial, names, mode="good"):
        self.serial, self.names, self.mode = serial, list(names), mode

    def notify(self, target, source=None):
        """One NOTIFY for the zone to `target` (ip, port), from the primary's address (or
        `source`, to play someone else)."""
        msg = dns.message.make_query(self.zone, dns.rdatatype.SOA)
        msg.set_opcode(dns.opcode.NOTIFY)
        msg.flags |= dns.flags.AA
        msg.flags &= ~dns.flags.RD
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((source or self.address[0], 0))
            s.settimeout(2)
            s.sendto(msg.to_wire(), target)
            try:
                return dns.message.from_wire(s.recv(4096))
            except (socket.timeout, dns.exception.DNSException):
                return None

    # -------------------------------------------------------------- serving
    def _soa(self):
        return dns.rrset.from_text(self.zone, 60, "IN", "SOA",
                                   f"ns.{self.zone} hostmaster.{self.zone} {self.serial} 3600 600 86400 60")

    def _records(self):
        out = [dns.rrset.from_text(self.zone, 60, "IN", "NS", "localhost.")]
        for name in self.names:
            for owner in (name, "*." + name):
                out.append(dns.rrset.from_text(dns.name.from_text(owner, self.zone), 60, "IN",
                                               "CNAME", "."))
        return out

    def _serve(self, sock):
        while True:
            head = _read_exact(sock, 2)
            if head is None:
                return
            query = dns.message.from_wire(_read_exact(sock, struct.unpack("!H", head)[0]),
                                          ignore_trailing=True)
            qtype = query.question[0].rdtype
            if qtype == dns.rdatatype.SOA:
                reply = dns.message.make_response(query)
                reply.answer.append(self._soa())
                _send(sock, reply.to_wire())
            elif qtype == dns.rdatatype.IXFR:
                reply = dns.message.make_response(query)
                reply.set_rcode(dns.rcode.NOTIMP)
                _send(sock, reply.to_wire())
            else:
                self.transfers += 1
                self._axfr(sock, query)
                return

    def _message(self, query, rrsets, first):
        reply = dns.message.make_response(query)
        if not first:
            reply.question = []
        reply.answer.extend(rrsets)
        return reply.to_wire(max_size=65535)

    def _axfr(self, sock, query):
        records = self._records()
        if self.mode == "good":
            _send(sock, self._message(query, [self._soa()] + records + [self._soa()], True))
        elif self.mode == "truncated":
            _send(sock, self._message(query, [self._soa()] + records[:len(records) // 2], True))
        elif self.mode == "garbled":
            _send(sock, self._message(query, [self._soa()] + records[:2], True))
            _send(sock, os.urandom(300))
        elif self.mode == "oversized":
            _send(sock, self._message(query, [self._soa()], True))
            for chunk in range(20):
                rrsets = [dns.rrset.from_text(dns.name.from_text(f"n{chunk}-{i}.filler", self.zone),
                                              60, "IN", "CNAME", ".") for i in range(500)]
                _send(sock, self._message(query, rrsets, False))


def _read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock, wire):
    sock.sendall(struct.pack("!H", len(wire)) + wire)
