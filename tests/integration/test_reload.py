"""SIGHUP reload under load: while a thread queries without pause, the list file is rewritten
(list A <-> list B) and rojad gets SIGHUP, several times. No query goes unanswered, every answer
is the one of list A or of list B, the answers never flip back, and after each reload the new list
applies."""
import threading
import time

import roja_harness as rh
from roja_harness import dc

NAME_A, ADDR_A = "reload-a.test", "198.51.100.31"
NAME_B, ADDR_B = "reload-b.test", "198.51.100.32"
LIST_A, LIST_B = NAME_A + "\n", NAME_B + "\n"
SWAPS = 4


class Prober(threading.Thread):
    """Queries NAME_A and NAME_B in turn and records which list each answer is consistent with."""

    def __init__(self, server, warning):
        super().__init__(daemon=True)
        self.server = server
        self.warning = warning
        self.stop_ = threading.Event()
        self.states = []   # "A" or "B" per answer, in order
        self.problems = []

    def classify(self, qname, r):
        if r is None:
            return "timeout"
        addrs = dc.answer_rdata(r, "A")
        blocked = addrs == {self.warning}
        if qname == NAME_A:
            return "A" if blocked else ("B" if addrs == {ADDR_A} else f"odd {addrs}")
        return "B" if blocked else ("A" if addrs == {ADDR_B} else f"odd {addrs}")

    def run(self):
        while not self.stop_.is_set():
            for qname in (NAME_A, NAME_B):
                r = dc.try_query(self.server, qname, "A", timeout=2.0)
                state = self.classify(qname, r)
                if state in ("A", "B"):
                    self.states.append(state)
                else:
                    self.problems.append((qname, state))

    def stop(self):
        self.stop_.set()
        self.join(timeout=10)


class Reload(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.list_path = e.write("lists/reload.txt", LIST_A)
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], lists=[("plain", cls.list_path)], threads=2)

    def test_nsd_serves_both_reload_names(self):
        for qname, addr in ((NAME_A, ADDR_A), (NAME_B, ADDR_B)):
            self.assertEqual(dc.answer_rdata(dc.query(self.nsd.server, qname, "A"), "A"), {addr})

    def state_now(self):
        a = dc.answer_rdata(dc.query(self.rojad.server, NAME_A, "A"), "A")
        b = dc.answer_rdata(dc.query(self.rojad.server, NAME_B, "A"), "A")
        w = frozenset({self.env.warning_v4})
        states = {(w, frozenset({ADDR_B})): "A", (frozenset({ADDR_A}), w): "B"}
        return states.get((frozenset(a), frozenset(b)), f"mixed A={a} B={b}")

    def wait_for_state(self, want, timeout=10.0):
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = self.state_now()
            if state == want:
                return state
            time.sleep(0.05)
        return state

    def test_sighup_swaps_lists_without_losing_or_mixing_answers(self):
        self.assertEqual(self.state_now(), "A", "list A applies at start")
        prober = Prober(self.rojad.server, self.env.warning_v4)
        prober.start()
        try:
            time.sleep(0.5)
            for swap in range(SWAPS):
                want = "B" if swap % 2 == 0 else "A"
                with open(self.list_path, "w") as f:
                    f.write(LIST_B if want == "B" else LIST_A)
                self.rojad.sighup()
                self.assertEqual(self.wait_for_state(want), want,
                                 f"list {want} applies after reload {swap + 1}")
                time.sleep(0.5)
        finally:
            prober.stop()
        self.assertTrue(self.rojad.alive())
        self.assertEqual(prober.problems, [], "every query answered, by list A or list B")
        flips = sum(1 for x, y in zip(prober.states, prober.states[1:]) if x != y)
        self.assertLessEqual(flips, SWAPS, "answers never flip back to the old list after a reload")
        self.assertGreater(len(prober.states), 20, "the prober kept querying")


if __name__ == "__main__":
    rh.main()
