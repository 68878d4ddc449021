"""Malformed queries: each gets its documented answer (FORMERR with the original ID, NOTIMP,
BADVERS, or no answer), nothing is echoed, and after 1,000 random packets and bad TCP framing a
valid query is still answered by a rojad that is still running."""
import random
import socket
import struct

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.rcode

import roja_harness as rh
from roja_harness import dc

QID = 0x5A17
RD = 0x0100


def header(qd=1, an=0, ns=0, ar=0, flags=RD, qid=QID):
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


QUESTION = b"\x07allowed\x04test\x00" + struct.pack("!HH", 1, 1)
OPT_RR = b"\x00" + struct.pack("!HHIH", 41, 1232, 0, 0)


def with_opcode(opcode):
    return header(flags=RD | (opcode << 11)) + QUESTION


NO_ANSWER, FORMERR, FORMERR_OR_DROP, FORMERR_OR_ANSWER, NOTIMP, BADVERS = (
    "no answer", "FORMERR", "FORMERR or no answer", "FORMERR or a normal answer", "NOTIMP", "BADVERS")

# (case, packet bytes, expectation)
CASES = [
    ("empty datagram", b"", NO_ANSWER),
    ("header cut at 5 bytes", header()[:5], NO_ANSWER),
    ("header cut at 11 bytes", header()[:11], NO_ANSWER),
    ("a response (QR set) is never answered", header(flags=0x8180) + QUESTION, NO_ANSWER),
    ("QDCOUNT 0", header(qd=0), FORMERR),
    ("QDCOUNT 2", header(qd=2) + QUESTION + QUESTION, FORMERR),
    ("QDCOUNT 1 but no question", header(), FORMERR_OR_DROP),
    ("question cut inside a label", header() + b"\x07allo", FORMERR_OR_DROP),
    ("question without type and class", header() + b"\x07allowed\x04test\x00", FORMERR_OR_DROP),
    ("compression loop in the question", header() + b"\xc0\x0c" + struct.pack("!HH", 1, 1),
     FORMERR_OR_DROP),
    ("compression pointer out of the packet", header() + b"\xc0\xff" + struct.pack("!HH", 1, 1),
     FORMERR_OR_DROP),
    ("label longer than 63", header() + b"\x40" + b"a" * 64 + b"\x00" + struct.pack("!HH", 1, 1),
     FORMERR_OR_DROP),
    ("name longer than 255", header() + (b"\x3f" + b"a" * 63) * 5 + b"\x00" + struct.pack("!HH", 1, 1),
     FORMERR_OR_DROP),
    ("two OPT records", header(ar=2) + QUESTION + OPT_RR + OPT_RR, FORMERR),
    ("ARCOUNT 1 without the record", header(ar=1) + QUESTION, FORMERR_OR_DROP),
    ("trailing garbage after the question", header() + QUESTION + b"\xde\xad\xbe\xef",
     FORMERR_OR_ANSWER),
    ("opcode NOTIFY", with_opcode(dns.opcode.NOTIFY), NOTIMP),
    ("opcode UPDATE", with_opcode(dns.opcode.UPDATE), NOTIMP),
    ("opcode 3 (unassigned)", with_opcode(3), NOTIMP),
]


def random_packets(rng, count):
    """Half pure noise, half valid queries with a few bytes flipped."""
    valid = dc.make_query("allowed.test", "A").to_wire()
    out = []
    for i in range(count):
        if i % 2:
            out.append(bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 600))))
        else:
            p = bytearray(valid)
            for _ in range(rng.randrange(1, 6)):
                p[rng.randrange(len(p))] = rng.getrandbits(8)
            out.append(bytes(p))
    return out


