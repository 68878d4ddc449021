"""Local records (local_records): the network's own names answered by rojad itself, with dig
and kdig: A, AAAA, CNAME (followed through local names), PTR (generated for A/AAAA, or written),
TXT, MX, SRV and a hosts file, each with its TTL, AA clear, never seen upstream. The policy wins
over a local record unless it says override: true, and then the audit log has a record of it;
/api/v1/why shows "local"; a reload reads the hosts file again."""
import hashlib
import json
import os
import time

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

TOKEN = "local-records-token-51d2"
BLOCKS = "blocked-local.school.local\noverride.school.local\n"
HOSTS = """# the school's own machines
10.0.0.81   nas.school.local  files.school.local
fd00::81    nas.school.local
127.0.0.1   localhost
"""


def config(e, blocks, hosts, admin, state):
    return f"""state_dir: {state}
lists:
  - id: blocks
    path: {blocks}
admin:
  listen: "{admin[0]}:{admin[1]}"
  tokens:
    - {{name: ops, role: admin, sha256: {hashlib.sha256(TOKEN.encode()).hexdigest()}}}
local_records:
  ttl: 600
  hosts_files: [{hosts}]
  records:
    - {{name: intranet.school.local, type: A, value: 10.0.0.80}}
    - {{name: intranet.school.local, type: AAAA, value: "fd00::80"}}
    - {{name: www.school.local, type: CNAME, value: intranet.school.local}}
    - {{name: school.local, type: MX, value: "10 mail.school.local"}}
    - {{name: school.local, type: TXT, value: "v=spf1 -all"}}
    - {{name: _ldap._tcp.school.local, type: SRV, value: "0 100 389 dc.school.local"}}
    - {{name: printer.school.local, type: A, value: 10.0.0.90, ttl: 60}}
    - {{name: 99.0.0.10.in-addr.arpa, type: PTR, value: custom.school.local}}
    - {{name: blocked-local.school.local, type: A, value: 10.0.0.1}}
    - {{name: override.school.local, type: A, value: 10.0.0.2, override: true}}
"""


