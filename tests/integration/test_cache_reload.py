"""The answer cache survives a policy change (issue 17): after a SIGHUP reload a warm name is
answered from the cache (the upstream sees no new query for it), while a cached answer whose
CNAME target or address the new policy lists is not served as it was: it is blocked."""
import time

import roja_harness as rh
from roja_harness import dc

CSV_HEADER = ("id,type,value,authority,decision,decision_date,legal_basis,category,"
              "effective_from,expires\n")
CSV_ROW = "{id},{type},{value},Test Authority,D-1,2024-01-01,Test Act s.1,test,2024-01-01,\n"
BEFORE = {"plain": "reload-a.test\n",
          "csv": CSV_HEADER + CSV_ROW.format(id="c1", type="domain", value="csv-listed.test")}
AFTER = {"plain": "reload-a.test\nreload-b.test\nchain3.test\n",
         "csv": BEFORE["csv"] + CSV_ROW.format(id="c2", type="ip", value="198.51.100.66")}
WARM = ("allowed.test", "chain1.test", "ipblocked.test")


class CacheAcrossReload(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.paths = {fmt: e.write(f"lists/reload.{fmt}", text) for fmt, text in BEFORE.items()}
        cls.nsd = rh.Nsd(e).start()
        cls.recorder = rh.start_recorder(cls.nsd.server)
        # One worker: one cache, so "warm" means warm for every later query.
        cls.rojad = rh.start_rojad([cls.recorder.listen], threads=1,
                                   lists=[(fmt, path) for fmt, path in cls.paths.items()])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.recorder.stop()
            cls.nsd.stop()

    def addresses(self, qname):
        return dc.answer_rdata(dc.query(self.rojad.server, qname, "A"), "A")

    def reload_with(self, lists):
        for fmt, text in lists.items():
            with open(self.paths[fmt], "w") as f:
                f.write(text)
        self.rojad.sighup()
        deadline = time.monotonic() + 20
        while self.addresses("reload-b.test") != {self.env.warning_v4}:
            self.assertLess(time.monotonic(), deadline, "the reload applied")
            time.sleep(0.05)

    def test_a_reload_keeps_warm_answers_and_rechecks_what_they_contain(self):
        warm = {qname: self.addresses(qname) for qname in WARM}
        self.assertEqual(warm["allowed.test"], {"198.51.100.1"})
        self.assertEqual(warm["ipblocked.test"], {"198.51.100.66"})
        self.assertTrue(warm["chain1.test"] and self.env.warning_v4 not in warm["chain1.test"])
        for qname in WARM:
            self.assertEqual(self.addresses(qname), warm[qname], "a second query is a cache hit")
            self.assertEqual(self.recorder.count(qname, "A"), 1, qname)

        self.reload_with(AFTER)

        self.assertEqual(self.addresses("allowed.test"), {"198.51.100.1"})
        self.assertEqual(self.recorder.count("allowed.test", "A"), 1,
                         "a warm name is answered from the cache after the reload")
        self.assertEqual(self.addresses("chain1.test"), {self.env.warning_v4},
                         "a cached CNAME chain whose target is now listed is blocked")
        self.assertEqual(self.addresses("ipblocked.test"), {self.env.warning_v4},
                         "a cached answer whose address is now listed is blocked")
        self.assertEqual(self.addresses("allowed.test"), {"198.51.100.1"})
        self.assertEqual(self.recorder.count("allowed.test", "A"), 1)


if __name__ == "__main__":
    rh.main()
