"""Conditional forwarding (upstream.zones) and the locally served zones (RFC 6303): two NSDs on
loopback, the default one (the test root zone) and the school's domain controller
(school.local and 10.in-addr.arpa), each behind a query recorder. Names go to the server of the
longest matching zone, negative answers carry that server's SOA, a listed name under a zone is
blocked and never forwarded, and private PTR queries are answered here (NXDOMAIN with the zone's
SOA) and never seen upstream, unless a forward zone for 10.in-addr.arpa takes them."""
import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

BLOCKED = "blocked.school.local\n"


def zone_config(e, school, default, blocked_list, reverse):
    reverse_zone = f"""
    - zone: 10.in-addr.arpa
      servers: ["{school[0]}:{school[1]}"]""" if reverse else ""
    return f"""
lists:
  - id: school-blocks
    path: {blocked_list}
upstream:
  zones:
    - zone: school.local.
      servers: ["{school[0]}:{school[1]}"]
      timeout: 500ms
    # longer than school.local: back to the default servers, which do not know it
    - zone: guest.school.local
      servers: ["{default[0]}:{default[1]}"]
      cache: false{reverse_zone}
"""


class ConditionalForwarding(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.school_nsd = rh.Nsd(e, "school.local.zone", "school.local", label="nsd-school",
                                more_zones=[("10.in-addr.arpa", "10.in-addr.arpa.zone")]).start()
        cls.default = rh.start_recorder(cls.nsd.server)
        cls.school = rh.start_recorder(cls.school_nsd.server)
        blocked = e.write("lists/school-blocks.txt", BLOCKED)
        plain = e.write("plain.yaml", zone_config(e, cls.school.listen, cls.default.listen,
                                                   blocked, reverse=False))
        forwarded = e.write("reverse.yaml", zone_config(e, cls.school.listen, cls.default.listen,
                                                         blocked, reverse=True))
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.rojad = rh.start_rojad([cls.default.listen], extra=[
            "--config", plain, "--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])
        admin = (e.ip, rh.free_port(e.ip))
        cls.rojad_reverse = rh.start_rojad([cls.default.listen], extra=[
            "--config", forwarded, "--admin-listen", f"{admin[0]}:{admin[1]}"],
            label="rojad-reverse")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
            cls.rojad_reverse.stop()
        finally:
            for p in (cls.default, cls.school, cls.nsd, cls.school_nsd):
                p.stop()

    def test_a_zone_name_goes_to_the_zone_servers_and_nowhere_else(self):
        r = dc.query(self.rojad.server, "dc.school.local", "A")
        self.assertEqual(dc.rcode_text(r), "NOERROR")
        self.assertEqual(dc.answer_rdata(r, "A"), {"10.0.0.5"})
        self.assertEqual(self.school.count("dc.school.local", "A"), 1)
        self.assertEqual(self.default.count("dc.school.local"), 0)

    def test_other_names_go_to_the_default_servers(self):
        r = dc.query(self.rojad.server, "allowed.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.1"})
        self.assertEqual(self.school.count("allowed.test"), 0)
        self.assertGreaterEqual(self.default.count("allowed.test", "A"), 1)

    def test_a_missing_zone_name_is_nxdomain_with_the_zone_servers_soa(self):
        out = dc.dig(self.rojad.server, "nothing.school.local", "A")
        self.assertEqual(out.status, "NXDOMAIN", out.text)
        self.assertEqual([r[0].lower() for r in out.records("AUTHORITY", "SOA")],
                         ["school.local."], out.text)

    def test_the_longest_zone_wins(self):
        out = dc.dig(self.rojad.server, "pc1.guest.school.local", "A")
        # The default NSD serves the test root: its NXDOMAIN carries the root's SOA.
        self.assertEqual(out.status, "NXDOMAIN", out.text)
        self.assertEqual([r[0] for r in out.records("AUTHORITY", "SOA")], ["."], out.text)
        self.assertEqual(self.default.count("pc1.guest.school.local"), 1)
        self.assertEqual(self.school.count("pc1.guest.school.local"), 0)

    def test_a_zone_with_cache_false_is_asked_every_time(self):
        for _ in range(3):
            dc.query(self.rojad.server, "pc2.guest.school.local", "A")
        self.assertEqual(self.default.count("pc2.guest.school.local", "A"), 3)

    def test_a_cached_zone_answers_the_second_query_from_the_cache(self):
        for _ in range(3):
            dc.query(self.rojad.server, "intranet.school.local", "A")
        self.assertEqual(self.school.count("intranet.school.local", "A"), 1)

    def test_the_policy_decides_first_a_listed_zone_name_is_never_forwarded(self):
        r = dc.query(self.rojad.server, "blocked.school.local", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4})
        self.assertEqual(self.school.count("blocked.school.local"), 0)
        self.assertEqual(self.default.count("blocked.school.local"), 0)

    def test_private_ptr_queries_are_answered_here_and_never_forwarded(self):
        for qname, zone in (("80.0.0.10.in-addr.arpa", "10.in-addr.arpa"),
                            ("1.1.168.192.in-addr.arpa", "168.192.in-addr.arpa"),
                            ("9.0.20.172.in-addr.arpa", "20.172.in-addr.arpa"),
                            ("1.0.64.100.in-addr.arpa", "64.100.in-addr.arpa"),
                            ("1.0.0.127.in-addr.arpa", "127.in-addr.arpa")):
            with self.subTest(qname=qname):
                for client in (dc.dig, dc.kdig):
                    out = client(self.rojad.server, qname, "PTR")
                    self.assertEqual(out.status, "NXDOMAIN", out.text)
                    self.assertEqual([r[0].lower() for r in out.records("AUTHORITY", "SOA")],
                                     [zone + "."], out.text)
                    self.assertIn("nobody.invalid.", out.records("AUTHORITY", "SOA")[0][4],
                                  out.text)
                self.assertEqual(self.default.count(qname), 0)
                self.assertEqual(self.school.count(qname), 0)

    def test_a_private_ipv6_ptr_is_answered_here_too(self):
        qname = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa"
        out = dc.dig(self.rojad.server, qname, "PTR")
        self.assertEqual(out.status, "NXDOMAIN", out.text)
        self.assertEqual(self.default.count(qname), 0)

    def test_the_apex_of_a_local_zone_has_its_soa_and_ns(self):
        soa = dc.dig(self.rojad.server, "168.192.in-addr.arpa", "SOA")
        self.assertEqual(soa.status, "NOERROR", soa.text)
        self.assertEqual(len(soa.records("ANSWER", "SOA")), 1, soa.text)
        ns = dc.dig(self.rojad.server, "168.192.in-addr.arpa", "NS")
        self.assertEqual(ns.rdata_set("ANSWER", "NS"),
                         {("168.192.in-addr.arpa.", "NS", "168.192.in-addr.arpa.")}, ns.text)
        nodata = dc.dig(self.rojad.server, "168.192.in-addr.arpa", "A")
        self.assertEqual(nodata.status, "NOERROR", nodata.text)
        self.assertEqual(nodata.records("ANSWER"), [], nodata.text)
        self.assertTrue(nodata.records("AUTHORITY", "SOA"), nodata.text)

    def test_a_forward_zone_for_10_in_addr_arpa_overrides_the_local_answer(self):
        out = dc.dig(self.rojad_reverse.server, "5.0.0.10.in-addr.arpa", "PTR")
        self.assertEqual(out.status, "NOERROR", out.text)
        self.assertEqual(out.rdata_set("ANSWER", "PTR"),
                         {("5.0.0.10.in-addr.arpa.", "PTR", "dc.school.local.")}, out.text)
        self.assertEqual(self.school.count("5.0.0.10.in-addr.arpa", "PTR"), 1)
        # Only 10/8 is forwarded: 192.168/16 is still answered here.
        other = dc.dig(self.rojad_reverse.server, "7.1.168.192.in-addr.arpa", "PTR")
        self.assertEqual(other.status, "NXDOMAIN", other.text)
        self.assertEqual(self.default.count("7.1.168.192.in-addr.arpa"), 0)
        self.assertEqual(self.school.count("7.1.168.192.in-addr.arpa"), 0)

    def test_metrics_count_the_local_zone_answers(self):
        before = mc.total(mc.samples(mc.scrape(self.admin)), "roja_answers_total",
                          result="local_zone")
        dc.query(self.rojad.server, "2.2.168.192.in-addr.arpa", "PTR")
        after = mc.total(mc.samples(mc.scrape(self.admin)), "roja_answers_total",
                         result="local_zone")
        self.assertEqual(after, before + 1)


if __name__ == "__main__":
    rh.main()
