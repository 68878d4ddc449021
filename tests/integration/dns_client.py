"""DNS clients for the integration tests: dnspython queries (UDP/TCP, with or without EDNS, EDE
parsing), raw UDP/TCP bytes, and the Debian command-line clients dig, kdig and drill (their output
parsed just enough to compare status, flags and answer sections)."""
import re
import socket
import struct
import subprocess
from dataclasses import dataclass, field

import dns.edns
import dns.exception
import dns.name
import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.rdatatype

Server = tuple  # (ip, port)


# ------------------------------------------------------------------ dnspython
def make_query(qname, qtype="A", edns=True, payload=1232, want_id=None, rd=True):
    """A query; edns=False sends none, edns=True version 0 with `payload`."""
    # dnspython adds an OPT whenever a payload is given, so pass it only with EDNS
    if edns:
        q = dns.message.make_query(qname, qtype, use_edns=0, payload=payload)
    else:
        q = dns.message.make_query(qname, qtype, use_edns=False)
    if not rd:
        q.flags &= ~dns.flags.RD
    if want_id is not None:
        q.id = want_id
    return q


def query(server, qname, qtype="A", tcp=False, edns=True, payload=1232, timeout=2.0,
          source=None, message=None):
    """Send one query (or `message`) and return the parsed answer; raises dns.exception.Timeout."""
    q = message if message is not None else make_query(qname, qtype, edns, payload)
    ip, port = server
    if tcp:
        return dns.query.tcp(q, ip, port=port, timeout=timeout, source=source)
    return dns.query.udp(q, ip, port=port, timeout=timeout, source=source, ignore_trailing=True)


def try_query(server, qname, qtype="A", **kw):
    """Like query() but returns None on timeout or connection errors."""
    try:
        return query(server, qname, qtype, **kw)
    except (dns.exception.Timeout, OSError, EOFError):
        return None


@dataclass
class Ede:
    code: int
    text: str


def ede_options(msg):
    """RFC 8914 Extended DNS Errors of an answer (empty without OPT)."""
    out = []
    for opt in msg.options:
        if int(opt.otype) != 15:
            continue
        if hasattr(opt, "code"):
            out.append(Ede(int(opt.code), opt.text or ""))
        else:  # GenericOption: 2 bytes INFO-CODE, then UTF-8 EXTRA-TEXT
            data = opt.data
            out.append(Ede(struct.unpack("!H", data[:2])[0], data[2:].decode("utf-8", "replace")))
    return out


def rcode_text(msg):
    return dns.rcode.to_text(msg.rcode())


def answer_rdata(msg, rdtype, name=None):
    """The set of rdata texts of `rdtype` in the answer section (optionally owned by `name`)."""
    want = dns.rdatatype.from_text(rdtype) if isinstance(rdtype, str) else rdtype
    out = set()
    for rrset in msg.answer:
        if rrset.rdtype != want:
            continue
        if name is not None and rrset.name != dns.name.from_text(name):
            continue
        out.update(rd.to_text() for rd in rrset)
    return out


def answer_ttls(msg):
    return [rrset.ttl for rrset in msg.answer]


def has_soa_in_authority(msg):
    return any(rrset.rdtype == dns.rdatatype.SOA for rrset in msg.authority)


def rrsets_summary(section):
    """Comparable form of a section: {(owner lower, type, frozenset of rdata text)}."""
    return {(rrset.name.to_text().lower(), dns.rdatatype.to_text(rrset.rdtype),
             frozenset(rd.to_text().lower() for rd in rrset)) for rrset in section}


# ------------------------------------------------------------------ raw bytes
def raw_udp(server, payload, timeout=1.0, source=None):
    """Send arbitrary bytes over UDP; return the reply bytes or None when nothing came back."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        if source:
            s.bind((source, 0))
        s.settimeout(timeout)
        s.sendto(payload, server)
        try:
            data, _ = s.recvfrom(65535)
            return data
        except (socket.timeout, ConnectionRefusedError):
            return None


def send_udp_only(server, payloads, source=None):
    """Fire-and-forget many datagrams from one socket (replies are not read)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        if source:
            s.bind((source, 0))
        for p in payloads:
            try:
                s.sendto(p, server)
            except OSError:
                pass


