"""Upstream outage: with NSD stopped, a cached name whose TTL ran out is answered stale (TTL <= 30),
a never-seen name gets SERVFAIL with EDE 22 or 23 within the client's patience, and blocked names
are still answered at once."""
import time

import roja_harness as rh
from roja_harness import dc

STALE_NAME, STALE_ADDR = "stale.test", "198.51.100.98"   # TTL 1 in the zone
FRESH_NAME = "fresh.test"                                 # never asked before the outage
LISTED = "listed.test"


class UpstreamDown(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        r = dc.query(cls.nsd.server, STALE_NAME, "A")
        if dc.answer_rdata(r, "A") != {STALE_ADDR} or r.answer[0].ttl != 1:
            raise rh.HarnessError(f"zone: {STALE_NAME} must have A {STALE_ADDR} with TTL 1: {r}")
        lst = e.write("lists/plain.txt", LISTED + "\n")
        cls.rojad = rh.start_rojad([cls.nsd.server], lists=[("plain", lst)])

    def test_an_upstream_outage_serves_stale_fails_new_names_and_keeps_blocking(self):
        server = self.rojad.server
        # 1. cache the short-TTL name while the upstream is up
        r = dc.query(server, STALE_NAME, "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {STALE_ADDR}, "answered while NSD is up")

        # 2. the upstream dies and the cached TTL runs out
        self.nsd.stop()
        time.sleep(2.0)

        # 3. the cached name comes back stale (RFC 8767), with a short TTL
        r = dc.query(server, STALE_NAME, "A", timeout=5.0)
        self.assertEqual(dc.rcode_text(r), "NOERROR", f"stale answer expected:\n{r}")
        self.assertEqual(dc.answer_rdata(r, "A"), {STALE_ADDR})
        for ttl in dc.answer_ttls(r):
            self.assertLessEqual(ttl, 30, "a stale answer carries TTL <= 30")

        # 4. a name never seen gets SERVFAIL with EDE 22 (No Reachable Authority) or 23
        #    (Network Error), not silence
        r = dc.query(server, FRESH_NAME, "A", timeout=10.0)
        self.assertEqual(dc.rcode_text(r), "SERVFAIL", r)
        codes = {o.code for o in dc.ede_options(r)}
        self.assertTrue(codes & {22, 23}, f"EDE 22 or 23 expected, got {codes}")

        # 5. blocked names need no upstream
        for qtype, want in (("A", self.env.warning_v4), ("AAAA", self.env.warning_v6)):
            r = dc.query(server, LISTED, qtype, timeout=2.0)
            self.assertEqual(dc.answer_rdata(r, qtype), {want})
        self.assertTrue(self.rojad.alive())


if __name__ == "__main__":
    rh.main()
