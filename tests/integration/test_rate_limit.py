"""The per-client rate limit (rate_limit): one loopback client floods rojad far over its limit
while another queries normally. The flooder's over-limit UDP queries are dropped, and every
second one (slip: 2) gets an empty TC=1 answer; the normal client gets every answer; an exempt
prefix is never limited; with action: refuse the over-limit queries get REFUSED; /metrics counts
them by action, with no client label. No timing is asserted: the flood is sent as fast as this
machine can, and only "some were limited" and the counts' agreement are checked."""
import socket

import dns.flags
import dns.message

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

FLOOD = 600
BLOCKS = "flood.test\n"


def config(e, blocks, action, slip, exempt):
    return f"""access:
  allow: ["127.0.0.0/8"]
lists:
  - id: blocks
    path: {blocks}
rate_limit:
  qps: 20
  burst: 20
  action: {action}
  slip: {slip}
  exempt: ["{exempt}/32"]
admin:
  enabled: false
"""


def flood(server, source, count=FLOOD):
    """Sends `count` queries from one socket as fast as it can, then reads what came back:
    (answers by flags/rcode)."""
    wire = dc.make_query("flood.test", "A").to_wire()
    replies = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((source, 0))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        for _ in range(count):
            s.sendto(wire, server)
        s.settimeout(1.0)
        try:
            while True:
                data, _ = s.recvfrom(65535)
                replies.append(dns.message.from_wire(data, ignore_trailing=True))
        except socket.timeout:
            pass
    return replies


def is_truncated(reply):
    return bool(reply.flags & dns.flags.TC) and not reply.answer


class RateLimit(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        blocks = e.write("lists/blocks.txt", BLOCKS)
        cls.flooder = "127.0.3.1"
        cls.exempt = "127.0.3.2"
        cls.normal = "127.0.3.3"
        cls.admin = (e.ip, rh.free_port(e.ip))
        drop = e.write("drop.yaml", config(e, blocks, "drop", 2, cls.exempt))
        refuse = e.write("refuse.yaml", config(e, blocks, "refuse", 0, cls.exempt))
        # Blocked names only: no upstream is ever needed (one is given, and never asked).
        upstream = (e.ip, rh.free_port(e.ip))
        cls.rojad = rh.start_rojad([upstream], extra=[
            "--config", drop, "--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])
        cls.refusing = rh.start_rojad([upstream], extra=["--config", refuse],
                                      label="rojad-refuse")

    @classmethod
    def tearDownClass(cls):
        cls.rojad.stop()
        cls.refusing.stop()

    def metric(self, action):
        return mc.value(mc.samples(mc.scrape(self.admin)), "roja_rate_limited_total",
                        action=action)

    def test_a_flooder_is_limited_with_tc_for_every_second_and_the_counts_agree(self):
        dropped, truncated = self.metric("drop"), self.metric("truncate")
        replies = flood(self.rojad.server, self.flooder)
        answered = [r for r in replies if r.answer]
        tc = [r for r in replies if is_truncated(r)]
        self.assertGreaterEqual(len(answered), 20, "the burst is served")
        self.assertLess(len(answered), FLOOD, "some queries were over the limit")
        new_dropped = self.metric("drop") - dropped
        new_truncated = self.metric("truncate") - truncated
        self.assertEqual(new_truncated, len(tc))
        self.assertEqual(len(answered) + new_dropped + new_truncated, FLOOD)
        # slip 2: every second over-limit query is answered TC=1.
        self.assertLessEqual(abs(new_truncated - new_dropped), 1)
        self.assertEqual(self.metric("refuse"), 0)

    def test_a_normal_client_beside_the_flooder_gets_every_answer(self):
        for _ in range(3):
            flood(self.rojad.server, self.flooder, 100)
            r = dc.query(self.rojad.server, "flood.test", "A", source=self.normal)
            self.assertEqual(dc.rcode_text(r), "NOERROR")
            self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4})

    def test_an_exempt_prefix_is_never_limited(self):
        replies = flood(self.rojad.server, self.exempt, 300)
        self.assertEqual(len([r for r in replies if r.answer]), 300)

    def test_the_limited_client_gets_answers_again_once_its_bucket_refills(self):
        flood(self.rojad.server, self.flooder, 200)
        # flood() waits a second for replies: the bucket has refilled at 20 qps since. A TC=1
        # answer sends a genuine client to TCP, where the same bucket applies.
        out = dc.dig(self.rojad.server, "flood.test", "A", "+tcp", "-b", self.flooder)
        self.assertEqual(out.status, "NOERROR", out.text)

    def test_action_refuse_answers_refused_and_slip_0_never_truncates(self):
        replies = flood(self.refusing.server, self.flooder)
        refused = [r for r in replies if dc.rcode_text(r) == "REFUSED"]
        self.assertTrue(refused)
        self.assertFalse([r for r in replies if is_truncated(r)])
        self.assertEqual(len(replies), FLOOD, "refuse answers every query")

    def test_metrics_have_no_client_label(self):
        page = mc.scrape(self.admin)
        for line in page.splitlines():
            if line.startswith("roja_rate_limited_total"):
                self.assertNotIn("127.", line)
                self.assertNotIn("client", line)


if __name__ == "__main__":
    rh.main()
