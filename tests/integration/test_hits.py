"""Hit statistics in SQLite: N blocked queries spread over several workers are exactly N hits
after the flush at shutdown, with no client address anywhere in the store; and 20 kill -9 at
random moments never corrupt the database (SQLite's integrity check) nor count a hit twice."""
import random
import signal
import sqlite3
import threading

import roja_harness as rh
from roja_harness import dc

BLOCKED = ["listed.test", "www.listed.test", "deep.listed.test", "ads.sibling.test"]
KILLS = 20


def start(e, nsd, label, threads=3):
    config = e.write(f"{label}.yaml", f"state_dir: {e.path('state')}\nstats:\n  flush_interval: 1s\nadmin:\n  enabled: false\n")
    lst = e.write("lists/hits.txt", "listed.test\nads.sibling.test\n")
    return rh.Rojad(e, [nsd.server], lists=[("plain", lst)], threads=threads,
                    extra=["--config", config], label=label).start()


def stored_hits(e):
    db = sqlite3.connect(e.path("state", "hits.sqlite"))
    try:
        return db.execute("SELECT COALESCE(SUM(count), 0) FROM hits").fetchone()[0]
    finally:
        db.close()


class Hits(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.nsd = rh.Nsd(rh.env()).start()

    @classmethod
    def tearDownClass(cls):
        cls.nsd.stop()

    def test_1_exact_counts_over_several_workers(self):
        e = self.env
        rojad = start(e, self.nsd, "exact")

        def client(n):
            for i in range(n):  # each query from a fresh source port: spread over the workers
                dc.query(rojad.server, BLOCKED[i % len(BLOCKED)], "A")

        threads = [threading.Thread(target=client, args=(150,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rojad.stop()  # the last flush happens at shutdown
        self.assertEqual(stored_hits(e), 600)
        db = sqlite3.connect(e.path("state", "hits.sqlite"))
        rows = db.execute("SELECT entry, list, grp, SUM(count) FROM hits GROUP BY entry ORDER BY entry").fetchall()
        sibling = 4 * sum(1 for i in range(150) if BLOCKED[i % len(BLOCKED)] == "ads.sibling.test")
        self.assertEqual(rows, [("cli-list-1:1", "cli-list-1", "default", 600 - sibling),
                                ("cli-list-1:2", "cli-list-1", "default", sibling)])
        self.assertEqual(db.execute("SELECT COUNT(*) FROM clients").fetchone()[0], 2)
        db.close()
        raw = open(e.path("state", "hits.sqlite"), "rb").read()
        self.assertNotIn(e.ip.encode(), raw)

    def test_2_kill_9_never_corrupts_the_store_or_counts_twice(self):
        e = self.env
        before = stored_hits(e)
        rng = random.Random(6)
        sent = 0
        for run in range(KILLS):
            rojad = start(e, self.nsd, f"kill{run}", threads=2)
            for i in range(rng.randint(5, 40)):
                dc.query(rojad.server, BLOCKED[i % len(BLOCKED)], "A")
                sent += 1
            if rng.random() < 0.5:  # now and then after a flush, else in the middle of one
                threading.Event().wait(rng.uniform(0.0, 1.5))
            rojad.proc.send_signal(signal.SIGKILL)
            rojad.proc.wait(timeout=10)
            rh._PROCS.remove(rojad.proc)
            rojad.proc = None
        db = sqlite3.connect(e.path("state", "hits.sqlite"))
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        db.close()
        kept = stored_hits(e) - before
        self.assertLessEqual(kept, sent)
        self.assertGreater(kept, 0)


if __name__ == "__main__":
    rh.main()
