"""Allowed names go through rojad unchanged: same rcode, answer and authority as NSD gives directly;
NXDOMAIN and NODATA keep their SOA; a second query comes from the cache with a lower TTL; the
client's 0x20 mixed case is echoed in the question."""
import time

import dns.name

import roja_harness as rh
from roja_harness import dc

# (qname, qtype, expected rcode, expected answer rdata (None: NODATA/NXDOMAIN, SOA in authority))
ROWS = [
    ("allowed.test", "A", "NOERROR", {"198.51.100.1"}),
    ("allowed.test", "AAAA", "NOERROR", {"2001:db8::1"}),
    ("allowed.test", "MX", "NOERROR", {"10 mail.allowed.test."}),
    ("allowed.test", "TXT", "NOERROR", {'"allowed name"'}),
    ("www.allowed.test", "A", "NOERROR", {"198.51.100.3"}),
    ("chain1.test", "A", "NOERROR", {"198.51.100.30"}),
    ("xn--bcher-kva.test", "A", "NOERROR", {"198.51.100.40"}),
    ("notlisted.test", "A", "NOERROR", {"198.51.100.14"}),
    ("onlya.test", "AAAA", "NOERROR", None),
    ("onlya.test", "TXT", "NOERROR", None),
    ("ent.test", "A", "NOERROR", None),
    ("missing.test", "A", "NXDOMAIN", None),
    ("deeper.missing.test", "AAAA", "NXDOMAIN", None),
]


class Forwarding(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.nsd = rh.Nsd(rh.env()).start()
        cls.recorder = rh.start_recorder(cls.nsd.server)
        cls.rojad = rh.start_rojad([cls.recorder.listen])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.recorder.stop()
            cls.nsd.stop()

    def test_nsd_serves_the_test_zone_as_the_table_says(self):
        for qname, qtype, rcode, answer in ROWS:
            with self.subTest(qname=qname, qtype=qtype):
                r = dc.query(self.nsd.server, qname, qtype)
                self.assertEqual(dc.rcode_text(r), rcode)
                if answer is None:
                    self.assertEqual(r.answer, [])
                    self.assertTrue(dc.has_soa_in_authority(r))
                else:
                    self.assertEqual(dc.answer_rdata(r, qtype), answer)

    def test_allowed_names_answer_exactly_as_nsd_does(self):
        server = self.rojad.server
        for qname, qtype, _, answer in ROWS:
            with self.subTest(qname=qname, qtype=qtype):
                direct = dc.dig(self.nsd.server, qname, qtype)
                via = dc.dig(server, qname, qtype)
                self.assertEqual(via.status, direct.status, via.text)
                self.assertEqual(via.rdata_set("ANSWER"), direct.rdata_set("ANSWER"), via.text)
                self.assertIn("qr", via.flags)
                self.assertIn("rd", via.flags)
                self.assertIn("ra", via.flags, "a resolver answer sets RA")
                self.assertNotIn("tc", via.flags)
                for row in via.records("ANSWER"):
                    self.assertLessEqual(row[1], 3600)
                if answer is None:
                    self.assertTrue(via.records("AUTHORITY", "SOA"), via.text)
                    self.assertEqual({r[4].lower() for r in via.records("AUTHORITY", "SOA")},
                                     {r[4].lower() for r in direct.records("AUTHORITY", "SOA")},
                                     "NXDOMAIN/NODATA keep the upstream SOA:\n" + via.text)

    def test_kdig_and_drill_see_the_same_answer_as_dig(self):
        want = {("allowed.test.", "A", "198.51.100.1")}
        for client in (dc.dig, dc.kdig, dc.drill):
            with self.subTest(client=client.__name__):
                out = client(self.rojad.server, "allowed.test", "A")
                self.assertEqual(out.status, "NOERROR", out.text)
                self.assertEqual(out.rdata_set("ANSWER", "A"), want, out.text)

    def test_a_second_query_is_served_from_the_cache_with_a_lower_ttl(self):
        first = dc.query(self.rojad.server, "cache.test", "A")
        self.assertEqual(dc.answer_rdata(first, "A"), {"198.51.100.4"})
        time.sleep(2.2)
        second = dc.query(self.rojad.server, "cache.test", "A")
        self.assertEqual(dc.answer_rdata(second, "A"), {"198.51.100.4"})
        self.assertLess(second.answer[0].ttl, first.answer[0].ttl)
        self.assertEqual(self.recorder.count("cache.test", "A"), 1,
                         "the second query must not reach the upstream")

    def test_the_clients_0x20_mixed_case_is_echoed_in_the_question(self):
        for qname in ("MiXeD.TeSt.", "mIxEd.tEsT.", "ALLOWED.test."):
            with self.subTest(qname=qname):
                r = dc.query(self.rojad.server, qname, "A")
                self.assertEqual(dc.rcode_text(r), "NOERROR")
                self.assertEqual(r.question[0].name.labels, dns.name.from_text(qname).labels)
                self.assertTrue(r.answer, "a mixed-case query is answered")


if __name__ == "__main__":
    rh.main()
