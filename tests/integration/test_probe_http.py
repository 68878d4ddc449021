"""`rojactl probe --http`: URL entries probed as a browser reaches them — the host through the
resolver, then a GET for the listed path at the address it gave. A rojad with its HTTP filter
answers 451 (blocked); a resolver that filters nothing (NSD itself) leads to the real origin
(Python's http.server on loopback), whose answer is a miss naming the entry. Loopback only.
"""
import json
import os
import subprocess
import time

import roja_harness as rh
from feed_fixtures import Publisher, rojactl

FEED = "akep-al"
URLS = [("url", "news.test/banned-article"), ("url", "news.test/also/banned")]


def probe(*args):
    cmd = [os.environ["ROJACTL"], "probe", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class ProbeHttp(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.origin_ip, cls.filter_ip = f"127.0.3.{e.octet}", f"127.0.4.{e.octet}"
        cls.port = rh.free_port(cls.origin_ip)  # the filter forwards to the port it was reached on
        with open(os.path.join(rh.ZONES, "root.zone")) as f:
            zone = e.write("zone/probe.zone", f.read() + f"\nnews.test. A {cls.origin_ip}\n")
        cls.nsd = rh.Nsd(e, zonefile=zone).start()
        site = e.path("site")
        os.makedirs(site, exist_ok=True)
        cls.origin = rh.spawn(["/usr/bin/python3", "-m", "http.server", "--bind", cls.origin_ip,
                               "--directory", site, str(cls.port)], e.path("origin.log"))
        keys = e.path("keys")
        os.makedirs(keys, exist_ok=True)
        cls.key, cls.pub = os.path.join(keys, "akep.key"), os.path.join(keys, "akep.pub")
        rojactl("feed", "keygen", "--public", cls.pub, "--secret", cls.key)
        cls.source = e.path("feed", FEED)
        Publisher(cls.source, FEED, cls.key).publish(3, {"paths": URLS}, csv_lists=("paths",))
        config = e.write("roja.yaml", f"""
access: {{allow: ["127.0.0.0/8"]}}
admin: {{enabled: false}}
feeds:
  - {{id: {FEED}, source: "{cls.source}", keys: ["{cls.pub}"]}}
http_filter:
  enabled: true
  addresses: ["{cls.filter_ip}"]
  http_ports: [{cls.port}]
  https_ports: [{rh.free_port(cls.origin_ip)}]
groups:
  - {{name: default, lists: [{FEED}], url_filter: true}}
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and cls.filter_ip not in str(
                rh.dc.try_query(cls.rojad.server, "news.test", "A", timeout=1.0)):
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        rh.terminate(cls.origin)
        super().tearDownClass()

    def run_probe(self, resolver, out, *extra):
        return probe("--resolver", f"{resolver[0]}:{resolver[1]}", "--feed", self.source,
                     "--key", self.pub, "--out", out, "--http", "--http-port", self.port, *extra)

    def test_rojads_http_filter_answers_451_for_every_listed_path(self):
        out = self.env.path("rojad-report.json")
        p = self.run_probe(self.rojad.server, out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("and 2 of 2 URLs", p.stdout)
        with open(out) as f:
            report = json.load(f)
        urls = [r for r in report["results"] if r["type"] == "url"]
        self.assertEqual(sorted(r["name"] for r in urls), sorted(v for _, v in URLS))
        for r in urls:
            self.assertEqual(r["verdict"], "blocked")
            self.assertEqual(r["how"], f"http 451 at {self.filter_ip}")
        self.assertEqual(report["not_probed"]["url"], 0)
        self.assertEqual(report["sample"]["urls"], 2)

    def test_a_resolver_without_a_filter_leads_to_the_origin_and_each_url_is_a_miss(self):
        out = self.env.path("nsd-report.json")
        p = self.run_probe(self.nsd.server, out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        with open(out) as f:
            report = json.load(f)
        self.assertEqual(sorted(m["name"] for m in report["misses"]), sorted(v for _, v in URLS))
        for miss in report["misses"]:
            self.assertEqual(miss["type"], "url")
            self.assertEqual(miss["how"], f"http 404 at {self.origin_ip}")  # the real origin

    def test_without_http_urls_are_not_probed_but_counted(self):
        out = self.env.path("dns-only.json")
        p = probe("--resolver", f"{self.rojad.server[0]}:{self.rojad.server[1]}", "--feed",
                  self.source, "--key", self.pub, "--out", out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(out) as f:
            self.assertEqual(json.load(f)["not_probed"]["url"], 2)


if __name__ == "__main__":
    rh.main()
