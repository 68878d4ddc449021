"""The HTTP filter for URL-level entries (issue 5), against a real origin (origin_server.py) and
rojad's own DNS: hosts with URL entries resolve to the filter for URL-filtering groups; a listed
URL (exact, path prefix, after normalisation) gets the 451 page; anything else on the host is
forwarded and the origin's bytes come back unchanged (a multi-megabyte file by checksum, chunked
bodies, keep-alive, HEAD); hosts not routed to the filter are not proxied; over TLS the server
name decides: an `sni` entry is reset, anything else is spliced with the origin's certificate."""
import hashlib
import os
import subprocess
import time
import urllib.request

import http_client as hc
import roja_harness as rh
from roja_harness import dc

ORDERS_CSV = """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
u1,url,news.test/secret,AKEP,200/2025,2025-04-01,Ligji 9/2025,gambling,2025-04-01,
u2,url,news.test/exact-page?id=7,AKEP,201/2025,2025-04-01,Ligji 9/2025,gambling,2025-04-01,
s1,sni,sni-blocked.test,AKEP,202/2025,2025-04-01,Ligji 9/2025,gambling,2025-04-01,
d1,domain,casino.test,AKEP,203/2025,2025-04-01,Ligji 9/2025,gambling,2025-04-01,
"""
BIG = 3 * 1024 * 1024 + 12345  # bytes: crosses many relay buffers


def zone_with(extra):
    with open(os.path.join(rh.ZONES, "root.zone")) as f:
        return f.read() + "\n; test_http_filter.py\n" + extra


