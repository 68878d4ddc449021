"""Policy from a YAML config: per-list actions and reason classes (EDE 16 Censored for an
authority's order, 15 Blocked for operator policy, 17 Filtered for a category), allowlists that
override blocks of their own scope only, groups that enable different lists, and
`rojad --check-config` on good and bad files."""
import subprocess

import dns.edns
import dns.message

import roja_harness as rh
from roja_harness import dc

ORDERS_CSV = """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
akep-1,domain,order.test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,
akep-2,domain,www.allowed.test,AKEP,124/2025,2025-03-02,Ligji 54/2024 neni 12,gambling,2025-03-02,
"""
CATEGORY = "allowed.test\ncasino.test\n"
OPERATOR = "operator.test\n"
ALLOW = "allowed.test\nwww.allowed.test\n"

WARNING = "warning"  # stands for the harness's warning address (it passes --warning-address)
# (qname, client is staff?, expected rcode, expected A or None, expected EDE code or None)
CASES = [
    ("order.test", False, "NOERROR", WARNING, 16),
    ("sub.order.test", False, "NOERROR", WARNING, 16),
    ("casino.test", False, "NXDOMAIN", None, 17),
    ("operator.test", False, "REFUSED", None, 15),
    ("allowed.test", False, "NOERROR", "198.51.100.1", None),     # allowlist beats the category
    ("www.allowed.test", False, "NOERROR", WARNING, 16),     # ...but never an authority order
    ("casino.test", True, "NXDOMAIN", None, None),                # staff: no category list
    ("order.test", True, "NOERROR", WARNING, 16),            # staff: orders still apply
    ("operator.test", True, "NXDOMAIN", None, None),              # staff: not blocked, unknown upstream
]


class Policy(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        paths = {name: e.write(f"lists/{name}", text) for name, text in
                 [("orders.csv", ORDERS_CSV), ("category.txt", CATEGORY), ("operator.txt", OPERATOR),
                  ("allow.txt", ALLOW)]}
        cls.config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
blocking:
  organisation: "Test ISP"
  contact: "mailto:abuse@isp.example"
  language: sq
lists:
  - id: orders
    path: {paths['orders.csv']}
    format: csv
    action: redirect
    reason: censored
    authority: AKEP
  - id: category
    path: {paths['category.txt']}
    action: nxdomain
    reason: filtered
  - id: operator
    path: {paths['operator.txt']}
    action: refuse
    reason: blocked
  - id: allow
    path: {paths['allow.txt']}
    reason: filtered
    allowlist: true
groups:
  - name: staff
    prefixes: ["{e.other_ip}/32"]
    lists: [orders]
  - name: default
    lists: [orders, category, operator, allow]
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", cls.config])

    def test_each_list_answers_with_its_action_and_reason(self):
        for qname, staff, rcode, address, ede in CASES:
            with self.subTest(qname=qname, staff=staff):
                source = self.env.other_ip if staff else self.env.ip
                r = dc.query(self.rojad.server, qname, "A", source=source)
                self.assertEqual(dc.rcode_text(r), rcode)
                if address:
                    expected = self.env.warning_v4 if address == WARNING else address
                    self.assertEqual(dc.answer_rdata(r, "A"), {expected})
                codes = [x.code for x in dc.ede_options(r)]
                self.assertEqual(codes, [ede] if ede else [])

    def test_the_ede_text_names_the_authority_and_decision(self):
        r = dc.query(self.rojad.server, "order.test", "A", source=self.env.ip)
        self.assertEqual(dc.ede_options(r)[0].text, "AKEP 123/2025")

    def test_a_client_asking_for_structured_errors_gets_json(self):
        q = dns.message.make_query("order.test", "A", use_edns=0,
                                   options=[dns.edns.GenericOption(15, b"\x00\x00")])
        r = dc.query(self.rojad.server, None, message=q, source=self.env.ip)
        text = dc.ede_options(r)[0].text
        self.assertIn('"j":"AKEP 123/2025, Ligji 54/2024 neni 12"', text)
        self.assertIn('"o":"Test ISP"', text)
        self.assertIn('"c":["mailto:abuse@isp.example"]', text)
        self.assertIn('"l":"sq"', text)

    def test_check_config_accepts_the_config_and_names_every_problem_of_a_bad_one(self):
        ok = subprocess.run([self.rojad.cmd[0], "--check-config", self.config], capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        bad = self.env.write("bad.yaml", "server:\n  threads: many\nlists:\n  - id: x\n    path: /nonexistent\n"
                                         "    action: explode\nunknown_key: 1\n")
        out = subprocess.run([self.rojad.cmd[0], "--check-config", bad], capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("bad.yaml:2:", out.stderr)   # threads, with line and column
        self.assertIn("bad.yaml:6:", out.stderr)   # the action
        self.assertIn("unknown_key", out.stderr)


if __name__ == "__main__":
    rh.main()