def tcp_exchange(server, payloads, expect, timeout=3.0):
    """Send length-prefixed `payloads` on one TCP connection in a single write (pipelining) and
    read up to `expect` length-prefixed replies; returns the list of reply bytes."""
    with socket.create_connection(server, timeout=timeout) as s:
        s.sendall(b"".join(struct.pack("!H", len(p)) + p for p in payloads))
        replies = []
        buf = b""
        while len(replies) < expect:
            try:
                chunk = s.recv(65535)
            except socket.timeout:
                break
            if not chunk:
                break
            buf += chunk
            while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
                n = struct.unpack("!H", buf[:2])[0]
                replies.append(buf[2:2 + n])
                buf = buf[2 + n:]
        return replies


# ------------------------------------------------------------------ command-line clients
@dataclass
class CliAnswer:
    """What dig, kdig or drill printed, parsed minimally."""
    status: str                      # NOERROR, NXDOMAIN, ... or TIMEOUT
    flags: set = field(default_factory=set)
    sections: dict = field(default_factory=dict)  # "ANSWER" -> [(name, ttl, class, type, rdata)]
    text: str = ""

    def records(self, section="ANSWER", rdtype=None):
        rows = self.sections.get(section, [])
        return [r for r in rows if rdtype is None or r[3] == rdtype]

    def rdata_set(self, section="ANSWER", rdtype=None):
        return {(r[0].lower(), r[3], r[4].lower()) for r in self.records(section, rdtype)}


_STATUS = re.compile(r"(?:status|rcode): (\w+)")
_FLAGS = re.compile(r"^;; [Ff]lags: ([a-z ]*?)\s*;", re.M)
_SECTION = re.compile(r"^;; (\w+) SECTION:\s*$", re.M)
_RR = re.compile(r"^(\S+)\s+(\d+)\s+(IN|CH|HS|CLASS\d+)\s+(\S+)\s*(.*)$")


def parse_cli_output(text):
    m = _STATUS.search(text)
    if not m:
        return CliAnswer("TIMEOUT", text=text)
    fm = _FLAGS.search(text)
    flags = set(fm.group(1).split()) if fm else set()
    sections = {}
    heads = list(_SECTION.finditer(text))
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        rows = []
        for line in text[h.end():end].splitlines():
            line = line.strip()
            if not line or line.startswith(";"):
                if rows and line.startswith(";;"):
                    break
                continue
            rm = _RR.match(line)
            if rm:
                rows.append((rm.group(1), int(rm.group(2)), rm.group(3), rm.group(4),
                             " ".join(rm.group(5).split())))
        sections[h.group(1).upper()] = rows
    return CliAnswer(m.group(1).upper(), flags, sections, text)


def _run(cmd, timeout):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return parse_cli_output(r.stdout + r.stderr)
    except subprocess.TimeoutExpired:
        return CliAnswer("TIMEOUT", text=" ".join(cmd) + ": timed out")


def dig(server, qname, qtype="A", *opts, timeout=10):
    ip, port = server
    return _run(["dig", f"@{ip}", "-p", str(port), qname, qtype, "+tries=1", "+time=3", *opts],
                timeout)


def kdig(server, qname, qtype="A", *opts, timeout=10):
    ip, port = server
    return _run(["kdig", f"@{ip}", "-p", str(port), qname, qtype, "+retry=0", "+time=3", *opts],
                timeout)


def drill(server, qname, qtype="A", *opts, timeout=10):
    ip, port = server
    return _run(["drill", "-p", str(port), *opts, qname, f"@{ip}", qtype], timeout)
