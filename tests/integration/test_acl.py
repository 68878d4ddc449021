"""Access control: a client outside --allow gets REFUSED (UDP and TCP); allowed clients, by address
or by prefix, are answered; without --allow any loopback client is answered."""
import roja_harness as rh
from roja_harness import dc

ALLOWED_PREFIX = "127.0.2.0/24"
PREFIX_CLIENT = "127.0.2.7"


class Acl(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.strict = rh.start_rojad([cls.nsd.server], allow=[f"{e.ip}/32", ALLOWED_PREFIX],
                                    label="rojad-strict")
        cls.default = rh.start_rojad([cls.nsd.server], label="rojad-default")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.strict.stop()
            cls.default.stop()
        finally:
            cls.nsd.stop()

    def test_the_client_addresses_are_usable_against_nsd(self):
        for source in (self.env.ip, self.env.other_ip, PREFIX_CLIENT):
            with self.subTest(source=source):
                r = dc.query(self.nsd.server, "acl.test", "A", source=source)
                self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.6"})

    def test_an_allowed_client_is_answered(self):
        for source in (self.env.ip, PREFIX_CLIENT):
            for tcp in (False, True):
                with self.subTest(source=source, tcp=tcp):
                    r = dc.query(self.strict.server, "acl.test", "A", source=source, tcp=tcp)
                    self.assertEqual(dc.rcode_text(r), "NOERROR")
                    self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.6"})

    def test_a_client_outside_the_allow_list_is_refused(self):
        for tcp in (False, True):
            for qname, qtype in (("acl.test", "A"), ("missing.test", "A"), ("allowed.test", "TXT")):
                with self.subTest(tcp=tcp, qname=qname):
                    r = dc.query(self.strict.server, qname, qtype, source=self.env.other_ip, tcp=tcp)
                    self.assertEqual(dc.rcode_text(r), "REFUSED")
                    self.assertEqual(r.answer, [], "a refused client learns nothing")

    def test_without_allow_any_loopback_client_is_answered(self):
        for source in (self.env.ip, self.env.other_ip):
            with self.subTest(source=source):
                r = dc.query(self.default.server, "acl.test", "A", source=source)
                self.assertEqual(dc.rcode_text(r), "NOERROR")


if __name__ == "__main__":
    rh.main()
