"""The feed updater inside rojad against a real HTTPS feed server on loopback (https_server.py,
certificates from a test CA made by openssl). The cases run in order, as one publisher's history:
a good feed, a newer one (with an entry the never-block list refuses), then every way a version
can be wrong — bad signature, unknown key, tampered payload, rollback, same serial with other
content, expired, a list that shrank too much, truncated, endless and one-byte-per-second
downloads, 404 and 500 — and finally a good version again. Each case gets its outcome in
status.json and its audit record, the last good version stays enforced, and a prober checks that
rojad answers correctly all along. A second rojad meets a server whose certificate names another
host (TLS name mismatch), and a third follows a local directory signed with `openssl cms`."""
import json
import os
import subprocess
import threading
import time
import urllib.request

import roja_harness as rh
from feed_fixtures import HttpsServer, Pki, Publisher, rojactl
from roja_harness import dc

FEED = "akep-al"
BASE = ["listed.test", "hosts-listed.test", "adblock-listed.test", "rpz-listed.test"]
NEWER = BASE + ["csv-listed.test", "allowed.test"]  # allowed.test is on the never-block list
ALLOWED_ADDR = "198.51.100.1"

CONFIG = """state_dir: {state}
admin:
  listen: "{admin}"
never_block: [{never_block}]
feeds:
  - id: {feed}
    source: {source}
    keys: [{key}]
    tls_ca: {ca}
    poll: 1s
    connect_timeout: 2s
    timeout: 3s
    attempts: 1
    ratio_min_entries: 4
"""


class Prober(threading.Thread):
    """Asks for a name every version enforces and for a never-blocked one, without pause; every
    answer must be the blocked one or the upstream's, respectively."""

    def __init__(self, server, warning):
        super().__init__(daemon=True)
        self.server, self.warning = server, warning
        self.stop_ = threading.Event()
        self.answers = 0
        self.problems = []

    def run(self):
        while not self.stop_.is_set():
            for name, expected in (("listed.test", {self.warning}), ("allowed.test", {ALLOWED_ADDR})):
                r = dc.try_query(self.server, name, "A", timeout=2.0)
                got = dc.answer_rdata(r, "A") if r is not None else "timeout"
                if got != expected:
                    self.problems.append((name, got))
                self.answers += 1
            time.sleep(0.02)

    def stop(self):
        self.stop_.set()
        self.join(timeout=10)


def write_config(e, name, source, key, ca, never_block, admin):
    return e.write(f"{name}.yaml", CONFIG.format(state=e.path(f"{name}-state"), never_block=never_block,
                                                 feed=FEED, source=source, key=key, ca=ca, admin=admin))


