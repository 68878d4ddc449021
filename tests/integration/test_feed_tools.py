"""`rojactl feed keygen|build|sign` against Debian's real minisign: feeds Roja signs verify with
`minisign -V` (prehashed and legacy), keys made by `minisign -G -W` sign with rojactl, serials go
up, and a tampered manifest fails. No network: everything stays in the test's temp dir."""
import base64
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import unittest

import roja_harness as h

CSV = """id,type,value,authority,decision,decision_date,legal_basis,category
g1,domain,casino.example,AKEP,D-1,2026-01-05,Law 155/2015,gambling
g2,exact,www.bet.example,AKEP,D-2,2026-01-06,Law 155/2015,gambling
g3,ip,192.0.2.7,AKEP,D-3,2026-01-07,Law 155/2015,gambling
"""
PLAIN = "# phishing\nphish.example\nlogin-bank.example\n"
MINISIGN = shutil.which("minisign")


def run(*cmd, check=True):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def rojactl(*args, check=True):
    exe = os.environ.get("ROJACTL")
    if not exe:
        raise AssertionError("ROJACTL is not set (the path of the rojactl binary)")
    return run(exe, *args, check=check)


def minisign_verify(pub, manifest, *extra):
    return run(MINISIGN, "-V", "-p", pub, "-m", manifest, *extra, check=False)


def key_line(path):
    with open(path) as f:
        return base64.b64decode(f.read().splitlines()[1], validate=True)