class HttpFilter(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.origin_ip = f"127.0.3.{e.octet}"
        cls.filter_ip = f"127.0.4.{e.octet}"
        cls.port = rh.free_port(cls.origin_ip)          # the filter forwards to the port it was
        cls.tls_port = rh.free_port(cls.origin_ip)      # reached on, so origin and filter share them
        zone = e.write("zone/filter.zone", zone_with(
            f"news.test. A {cls.origin_ip}\nsni-blocked.test. A {cls.origin_ip}\n"))
        cls.nsd = rh.Nsd(e, zonefile=zone).start()
        cls.start_origin(e)
        orders = e.write("lists/orders.csv", ORDERS_CSV)
        cls.admin = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
admin:
  listen: "{cls.admin[0]}:{cls.admin[1]}"
warning_page:
  operator_url: "https://isp.example/bllokime"
http_filter:
  enabled: true
  addresses: ["{cls.filter_ip}"]
  http_ports: [{cls.port}]
  https_ports: [{cls.tls_port}]
  origin_idle_timeout: 5s
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
groups:
  - name: default
    lists: [orders]
    url_filter: true
  - name: plain
    prefixes: ["127.0.1.0/24"]
    lists: [orders]
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])
        cls.filter = (cls.filter_ip, cls.port)

    @classmethod
    def start_origin(cls, e):
        root = e.path("origin")
        os.makedirs(root)
        with open(os.path.join(root, "big.bin"), "wb") as f:
            f.write(os.urandom(BIG))
        with open(os.path.join(root, "big.bin"), "rb") as f:
            cls.big_sha = hashlib.sha256(f.read()).hexdigest()
        cls.cert, cls.key = e.path("news.pem"), e.path("news.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "2", "-subj", "/CN=news.test", "-addext",
                        "subjectAltName=DNS:news.test,DNS:sni-blocked.test",
                        "-keyout", cls.key, "-out", cls.cert], check=True, capture_output=True)
        log = e.path("origin.log")
        e.logs.append(("origin", log))
        cls.origin = rh.spawn(["/usr/bin/python3", os.path.join(rh.HERE, "origin_server.py"), "--ip", cls.origin_ip,
                               "--port", str(cls.port), "--tls-port", str(cls.tls_port), "--cert", cls.cert,
                               "--key", cls.key, "--root", root], log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "ready" not in rh.tail(log):
            time.sleep(0.05)
        if "ready" not in rh.tail(log):
            raise rh.HarnessError("origin_server.py did not start:\n" + rh.tail(log))

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            rh.terminate(cls.origin)

    def curl(self, *args):
        """curl through the filter: the name is connected to the filter, the Host stays the name."""
        cmd = ["curl", "-sS", "--max-time", "20", "--connect-to", f"news.test:80:{self.filter_ip}:{self.port}",
               "--connect-to", f"news.test:443:{self.filter_ip}:{self.tls_port}",
               "--connect-to", f"sni-blocked.test:443:{self.filter_ip}:{self.tls_port}", *args]
        return subprocess.run(cmd, capture_output=True, timeout=30)

    # --- DNS side
    def test_a_host_with_url_entries_resolves_to_the_filter_for_filtering_groups(self):
        r = dc.query(self.rojad.server, "news.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.filter_ip})
        r = dc.query(self.rojad.server, "sni-blocked.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.filter_ip})

    def test_other_groups_and_other_names_resolve_normally(self):
        r = dc.query(self.rojad.server, "news.test", "A", source=f"127.0.1.{self.env.octet}")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.origin_ip})
        r = dc.query(self.rojad.server, "www.news.test", "A")
        self.assertNotEqual(dc.answer_rdata(r, "A"), {self.filter_ip})

    def test_https_records_of_a_filtered_host_are_empty(self):
        r = dc.query(self.rojad.server, "news.test", "HTTPS")
        self.assertEqual(r.rcode(), 0)
        self.assertEqual(len(r.answer), 0)

    # --- port 80
    def test_a_listed_url_gets_the_warning_page(self):
        for path in ["/secret", "/secret/", "/secret/deeper/page.html", "/secret?x=1", "/%73ecret/x",
                     "/public/../secret/x", "/./secret", "/exact-page?id=7"]:
            with self.subTest(path=path):
                status, headers, body = hc.get(self.filter, "news.test", path)
                self.assertEqual(status, 451)
                self.assertEqual(headers["link"], '<https://isp.example/bllokime>; rel="blocked-by"')
                self.assertIn("AKEP", body.decode())
                self.assertIn("news.test/", body.decode())

    def test_unlisted_paths_on_the_same_host_reach_the_origin(self):
        for path in ["/", "/secretive", "/public/secret", "/exact-page?id=8", "/echo"]:
            with self.subTest(path=path):
                status, _, body = hc.get(self.filter, "news.test", path)
                self.assertEqual(status, 200)
                self.assertTrue(body.startswith(b"origin ") or body.startswith(b"GET /echo"), body[:80])

    def test_a_large_file_comes_back_byte_for_byte(self):
        out = self.curl("-o", "-", "http://news.test/files/big.bin")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(len(out.stdout), BIG)
        self.assertEqual(hashlib.sha256(out.stdout).hexdigest(), self.big_sha)

    def test_a_chunked_response_is_relayed_whole(self):
        with hc.connect(self.filter) as s:
            s.sendall(b"GET /chunked/300 HTTP/1.1\r\nHost: news.test\r\n\r\n")
            status, headers, body = hc.read_response(s)
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("transfer-encoding"), "chunked")
        self.assertEqual(len(body), 300 * 1000)
        self.assertTrue(body.startswith(b"chunk-0.") and b"chunk-299." in body)

    def test_keep_alive_carries_several_requests_listed_or_not(self):
        with hc.connect(self.filter) as s:
            for path, expected in [("/a", 200), ("/secret/x", 451), ("/files/big.bin", 200), ("/b", 200)]:
                method = "HEAD" if path.endswith(".bin") else "GET"
                s.sendall(f"{method} {path} HTTP/1.1\r\nHost: news.test\r\n\r\n".encode())
                r = hc.read_response(s, head=(method == "HEAD"))
                self.assertIsNotNone(r, path)
                self.assertEqual(r[0], expected, path)
                if method == "HEAD":
                    self.assertEqual(int(r[1]["content-length"]), BIG)

    def test_an_origin_closing_a_kept_alive_connection_is_retried_on_a_fresh_one(self):
        with hc.connect(self.filter) as s:
            for path in ["/then-close", "/echo", "/then-close", "/a"]:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: news.test\r\n\r\n".encode())
                r = hc.read_response(s)
                self.assertIsNotNone(r, path)
                self.assertEqual(r[0], 200, path)

    def test_a_request_body_is_forwarded(self):
        status, _, body = hc.request(self.filter, b"POST /upload HTTP/1.1\r\nHost: news.test\r\nContent-Length: 5\r\n"
                                     b"Connection: close\r\n\r\nhello")
        self.assertEqual((status, body), (200, b"posted 5 bytes to /upload"))

    def test_hosts_not_routed_to_the_filter_are_not_proxied(self):
        self.assertEqual(hc.get(self.filter, "allowed.test")[0], 421)
        self.assertEqual(hc.get(self.filter, "127.0.0.1")[0], 421)
        self.assertEqual(hc.get(self.filter, "casino.test")[0], 451)  # a whole-host order still shows

    def test_smuggling_is_refused_here_too(self):
        with hc.connect(self.filter) as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: news.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                      b"0\r\n\r\nGET /secret HTTP/1.1\r\nHost: news.test\r\n\r\n")
            self.assertEqual(hc.read_response(s)[0], 400)
            self.assertTrue(hc.closed_within(s, 5))

    # --- port 443
    def test_https_is_spliced_to_the_origin_with_its_own_certificate(self):
        out = self.curl("--cacert", self.cert, "https://news.test/echo")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, b"GET /echo host=news.test")
        out = self.curl("--cacert", self.cert, "-o", "-", "https://news.test/files/big.bin")
        self.assertEqual(hashlib.sha256(out.stdout).hexdigest(), self.big_sha)

    def test_a_listed_server_name_is_refused(self):
        out = self.curl("--cacert", self.cert, "https://sni-blocked.test/echo")
        self.assertNotEqual(out.returncode, 0)
        self.assertEqual(out.stdout, b"")

    def test_tls_without_a_routed_name_is_refused(self):
        with hc.connect((self.filter_ip, self.tls_port)) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: news.test\r\n\r\n")  # not TLS at all
            self.assertTrue(hc.reset_or_closed(s, 5))

    def test_unenforceable_tls_and_the_warning_pages_are_counted_in_the_metrics(self):
        out = self.curl("--cacert", self.cert, "https://news.test/echo")  # spliced: its URL entries unenforced
        self.assertEqual(out.returncode, 0, out.stderr)
        with urllib.request.urlopen(f"http://{self.admin[0]}:{self.admin[1]}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        self.assertRegex(metrics, r"roja_http_filter_unenforced_total [1-9]")
        self.assertRegex(metrics, r'roja_http_filter_total\{action="forwarded"\} [0-9]')


if __name__ == "__main__":
    rh.main()
