"""The audit log of a running rojad: records of start, reloads, stop and "enforcement degraded /
restored (no upstream)"; rotation that keeps one chain across files and restarts; signed
checkpoints that `rojactl audit verify --key` checks; and copies tampered with (an edited,
deleted, swapped record, a cut last line) that it rejects naming the file and line."""
import json
import os
import shutil
import subprocess
import time

import roja_harness as rh
from roja_harness import dc


def run(*cmd, check=True):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)}: {p.stdout}{p.stderr}")
    return p


def verify(*args):
    return run(os.environ["ROJACTL"], "audit", "verify", *args, check=False)


def ask(server, qname):
    """One query whose outcome does not matter (the upstream may be down); stray replies on a
    busy machine's loopback are ignored too."""
    try:
        dc.query(server, qname, "A", timeout=0.5)
    except Exception:  # noqa: BLE001 - timeouts, unexpected sources: only the tries count here
        pass


def records(state):
    out = []
    names = sorted(n for n in os.listdir(state) if n.startswith("audit") and n.endswith(".jsonl") and n != "audit.jsonl")
    for name in names + ["audit.jsonl"]:
        with open(os.path.join(state, name)) as f:
            out += [json.loads(line) for line in f]
    return out


class Audit(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.state = e.path("state")
        cls.key = e.path("node.key")
        cls.pub = e.path("node.pub")
        run("openssl", "genpkey", "-algorithm", "ed25519", "-out", cls.key)
        run("openssl", "pkey", "-in", cls.key, "-pubout", "-out", cls.pub)
        cls.config = e.write("roja.yaml", f"""state_dir: {cls.state}
admin:
  enabled: false
audit:
  rotate_bytes: 1KiB
  signing_key: {cls.key}
  checkpoint_records: 4
""")
        cls.nsd = rh.Nsd(e).start()
        cls.lst = e.write("lists/a.txt", "listed.test\n")
        cls.rojad = cls.start_rojad("rojad1")
        for _ in range(12):  # config_reloaded records: enough for a few rotations
            before = len(records(cls.state))
            cls.rojad.sighup()
            deadline = time.monotonic() + 10
            while len(records(cls.state)) == before and time.monotonic() < deadline:
                time.sleep(0.02)
        cls.rojad.stop()
        cls.rojad = cls.start_rojad("rojad2")  # the chain goes on after a restart

    @classmethod
    def start_rojad(cls, label):
        return rh.Rojad(rh.env(), [cls.nsd.server], lists=[("plain", cls.lst)], threads=1,
                        extra=["--config", cls.config], label=label).start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.nsd.stop()

    def test_1_records_rotate_and_chain_across_files_and_restarts(self):
        files = [n for n in os.listdir(self.state) if n.startswith("audit-")]
        self.assertGreaterEqual(len(files), 2)
        types = [r["type"] for r in records(self.state)]
        self.assertEqual(types.count("daemon_started"), 2)
        self.assertEqual(types.count("config_reloaded"), 12)
        self.assertIn("daemon_stopped", types)
        self.assertIn("audit_checkpoint", types)
        self.assertEqual([r["seq"] for r in records(self.state)], list(range(1, len(types) + 1)))
        p = verify("--key", self.pub, self.state)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("OK:", p.stdout)
        self.assertIn("signature(s) verified", p.stdout)

    def tampered(self, name, change):
        copy = self.env.path(name)
        shutil.copytree(self.state, copy, ignore=shutil.ignore_patterns("*.sqlite*", "lock", "*.lock"))
        target = sorted(n for n in os.listdir(copy) if n.startswith("audit-"))[0]
        path = os.path.join(copy, target)
        with open(path) as f:
            lines = f.read().split("\n")[:-1]
        text = change(lines)
        with open(path, "w") as f:
            f.write(text)
        return copy, target

    def assert_named(self, copy, target, line):
        p = verify(copy)
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn(f"{target}:{line}:", p.stderr)

    def test_2_tampered_copies_are_rejected_naming_the_record(self):
        copy, target = self.tampered("edit", lambda ls: "\n".join(ls[:2] + [ls[2].replace('"type":"', '"type":"x')] + ls[3:]) + "\n")
        self.assert_named(copy, target, 4)  # the record after the edited one no longer follows it
        copy, target = self.tampered("delete", lambda ls: "\n".join(ls[:2] + ls[3:]) + "\n")
        self.assert_named(copy, target, 3)
        copy, target = self.tampered("swap", lambda ls: "\n".join(ls[:2] + [ls[3], ls[2]] + ls[4:]) + "\n")
        self.assert_named(copy, target, 3)
        copy, target = self.tampered("truncate", lambda ls: "\n".join(ls)[:-10])
        with open(os.path.join(self.state, target)) as f:
            lines = len(f.read().split("\n")) - 1
        self.assert_named(copy, target, lines)

    def test_3_a_forged_checkpoint_fails_with_the_key(self):
        def forge(ls):
            out = []
            for line in ls:
                if '"type":"audit_checkpoint"' in line and not out.count("forged"):
                    record = json.loads(line)
                    sig = record["details"]["signature"]
                    line = line.replace(sig, ("A" if sig[0] != "A" else "B") + sig[1:])
                    out.append("forged")
                out.append(line)
            return "\n".join(x for x in out if x != "forged") + "\n"
        copy, target = self.tampered("forged", forge)
        p = verify("--key", self.pub, copy)
        self.assertEqual(p.returncode, 1)  # the chain breaks at the next record, or the signature fails
        self.assertIn(target, p.stderr)

    def test_4_no_upstream_is_recorded_as_degraded_then_restored(self):
        self.nsd.stop()
        deadline = time.monotonic() + 30
        i = 0
        while time.monotonic() < deadline and "enforcement_degraded" not in [r["type"] for r in records(self.state)]:
            ask(self.rojad.server, f"n{i}.allowed.test")
            i += 1
        self.assertIn("enforcement_degraded", [r["type"] for r in records(self.state)])
        self.nsd.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "enforcement_restored" not in [r["type"] for r in records(self.state)]:
            ask(self.rojad.server, f"m{i}.allowed.test")
            i += 1
        restored = [r for r in records(self.state) if r["type"] == "enforcement_restored"]
        self.assertEqual(len(restored), 1)
        self.assertEqual(restored[0]["details"]["reason"], "no_upstream")


if __name__ == "__main__":
    rh.main()
