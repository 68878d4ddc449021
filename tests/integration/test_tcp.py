"""TCP and truncation: pipelined queries on one connection are all answered; a large answer comes
whole over TCP; over UDP it is truncated (TC) to at most 1232 bytes with EDNS and 512 without."""
import dns.flags
import dns.message

import roja_harness as rh
from roja_harness import dc

PIPELINED = [("allowed.test", "A"), ("allowed.test", "AAAA"), ("www.allowed.test", "A"),
             ("chain1.test", "A"), ("tcp.test", "A"), ("mail.allowed.test", "A"),
             ("missing.test", "A"), ("onlya.test", "TXT"), ("allowed.test", "MX"),
             ("big-a.test", "A")]
# (qname, qtype, records in the whole RRset)
LARGE = [("big-a.test", "A", 100), ("big-txt.test", "TXT", 60)]


class Tcp(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        cls.nsd = rh.Nsd(rh.env()).start()
        cls.rojad = rh.start_rojad([cls.nsd.server])

    def test_nsd_holds_the_large_rrsets_and_truncates_them_over_udp(self):
        for qname, qtype, count in LARGE:
            with self.subTest(qname=qname):
                r = dc.query(self.nsd.server, qname, qtype, tcp=True)
                self.assertEqual(len(r.answer[0]), count)
                self.assertGreater(len(r.to_wire()), 1232)
                raw = dc.raw_udp(self.nsd.server, dc.make_query(qname, qtype).to_wire())
                self.assertTrue(dns.message.from_wire(raw).flags & dns.flags.TC)

    def test_pipelined_queries_on_one_connection_are_all_answered(self):
        queries = []
        for i, (qname, qtype) in enumerate(PIPELINED):
            queries.append(dc.make_query(qname, qtype, want_id=1000 + i))
        replies = dc.tcp_exchange(self.rojad.server, [q.to_wire() for q in queries],
                                  expect=len(queries), timeout=5.0)
        self.assertEqual(len(replies), len(queries), "every pipelined query gets its answer")
        by_id = {dns.message.from_wire(w).id: dns.message.from_wire(w) for w in replies}
        for q in queries:
            with self.subTest(qname=q.question[0].name.to_text(), id=q.id):
                self.assertIn(q.id, by_id)
                self.assertEqual(by_id[q.id].question, q.question)

    def test_a_large_answer_over_tcp_is_complete(self):
        for qname, qtype, count in LARGE:
            with self.subTest(qname=qname):
                r = dc.query(self.rojad.server, qname, qtype, tcp=True)
                self.assertEqual(dc.rcode_text(r), "NOERROR")
                self.assertFalse(r.flags & dns.flags.TC)
                direct = dc.query(self.nsd.server, qname, qtype, tcp=True)
                self.assertEqual(dc.answer_rdata(r, qtype), dc.answer_rdata(direct, qtype))
                self.assertEqual(len(dc.answer_rdata(r, qtype)), count)

    def test_a_large_answer_over_udp_is_truncated_to_the_clients_size(self):
        # (edns, payload, limit): RFC 6891 clients get at most min(their size, 1232)
        for edns, payload, limit in ((False, 0, 512), (True, 1232, 1232), (True, 4096, 1232),
                                     (True, 512, 512)):
            for qname, qtype, _ in LARGE:
                with self.subTest(qname=qname, edns=edns, payload=payload):
                    q = dc.make_query(qname, qtype, edns=edns, payload=payload or 1232)
                    raw = dc.raw_udp(self.rojad.server, q.to_wire(), timeout=3.0)
                    self.assertIsNotNone(raw, "no UDP answer")
                    self.assertLessEqual(len(raw), limit)
                    r = dns.message.from_wire(raw)
                    self.assertEqual(r.id, q.id)
                    self.assertTrue(r.flags & dns.flags.TC, "TC set on a truncated answer")
                    self.assertEqual(r.edns, 0 if edns else -1)

    def test_dig_falls_back_to_tcp_and_gets_everything(self):
        out = dc.dig(self.rojad.server, "big-txt.test", "TXT")
        self.assertEqual(out.status, "NOERROR", out.text)
        self.assertEqual(len(out.records("ANSWER", "TXT")), 60, out.text)


if __name__ == "__main__":
    rh.main()
