"""`rojactl probe`, the regulator's independent compliance probe, against real resolvers on
loopback: a rojad that follows a signed feed (every sampled name blocked, exit 0, and a report
signed with the prober's key that the real `minisign -V` accepts), a rojad that enforces only
part of the feed (each name it does not block is a miss, with its list), a resolver that does not
answer (errors, not misses), the same seed giving the same sample, and a feed whose payload was
changed after signing (nothing probed, no report)."""
import json
import os
import subprocess
import time

import roja_harness as rh
from feed_fixtures import Publisher, rojactl
from roja_harness import dc

FEED = "akep-al"
# Present in the test zone (tests/integration/zones/root.zone): a resolver that does not block
# them gives their real address, which the probe must report as not blocked.
ORDERS = ["allowed.test", "mail.allowed.test", "cache.test", "fresh.test", "acl.test",
          "tcp.test", "mixed.test"]
PARTIAL = ORDERS[:4]  # what the lagging rojad blocks


def probe(*args):
    cmd = [os.environ["ROJACTL"], "probe", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class Probe(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        keys = e.path("keys")
        os.makedirs(keys, exist_ok=True)
        cls.key, cls.pub = os.path.join(keys, "akep.key"), os.path.join(keys, "akep.pub")
        cls.prober_key, cls.prober_pub = os.path.join(keys, "probe.key"), os.path.join(keys, "probe.pub")
        rojactl("feed", "keygen", "--public", cls.pub, "--secret", cls.key)
        rojactl("feed", "keygen", "--public", cls.prober_pub, "--secret", cls.prober_key)
        cls.source = e.path("feed", FEED)
        Publisher(cls.source, FEED, cls.key).publish(7, {"orders": ORDERS})
        cls.nsd = rh.Nsd(e).start()
        cls.enforcing = rh.start_rojad([cls.nsd.server], label="enforcing",
                                       extra=["--feed", cls.source, "--feed-key", cls.pub])
        partial = e.write("lists/partial.txt", "".join(n + "\n" for n in PARTIAL))
        cls.lagging = rh.start_rojad([cls.nsd.server], lists=[("plain", partial)], label="lagging")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not cls.blocks(cls.enforcing, ORDERS[-1]):
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.enforcing.stop()
            cls.lagging.stop()
        finally:
            cls.nsd.stop()

    @classmethod
    def blocks(cls, rojad, name):
        r = dc.try_query(rojad.server, name, "A", timeout=2.0)
        return r is not None and dc.answer_rdata(r, "A") == {rh.env().warning_v4}

    def run_probe(self, resolver, out, *extra):
        return probe("--resolver", f"{resolver[0]}:{resolver[1]}", "--feed", self.source,
                     "--key", self.pub, "--warning", self.env.warning_v4, "--out", out, *extra)

    def report(self, path):
        with open(path) as f:
            return json.load(f)

    def test_an_enforcing_resolver_blocks_every_name_and_the_signed_report_verifies(self):
        self.assertTrue(self.blocks(self.enforcing, ORDERS[-1]), rh.tail(self.enforcing.stderr))
        out = self.env.path("enforcing.json")
        p = self.run_probe(self.enforcing.server, out, "--sign", self.prober_key, "--rate", "200")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn(f"probed {len(ORDERS)} of {len(ORDERS)} names", p.stdout)
        report = self.report(out)
        self.assertEqual(report["feed"]["id"], FEED)
        self.assertEqual(report["feed"]["serial"], 7)
        self.assertEqual(len(report["feed"]["manifest_sha256"]), 64)
        self.assertEqual(report["counts"], {"blocked": len(ORDERS), "not_blocked": 0, "error": 0})
        self.assertEqual(report["misses"], [])
        self.assertEqual({r["how"] for r in report["results"]}, {"ede 16"})
        # The real minisign checks the prober's signature; one changed byte breaks it.
        v = subprocess.run(["minisign", "-V", "-p", self.prober_pub, "-m", out],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        self.assertIn("roja-probe feed akep-al", v.stdout)
        with open(out, "r+b") as f:
            f.seek(5)
            byte = f.read(1)
            f.seek(5)
            f.write(bytes([byte[0] ^ 1]))
        v = subprocess.run(["minisign", "-V", "-p", self.prober_pub, "-m", out],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(v.returncode, 0)

    def test_names_a_resolver_does_not_block_are_misses_with_their_list(self):
        out = self.env.path("lagging.json")
        p = self.run_probe(self.lagging.server, out, "--sample", "0", "--rate", "200")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        report = self.report(out)
        missed = sorted(m["name"] for m in report["misses"])
        self.assertEqual(missed, sorted(set(ORDERS) - set(PARTIAL)))
        self.assertTrue(all(m["list"] == "orders" and m["how"].startswith("answer 198.51.100.")
                            for m in report["misses"]), report["misses"])
        self.assertEqual(report["counts"]["blocked"], len(PARTIAL))
        for name in missed:
            self.assertIn(f"NOT BLOCKED {name}", p.stdout)

    def test_the_same_seed_gives_the_same_sample(self):
        samples = []
        for run in range(2):
            out = self.env.path(f"seeded-{run}.json")
            p = self.run_probe(self.enforcing.server, out, "--sample", "3", "--seed", "42",
                               "--rate", "200")
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            report = self.report(out)
            self.assertEqual(report["sample"], {"size": 3, "of": len(ORDERS), "seed": "42"})
            samples.append([r["name"] for r in report["results"]])
        self.assertEqual(samples[0], samples[1])
        self.assertEqual(len(set(samples[0])), 3)

    def test_a_silent_resolver_gives_errors_not_misses(self):
        silent = (self.env.ip, rh.free_port(self.env.ip))
        out = self.env.path("silent.json")
        p = self.run_probe(silent, out, "--sample", "2", "--timeout", "200", "--rate", "200")
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        report = self.report(out)
        self.assertEqual(report["counts"]["error"], 2)
        self.assertEqual(report["misses"], [])

    def test_a_feed_that_does_not_verify_is_not_probed(self):
        tampered = self.env.path("tampered")
        Publisher(tampered, FEED, self.key).publish(8, {"orders": ORDERS})
        with open(os.path.join(tampered, "orders.txt"), "a") as f:
            f.write("extra.test\n")
        out = self.env.path("tampered.json")
        p = probe("--resolver", f"{self.enforcing.server[0]}:{self.enforcing.server[1]}",
                  "--feed", tampered, "--key", self.pub, "--out", out)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("does not verify", p.stderr)
        self.assertFalse(os.path.exists(out))

    def test_usage_errors_exit_2(self):
        self.assertEqual(probe("--resolver", "127.0.0.1").returncode, 2)
        self.assertEqual(probe("--resolver", "not-an-address", "--feed", self.source, "--key",
                               self.pub, "--out", "x").returncode, 2)


if __name__ == "__main__":
    rh.main()
