"""The admin API with bearer tokens: the auth matrix on every route (no token, a wrong one, each
role), and each route's answer: status, lists, audit pages (never skipping or repeating a record,
the chain holding over the exact lines), hits by entry/decision/day in JSON and CSV, the
confirmation of a signed feed version (applied entries and the one the never-block guard
rejected), the self-test, and reload (admin only)."""
import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import time

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

ADMIN_TOKEN = "admin-token-3f9a"
REGULATOR_TOKEN = "regulator-token-77c1"
FEED = "akep-al"
ORDERS = ("id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires\n"
          "A-1,domain,csv-listed.test,AKEP,D-7/2026,2026-01-01,Law 54/2024,gambling,2026-01-01,\n"
          "A-2,domain,listed.test,AKEP,D-7/2026,2026-01-01,Law 54/2024,gambling,2026-01-01,\n"
          "A-3,domain,allowed.test,AKEP,D-8/2026,2026-01-01,Law 54/2024,gambling,2026-01-01,\n")


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def rojactl(*args):
    p = subprocess.run([os.environ["ROJACTL"], *args], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"rojactl {' '.join(args)}: {p.stdout}{p.stderr}")
    return p.stdout


class Api(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        d = e.path("feedsrc")
        os.makedirs(d)
        e.write("feedsrc/orders.csv", ORDERS)
        rojactl("feed", "keygen", "--public", f"{d}/feed.pub", "--secret", f"{d}/feed.key")
        rojactl("feed", "build", f"{d}/{FEED}", "--feed", FEED, "--list", f"orders:csv:AKEP:{d}/orders.csv")
        rojactl("feed", "sign", f"{d}/{FEED}", "--secret", f"{d}/feed.key")
        cls.serial = json.load(open(f"{d}/{FEED}/manifest.json"))["serial"]
        never = e.write("never.txt", "allowed.test\n")
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.state = e.path("state")
        config = e.write("roja.yaml", f"""state_dir: {cls.state}
stats:
  flush_interval: 1s
never_block: [{never}]
admin:
  listen: "{cls.admin[0]}:{cls.admin[1]}"
  tokens:
    - {{name: ops, role: admin, sha256: {sha(ADMIN_TOKEN)}}}
    - {{name: akep, role: regulator, sha256: {sha(REGULATOR_TOKEN)}}}
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], threads=2,
                                   extra=["--config", config, "--feed", f"{FEED}={d}/{FEED}",
                                          "--feed-key", f"{d}/feed.pub"])
        cls.wait_for_feed()

    @classmethod
    def wait_for_feed(cls):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, body = mc.api_json(cls.admin, "GET", "/api/v1/status", ADMIN_TOKEN)
            if status == 200 and body["feeds"] and body["feeds"][0].get("serial") == cls.serial:
                return
            time.sleep(0.1)
        raise AssertionError(f"the feed was never applied: {rh.tail(cls.rojad.stderr)}")

    def routes(self):
        return [("GET", "/metrics"), ("GET", "/api/v1/status"), ("GET", "/api/v1/lists"),
                ("GET", "/api/v1/audit?after=0"), ("GET", "/api/v1/hits?by=entry"),
                ("GET", f"/api/v1/confirmation?feed={FEED}&serial={self.serial}"),
                ("GET", "/api/v1/why?name=listed.test"), ("GET", "/report"), ("POST", "/api/v1/selftest"),
                ("POST", "/api/v1/reload"), ("GET", "/api/v1/client-log")]

    def test_auth_matrix_on_every_route(self):
        for method, path in self.routes():
            is_open = path == "/metrics"
            admin_only = path in ("/api/v1/reload", "/api/v1/client-log")
            # This rojad keeps no per-client log: its route answers 503, but only to an admin.
            admin_answer = 503 if path == "/api/v1/client-log" else 200
            cases = [(None, 200 if is_open else 401), ("wrong-token", 200 if is_open else 401),
                     (REGULATOR_TOKEN, 403 if admin_only else 200), (ADMIN_TOKEN, admin_answer)]
            for token, want in cases:
                with self.subTest(method=method, path=path, token=token):
                    status, headers, body = mc.http(self.admin, method, path, token)
                    self.assertEqual(status, want, body[:300])
                    if want == 401:
                        self.assertEqual(headers.get("WWW-Authenticate"), 'Bearer realm="roja"')

    def test_status_and_lists_name_the_feed_version_in_force(self):
        _, status = mc.api_json(self.admin, "GET", "/api/v1/status", REGULATOR_TOKEN)
        self.assertFalse(status["degraded"])
        self.assertEqual(status["feeds"][0]["feed"], FEED)
        _, lists = mc.api_json(self.admin, "GET", "/api/v1/lists", REGULATOR_TOKEN)
        orders = [entry for entry in lists["lists"] if entry["id"] == f"{FEED}/orders"]
        self.assertEqual(len(orders), 1)
        self.assertEqual(orders[0]["serial"], self.serial)
        self.assertEqual(orders[0]["authority"], "AKEP")
        self.assertEqual(orders[0]["entries"], 3)
        self.assertEqual(orders[0]["never_blocked"], 1)

    def test_audit_pages_never_skip_or_repeat_and_the_lines_chain(self):
        _, everything = mc.api_json(self.admin, "GET", "/api/v1/audit?after=0&limit=10000", REGULATOR_TOKEN)
        total = len(everything["records"])
        self.assertGreaterEqual(total, 2)  # daemon_started, feed_applied, ...
        seqs, after = [], 0
        while True:
            _, page = mc.api_json(self.admin, "GET", f"/api/v1/audit?after={after}&limit=2", REGULATOR_TOKEN)
            seqs += [r["seq"] for r in page["records"]]
            after = page["last_seq"]
            if not page["more"]:
                break
        self.assertEqual(seqs[:total], list(range(1, total + 1)))
        status, _, lines = mc.http(self.admin, "GET", "/api/v1/audit?after=0&format=jsonl", REGULATOR_TOKEN)
        self.assertEqual(status, 200)
        prev = "0" * 64
        for line in lines.decode().splitlines():
            self.assertEqual(json.loads(line)["prev"], prev)
            prev = hashlib.sha256(line.encode()).hexdigest()
        self.assertEqual(mc.http(self.admin, "GET", "/api/v1/audit?after=x", ADMIN_TOKEN)[0], 400)

    def wait_for_flushes_to_settle(self):
        """Until two reads a flush interval apart agree (earlier queries all written)."""
        last = None
        for _ in range(20):
            now = self.hit_counts()
            if now == last:
                return
            last = now
            time.sleep(1.2)

    def hits_rows(self, query):
        _, body = mc.api_json(self.admin, "GET", f"/api/v1/hits?{query}", REGULATOR_TOKEN)
        return body["rows"]

    def hit_counts(self):
        return {row["entry"]: row["hits"] for row in self.hits_rows("by=entry")}

    def test_hits_count_the_blocked_queries_by_entry_decision_and_day(self):
        # Other tests' queries (the self-test's too) count as well: compare before and after.
        self.wait_for_flushes_to_settle()
        before = self.hit_counts()
        decisions_before = {row["decision"]: row["hits"] for row in self.hits_rows("by=decision&authority=AKEP")}
        for _ in range(5):
            dc.query(self.rojad.server, "csv-listed.test", "A")
        for _ in range(3):
            dc.query(self.rojad.server, "www.listed.test", "AAAA")
        want = {"A-1": before.get("A-1", 0) + 5, "A-2": before.get("A-2", 0) + 3}
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(self.hit_counts().get(k, 0) < v for k, v in want.items()):
            time.sleep(0.2)
        time.sleep(1.5)  # one more flush interval: nothing beyond the queries sent may arrive
        after = self.hit_counts()
        self.assertEqual({k: after.get(k, 0) for k in want}, want)
        by_entry = {row["entry"]: row for row in self.hits_rows("by=entry")}
        self.assertEqual(by_entry["A-1"]["authority"], "AKEP")
        self.assertEqual(by_entry["A-1"]["decision"], "D-7/2026")
        decisions = {row["decision"]: row for row in self.hits_rows("by=decision&authority=AKEP")}
        self.assertEqual(decisions["D-7/2026"]["hits"], decisions_before.get("D-7/2026", 0) + 8)
        self.assertEqual(decisions["D-7/2026"]["entries"], 2)
        days = {row["entry"]: row for row in self.hits_rows("by=day")}
        self.assertEqual(days["A-1"]["clients_estimate"], 1)  # one client address, counted once
        self.assertNotIn("clients_sketch", days["A-1"])
        # For the regulator's hub: the day's HyperLogLog registers, mergeable across nodes. One
        # client is one sparse register update ('S' + 2 bytes): a rank and an index of a keyed
        # hash, no address.
        sketches = {row["entry"]: row for row in self.hits_rows("by=day&sketches=1")}
        sketch = base64.b64decode(sketches["A-1"]["clients_sketch"])
        self.assertEqual((sketch[:1], len(sketch)), (b"S", 3))
        status, headers, body = mc.http(self.admin, "GET", "/api/v1/hits?by=entry&format=csv", REGULATOR_TOKEN)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(body.decode())))
        self.assertEqual({r["entry"]: int(r["hits"]) for r in rows}["A-1"], want["A-1"])
        self.assertEqual(mc.http(self.admin, "GET", "/api/v1/hits?by=month", REGULATOR_TOKEN)[0], 400)
        self.assertEqual(self.hits_rows("by=entry&list=nothing"), [])

    def test_confirmation_says_what_was_applied_when_and_what_not_and_why(self):
        _, c = mc.api_json(self.admin, "GET", f"/api/v1/confirmation?feed={FEED}&serial={self.serial}",
                           REGULATOR_TOKEN)
        self.assertEqual(c["status"], "applied")
        self.assertTrue(c["applied_at"].endswith("Z"))
        self.assertGreaterEqual(c["seconds_issued_to_applied"], 0)
        self.assertEqual(c["rejected_entries_total"], 1)
        self.assertTrue(c["entries_available"])
        _, _, body = mc.http(self.admin, "GET", f"/api/v1/confirmation?feed={FEED}&serial={self.serial}&format=csv",
                             REGULATOR_TOKEN)
        rows = {r["entry"]: r for r in csv.DictReader(io.StringIO(body.decode()))}
        self.assertEqual(set(rows), {"A-1", "A-2", "A-3"})
        self.assertEqual(rows["A-1"]["status"], "applied")
        self.assertEqual(rows["A-1"]["applied_at"], c["applied_at"])
        self.assertEqual(rows["A-3"]["status"], "not_applied")
        self.assertIn("never-block", rows["A-3"]["reason"])
        status, _ = mc.api_json(self.admin, "GET", f"/api/v1/confirmation?feed={FEED}&serial={self.serial + 5}",
                                REGULATOR_TOKEN)
        self.assertEqual(status, 404)

    def test_selftest_finds_every_listed_name_blocked(self):
        status, report = mc.api_json(self.admin, "POST", "/api/v1/selftest", REGULATOR_TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual(report["misses"], [])
        self.assertTrue(report["ok"])
        self.assertEqual(report["checked"], 2)  # A-3 was never applied

    def test_reload_by_an_admin_is_applied_and_counted(self):
        before = mc.total(mc.samples(mc.scrape(self.admin)), "roja_reloads_total", result="ok")
        status, body = mc.api_json(self.admin, "POST", "/api/v1/reload", ADMIN_TOKEN)
        self.assertEqual(status, 200, body)
        self.assertTrue(body["reloaded"])
        after = mc.total(mc.samples(mc.scrape(self.admin)), "roja_reloads_total", result="ok")
        self.assertEqual(after - before, 1)

    def test_report_page_is_self_contained_and_chromium_renders_it(self):
        for _ in range(3):
            dc.query(self.rojad.server, "csv-listed.test", "A")
        status, headers, body = mc.http(self.admin, "GET", "/report", REGULATOR_TOKEN)
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        page = body.decode()
        self.assertIn("<svg", page)
        self.assertNotIn("<script", page)
        self.assertNotIn("http://", page)  # nothing loaded from elsewhere
        self.assertIn(f"#{self.serial}", page)  # the feed timeline
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium is not installed (scripts/install-deps.sh test)")
        html = self.env.write("report.html", page)
        # The screenshot is kept beside the build for people to look at.
        out_dir = os.environ.get("ROJA_BUILD_DIR", self.env.dir)
        png = os.path.join(out_dir, "report-screenshot.png")
        if os.path.exists(png):
            os.remove(png)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={self.env.path('chromium')}", "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--window-size=900,1400", f"--screenshot={png}", f"file://{html}"],
                       capture_output=True, timeout=120)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 10_000)

    # rojactl status, why, hits, confirmation and audit pull against the same rojad.
    def ctl(self, *args, token=REGULATOR_TOKEN):
        token_file = self.env.write("token", token)
        api = ["--api", f"http://{self.admin[0]}:{self.admin[1]}", "--token-file", token_file]
        return subprocess.run([os.environ["ROJACTL"], *args, *api], capture_output=True, text=True, timeout=60)

    def test_rojactl_status_why_hits_and_confirmation(self):
        status = self.ctl("status")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("version", json.loads(status.stdout))
        why = json.loads(self.ctl("why", "WWW.csv-listed.test.", "--client", "127.0.0.1").stdout)
        self.assertEqual((why["verdict"], why["list"], why["entry"], why["authority"], why["decision"]),
                         ("blocked", f"{FEED}/orders", "A-1", "AKEP", "D-7/2026"))
        self.assertEqual(why["labels_removed"], 1)
        self.assertEqual(json.loads(self.ctl("why", "notlisted.test").stdout)["verdict"], "pass")
        hits = self.ctl("hits", "--by", "decision", "--authority", "AKEP", "--csv")
        self.assertEqual(hits.returncode, 0, hits.stderr)
        self.assertEqual(next(csv.reader(io.StringIO(hits.stdout))), ["authority", "decision", "entries", "hits"])
        conf = self.ctl("confirmation", "--feed", FEED, "--serial", str(self.serial), "--csv")
        self.assertEqual(len(list(csv.DictReader(io.StringIO(conf.stdout)))), 3)
        denied = self.ctl("status", token="nope")
        self.assertEqual(denied.returncode, 1)
        self.assertIn("401", denied.stderr)

    def test_rojactl_audit_pull_continues_a_copy_and_it_verifies(self):
        copy = self.env.path("pulled.jsonl")
        first = self.ctl("audit", "pull", "--out", copy)
        self.assertEqual(first.returncode, 0, first.stderr)
        with open(copy) as f:
            pulled = [json.loads(line)["seq"] for line in f]
        self.assertEqual(pulled, list(range(1, len(pulled) + 1)))
        mc.api_json(self.admin, "POST", "/api/v1/reload", ADMIN_TOKEN)  # one more record
        again = self.ctl("audit", "pull", "--out", copy)
        self.assertEqual(again.returncode, 0, again.stderr)
        with open(copy) as f:
            seqs = [json.loads(line)["seq"] for line in f]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))
        self.assertGreater(len(seqs), len(pulled))
        verify = subprocess.run([os.environ["ROJACTL"], "audit", "verify", copy], capture_output=True, text=True, timeout=60)
        self.assertEqual(verify.returncode, 0, verify.stderr)


if __name__ == "__main__":
    rh.main()
