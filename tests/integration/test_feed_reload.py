"""Changing the `feeds:` section takes effect on SIGHUP, without a restart. In order, on one
rojad that starts with no feed: a feed added to the configuration is verified and enforced; a
reload whose new feed names a key file that does not exist is refused as a whole (what was
enforced stays, rojad keeps answering); a feed whose settings change (its poll interval) keeps its
state, so a version older than the one it has seen is still refused as a rollback; a feed removed
from the configuration is no longer followed and its entries no longer enforced. Each change has
its `feeds_changed` audit record; a prober checks every answer along the way."""
import json
import os
import threading
import time

import roja_harness as rh
from feed_fixtures import Publisher, rojactl
from roja_harness import dc

FEED = "akep-al"
ORDERED = "allowed.test"  # in the test zone (198.51.100.1) and in the feed's list
ALLOWED_ADDR = "198.51.100.1"

HEAD = """state_dir: {state}
admin:
  enabled: false
"""
FEEDS = """feeds:
  - id: {feed}
    source: {source}
    keys: [{key}]
    poll: {poll}
"""


class Prober(threading.Thread):
    """listed.test (a configured list) must always be blocked; any other answer is a problem."""

    def __init__(self, server, warning):
        super().__init__(daemon=True)
        self.server, self.warning = server, warning
        self.stop_ = threading.Event()
        self.answers, self.problems = 0, []

    def run(self):
        while not self.stop_.is_set():
            r = dc.try_query(self.server, "listed.test", "A", timeout=2.0)
            got = dc.answer_rdata(r, "A") if r is not None else "timeout"
            if got != {self.warning}:
                self.problems.append(got)
            self.answers += 1
            time.sleep(0.02)

    def stop(self):
        self.stop_.set()
        self.join(timeout=10)


class FeedReload(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        keys = e.path("keys")
        os.makedirs(keys)
        cls.key, cls.pub = os.path.join(keys, "akep.key"), os.path.join(keys, "akep.pub")
        rojactl("feed", "keygen", "--public", cls.pub, "--secret", cls.key)
        cls.source = e.path("feed", FEED)
        cls.publisher = Publisher(cls.source, FEED, cls.key)
        cls.publisher.publish(5, {"orders": [ORDERED]})
        cls.state = e.path("state")
        cls.config = e.path("roja.yaml")
        cls.write_config(feed=False)
        cls.nsd = rh.Nsd(e).start()
        listed = e.write("lists/listed.txt", "listed.test\n")
        cls.rojad = rh.Rojad(e, [cls.nsd.server], lists=[("plain", listed)], extra=["--config", cls.config]).start()

    @classmethod
    def write_config(cls, feed=True, key=None, poll="1s"):
        text = HEAD.format(state=cls.state)
        if feed:
            text += FEEDS.format(feed=FEED, source=cls.source, key=key or cls.pub, poll=poll)
        with open(cls.config, "w") as f:
            f.write(text)

    def answer(self, name):
        return dc.answer_rdata(dc.query(self.rojad.server, name, "A"), "A")

    def wait_for(self, what, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.1)
        self.fail(f"{what} did not happen in {timeout} s; rojad log:\n{rh.tail(self.rojad.stderr)}")

    def status(self):
        with open(os.path.join(self.state, FEED, "status.json")) as f:
            return json.load(f)

    def audit(self, record_type):
        with open(os.path.join(self.state, "audit.jsonl")) as f:
            return [r for r in map(json.loads, f) if r["type"] == record_type]

    def test_feeds_follow_the_configuration_on_sighup(self):
        e = self.env
        warning = {e.warning_v4}
        prober = Prober(self.rojad.server, e.warning_v4)
        prober.start()
        try:
            self.assertEqual(self.answer(ORDERED), {ALLOWED_ADDR})

            # Added: verified, applied, enforced.
            self.write_config()
            self.rojad.sighup()
            self.wait_for("the added feed's entry enforced", lambda: self.answer(ORDERED) == warning)
            self.wait_for("its feeds_changed record", lambda: len(self.audit("feeds_changed")) == 1)
            self.assertEqual(self.audit("feeds_changed")[0]["details"]["added"], [FEED])
            # status.json is written by the poll's last step, after the swap that enforces the
            # entry: a slower build (TSan) reads it in between, so wait for it too.
            self.wait_for("serial 5 in status.json", lambda: self.status().get("serial") == 5)
            self.assertEqual(self.status().get("serial"), 5)

            # A key file that does not exist: the whole reload is refused, the feed stays enforced.
            self.write_config(key=e.path("keys", "missing.pub"))
            self.rojad.sighup()
            self.wait_for("the refused reload", lambda: "reload_failed" in self.rojad.log())
            self.assertIn("missing.pub", self.rojad.log())
            self.assertEqual(self.answer(ORDERED), warning)
            self.assertEqual(len(self.audit("feeds_changed")), 1)

            # Changed (poll interval): a new follower over the same state; an older serial is a
            # rollback and is refused, the version in force stays.
            self.write_config(poll="2s")
            self.rojad.sighup()
            self.wait_for("the changed feed's record", lambda: len(self.audit("feeds_changed")) == 2)
            self.publisher.publish(4, {"orders": ["other.test"]})
            self.wait_for("the rollback refused", lambda: any(
                "rollback" in json.dumps(r["details"]) for r in self.audit("feed_rejected")))
            self.assertEqual(self.audit("feeds_changed")[1]["details"]["changed"], [FEED])
            self.assertEqual(self.answer(ORDERED), warning)

            # Removed: no longer followed, its entries no longer enforced.
            self.write_config(feed=False)
            self.rojad.sighup()
            self.wait_for("the removed feed's entry no longer enforced",
                          lambda: self.answer(ORDERED) == {ALLOWED_ADDR})
            self.wait_for("its feeds_changed record", lambda: len(self.audit("feeds_changed")) == 3)
            self.assertEqual(self.audit("feeds_changed")[2]["details"]["removed"], [FEED])
            # Not reported as a followed feed any more; its versions stay for a return.
            self.assertFalse(os.path.exists(os.path.join(self.state, FEED, "status.json")))
            self.assertTrue(os.path.isdir(os.path.join(self.state, FEED)))
            self.assertTrue(self.rojad.alive())
        finally:
            prober.stop()
        self.assertGreater(prober.answers, 20)
        self.assertEqual(prober.problems, [])


if __name__ == "__main__":
    rh.main()
