"""SafeSearch per client group: a group with safesearch gets a CNAME to the engine's safe
endpoint plus that endpoint's addresses; other groups get the real answer; other names under the
same domains are untouched."""
import roja_harness as rh
from roja_harness import dc

ROWS = [  # (name, safe endpoint, its address, the real address)
    ("www.google.com", "forcesafesearch.google.com", "198.51.100.202", "198.51.100.201"),
    ("www.youtube.com", "restrict.youtube.com", "198.51.100.204", "198.51.100.203"),
    ("www.bing.com", "strict.bing.com", "198.51.100.206", "198.51.100.205"),
]


class SafeSearch(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
groups:
  - name: students
    prefixes: ["{e.other_ip}/32"]
    lists: []
    safesearch: true
  - name: default
    lists: []
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def test_a_safesearch_group_gets_the_safe_endpoint(self):
        for name, endpoint, safe, _ in ROWS:
            for tcp in (False, True):
                with self.subTest(name=name, tcp=tcp):
                    r = dc.query(self.rojad.server, name, "A", source=self.env.other_ip, tcp=tcp)
                    self.assertEqual(dc.rcode_text(r), "NOERROR")
                    cnames = {str(rr.target).rstrip(".") for rrset in r.answer for rr in rrset
                              if rrset.rdtype == 5}
                    self.assertEqual(cnames, {endpoint})
                    self.assertEqual(dc.answer_rdata(r, "A"), {safe})

    def test_other_groups_get_the_real_answer(self):
        for name, _, _, real in ROWS:
            with self.subTest(name=name):
                r = dc.query(self.rojad.server, name, "A", source=self.env.ip)
                self.assertEqual(dc.answer_rdata(r, "A"), {real})
                self.assertFalse([rrset for rrset in r.answer if rrset.rdtype == 5])

    def test_a_safesearch_aaaa_without_endpoint_addresses_is_the_cname_alone(self):
        r = dc.query(self.rojad.server, "www.google.com", "AAAA", source=self.env.other_ip)
        self.assertEqual(dc.rcode_text(r), "NOERROR")
        self.assertEqual([rrset.rdtype for rrset in r.answer], [5])

    def test_other_names_under_the_engines_domains_are_untouched(self):
        r = dc.query(self.rojad.server, "mail.google.com", "A", source=self.env.other_ip)
        direct = dc.query(self.nsd.server, "mail.google.com", "A")
        self.assertEqual(dc.rcode_text(r), dc.rcode_text(direct))


if __name__ == "__main__":
    rh.main()
