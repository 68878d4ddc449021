"""`rojactl feed verify` on feeds made by rojactl and by the real tools: a good minisign feed and a
good CMS feed (openssl cms -sign, detached) verify; a tampered payload, a tampered manifest, an
unknown key, another CA and a wrong subject pin are each rejected with the reason."""
import os
import subprocess
import tempfile
import unittest

ROJACTL = os.environ.get("ROJACTL", "")


def run(*args, check=True):
    p = subprocess.run(list(args), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def make_ca(d, name):
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{d}/{name}-ca.key",
        "-out", f"{d}/{name}-ca.pem", "-subj", f"/CN={name} test CA", "-days", "30")
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{d}/{name}-signer.key",
        "-out", f"{d}/{name}-signer.csr", "-subj", f"/O={name}/CN=feed signer")
    run("openssl", "x509", "-req", "-in", f"{d}/{name}-signer.csr", "-CA", f"{d}/{name}-ca.pem",
        "-CAkey", f"{d}/{name}-ca.key", "-CAcreateserial", "-out", f"{d}/{name}-signer.pem", "-days", "30")


class FeedVerify(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not ROJACTL or not os.access(ROJACTL, os.X_OK):
            raise AssertionError("ROJACTL is not set to the built rojactl")
        cls.tmp = tempfile.TemporaryDirectory(prefix="roja-feed-verify-")
        d = cls.d = cls.tmp.name
        with open(f"{d}/orders.csv", "w") as f:
            f.write("id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires\n"
                    "a1,domain,casino.example,AKEP,1/2026,2026-01-01,Law 54/2024,gambling,2026-01-01,\n")
        with open(f"{d}/plain.txt", "w") as f:
            f.write("bad.example\nworse.example\n")
        run(ROJACTL, "feed", "keygen", "--public", f"{d}/feed.pub", "--secret", f"{d}/feed.key")
        run(ROJACTL, "feed", "keygen", "--public", f"{d}/other.pub", "--secret", f"{d}/other.key")
        run(ROJACTL, "feed", "build", f"{d}/feed", "--feed", "akep-al",
            "--list", f"orders:csv:AKEP:{d}/orders.csv", "--list", f"extra:plain:AKEP:{d}/plain.txt")
        run(ROJACTL, "feed", "sign", f"{d}/feed", "--secret", f"{d}/feed.key")
        make_ca(d, "akep")
        make_ca(d, "rogue")
        run("openssl", "cms", "-sign", "-binary", "-in", f"{d}/feed/manifest.json", "-signer",
            f"{d}/akep-signer.pem", "-inkey", f"{d}/akep-signer.key", "-outform", "DER",
            "-out", f"{d}/feed/manifest.json.p7s")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def verify(self, *args, feed=None):
        return run(ROJACTL, "feed", "verify", feed or f"{self.d}/feed", *args, check=False)

    def copy_feed(self, name):
        run("cp", "-r", f"{self.d}/feed", f"{self.d}/{name}")
        return f"{self.d}/{name}"

    def test_a_good_minisign_feed_verifies_with_its_key(self):
        p = self.verify("--key", f"{self.d}/feed.pub")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("feed akep-al serial 1, 2 list(s)", p.stdout)
        self.assertIn("minisign-prehashed", p.stdout)
        self.assertTrue(p.stdout.rstrip().endswith("OK"))

    def test_a_good_cms_feed_verifies_against_its_ca_and_subject(self):
        p = self.verify("--ca", f"{self.d}/akep-ca.pem", "--subject", "CN=feed signer,O=akep")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("cms by", p.stdout)

    def test_an_unknown_key_another_ca_or_subject_is_rejected(self):
        for args in (["--key", f"{self.d}/other.pub"], ["--ca", f"{self.d}/rogue-ca.pem"],
                     ["--ca", f"{self.d}/akep-ca.pem", "--subject", "CN=someone else"]):
            with self.subTest(args=args):
                p = self.verify(*args)
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                self.assertIn("REJECTED", p.stdout)

    def test_a_tampered_manifest_is_rejected_before_it_is_parsed(self):
        feed = self.copy_feed("tampered-manifest")
        with open(f"{feed}/manifest.json", "r+") as f:
            text = f.read().replace('"serial": 1', '"serial": 9')
            f.seek(0)
            f.write(text)
        p = self.verify("--key", f"{self.d}/feed.pub", feed=feed)
        self.assertEqual(p.returncode, 1)
        self.assertIn("REJECTED", p.stdout)
        self.assertNotIn("serial 9", p.stdout)

    def test_a_tampered_payload_is_rejected_by_its_hash(self):
        feed = self.copy_feed("tampered-payload")
        with open(f"{feed}/extra.txt", "a") as f:
            f.write("innocent.example\n")
        p = self.verify("--key", f"{self.d}/feed.pub", feed=feed)
        self.assertEqual(p.returncode, 1)
        self.assertIn("MISMATCH extra.txt", p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
