#!/usr/bin/env python3
"""A small scripted, misbehaving DNS server for integration tests (Python 3 stdlib only).

Serves UDP and TCP on the same loopback address and port. Modes:
  good            A 192.0.2.1 TTL 300 for A queries, NXDOMAIN for names starting with "nx",
                  NOERROR/NODATA for other types
  wrong-id        the good answer with the ID plus one
  wrong-question  the good answer for another name (forged.invalid)
  wrong-port      the good answer sent from another UDP port (TCP answers normally)
  garbage         random bytes
  slow:MS         the good answer after MS milliseconds
  drop            no answer at all (TCP: connection held open, nothing sent)
  truncate        UDP: TC=1 and no records; TCP: the good answer
  servfail        SERVFAIL
  forged-then-good:MS  wrong-id and wrong-question replies at once, the good answer after MS ms
Prints "listening ADDR:PORT" once bound (PORT 0 picks a free port). With --log FILE, appends
"proto qname qtype" per query received, so a test can count what reached the upstream.
"""
import argparse
import os
import socket
import socketserver
import struct
import sys
import threading
import time

QTYPE_A = 1
QTYPE_OPT = 41
RCODE_NXDOMAIN = 3
RCODE_SERVFAIL = 2


def parse_question(query):
    """(qname text, question bytes, qtype, end offset) or None for anything unparsable."""
    if len(query) < 12 or struct.unpack("!H", query[4:6])[0] != 1:
        return None
    at, labels = 12, []
    while True:
        if at >= len(query) or query[at] & 0xC0:
            return None
        length = query[at]
        if length == 0:
            break
        labels.append(query[at + 1:at + 1 + length].decode("ascii", "replace"))
        at += 1 + length
    at += 1
    if at + 4 > len(query):
        return None
    qtype = struct.unpack("!H", query[at:at + 2])[0]
    return ".".join(labels), query[12:at + 4], qtype, at + 4


def has_opt(query, end):
    """True if the query carries an OPT record (root owner, type 41) right after the question."""
    arcount = struct.unpack("!H", query[10:12])[0]
    return arcount > 0 and query[end:end + 3] == b"\x00\x00\x29"


def encode_name(name):
    out = b""
    for label in name.split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def answer(query, rcode=None, tc=False, qname_override=None):
    parsed = parse_question(query)
    if parsed is None:
        return None
    qname, question, qtype, end = parsed
    if qname_override is not None:
        question = encode_name(qname_override) + question[-4:]
    if rcode is None:
        rcode = RCODE_NXDOMAIN if qname.lower().startswith("nx") else 0
    records = []
    if rcode == 0 and qtype == QTYPE_A and not tc:
        records.append(b"\xc0\x0c" + struct.pack("!HHIH", QTYPE_A, 1, 300, 4) + bytes([192, 0, 2, 1]))
    opt = []
    if has_opt(query, end) and len(query) >= end + 11:
        do_bit = query[end + 7] & 0x80  # echo DO (RFC 3225), nothing else of the client's flags
        opt = [struct.pack("!BHHBBBBH", 0, QTYPE_OPT, 1232, 0, 0, do_bit, 0, 0)]
    flags = 0x8000 | (query[2] & 0x01) << 8 | 0x0080 | rcode | (0x0200 if tc else 0)
    header = query[0:2] + struct.pack("!HHHHH", flags, 1, len(records), 0, len(opt))
    return header + question + b"".join(records) + b"".join(opt)


def with_id_plus_one(reply):
    return struct.pack("!H", (struct.unpack("!H", reply[0:2])[0] + 1) & 0xFFFF) + reply[2:]


