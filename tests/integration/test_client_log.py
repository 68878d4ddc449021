"""The per-client log (stats.client_log, personal data): off by default, and then no
client-log.sqlite exists at all; on, every answered query of every client is one row (time,
client address, name, type, verdict with its list and entry, answer, group) in
<state>/client-log.sqlite after the flush at shutdown, /metrics counts the records written, and a
full buffer drops queries rather than growing."""
import os
import sqlite3
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