class LocalRecords(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.recorder = rh.start_recorder(cls.nsd.server)
        cls.hosts = e.write("hosts.local", HOSTS)
        blocks = e.write("lists/blocks.txt", BLOCKS)
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.state = e.path("state")
        path = e.write("roja.yaml", config(e, blocks, cls.hosts, cls.admin, cls.state))
        cls.rojad = rh.start_rojad([cls.recorder.listen], extra=["--config", path])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.recorder.stop()
            cls.nsd.stop()

    def answer(self, qname, qtype, client=dc.dig):
        out = client(self.rojad.server, qname, qtype)
        self.assertEqual(out.status, "NOERROR", out.text)
        self.assertNotIn("aa", out.flags, "a resolver's answer: AA clear\n" + out.text)
        self.assertIn("ra", out.flags, out.text)
        return out

    def test_each_type_is_answered_here_with_its_ttl_and_never_forwarded(self):
        rows = [
            ("intranet.school.local", "A", "10.0.0.80", 600),
            ("intranet.school.local", "AAAA", "fd00::80", 600),
            ("school.local", "MX", "10 mail.school.local.", 600),
            ("school.local", "TXT", '"v=spf1 -all"', 600),
            ("_ldap._tcp.school.local", "SRV", "0 100 389 dc.school.local.", 600),
            ("printer.school.local", "A", "10.0.0.90", 60),
            ("99.0.0.10.in-addr.arpa", "PTR", "custom.school.local.", 600),
        ]
        for qname, qtype, rdata, ttl in rows:
            for client in (dc.dig, dc.kdig):
                with self.subTest(qname=qname, qtype=qtype, client=client.__name__):
                    out = self.answer(qname, qtype, client)
                    self.assertEqual(out.records("ANSWER", qtype),
                                     [(qname + ".", ttl, "IN", qtype, rdata)], out.text)
        for qname, _, _, _ in rows:
            self.assertEqual(self.recorder.count(qname), 0, qname)

    def test_a_cname_is_followed_through_local_names(self):
        out = self.answer("www.school.local", "A")
        self.assertEqual(out.rdata_set("ANSWER"),
                         {("www.school.local.", "CNAME", "intranet.school.local."),
                          ("intranet.school.local.", "A", "10.0.0.80")}, out.text)

    def test_ptr_records_are_generated_for_a_and_aaaa(self):
        out = self.answer("80.0.0.10.in-addr.arpa", "PTR")
        self.assertEqual(out.rdata_set("ANSWER", "PTR"),
                         {("80.0.0.10.in-addr.arpa.", "PTR", "intranet.school.local.")}, out.text)
        v6 = "0.8.0.0." + "0." * 26 + "d.f.ip6.arpa"
        out = self.answer(v6, "PTR")
        self.assertEqual(out.rdata_set("ANSWER", "PTR"),
                         {(v6 + ".", "PTR", "intranet.school.local.")}, out.text)

    def test_the_hosts_file_adds_names_and_their_ptr(self):
        self.assertEqual(self.answer("nas.school.local", "A").rdata_set("ANSWER"),
                         {("nas.school.local.", "A", "10.0.0.81")})
        self.assertEqual(self.answer("files.school.local", "A").rdata_set("ANSWER"),
                         {("files.school.local.", "A", "10.0.0.81")})
        self.assertEqual(self.answer("nas.school.local", "AAAA").rdata_set("ANSWER"),
                         {("nas.school.local.", "AAAA", "fd00::81")})
        # The first name given for an address is its PTR, as in a hosts file.
        self.assertEqual(self.answer("81.0.0.10.in-addr.arpa", "PTR").rdata_set("ANSWER", "PTR"),
                         {("81.0.0.10.in-addr.arpa.", "PTR", "nas.school.local.")})

    def test_a_local_name_without_the_asked_type_is_nodata(self):
        out = self.answer("printer.school.local", "AAAA")
        self.assertEqual(out.records("ANSWER"), [], out.text)
        self.assertTrue(out.records("AUTHORITY", "SOA"), out.text)
        self.assertEqual(self.recorder.count("printer.school.local"), 0)

    def test_the_policy_wins_over_a_local_record_unless_it_overrides(self):
        blocked = dc.query(self.rojad.server, "blocked-local.school.local", "A")
        self.assertEqual(dc.answer_rdata(blocked, "A"), {self.env.warning_v4})
        override = dc.query(self.rojad.server, "override.school.local", "A")
        self.assertEqual(dc.answer_rdata(override, "A"), {"10.0.0.2"})

    def test_an_override_is_on_the_audit_record(self):
        records = []
        for name in os.listdir(self.state):
            if name.startswith("audit") and name.endswith(".jsonl"):
                with open(os.path.join(self.state, name)) as f:
                    records += [json.loads(line) for line in f if line.strip()]
        overrides = [r for r in records if r.get("type") == "local_record_override"]
        self.assertTrue(overrides, records)
        self.assertEqual({json.dumps(r, sort_keys=True).count("override.school.local")
                          for r in overrides}, {1})
        self.assertFalse([r for r in overrides if "blocked-local" in json.dumps(r)])

    def test_why_shows_local(self):
        status, body = mc.api_json(self.admin, "GET", "/api/v1/why?name=intranet.school.local",
                                   TOKEN)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["answer"], "local")
        status, body = mc.api_json(self.admin, "GET", "/api/v1/why?name=override.school.local",
                                   TOKEN)
        self.assertEqual((body["answer"], body["verdict"], body["local"]["override"]),
                         ("local", "blocked", True))
        status, body = mc.api_json(self.admin, "GET",
                                   "/api/v1/why?name=blocked-local.school.local", TOKEN)
        self.assertNotIn("answer", body)
        self.assertEqual(body["verdict"], "blocked")

    def test_metrics_count_local_answers(self):
        before = mc.total(mc.samples(mc.scrape(self.admin)), "roja_answers_total", result="local")
        dc.query(self.rojad.server, "intranet.school.local", "A")
        after = mc.total(mc.samples(mc.scrape(self.admin)), "roja_answers_total", result="local")
        self.assertEqual(after, before + 1)

    def test_zz_a_reload_reads_the_hosts_file_again(self):
        with open(self.hosts, "a") as f:
            f.write("10.0.0.82 new.school.local\n")
        self.rojad.sighup()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            r = dc.query(self.rojad.server, "new.school.local", "A")
            if dc.answer_rdata(r, "A") == {"10.0.0.82"}:
                break
            time.sleep(0.1)
        self.assertEqual(dc.answer_rdata(r, "A"), {"10.0.0.82"})


if __name__ == "__main__":
    rh.main()
