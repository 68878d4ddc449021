"""Prometheus /metrics on the admin listener: promtool accepts the page, and the counts follow
the queries sent (blocked by list and group, answers, query types, upstream tries) over two
workers, whatever worker each query lands on."""
import shutil
import time

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

BLOCKED = [("listed.test", "A"), ("www.listed.test", "A"), ("deep.listed.test", "AAAA"),
           ("listed.test", "TXT"), ("listed.test", "A"), ("www.listed.test", "MX"), ("listed.test", "AAAA")]
ALLOWED = [("allowed.test", "A"), ("www.allowed.test", "A"), ("allowed.test", "A")]


class Metrics(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.list_path = e.write("lists/metrics.txt", "listed.test\n")
        cls.nsd = rh.Nsd(e).start()
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.rojad = rh.start_rojad([cls.nsd.server], lists=[("plain", cls.list_path)], threads=2,
                                   extra=["--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])

    def test_promtool_accepts_the_page(self):
        self.assertIsNotNone(shutil.which("promtool"), "promtool missing: apt-get install prometheus")
        dc.query(self.rojad.server, "listed.test", "A")
        rc, output = mc.promtool_check(mc.scrape(self.admin))
        self.assertEqual(rc, 0, output)

    def test_every_family_of_the_issue_is_there(self):
        page = mc.scrape(self.admin)
        for family in ("roja_queries_total", "roja_queries_by_type_total", "roja_answers_total",
                       "roja_cache_hits_total", "roja_cache_misses_total", "roja_cache_stale_answers_total",
                       "roja_upstream_tries_total", "roja_upstream_latency_seconds", "roja_blocked_total",
                       "roja_blocked_by_group_total", "roja_reloads_total", "roja_dropped_total",
                       "roja_feed_serial", "roja_feed_age_seconds", "roja_feed_last_success_timestamp_seconds",
                       "roja_feed_last_failure_timestamp_seconds"):
            self.assertIn(f"# TYPE {family} ", page)

    def test_counts_follow_the_queries(self):
        before = mc.samples(mc.scrape(self.admin))
        for qname, qtype in BLOCKED + ALLOWED:
            dc.query(self.rojad.server, qname, qtype)
        after = mc.samples(mc.scrape(self.admin))

        def delta(name, **labels):
            return mc.total(after, name, **labels) - mc.total(before, name, **labels)

        self.assertEqual(delta("roja_queries_total", protocol="udp"), len(BLOCKED) + len(ALLOWED))
        self.assertEqual(delta("roja_answers_total", result="blocked"), len(BLOCKED))
        self.assertEqual(delta("roja_blocked_total", list="cli-list-1", authority="", reason="blocked"), len(BLOCKED))
        self.assertEqual(delta("roja_blocked_by_group_total", group="default"), len(BLOCKED))
        self.assertEqual(delta("roja_blocked_by_match_total", match="name"), len(BLOCKED))
        # Each worker has its own cache: a repeat may land on the other one.
        self.assertEqual(delta("roja_answers_total", result="cached") + delta("roja_answers_total", result="upstream"),
                         len(ALLOWED))
        self.assertGreaterEqual(delta("roja_upstream_tries_total", outcome="answered"),
                                delta("roja_answers_total", result="upstream"))
        self.assertEqual(delta("roja_queries_by_type_total", type="A"), 6)
        self.assertEqual(delta("roja_queries_by_type_total", type="AAAA"), 2)
        self.assertEqual(delta("roja_queries_by_type_total", type="TXT"), 1)
        self.assertEqual(delta("roja_queries_by_type_total", type="MX"), 1)
        self.assertEqual(delta("roja_upstream_latency_seconds_count"),
                         delta("roja_upstream_tries_total", outcome="answered") +
                         delta("roja_upstream_tries_total", outcome="error_rcode"))

    def test_tcp_and_malformed_packets_are_counted(self):
        before = mc.samples(mc.scrape(self.admin))
        dc.query(self.rojad.server, "listed.test", "A", tcp=True)
        dc.raw_udp(self.rojad.server, b"\x00\x01\x02", timeout=0.3)
        # A dropped packet has no answer to wait for: wait for its count instead.
        deadline = time.monotonic() + 10
        while True:
            after = mc.samples(mc.scrape(self.admin))
            if mc.total(after, "roja_dropped_total") > mc.total(before, "roja_dropped_total") or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(mc.total(after, "roja_queries_total", protocol="tcp") -
                         mc.total(before, "roja_queries_total", protocol="tcp"), 1)
        self.assertEqual(mc.total(after, "roja_dropped_total", reason="malformed") -
                         mc.total(before, "roja_dropped_total", reason="malformed"), 1)

    def test_the_api_needs_a_token_where_metrics_do_not(self):
        status, headers, _ = mc.http(self.admin, "GET", "/api/v1/status")
        self.assertEqual(status, 401)
        self.assertEqual(headers.get("WWW-Authenticate"), 'Bearer realm="roja"')


if __name__ == "__main__":
    rh.main()
