"""A feed's RPZ zone (docs/rpz-export.md): its serial is the feed's, its content the verified
version after the never-block guard, and a new feed version becomes a new zone version that
kdig IXFR receives as a difference. Real rojactl-signed feed versions in a directory, real kdig.
"""
import hashlib
import os
import subprocess
import time

import metrics_client as mc
import roja_harness as rh
from feed_fixtures import Publisher, rojactl

FEED = "akep-al"
TOKEN = "regulator-token-for-the-rpz-feed-test"


def kdig(*args):
    return subprocess.run(["kdig", "+noidn", *args], capture_output=True, text=True, timeout=60)


def records(text):
    out = []
    for line in text.splitlines():
        parts = line.split(None, 4)
        if line and not line.startswith(";") and len(parts) == 5:
            out.append((parts[0].lower(), parts[3], parts[4].strip()))
    return out


class RpzExportFeed(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        key, pub = e.path("akep.key"), e.path("akep.pub")
        rojactl("feed", "keygen", "--public", pub, "--secret", key)
        cls.publisher = Publisher(e.path("feed", FEED), FEED, key)
        cls.publisher.publish(5, {"orders": ["bet.example", "casino.example", "ok.example"]})
        never = e.write("never-block.txt", "ok.example\n")
        cls.rpz = (e.ip, rh.free_port(e.ip))
        cls.admin = (e.ip, rh.free_port(e.ip))
        token_hash = hashlib.sha256(TOKEN.encode()).hexdigest()
        config = e.write("roja.yaml", f"""
admin:
  listen: "{cls.admin[0]}:{cls.admin[1]}"
  tokens: [{{name: akep, role: regulator, sha256: {token_hash}}}]
never_block: ["{never}"]
feeds:
  - {{id: {FEED}, source: "{cls.publisher.dir}", keys: ["{pub}"], poll: 1s}}
rpz_export:
  listen: "{cls.rpz[0]}:{cls.rpz[1]}"
  zones:
    - {{name: akep.rpz.roja., feeds: [{FEED}], allow: ["{e.ip}/32"],
       allow_without_key: ["{e.ip}/32"]}}
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.nsd.stop()

    def ask(self, *args):
        return kdig("-b", self.env.ip, "-p", str(self.rpz[1]), f"@{self.rpz[0]}", *args)

    def serial(self):
        out = self.ask("+tcp", "+short", "SOA", "akep.rpz.roja.").stdout.split()
        return int(out[2]) if len(out) > 2 else None

    def test_the_zone_follows_the_feed_version_by_version(self):
        self.assertEqual(self.serial(), 5)
        owners = {r[0] for r in records(self.ask("AXFR", "akep.rpz.roja.").stdout)}
        self.assertIn("bet.example.akep.rpz.roja.", owners)
        self.assertIn("*.casino.example.akep.rpz.roja.", owners)
        self.assertNotIn("ok.example.akep.rpz.roja.", owners)  # never-block guard

        self.publisher.publish(7, {"orders": ["bet.example", "poker.example"],
                                   "paths": [("url", "sibling.example/promo")]},
                               csv_lists=("paths",))
        deadline = time.monotonic() + 30
        while self.serial() != 7 and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(self.serial(), 7)
        z = "akep.rpz.roja."
        delta = sorted([f"casino.example.{z}", f"*.casino.example.{z}", f"poker.example.{z}",
                        f"*.poker.example.{z}"])
        got = records(self.ask("IXFR=5", "akep.rpz.roja.").stdout)
        self.assertEqual([int(r[2].split()[2]) for r in got if r[1] == "SOA"], [7, 5, 7, 7])
        self.assertEqual(sorted(r[0] for r in got if r[1] == "CNAME"), delta)

        # Version 7's confirmation names the consumer that took it by transfer, and says what
        # RPZ could not carry (the URL entry).
        _, c = mc.api_json(self.admin, "GET", f"/api/v1/confirmation?feed={FEED}&serial=7", TOKEN)
        taken = [(t["zone"], t["consumer"], t["serial"], t["kind"], t["outcome"])
                 for t in c["rpz_transfers"]]
        self.assertIn(("akep.rpz.roja", self.env.ip, 7, "ixfr", "incremental"), taken)
        self.assertEqual(c["rpz_not_expressible"], 1)
        _, c5 = mc.api_json(self.admin, "GET", f"/api/v1/confirmation?feed={FEED}&serial=5", TOKEN)
        self.assertNotIn(7, [t["serial"] for t in c5["rpz_transfers"]])

        # After a restart the difference is still there (kept in the state directory).
        self.rojad.stop()
        self.rojad.start()
        self.assertEqual(self.serial(), 7)
        got = records(self.ask("IXFR=5", "akep.rpz.roja.").stdout)
        self.assertEqual(sorted(r[0] for r in got if r[1] == "CNAME"), delta)
        self.assertRegex(self.rojad.log(), r"rpz_deltas_loaded zone=akep\.rpz\.roja differences=\d")


if __name__ == "__main__":
    rh.main()