def replies_for(mode, query, proto):
    """[(delay seconds, bytes, from_other_port)] for one query."""
    good = answer(query)
    if good is None:
        return []
    name, _, arg = mode.partition(":")
    if name == "good":
        return [(0, good, False)]
    if name == "wrong-id":
        return [(0, with_id_plus_one(good), False)]
    if name == "wrong-question":
        return [(0, answer(query, qname_override="forged.invalid"), False)]
    if name == "wrong-port":
        return [(0, good, proto == "udp")]
    if name == "garbage":
        return [(0, os.urandom(40), False)]
    if name == "slow":
        return [(int(arg) / 1000.0, good, False)]
    if name == "drop":
        return []
    if name == "truncate":
        return [(0, answer(query, tc=True) if proto == "udp" else good, False)]
    if name == "servfail":
        return [(0, answer(query, rcode=RCODE_SERVFAIL), False)]
    if name == "forged-then-good":
        return [(0, with_id_plus_one(good), False),
                (0, answer(query, qname_override="forged.invalid"), False),
                (int(arg) / 1000.0, good, False)]
    raise ValueError("unknown mode " + mode)


class Recorder:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def record(self, proto, query):
        if not self.path:
            return
        parsed = parse_question(query)
        qname, qtype = (parsed[0], parsed[2]) if parsed else ("-", 0)
        with self.lock, open(self.path, "a", encoding="ascii", errors="replace") as out:
            out.write(f"{proto} {qname} {qtype}\n")


class UdpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        query, sock = self.request
        self.server.recorder.record("udp", query)
        for delay, reply, other_port in replies_for(self.server.mode, query, "udp"):
            if delay:
                time.sleep(delay)
            if other_port:
                family = socket.AF_INET6 if ":" in self.client_address[0] else socket.AF_INET
                with socket.socket(family, socket.SOCK_DGRAM) as other:
                    other.bind((self.server.server_address[0], 0))
                    other.sendto(reply, self.client_address)
            else:
                sock.sendto(reply, self.client_address)


class TcpHandler(socketserver.BaseRequestHandler):
    def read_exact(self, size):
        data = b""
        while len(data) < size:
            chunk = self.request.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def handle(self):
        self.request.settimeout(10)
        try:
            while True:
                prefix = self.read_exact(2)
                query = prefix and self.read_exact(struct.unpack("!H", prefix)[0])
                if not query:
                    return
                self.server.recorder.record("tcp", query)
                replies = replies_for(self.server.mode, query, "tcp")
                if not replies:
                    time.sleep(10)  # drop: hold the connection, say nothing
                    return
                for delay, reply, _ in replies:
                    if delay:
                        time.sleep(delay)
                    self.request.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return


def make_server(base, handler, address, family, mode, recorder):
    cls = type("Server", (socketserver.ThreadingMixIn, base),
               {"address_family": family, "daemon_threads": True, "allow_reuse_address": True})
    server = cls(address, handler)
    server.mode = mode
    server.recorder = recorder
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="127.0.0.x:PORT or [::1]:PORT")
    parser.add_argument("--mode", default="good")
    parser.add_argument("--log", default=None, help="append one line per query received")
    args = parser.parse_args()
    host, _, port = args.listen.rpartition(":")
    host = host.strip("[]")
    if not (host.startswith("127.") or host == "::1"):
        sys.exit("fake_upstream: loopback addresses only")
    replies_for(args.mode, answer_probe(), "udp")  # validate the mode before binding
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    recorder = Recorder(args.log)
    udp = make_server(socketserver.UDPServer, UdpHandler, (host, int(port)), family, args.mode, recorder)
    bound_port = udp.server_address[1]
    tcp = make_server(socketserver.TCPServer, TcpHandler, (host, bound_port), family, args.mode, recorder)
    print(f"listening {host}:{bound_port}", flush=True)
    threading.Thread(target=tcp.serve_forever, daemon=True).start()
    try:
        udp.serve_forever()
    except KeyboardInterrupt:
        pass


def answer_probe():
    return b"\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + encode_name("probe.example") + b"\x00\x01\x00\x01"


if __name__ == "__main__":
    main()