class Malformed(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        cls.nsd = rh.Nsd(rh.env()).start()
        cls.rojad = rh.start_rojad([cls.nsd.server])

    def assert_still_serving(self):
        self.assertTrue(self.rojad.alive(), "rojad is still running")
        # a few tries: a UDP query may be lost while the flood still fills the socket buffer
        for _ in range(3):
            r = dc.try_query(self.rojad.server, "allowed.test", "A", timeout=2.0)
            if r is not None:
                break
        self.assertIsNotNone(r, "a valid query is answered after the malformed ones")
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.1"})

    def check_reply(self, packet, reply, expected):
        if expected == NO_ANSWER:
            self.assertIsNone(reply, "expected no answer")
            return
        if reply is None:
            self.assertEqual(expected, FORMERR_OR_DROP, f"expected {expected}, got no answer")
            return
        self.assertNotEqual(reply, packet, "the raw bytes were echoed")
        self.assertGreaterEqual(len(reply), 12)
        qid, flags = struct.unpack("!HH", reply[:4])
        self.assertEqual(qid, QID, "the answer keeps the original ID")
        self.assertTrue(flags & 0x8000, "QR set")
        rcode = dns.rcode.to_text(flags & 0xF)
        if expected == FORMERR_OR_ANSWER:
            self.assertIn(rcode, ("FORMERR", "NOERROR"))
        else:
            self.assertEqual(rcode, expected.split()[0])

    def test_each_malformed_query_gets_its_documented_answer(self):
        for case, packet, expected in CASES:
            with self.subTest(case=case, expected=expected):
                reply = dc.raw_udp(self.rojad.server, packet, timeout=1.0)
                self.check_reply(packet, reply, expected)
        self.assert_still_serving()

    def test_answers_to_other_opcodes_set_neither_ra_nor_ad_nor_cd(self):
        # RA, AD and CD are defined for QUERY only (RFC 1035, RFC 6840); the query sets all three.
        AD, CD = 0x0020, 0x0010
        for opcode in (dns.opcode.NOTIFY, dns.opcode.STATUS, dns.opcode.UPDATE):
            with self.subTest(opcode=dns.opcode.to_text(opcode)):
                packet = header(flags=RD | AD | CD | (opcode << 11)) + QUESTION
                reply = dc.raw_udp(self.rojad.server, packet, timeout=2.0)
                self.assertIsNotNone(reply)
                _, flags = struct.unpack("!HH", reply[:4])
                self.assertEqual((flags >> 11) & 0xF, opcode, "the opcode is echoed")
                self.assertEqual(flags & 0xF, dns.rcode.NOTIMP)
                self.assertEqual(flags & 0x0080, 0, "RA")
                self.assertEqual(flags & AD, 0, "AD")
                self.assertEqual(flags & CD, 0, "CD")
        # a QUERY's answer still has RA
        r = dc.query(self.rojad.server, "allowed.test", "A")
        self.assertTrue(r.flags & dns.flags.RA)

    def test_edns_version_1_gets_badvers_with_an_opt_of_version_0(self):
        q = dns.message.make_query("allowed.test", "A")
        q.use_edns(edns=1, payload=1232)
        raw = dc.raw_udp(self.rojad.server, q.to_wire(), timeout=2.0)
        self.assertIsNotNone(raw)
        r = dns.message.from_wire(raw)
        self.assertEqual(r.id, q.id)
        self.assertEqual(r.rcode(), dns.rcode.BADVERS)
        self.assertEqual(r.edns, 0)
        self.assertEqual(r.answer, [])

    def test_unknown_edns_options_are_ignored_and_not_echoed(self):
        opt = dns.edns.GenericOption(65001, b"roja-test")
        q = dns.message.make_query("allowed.test", "A", use_edns=0, options=[opt])
        r = dc.query(self.rojad.server, "", message=q)
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.1"})
        self.assertEqual(r.edns, 0, "OPT in every answer to an EDNS query")
        self.assertNotIn(65001, [int(o.otype) for o in r.options])

    def test_a_thousand_random_packets_leave_rojad_serving(self):
        seed = random.randrange(1 << 30)
        packets = random_packets(random.Random(seed), 1000)
        for start in range(0, len(packets), 100):  # in bursts, so the socket buffer keeps up
            dc.send_udp_only(self.rojad.server, packets[start:start + 100])
            self.assertTrue(self.rojad.alive(), f"rojad died (random seed {seed})")
        self.assert_still_serving()

    def test_bad_tcp_framing_leaves_rojad_serving(self):
        frames = [struct.pack("!H", 0), struct.pack("!H", 0xFFFF) + b"abc", b"\x00",
                  struct.pack("!H", 5) + b"hello"]
        for frame in frames:
            with self.subTest(frame=frame):
                with socket.create_connection(self.rojad.server, timeout=2.0) as s:
                    s.sendall(frame)
                    s.shutdown(socket.SHUT_WR)
                    try:
                        s.recv(65535)
                    except OSError:
                        pass
        self.assert_still_serving()


if __name__ == "__main__":
    rh.main()
