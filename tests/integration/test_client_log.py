"""The per-client log (stats.client_log, personal data): off by default, and then no
client-log.sqlite exists at all; on, every answered query of every client is one row (time,
client address, name, type, verdict with its list and entry, answer, group) in
<state>/client-log.sqlite after the flush at shutdown, /metrics counts the records written, and a
full buffer drops queries rather than growing. The admin API reads it for one client
(GET /api/v1/client-log, `rojactl client-log`): admin tokens only, a regulator's gets 403."""
import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import time

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

PLAIN = "listed.test\nads.sibling.test\n"
ADBLOCK = "||adblock-listed.test^\n@@||ok.adblock-listed.test^\n"


def start(e, nsd, label, stats, admin="admin:\n  enabled: false\n"):
    config = e.write(f"{label}.yaml", f"state_dir: {e.path(label)}\nstats:\n{stats}{admin}")
    plain = e.write("lists/plain.txt", PLAIN)
    adblock = e.write("lists/adblock.txt", ADBLOCK)
    return rh.Rojad(e, [nsd.server], lists=[("plain", plain), ("adblock", adblock)],
                    extra=["--config", config], label=label).start()


def rows(e, label):
    db = sqlite3.connect(e.path(label, "client-log.sqlite"))
    try:
        return db.execute("SELECT time_ms, client, name, type, verdict, answer, list, entry, grp "
                          "FROM queries ORDER BY time_ms, rowid").fetchall()
    finally:
        db.close()


ADMIN_TOKEN = "client-log-admin-51e2"
REGULATOR_TOKEN = "client-log-regulator-09ab"


def tokens():
    def sha(text):
        return hashlib.sha256(text.encode()).hexdigest()
    return (f"  tokens:\n    - {{name: ops, role: admin, sha256: {sha(ADMIN_TOKEN)}}}\n"
            f"    - {{name: akep, role: regulator, sha256: {sha(REGULATOR_TOKEN)}}}\n")


def written(admin):
    return mc.value(mc.samples(mc.scrape(admin)), "roja_client_log_records_total", outcome="written")


