"""rate_limit.max_outstanding: one client prefix cannot fill the upstream pool. An upstream that
never answers holds every forwarded query until the deadline; a client sending many misses
gets max_outstanding of them forwarded and SERVFAIL at once (no EDE) for the rest, counted as
roja_rate_limited_total{action="upstream_cap"}, while another client's miss is still forwarded."""
import socket
import threading
import time

import dns.message

import metrics_client as mc
import roja_harness as rh
from roja_harness import dc

CAP = 4


class SilentUpstream:
    """Reads queries and never answers (no ICMP either): every forwarded query waits."""

    def __init__(self, ip):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, 0))
        self.address = self.sock.getsockname()
        self.names = set()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                data, _ = self.sock.recvfrom(65535)
            except OSError:
                return
            try:
                name = dns.message.from_wire(data).question[0].name.to_text().rstrip(".")
            except Exception:
                continue
            with self.lock:
                self.names.add(name)

    def seen(self):
        with self.lock:
            return set(self.names)

    def stop(self):
        self.sock.close()


class UpstreamClientCap(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.upstream = SilentUpstream(e.ip)
        cls.admin = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""access:
  allow: ["127.0.0.0/8"]
upstream:
  timeout: 200ms
  deadline: 2s
rate_limit:
  max_outstanding: {CAP}
""")
        cls.rojad = rh.start_rojad([cls.upstream.address], extra=[
            "--config", config, "--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.upstream.stop()

    def test_one_client_gets_only_its_share_of_the_upstream(self):
        before = mc.value(mc.samples(mc.scrape(self.admin)), "roja_rate_limited_total",
                          action="upstream_cap")
        replies = []
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.4.1", 0))
            for i in range(20):
                s.sendto(dc.make_query(f"miss{i}.cap.test", "A").to_wire(), self.rojad.server)
            s.settimeout(4.0)
            try:
                while len(replies) < 20:
                    replies.append(dns.message.from_wire(s.recvfrom(65535)[0]))
            except socket.timeout:
                pass
        self.assertEqual(len(replies), 20, "every query is answered")
        self.assertTrue(all(dc.rcode_text(r) == "SERVFAIL" for r in replies))
        capped = [r for r in replies if not dc.ede_options(r)]
        waited = [r for r in replies if [o.code for o in dc.ede_options(r)] == [22]]
        self.assertEqual((len(capped), len(waited)), (20 - CAP, CAP))
        after = mc.value(mc.samples(mc.scrape(self.admin)), "roja_rate_limited_total",
                         action="upstream_cap")
        self.assertEqual(after - before, 20 - CAP)
        self.assertEqual(len({n for n in self.upstream.seen() if n.endswith("cap.test")}), CAP)

    def test_another_client_is_still_forwarded_while_one_is_at_its_cap(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.4.2", 0))
            for i in range(10):
                s.sendto(dc.make_query(f"busy{i}.other.test", "A").to_wire(), self.rojad.server)
            r = dc.query(self.rojad.server, "quiet.other.test", "A", source="127.0.4.3",
                         timeout=5.0)
        self.assertEqual([o.code for o in dc.ede_options(r)], [22], "it waited for the upstream")
        deadline = time.monotonic() + 2
        while "quiet.other.test" not in self.upstream.seen() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn("quiet.other.test", self.upstream.seen())


if __name__ == "__main__":
    rh.main()