class FeedTools(h.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        if not MINISIGN:
            raise AssertionError("minisign is not installed (Debian package minisign)")

    def setUp(self):
        self.dir = h.env().path(self.id().rsplit(".", 1)[-1])
        os.makedirs(self.dir)
        self.csv = self.write("src/gambling.csv", CSV)
        self.plain = self.write("src/phishing.txt", PLAIN)
        self.feed = os.path.join(self.dir, "feed")
        self.manifest = os.path.join(self.feed, "manifest.json")

    def write(self, rel, text):
        p = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def keygen(self, name="roja"):
        pub, sec = os.path.join(self.dir, f"{name}.pub"), os.path.join(self.dir, f"{name}.key")
        out = rojactl("feed", "keygen", "--public", pub, "--secret", sec).stdout
        key_id = re.search(r"key id: ([0-9A-F]{16})", out)
        self.assertIsNotNone(key_id, out)
        return pub, sec, key_id.group(1)

    def build(self, *extra, check=True):
        return rojactl("feed", "build", self.feed, "--feed", "akep-al",
                       "--list", f"akep-gambling:csv:AKEP:{self.csv}", "--title", "AKEP gambling orders",
                       "--list", f"phishing:plain:CERT:{self.plain}", *extra, check=check)

    def sign(self, sec, *extra):
        return rojactl("feed", "sign", self.feed, "--secret", sec, *extra)

    def load_manifest(self):
        with open(self.manifest) as f:
            return json.load(f)

    def test_keygen_writes_minisign_key_files_with_a_private_secret_key(self):
        pub, sec, key_id = self.keygen()
        self.assertEqual(stat.S_IMODE(os.stat(sec).st_mode), 0o600)
        raw_pub, raw_sec = key_line(pub), key_line(sec)
        self.assertEqual(len(raw_pub), 42)
        self.assertEqual(raw_pub[:2], b"Ed")
        self.assertEqual(raw_pub[2:10][::-1].hex().upper(), key_id)
        self.assertEqual(len(raw_sec), 158)
        self.assertEqual(raw_sec[:6], b"Ed\0\0B2")
        self.assertEqual(raw_sec[54:62], raw_pub[2:10])         # key id
        self.assertEqual(raw_sec[94:126], raw_pub[10:])         # seed || public key
        checksum = hashlib.blake2b(raw_sec[:2] + raw_sec[54:126], digest_size=32).digest()
        self.assertEqual(raw_sec[126:], checksum)
        # minisign itself rebuilds the same public key from our secret key (its comment names the
        # key id too, without leading zeros in Debian's 0.11)
        recreated = os.path.join(self.dir, "recreated.pub")
        run(MINISIGN, "-R", "-s", sec, "-p", recreated)
        self.assertEqual(key_line(recreated), raw_pub)
        with open(recreated) as f:
            comment_id = f.readline().split()[-1]
        self.assertEqual(int(comment_id, 16), int(key_id, 16))
        again = rojactl("feed", "keygen", "--public", pub, "--secret", sec, check=False)
        self.assertEqual(again.returncode, 1, "an existing key must not be replaced without --force")
        self.assertEqual(key_line(sec), raw_sec)

    def test_build_writes_payloads_and_a_manifest_with_sizes_hashes_and_counts(self):
        self.build()
        m = self.load_manifest()
        self.assertEqual(list(m), ["format", "feed", "serial", "issued_at", "expires_at", "lists"])
        self.assertEqual((m["format"], m["feed"], m["serial"]), ("roja-feed/1", "akep-al", 1))
        self.assertRegex(m["issued_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        lists = {entry["id"]: entry for entry in m["lists"]}
        for list_id, text, fmt, entries, path in (("akep-gambling", CSV, "csv", 3, "akep-gambling.csv"),
                                                  ("phishing", PLAIN, "plain", 2, "phishing.txt")):
            entry = lists[list_id]
            self.assertEqual(entry["format"], fmt)
            self.assertEqual(entry["path"], path)
            self.assertEqual(entry["size"], len(text.encode()))
            self.assertEqual(entry["sha256"], hashlib.sha256(text.encode()).hexdigest())
            self.assertEqual(entry["entries"], entries)
            with open(os.path.join(self.feed, path)) as f:
                self.assertEqual(f.read(), text)
        self.assertEqual(lists["akep-gambling"]["title"], "AKEP gambling orders")

    def test_a_signed_feed_verifies_with_the_real_minisign_prehashed_and_legacy(self):
        pub, sec, key_id = self.keygen()
        self.build()
        out = self.sign(sec).stdout
        self.assertIn(key_id, out)
        v = minisign_verify(pub, self.manifest, "-H")  # -H: only a prehashed signature passes
        self.assertEqual(v.returncode, 0, v.stderr)
        self.assertRegex(v.stdout, r"Trusted comment: roja-feed akep-al serial 1 timestamp:\d+ "
                                   r"file:manifest\.json")
        self.sign(sec, "--legacy", "--trusted-comment", "legacy form")
        v = minisign_verify(pub, self.manifest)
        self.assertEqual(v.returncode, 0, v.stderr)
        self.assertIn("Trusted comment: legacy form", v.stdout)
        self.assertNotEqual(minisign_verify(pub, self.manifest, "-H").returncode, 0,
                            "a legacy signature passed minisign -H")

    def test_a_key_made_by_the_real_minisign_signs_with_rojactl(self):
        pub, sec = os.path.join(self.dir, "m.pub"), os.path.join(self.dir, "m.key")
        run(MINISIGN, "-G", "-W", "-p", pub, "-s", sec)
        self.build()
        self.sign(sec)
        v = minisign_verify(pub, self.manifest)
        self.assertEqual(v.returncode, 0, v.stderr)
        # and minisign's own signature with a rojactl key verifies too
        rpub, rsec, _ = self.keygen("r")
        run(MINISIGN, "-S", "-s", rsec, "-m", self.manifest, "-x", self.manifest + ".by-minisign")
        v = minisign_verify(rpub, self.manifest, "-x", self.manifest + ".by-minisign")
        self.assertEqual(v.returncode, 0, v.stderr)

    def test_each_build_takes_a_higher_serial(self):
        _, sec, _ = self.keygen()
        self.build()
        self.sign(sec)
        self.build()
        self.assertEqual(self.load_manifest()["serial"], 2)
        self.assertFalse(os.path.exists(self.manifest + ".minisig"), "a stale signature was left")
        self.assertEqual(self.build("--serial", "2", check=False).returncode, 1)
        self.build("--serial", "40")
        self.assertEqual(self.load_manifest()["serial"], 40)
        self.build()
        self.assertEqual(self.load_manifest()["serial"], 41)

    def test_a_tampered_manifest_fails_minisign(self):
        pub, sec, _ = self.keygen()
        self.build()
        self.sign(sec)
        self.assertEqual(minisign_verify(pub, self.manifest).returncode, 0)
        with open(self.manifest) as f:
            text = f.read()
        with open(self.manifest, "w") as f:
            f.write(text.replace('"serial": 1,', '"serial": 9,'))
        v = minisign_verify(pub, self.manifest)
        self.assertNotEqual(v.returncode, 0)
        self.assertIn("verification failed", v.stderr)

    def test_another_key_does_not_verify(self):
        _, sec, _ = self.keygen("a")
        other_pub, _, _ = self.keygen("b")
        self.build()
        self.sign(sec)
        v = minisign_verify(other_pub, self.manifest)
        self.assertNotEqual(v.returncode, 0)
        self.assertIn("key id", v.stderr)

    def test_an_unusable_csv_is_refused_and_the_feed_is_left_as_it_was(self):
        self.build()
        with open(self.manifest) as f:
            before = f.read()
        self.csv = self.write("src/broken.csv", "name,reason\ncasino.example,gambling\n")
        p = self.build(check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a usable csv list", p.stderr)
        with open(self.manifest) as f:
            self.assertEqual(f.read(), before)

    def test_a_public_key_is_not_accepted_as_the_secret_key(self):
        pub, _, _ = self.keygen()
        self.build()
        p = rojactl("feed", "sign", self.feed, "--secret", pub, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("public key", p.stderr)


if __name__ == "__main__":
    h.main()
