"""Blocking through each list format given with --list FORMAT:PATH: listed names and their
subdomains get the warning addresses (TTL 60), other types NODATA with an SOA, EDE 15 for EDNS
clients only; siblings, parents and exceptions pass; listed names never reach the upstream."""
import dns.flags

import roja_harness as rh
from roja_harness import dc

LISTS = {
    "plain": ("plain-list.txt", """# plain: one name a line, the name and everything below it
listed.test
ads.sibling.test
xn--mnchen-3ya.test
münchen-idn.test
"""),
    "hosts": ("hosts-list.txt", """# hosts format
0.0.0.0 hosts-listed.test
"""),
    "adblock": ("adblock-list.txt", """! adblock format, with an exception
||adblock-listed.test^
@@||ok.adblock-listed.test^
"""),
    "rpz": ("rpz-list.zone", """$TTL 60
$ORIGIN rpz.local.
@ SOA localhost. root.localhost. 1 3600 600 86400 60
@ NS localhost.
rpz-listed.test CNAME .
*.rpz-listed.test CNAME .
"""),
    # Column names follow filter/list_entry.hpp's EntryFields (the CSV parser is the reference).
    "csv": ("csv-list.csv", """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
c1,domain,csv-listed.test,Test Authority,D-1,2024-01-01,Test Act s.1,test,2024-01-01,
c2,exact,exact-only.test,Test Authority,D-2,2024-01-01,Test Act s.1,test,2024-01-01,
c3,ip,198.51.100.66,Test Authority,D-3,2024-01-01,Test Act s.1,test,2024-01-01,
"""),
}

REDIRECT, NXDOMAIN, PASS = "redirect", "nxdomain", "pass"
# (qname, why, expected) for an A query
CASES = [
    ("listed.test", "plain: listed name", REDIRECT),
    ("www.listed.test", "plain: subdomain of a listed name", REDIRECT),
    ("deep.listed.test", "plain: deeper subdomain", REDIRECT),
    ("LiStEd.TeSt", "plain: 0x20 mixed case of a listed name", REDIRECT),
    ("listed.test.", "plain: trailing dot", REDIRECT),
    ("notlisted.test", "a name that only ends with the same characters", PASS),
    ("sibling.test", "the parent of a listed name", PASS),
    ("ads.sibling.test", "plain: listed name below an allowed parent", REDIRECT),
    ("www.sibling.test", "a sibling of a listed name", PASS),
    ("xn--mnchen-3ya.test", "plain: IDN listed as A-label", REDIRECT),
    ("xn--mnchen-idn-9db.test", "plain: IDN listed as U-label", REDIRECT),
    ("xn--bcher-kva.test", "an IDN that is not listed", PASS),
    ("hosts-listed.test", "hosts: listed name", REDIRECT),
    ("www.hosts-listed.test", "hosts: subdomain of a listed name", REDIRECT),
    ("adblock-listed.test", "adblock: ||name^", REDIRECT),
    ("ok.adblock-listed.test", "adblock: @@ exception wins", PASS),
    ("rpz-listed.test", "rpz: CNAME . is NXDOMAIN", NXDOMAIN),
    ("www.rpz-listed.test", "rpz: *.name CNAME . is NXDOMAIN", NXDOMAIN),
    ("csv-listed.test", "csv: domain entry", REDIRECT),
    ("exact-only.test", "csv: exact entry", REDIRECT),
    ("www.exact-only.test", "csv: below an exact entry", PASS),
    ("ipblocked.test", "csv: ip entry matches the upstream answer's address", REDIRECT),
    ("cname-to-listed.test", "a CNAME into a listed name", REDIRECT),
    ("chain-into-listed.test", "a CNAME chain ending in a listed name", REDIRECT),
    ("chain1.test", "a CNAME chain of allowed names", PASS),
    ("allowed.test", "an allowed name", PASS),
]
# Blocked by their own name, so rojad must answer without asking the upstream.
NEVER_FORWARDED = [q for q, why, exp in CASES
                   if exp != PASS and "CNAME" not in why and "ip entry" not in why]


