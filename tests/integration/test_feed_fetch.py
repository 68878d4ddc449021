"""The feed fetcher against a real HTTPS server on loopback (https_server.py, certificates from a
test CA made by openssl here), through `rojactl feed fetch`: good bytes, 304 on the validators,
404/500, a truncated body, endless and over-size bodies (the cap holds, memory stays flat), one
byte per second (the timeouts hold), a certificate for another name, an unknown CA, plain http://
and a redirect to it refused, and a client certificate."""
import os
import resource
import subprocess
import time
import unittest

import roja_harness as h
from feed_fixtures import HttpsServer, Pki

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = b'{"format": "roja-feed/1", "feed": "akep-al", "serial": 7}\n'
PAYLOAD = bytes(range(256)) * 4096  # 1 MiB, every byte value
CAP = 2 * 1024 * 1024
# Nothing the fetcher does may leave loopback, so no proxy from the environment either.
CLEAN_ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


class Fetch:
    """One `rojactl feed fetch` run: its printed fields, exit code, run time and peak RSS."""

    def __init__(self, *args):
        exe = os.environ.get("ROJACTL")
        if not exe:
            raise AssertionError("ROJACTL is not set (the path of the rojactl binary)")
        start = time.monotonic()
        p = subprocess.Popen([exe, "feed", "fetch", *map(str, args)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=CLEAN_ENV)
        try:
            out, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            raise
        self.seconds = time.monotonic() - start
        self.code = p.returncode
        self.stderr = err.decode(errors="replace")
        self.fields = dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "")
                           for line in out.decode(errors="replace").splitlines())
        self.outcome = self.fields.get("outcome")

    def __repr__(self):
        return f"exit {self.code} {self.fields} {self.stderr}"