class ClientLog(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.nsd = rh.Nsd(rh.env()).start()

    @classmethod
    def tearDownClass(cls):
        cls.nsd.stop()

    def test_off_by_default_no_file_is_created(self):
        e = self.env
        rojad = start(e, self.nsd, "off", "  flush_interval: 1s\n")
        dc.query(rojad.server, "listed.test", "A")
        dc.query(rojad.server, "allowed.test", "A")
        rojad.stop()
        self.assertTrue(os.path.exists(e.path("off", "hits.sqlite")))
        self.assertEqual([f for f in os.listdir(e.path("off")) if f.startswith("client-log")], [])

    def test_every_query_of_each_client_is_one_row(self):
        e = self.env
        admin = (e.ip, rh.free_port(e.ip))
        rojad = start(e, self.nsd, "on", "  flush_interval: 1s\n  client_log: true\n  client_log_retention: 30d\n",
                      admin=f"admin:\n  listen: \"{admin[0]}:{admin[1]}\"\n")
        sent = [  # (source, name, type, verdict, answer, list, entry)
            (e.ip, "listed.test", "A", "blocked", "blocked", "cli-list-1", "cli-list-1:1"),
            (e.ip, "allowed.test", "A", "pass", "upstream", "", ""),
            (e.ip, "allowed.test", "A", "pass", "cached", "", ""),
            (e.other_ip, "ads.sibling.test", "AAAA", "blocked", "blocked", "cli-list-1", "cli-list-1:2"),
            (e.other_ip, "cname-to-listed.test", "A", "blocked", "blocked", "cli-list-1", "cli-list-1:1"),
            (e.other_ip, "ok.adblock-listed.test", "A", "allowed", "upstream", "cli-list-2", "cli-list-2:2"),
            (e.other_ip, "allowed.test", "MX", "pass", "upstream", "", ""),
        ]
        started_ms = int(time.time() * 1000)
        for source, name, qtype, *_ in sent:
            dc.query(rojad.server, name, qtype, source=source)
        # The flusher writes every second: /metrics counts the rows once they are in the file.
        # One more than sent: the harness's readiness probe is a query like any other.
        deadline = time.monotonic() + 10
        while written(admin) < len(sent) + 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        page = mc.samples(mc.scrape(admin))
        self.assertEqual(mc.value(page, "roja_client_log_records_total", outcome="written"), len(sent) + 1)
        self.assertEqual(mc.value(page, "roja_client_log_records_total", outcome="dropped"), 0)
        rojad.stop()
        probe, *got = rows(e, "on")
        self.assertEqual(probe[2:4], rh.PROBE)
        self.assertEqual([row[1:8] for row in got], [tuple(s) for s in sent])
        self.assertTrue(all(row[8] == "default" for row in got))
        self.assertTrue(all(started_ms - 1000 <= row[0] <= int(time.time() * 1000) for row in got))
        self.assertIn("client_log_on", rojad.log())

    def test_the_api_reads_one_clients_queries_for_admin_tokens_only(self):
        e = self.env
        admin = (e.ip, rh.free_port(e.ip))
        rojad = start(e, self.nsd, "api", "  flush_interval: 1s\n  client_log: true\n",
                      admin=f"admin:\n  listen: \"{admin[0]}:{admin[1]}\"\n{tokens()}")
        mine = [("listed.test", "A"), ("allowed.test", "A"), ("ads.sibling.test", "AAAA")]
        for name, qtype in mine:
            dc.query(rojad.server, name, qtype, source=e.other_ip)
        dc.query(rojad.server, "allowed.test", "MX", source=e.ip)
        deadline = time.monotonic() + 10
        while mc.value(mc.samples(mc.scrape(admin)), "roja_client_log_records_total",
                       outcome="written") < len(mine) + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        path = f"/api/v1/client-log?client={e.other_ip}"
        self.assertEqual(mc.http(admin, "GET", path)[0], 401)
        self.assertEqual(mc.http(admin, "GET", path, REGULATOR_TOKEN)[0], 403)
        status, body = mc.api_json(admin, "GET", path, ADMIN_TOKEN)
        self.assertEqual(status, 200, body)
        self.assertFalse(body["truncated"])
        self.assertEqual([(r["client"], r["name"], r["type"]) for r in body["rows"]],
                         [(e.other_ip, name, qtype) for name, qtype in mine])
        self.assertEqual((body["rows"][0]["verdict"], body["rows"][0]["answer"], body["rows"][0]["entry"]),
                         ("blocked", "blocked", "cli-list-1:1"))
        self.assertRegex(body["rows"][0]["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        status, page = mc.api_json(admin, "GET", path + "&limit=2", ADMIN_TOKEN)
        self.assertEqual((len(page["rows"]), page["truncated"]), (2, True))
        status, _, table = mc.http(admin, "GET", path + "&format=csv", ADMIN_TOKEN)
        parsed = list(csv.reader(io.StringIO(table.decode())))
        self.assertEqual(parsed[0], ["time", "client", "name", "type", "verdict", "answer", "list", "entry", "group"])
        self.assertEqual([row[2] for row in parsed[1:]], [name for name, _ in mine])
        for bad in ("client=not-an-address", "from=yesterday", "limit=0", "limit=10001"):
            self.assertEqual(mc.http(admin, "GET", f"/api/v1/client-log?{bad}", ADMIN_TOKEN)[0], 400, bad)
        out = subprocess.run([os.environ["ROJACTL"], "client-log", "--api", f"http://{admin[0]}:{admin[1]}",
                              "--client", e.other_ip], capture_output=True, text=True, timeout=30,
                             env=dict(os.environ, ROJA_TOKEN=ADMIN_TOKEN))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual([r["name"] for r in json.loads(out.stdout)["rows"]], [name for name, _ in mine])
        rojad.stop()

    def test_the_api_says_when_the_log_is_off(self):
        e = self.env
        admin = (e.ip, rh.free_port(e.ip))
        rojad = start(e, self.nsd, "api-off", "  flush_interval: 1s\n",
                      admin=f"admin:\n  listen: \"{admin[0]}:{admin[1]}\"\n{tokens()}")
        status, body = mc.api_json(admin, "GET", "/api/v1/client-log", ADMIN_TOKEN)
        self.assertEqual(status, 503)
        self.assertIn("stats.client_log", body["error"])
        self.assertEqual(mc.http(admin, "GET", "/api/v1/client-log", REGULATOR_TOKEN)[0], 403)
        rojad.stop()

    def test_a_full_buffer_drops_queries_instead_of_growing(self):
        e = self.env
        # One worker, room for 256 records, and no flush before shutdown (but at an hour's start).
        rojad = start(e, self.nsd, "full", "  flush_interval: 10m\n  client_log: true\n  client_log_buffer: 256\n")
        for _ in range(300):
            dc.query(rojad.server, "listed.test", "A")
        rojad.stop()
        count = len(rows(e, "full"))
        self.assertGreaterEqual(count, 256)
        self.assertLess(count, 300)


if __name__ == "__main__":
    rh.main()