class Blocking(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.lists = [(fmt, e.write(f"lists/{name}", text)) for fmt, (name, text) in LISTS.items()]
        cls.nsd = rh.Nsd(e).start()
        cls.recorder = rh.start_recorder(cls.nsd.server)
        cls.rojad = rh.start_rojad([cls.recorder.listen], lists=cls.lists)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.recorder.stop()
            cls.nsd.stop()

    def test_every_listed_name_exists_upstream(self):
        for qname, why, _ in CASES:
            with self.subTest(qname=qname, why=why):
                r = dc.query(self.nsd.server, qname, "A")
                self.assertEqual(dc.rcode_text(r), "NOERROR")
                self.assertTrue(dc.answer_rdata(r, "A"), "the zone has an address for it")

    def assert_answered_per_policy(self, r, qname, expected):
        if expected == NXDOMAIN:
            self.assertEqual(dc.rcode_text(r), "NXDOMAIN", r)
        elif expected == REDIRECT:
            self.assertEqual(dc.rcode_text(r), "NOERROR", r)
            self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4}, r)
            self.assertFalse(r.flags & dns.flags.AA, "a blocked answer never carries AA")
            for rrset in r.answer:
                if rrset.rdtype == dns.rdatatype.A:
                    self.assertEqual(rrset.ttl, 60)
        else:
            direct = dc.query(self.nsd.server, qname, "A")
            self.assertEqual(dc.rcode_text(r), "NOERROR", r)
            self.assertEqual(dc.answer_rdata(r, "A"), dc.answer_rdata(direct, "A"), r)

    def test_each_case_is_answered_per_policy_over_udp_and_tcp(self):
        for qname, why, expected in CASES:
            for tcp in (False, True):
                with self.subTest(qname=qname, why=why, tcp=tcp):
                    r = dc.query(self.rojad.server, qname, "A", tcp=tcp)
                    self.assert_answered_per_policy(r, qname, expected)

    def test_listed_names_never_reach_the_upstream(self):
        for qname in NEVER_FORWARDED:
            dc.query(self.rojad.server, qname, "A")
            dc.query(self.rojad.server, qname, "AAAA")
            dc.query(self.rojad.server, qname, "TXT")
        for qname in NEVER_FORWARDED:
            with self.subTest(qname=qname):
                self.assertEqual(self.recorder.count(qname), 0, "the upstream saw a listed name")

    def test_a_blocked_aaaa_gets_the_v6_warning_address(self):
        r = dc.query(self.rojad.server, "listed.test", "AAAA")
        self.assertEqual(dc.rcode_text(r), "NOERROR")
        self.assertEqual(dc.answer_rdata(r, "AAAA"), {self.env.warning_v6})
        self.assertEqual(r.answer[0].ttl, 60)

    def test_a_blocked_txt_is_nodata_with_an_soa(self):
        for qtype in ("TXT", "MX"):
            with self.subTest(qtype=qtype):
                r = dc.query(self.rojad.server, "www.listed.test", qtype)
                self.assertEqual(dc.rcode_text(r), "NOERROR")
                self.assertEqual(r.answer, [], "NODATA: no upstream TXT leaks through")
                self.assertTrue(dc.has_soa_in_authority(r))

    def test_ede_15_is_sent_to_edns_clients_only(self):
        r = dc.query(self.rojad.server, "listed.test", "A", edns=True)
        codes = [o.code for o in dc.ede_options(r)]
        self.assertIn(15, codes, "EDE 15 Blocked on a blocked answer")
        self.assertTrue(all(o.text for o in dc.ede_options(r) if o.code == 15),
                        "EXTRA-TEXT names the list")
        plain = dc.query(self.rojad.server, "listed.test", "A", edns=False)
        self.assertEqual(plain.edns, -1, "no OPT record to a client that sent none")
        allowed = dc.query(self.rojad.server, "allowed.test", "A", edns=True)
        self.assertNotIn(15, [o.code for o in dc.ede_options(allowed)])

    def test_ede_extra_text_of_a_csv_entry_names_its_authority(self):
        r = dc.query(self.rojad.server, "csv-listed.test", "A")
        texts = [o.text for o in dc.ede_options(r) if o.code == 15]
        self.assertTrue(texts, "EDE 15 present")
        self.assertIn("Test Authority", " ".join(texts))

    def test_command_line_clients_see_the_warning_address(self):
        want = {("listed.test.", "A", self.env.warning_v4)}
        for client in (dc.dig, dc.kdig, dc.drill):
            with self.subTest(client=client.__name__):
                out = client(self.rojad.server, "listed.test", "A")
                self.assertEqual(out.status, "NOERROR", out.text)
                self.assertEqual(out.rdata_set("ANSWER", "A"), want, out.text)


if __name__ == "__main__":
    rh.main()