class FeedFetch(h.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = h.env()
        cls.pki = Pki(e.path("pki"), e.ip)
        cls.root = e.path("root")
        os.makedirs(cls.root, exist_ok=True)
        for name, body in (("manifest.json", MANIFEST), ("payload.bin", PAYLOAD)):
            with open(os.path.join(cls.root, name), "wb") as f:
                f.write(body)
        cls.good = HttpsServer(e, "good", cls.pki.server, cls.root)
        cls.other = HttpsServer(e, "other-name", cls.pki.other, cls.root)
        cls.mtls = HttpsServer(e, "client-cert", cls.pki.server, cls.root, client_ca=cls.pki.ca)

    def fetch(self, path, *extra, server=None):
        url = path if "://" in path else (server or self.good).base + path
        return Fetch(url, "--ca", self.pki.ca, "--max-bytes", CAP, "--timeout", 20, *extra)

    def assertOutcome(self, result, outcome, code=1):
        self.assertEqual(result.outcome, outcome, result)
        self.assertEqual(result.code, code, result)

    def test_good_file_arrives_byte_for_byte(self):
        out = self.env.path("payload.out")
        r = self.fetch("/files/payload.bin", "--out", out)
        self.assertOutcome(r, "ok", 0)
        self.assertEqual(r.fields["status"], "200")
        with open(out, "rb") as f:
            self.assertEqual(f.read(), PAYLOAD)

    def test_https_redirect_is_followed(self):
        out = self.env.path("redirected.out")
        self.assertOutcome(self.fetch("/redirect/manifest.json", "--out", out), "ok", 0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), MANIFEST)

    def test_second_fetch_with_the_etag_is_not_modified(self):
        first = self.fetch("/files/manifest.json")
        self.assertOutcome(first, "ok", 0)
        etag = first.fields["etag"]
        self.assertTrue(etag.startswith('"'), first)
        again = self.fetch("/files/manifest.json", "--etag", etag)
        self.assertOutcome(again, "not_modified", 0)
        self.assertEqual(again.fields["status"], "304")
        self.assertEqual(again.fields["bytes"], "0")
        self.assertOutcome(self.fetch("/files/manifest.json", "--etag", '"stale"'), "ok", 0)

    def test_second_fetch_with_last_modified_is_not_modified(self):
        first = self.fetch("/files/manifest.json")
        self.assertOutcome(first, "ok", 0)
        self.assertTrue(first.fields["last_modified"].endswith("GMT"), first)
        again = self.fetch("/files/manifest.json", "--last-modified", first.fields["last_modified"])
        self.assertOutcome(again, "not_modified", 0)

    def test_404_and_500_are_http_errors(self):
        for code in (404, 500):
            r = self.fetch(f"/status/{code}")
            self.assertOutcome(r, "http_error")
            self.assertEqual(r.fields["status"], str(code))
        self.assertOutcome(self.fetch("/files/missing.json"), "http_error")

    def test_truncated_body_is_a_network_error_never_ok(self):
        out = self.env.path("truncated.out")
        r = self.fetch("/truncated", "--out", out)
        self.assertOutcome(r, "network_error")
        self.assertFalse(os.path.exists(out), "a partial body must not be written")

    def test_endless_body_stops_at_the_cap_with_memory_flat(self):
        r, peak_kib = self.fetch_measured("/endless")
        self.assertOutcome(r, "too_large")
        # rojactl itself is ~15 MiB; an uncapped endless body would grow without bound.
        self.assertLess(peak_kib, 64 * 1024, f"peak RSS {peak_kib} KiB")

    def test_oversize_body_with_a_length_is_too_large_and_one_at_the_cap_is_ok(self):
        self.assertOutcome(self.fetch(f"/oversize/{CAP + 1}"), "too_large")
        self.assertOutcome(self.fetch(f"/oversize/{CAP}"), "ok", 0)

    def test_one_byte_per_second_hits_the_total_timeout(self):
        r = Fetch(self.good.base + "/slow", "--ca", self.pki.ca, "--timeout", 3,
                  "--low-speed-bytes", 0)
        self.assertOutcome(r, "timeout")
        self.assertLess(r.seconds, 30, r)  # a guard against a hang, not a timing claim

    def test_one_byte_per_second_hits_the_low_speed_limit(self):
        r = Fetch(self.good.base + "/slow", "--ca", self.pki.ca, "--timeout", 120,
                  "--low-speed-bytes", 100, "--low-speed-time", 2)
        self.assertOutcome(r, "timeout")
        self.assertLess(r.seconds, 60, r)

    def test_certificate_for_another_name_is_a_tls_error(self):
        r = self.fetch("/files/manifest.json", server=self.other)
        self.assertOutcome(r, "tls_error")
        self.assertNotIn("/files/manifest.json", self.other.requests())

    def test_unknown_ca_is_a_tls_error(self):
        r = Fetch(self.good.base + "/files/manifest.json", "--timeout", 20)
        self.assertOutcome(r, "tls_error")

    def test_plain_http_is_refused_before_any_connection(self):
        before = self.good.requests()
        r = self.fetch(f"http://{self.env.ip}:{self.good.port}/files/manifest.json")
        self.assertOutcome(r, "refused_scheme")
        self.assertEqual(self.good.requests(), before)

    def test_redirect_to_plain_http_is_refused(self):
        r = self.fetch("/redirect-http")
        self.assertOutcome(r, "refused_scheme")
        self.assertNotIn("/files/after-redirect", self.good.requests())

    def test_client_certificate_is_presented_when_configured(self):
        cert, key = self.pki.client
        r = self.fetch("/files/manifest.json", "--cert", cert, "--key", key, server=self.mtls)
        self.assertOutcome(r, "ok", 0)
        without = self.fetch("/files/manifest.json", server=self.mtls)
        self.assertIn(without.outcome, ("tls_error", "network_error"), without)

    def test_local_directory_source_reads_the_same_way(self):
        out = self.env.path("local.out")
        r = Fetch(os.path.join(self.root, "payload.bin"), "--out", out, "--max-bytes", CAP)
        self.assertOutcome(r, "ok", 0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), PAYLOAD)
        self.assertOutcome(Fetch(os.path.join(self.root, "payload.bin"), "--max-bytes", 10),
                           "too_large")
        self.assertOutcome(Fetch(os.path.join(self.root, "nothing.json")), "http_error")

    def fetch_measured(self, path):
        """One fetch and an upper bound of its peak RSS in KiB: the largest of every child this
        test process has waited for (the openssl runs before it are far smaller)."""
        r = self.fetch(path)
        return r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


if __name__ == "__main__":
    h.main()