class FeedUpdater(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.pki = Pki(e.path("pki"), e.ip)
        keys = e.path("keys")
        os.makedirs(keys, exist_ok=True)
        cls.key, cls.other_key = (os.path.join(keys, n) for n in ("akep.key", "other.key"))
        rojactl("feed", "keygen", "--public", os.path.join(keys, "akep.pub"), "--secret", cls.key)
        rojactl("feed", "keygen", "--public", os.path.join(keys, "other.pub"), "--secret", cls.other_key)
        cls.www = e.path("www")
        cls.pub = Publisher(os.path.join(cls.www, "feed"), FEED, cls.key)
        cls.pub.publish(1, {"gambling": BASE})
        cls.server = HttpsServer(e, "feed-server", cls.pki.server, cls.www)
        never_block = e.write("never-block.txt", "allowed.test\n")
        cls.state = e.path("rojad-state")
        cls.admin = (e.ip, rh.free_port(e.ip))
        config = write_config(e, "rojad", cls.server.base + "/feed", os.path.join(keys, "akep.pub"),
                              cls.pki.ca, never_block, f"{cls.admin[0]}:{cls.admin[1]}")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])
        # The prober checks what every version enforces, so it starts once the first one is
        # applied: until then rojad enforces nothing from this feed (by design), and a slower
        # build (TSan) answers queries in that window. test_01 checks the first apply itself.
        cls.wait_for_first_version(timeout=30)
        cls.prober = Prober(cls.rojad.server, e.warning_v4)
        cls.prober.start()

    @classmethod
    def tearDownClass(cls):
        cls.prober.stop()
        super().tearDownClass()

    @classmethod
    def wait_for_first_version(cls, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with open(os.path.join(cls.state, FEED, "status.json")) as f:
                    if json.load(f).get("serial") == 1:
                        return
            except (OSError, ValueError):  # not written yet, or being replaced
                pass
            time.sleep(0.1)

    # -------------------------------------------------------------- helpers
    def status(self):
        with open(os.path.join(self.state, FEED, "status.json")) as f:
            return json.load(f)

    def audit(self):
        with open(os.path.join(self.state, "audit.jsonl")) as f:
            return [json.loads(line) for line in f]

    def mode(self, behaviour=None, file=None, code=None):
        path = os.path.join(self.www, "feed-mode.json")
        if behaviour is None:
            if os.path.exists(path):
                os.remove(path)
            return
        with open(path + ".tmp", "w") as f:
            json.dump({"behaviour": behaviour, "file": file, "code": code}, f)
        os.replace(path + ".tmp", path)

    def next_poll_outcome(self, timeout=40):
        """Waits for a poll that started after this call (the one in flight may have seen the
        old files) and returns the status after it. Polls come every second; the wait is a
        deadline for a hung updater, not a speed requirement."""
        seq = len(self.audit())
        start = self.status()["polls"]
        self.rojad.sighup()  # polls at once instead of at the next interval
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["polls"] >= start + 2:
                return status, self.audit()[seq:]
            time.sleep(0.1)
        self.fail(f"no poll finished within {timeout} s; status: {self.status()}")

    def assertBlocked(self, name, blocked=True):
        r = dc.query(self.rojad.server, name, "A")
        addrs = dc.answer_rdata(r, "A")
        self.assertEqual(addrs == {self.env.warning_v4}, blocked, f"{name}: {addrs}")

    def assertKept(self, status, error, serial=2):
        """The version was refused for `error`, with its record, and serial `serial` stays."""
        self.assertEqual(status["last_result"], "rejected", status)
        self.assertEqual(status["last_error"], error, status)
        self.assertEqual(status["serial"], serial, status)
        self.assertBlocked("csv-listed.test", serial >= 2)
        self.assertBlocked("listed.test")

    def assertRecord(self, records, kind, **fields):
        matching = [r for r in records if r["type"] == kind and
                    all(r["details"].get(k) == v for k, v in fields.items())]
        self.assertTrue(matching, f"no {kind} record with {fields} in {records}")
        return matching[-1]

    # -------------------------------------------------------------- the history
    def test_01_good_feed_is_applied(self):
        deadline = time.monotonic() + 30
        while self.status()["serial"] != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        status = self.status()
        self.assertEqual(status["serial"], 1, status)
        self.assertFalse(status["degraded"])
        self.assertBlocked("listed.test")
        self.assertBlocked("csv-listed.test", False)
        record = self.assertRecord(self.audit(), "feed_applied", serial=1, feed=FEED)
        self.assertEqual(record["details"]["lists"][0]["entries"], 4)
        self.assertTrue(record["details"]["signers"][0].startswith("minisign-prehashed "))

    def test_02_newer_feed_applies_within_one_poll_never_block_entry_refused(self):
        self.pub.publish(2, {"gambling": NEWER})
        status, records = self.next_poll_outcome()
        self.assertEqual(status["serial"], 2, status)
        self.assertEqual(status["applied"], 2, status)  # later polls find it not_modified
        self.assertBlocked("csv-listed.test")
        self.assertBlocked("allowed.test", False)
        record = self.assertRecord(records, "feed_applied", serial=2)
        self.assertEqual(record["details"]["rejected_entries_total"], 1)
        self.assertEqual(record["details"]["rejected_entries"][0]["entry"], "allowed.test")
        self.assertEqual(status["lists"][0]["never_blocked"], 1)

    def test_03_bad_signature(self):
        self.pub.publish(3, {"gambling": NEWER})
        with open(self.pub.path("manifest.json"), "rb") as f:
            text = f.read()
        with open(self.pub.path("manifest.json"), "wb") as f:
            f.write(text.replace(b"gambling orders", b"gambling ordres"))
        status, records = self.next_poll_outcome()
        self.assertKept(status, "bad_signature")
        self.assertRecord(records, "feed_rejected", error="bad_signature")

    def test_04_unknown_key(self):
        self.pub.manifest(3, {"gambling": NEWER})
        self.pub.sign(self.other_key)
        status, records = self.next_poll_outcome()
        self.assertKept(status, "unknown_key")
        self.assertRecord(records, "feed_rejected", error="unknown_key")

    def test_05_tampered_payload(self):
        self.pub.publish(3, {"gambling": NEWER})
        with open(self.pub.path("gambling.txt"), "r+b") as f:
            f.write(b"L")  # same size, other bytes
        status, records = self.next_poll_outcome()
        self.assertKept(status, "payload_hash_mismatch")
        self.assertRecord(records, "feed_rejected", error="payload_hash_mismatch", serial=3)

    def test_06_older_serial_is_a_rollback(self):
        self.pub.publish(1, {"gambling": BASE})
        status, records = self.next_poll_outcome()
        self.assertKept(status, "serial_not_newer")
        self.assertRecord(records, "feed_rejected", error="serial_not_newer", serial=1)

    def test_07_same_serial_other_content(self):
        self.pub.publish(2, {"gambling": NEWER + ["sibling.test"]})
        status, records = self.next_poll_outcome()
        self.assertKept(status, "serial_not_newer")
        self.assertRecord(records, "feed_rejected", error="serial_not_newer", serial=2)
        self.assertBlocked("sibling.test", False)

    def test_08_expired_manifest(self):
        self.pub.publish(3, {"gambling": NEWER}, issued=-2 * 86400, expires=-86400)
        status, records = self.next_poll_outcome()
        self.assertKept(status, "manifest_expired")
        self.assertRecord(records, "feed_rejected", error="manifest_expired")

    def test_09_list_that_shrank_past_the_ratio(self):
        self.pub.publish(3, {"gambling": BASE[:1]})
        status, records = self.next_poll_outcome()
        self.assertKept(status, "list_size_ratio")
        self.assertRecord(records, "feed_rejected", error="list_size_ratio")

    def fetch_case(self, behaviour, file, outcome, error_kind, code=None):
        self.pub.publish(3, {"gambling": NEWER})
        self.mode(behaviour, file, code)
        try:
            status, records = self.next_poll_outcome()
        finally:
            self.mode()
        self.assertEqual(status["serial"], 2, status)
        self.assertEqual(status["last_result"], outcome, status)
        self.assertEqual(status["last_error"], error_kind, status)
        self.assertBlocked("csv-listed.test")
        return records

    def test_10_truncated_download(self):
        # (a payload announcing more than the manifest says stops at once: payload_size_mismatch)
        records = self.fetch_case("truncated", "manifest.json", "fetch_failed", "network_error")
        self.assertRecord(records, "feed_fetch_failed", file="manifest.json", outcome="network_error")

    def test_11_endless_payload_stops_at_the_manifest_size(self):
        records = self.fetch_case("endless", "gambling.txt", "rejected", "payload_size_mismatch")
        self.assertRecord(records, "feed_rejected", error="payload_size_mismatch")

    def test_12_endless_manifest_stops_at_the_cap(self):
        records = self.fetch_case("endless", "manifest.json", "rejected", "too_large")
        self.assertRecord(records, "feed_rejected", error="too_large")

    def test_13_one_byte_per_second_times_out(self):
        records = self.fetch_case("slow", "manifest.json", "fetch_failed", "timeout")
        self.assertRecord(records, "feed_fetch_failed", outcome="timeout")

    def test_14_not_found(self):
        records = self.fetch_case("status", None, "fetch_failed", "http_error", code=404)
        self.assertRecord(records, "feed_fetch_failed", http_status=404)

    def test_15_server_error(self):
        records = self.fetch_case("status", None, "fetch_failed", "http_error", code=500)
        self.assertRecord(records, "feed_fetch_failed", http_status=500)

    def test_16_good_version_after_the_failures(self):
        self.pub.publish(3, {"gambling": NEWER + ["sibling.test"]})
        status, records = self.next_poll_outcome()
        self.assertEqual(status["serial"], 3, status)
        self.assertEqual(status["applied"], 3, status)
        self.assertRecord(records, "feed_applied", serial=3)
        self.assertBlocked("sibling.test")

    def test_17_answers_were_right_throughout_and_the_audit_chain_holds(self):
        self.assertGreater(self.prober.answers, 50)
        self.assertEqual(self.prober.problems, [])
        with open(os.path.join(self.state, "audit.jsonl")) as f:
            lines = f.read().splitlines()
        self.assertEqual([json.loads(line)["seq"] for line in lines], list(range(1, len(lines) + 1)))
        out = rojactl("feed", "status", "--state-dir", self.state)
        self.assertIn("serial 3", out)
        self.assertIn("minisign-prehashed", out)
        # Anyone can check the published feed over HTTPS with the same code rojad runs.
        out = rojactl("feed", "verify", self.server.base + "/feed", "--key", os.path.join(self.env.path("keys"), "akep.pub"),
                      "--tls-ca", self.pki.ca, "--feed", FEED)
        self.assertIn("feed akep-al serial 3", out)
        self.assertTrue(out.rstrip().endswith("OK"), out)

    def test_18_every_guard_that_tripped_is_a_metric(self):
        with urllib.request.urlopen(f"http://{self.admin[0]}:{self.admin[1]}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        for error in ("bad_signature", "unknown_key", "payload_hash_mismatch", "serial_not_newer", "manifest_expired",
                      "list_size_ratio", "payload_size_mismatch", "too_large"):
            self.assertRegex(metrics, f'roja_feed_rejected_by_error_total{{feed="{FEED}",error="{error}"}} [1-9]')
        for outcome in ("network_error", "timeout", "http_error"):
            self.assertRegex(metrics, f'roja_feed_fetch_failures_by_outcome_total{{feed="{FEED}",outcome="{outcome}"}} [1-9]')
        self.assertRegex(metrics, f'roja_feed_serial{{feed="{FEED}"}} 3')
        self.assertRegex(metrics, f'roja_feed_degraded{{feed="{FEED}"}} 0')


class TlsNameMismatch(rh.RojadOverNsd):
    """A feed server whose certificate names another host: nothing is fetched, nothing is
    enforced from the feed (no last good version yet), and rojad serves as usual."""

    @classmethod
    def setUpClass(cls):
        e = rh.env()
        pki = Pki(e.path("pki-tls"), e.ip)
        keys = e.path("keys-tls")
        os.makedirs(keys, exist_ok=True)
        key = os.path.join(keys, "akep.key")
        rojactl("feed", "keygen", "--public", os.path.join(keys, "akep.pub"), "--secret", key)
        www = e.path("www-tls")
        Publisher(os.path.join(www, "feed"), FEED, key).publish(1, {"gambling": BASE})
        cls.server = HttpsServer(e, "other-name-server", pki.other, www)
        cls.state = e.path("tls-state")
        never_block = e.write("never-block-tls.txt", "allowed.test\n")
        config = write_config(e, "tls", cls.server.base + "/feed", os.path.join(keys, "akep.pub"), pki.ca,
                              never_block, f"{e.ip}:{rh.free_port(e.ip)}")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config], label="rojad-tls")

    def test_name_mismatch_is_a_tls_error_and_rojad_serves(self):
        path = os.path.join(self.state, FEED, "status.json")
        deadline = time.monotonic() + 30
        status = {}
        while time.monotonic() < deadline:
            if os.path.exists(path):
                with open(path) as f:
                    status = json.load(f)
                if status.get("last_result"):
                    break
            time.sleep(0.1)
        self.assertEqual(status.get("last_result"), "fetch_failed", status)
        self.assertEqual(status.get("last_error"), "tls_error", status)
        self.assertIsNone(status.get("serial"))
        self.assertTrue(status.get("degraded"))
        r = dc.query(self.rojad.server, "listed.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {"198.51.100.10"})  # nothing enforced from the feed


class CmsSignedLocalFeed(rh.RojadOverNsd):
    """A feed dropped into a local directory and signed with `openssl cms -sign` by a certificate
    under the authority's CA: rojad applies it and records the signer's subject; a version signed
    by a certificate of another CA is refused as untrusted_signer."""

    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.d = e.path("cms")
        os.makedirs(cls.d, exist_ok=True)
        for name in ("akep", "rogue"):
            run_tool("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", f"{cls.d}/{name}-ca.key", "-out", f"{cls.d}/{name}-ca.pem", "-subj", f"/CN={name} CA",
                     "-days", "2")
            run_tool("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", f"{cls.d}/{name}-signer.key", "-out", f"{cls.d}/{name}-signer.csr",
                     "-subj", f"/O={name}/CN=feed signer")
            run_tool("openssl", "x509", "-req", "-in", f"{cls.d}/{name}-signer.csr", "-CA", f"{cls.d}/{name}-ca.pem",
                     "-CAkey", f"{cls.d}/{name}-ca.key", "-CAcreateserial", "-out", f"{cls.d}/{name}-signer.pem",
                     "-days", "2")
        cls.pub = Publisher(os.path.join(cls.d, "inbox"), FEED, None)
        cls.pub.manifest(1, {"gambling": BASE})
        cls.sign("akep")
        cls.state = e.path("cms-state")
        config = e.write("cms.yaml", f"""state_dir: {cls.state}
admin:
  enabled: false
feeds:
  - id: {FEED}
    source: {cls.pub.dir}
    ca: {cls.d}/akep-ca.pem
    subject: "CN=feed signer,O=akep"
    poll: 1s
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config], label="rojad-cms")

    @classmethod
    def sign(cls, who):
        run_tool("openssl", "cms", "-sign", "-binary", "-in", cls.pub.path("manifest.json"), "-signer",
                 f"{cls.d}/{who}-signer.pem", "-inkey", f"{cls.d}/{who}-signer.key", "-outform", "DER",
                 "-out", cls.pub.path("manifest.json.p7s"))

    def wait_status(self, done):
        path = os.path.join(self.state, FEED, "status.json")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if os.path.exists(path):
                with open(path) as f:
                    status = json.load(f)
                if done(status):
                    return status
            time.sleep(0.1)
        self.fail(f"status never reached the expected state: {open(path).read() if os.path.exists(path) else None}")

    def test_cms_signed_versions_are_applied_and_a_rogue_ca_is_refused(self):
        status = self.wait_status(lambda s: s.get("serial") == 1)
        self.assertEqual(status["signers"], ["cms CN=feed signer,O=akep"])
        r = dc.query(self.rojad.server, "listed.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4})
        self.pub.manifest(2, {"gambling": NEWER})
        self.sign("rogue")
        status = self.wait_status(lambda s: s.get("last_error") == "untrusted_signer")
        self.assertEqual(status["serial"], 1)


def run_tool(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}\n{p.stdout}\n{p.stderr}")


if __name__ == "__main__":
    rh.main()
