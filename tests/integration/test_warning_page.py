"""The warning page (issue 5): 451 with the RFC 7725 Link for blocked names, the authority, decision
and legal basis in Albanian or English, the child helpline for child-protection orders, inert
hostile input, a neutral 404, port 443 refused at once, and the limits (header and body caps,
idle and slow clients, per-client connection cap, request smuggling in both orders)."""

import subprocess

import http_client as hc
import roja_harness as rh
from roja_harness import dc

ORDERS_CSV = """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
akep-1,domain,casino.test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,
akep-2,domain,harm.test,"Agjencia <script>alert(1)</script>",124/2025,2025-03-02,"Ligji ""x"" & y",child-protection,2025-03-02,
"""
OPERATOR_URL = "https://isp.example/bllokime"
IDLE = 2  # seconds: the idle and read timeouts of this file's warning page
# High enough that this file's other tests, whose closed connections the server may still be
# finishing on a busy machine, never reach it from their one address.
PER_CLIENT = 16


class WarningPage(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        orders = e.write("lists/orders.csv", ORDERS_CSV)
        cls.page = (e.ip, rh.free_port(e.ip))
        cls.tls = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
blocking:
  organisation: "Test ISP"
warning_page:
  enabled: true
  listen: ["{cls.page[0]}:{cls.page[1]}"]
  https_port: {cls.tls[1]}
  operator_url: "{OPERATOR_URL}"
  appeal_url: "https://isp.example/ankesa"
  contact_email: "abuse@isp.example"
  limits:
    max_header_bytes: 2KiB
    max_body_bytes: 1KiB
    read_timeout: {IDLE}s
    idle_timeout: {IDLE}s
    max_connections_per_client: {PER_CLIENT}
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
    authority: AKEP
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def get(self, host, **kw):
        r = hc.get(self.page, host, **kw)
        self.assertIsNotNone(r, "the warning page closed the connection without answering")
        return r

    def test_a_blocked_name_gets_451_with_the_rfc_7725_link(self):
        status, headers, body = self.get("casino.test")
        self.assertEqual(status, 451)
        self.assertEqual(headers["link"], f'<{OPERATOR_URL}>; rel="blocked-by"')
        self.assertEqual(headers["cache-control"], "no-store")
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(headers["content-language"], "sq")
        self.assertTrue(headers["content-security-policy"].startswith("default-src 'none'"))

    def curl(self, host, *extra):
        """curl from Debian, the name mapped to the warning page with --resolve."""
        p = subprocess.run(["curl", "-sS", "-D", "-", "--max-time", "10", "--resolve", f"{host}:{self.page[1]}:{self.page[0]}",
                            *extra, f"http://{host}:{self.page[1]}/some/path?q=1"], capture_output=True, timeout=20)
        head, _, body = p.stdout.partition(b"\r\n\r\n")
        return p.returncode, head.decode(errors="replace"), body.decode(errors="replace")

    def test_curl_sees_451_its_headers_and_the_order_in_both_languages(self):
        code, head, body = self.curl("casino.test")
        self.assertEqual(code, 0, head)
        self.assertTrue(head.startswith("HTTP/1.1 451 "), head)
        self.assertIn(f'Link: <{OPERATOR_URL}>; rel="blocked-by"', head)
        self.assertIn("Cache-Control: no-store", head)
        for text in ("AKEP", "123/2025", "Ligji 54/2024 neni 12", '<html lang="sq">'):
            self.assertIn(text, body)
        code, head, body = self.curl("casino.test", "-H", "Accept-Language: en")
        self.assertIn('<html lang="en">', body)
        code, head, body = self.curl("allowed.test")
        self.assertTrue(head.startswith("HTTP/1.1 404 "), head)

    def test_the_page_names_the_order_in_albanian_by_default(self):
        body = self.get("www.casino.test")[2].decode()
        for text in ('<html lang="sq">', "www.casino.test", "AKEP", "123/2025", "2025-03-01",
                     "Ligji 54/2024 neni 12", "Ju nuk keni bërë asgjë të gabuar",
                     "https://isp.example/ankesa", "abuse@isp.example", "Test ISP"):
            self.assertIn(text, body)
        self.assertNotIn("116 111", body)  # gambling is not a child-protection category

    def test_english_by_accept_language(self):
        status, headers, body = self.get("casino.test", headers=[("Accept-Language", "en-US,en;q=0.9")])
        self.assertEqual(headers["content-language"], "en")
        self.assertIn('<html lang="en">', body.decode())
        self.assertIn("You have done nothing wrong", body.decode())

    def test_child_protection_orders_name_the_helpline_and_escape_list_text(self):
        body = self.get("harm.test")[2].decode()
        self.assertIn("ALO 116 111", body)
        self.assertIn("iSigurt.al", body)
        self.assertIn("Agjencia &lt;script&gt;alert(1)&lt;/script&gt;", body)
        self.assertIn("Ligji &quot;x&quot; &amp; y", body)
        self.assertNotIn("<script>", body)

    def test_names_that_are_not_blocked_get_a_neutral_404(self):
        status, headers, body = self.get("allowed.test")
        self.assertEqual(status, 404)
        self.assertNotIn("link", headers)
        self.assertNotIn("AKEP", body.decode())

    def test_hostile_host_headers_come_out_inert(self):
        for host in ["<script>alert(1)</script>", "casino.test\"><img src=x>", "a b", "casino.test:99999",
                     "%3Cscript%3E.test", "casino.test\x00evil"]:
            with self.subTest(host=host):
                status, _, body = self.get(host)
                self.assertEqual(status, 400)
                self.assertNotIn(b"<script", body)
                self.assertNotIn(b"<img", body)
        # A hostile path never reaches the page either.
        status, _, body = self.get("casino.test", path="/%3Cscript%3E<img/src=x>")
        self.assertIn(status, (400, 451))
        self.assertNotIn(b"<img", body)

    def test_head_answers_headers_only(self):
        status, headers, body = self.get("casino.test", method="HEAD")
        self.assertEqual(status, 451)
        self.assertEqual(body, b"")
        self.assertGreater(int(headers["content-length"]), 1000)

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        with hc.connect(self.page) as s:
            for host in ["casino.test", "allowed.test", "harm.test"]:
                s.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                r = hc.read_response(s)
                self.assertIsNotNone(r)
                self.assertEqual(r[0], 404 if host == "allowed.test" else 451)

    def test_port_443_is_refused_at_once(self):
        # The check is that the server resets instead of waiting for a handshake, not how fast.
        self.assertTrue(hc.refused_at_once(self.tls, seconds=5, first_bytes=b"\x16\x03\x01\x00\x05hello"))

    def test_a_header_over_the_cap_gets_431(self):
        r = hc.request(self.page, b"GET / HTTP/1.1\r\nHost: casino.test\r\nX-Big: " + b"a" * 4096 + b"\r\n\r\n")
        self.assertEqual(r[0], 431)

    def test_a_body_over_the_cap_gets_413(self):
        r = hc.request(self.page, b"POST / HTTP/1.1\r\nHost: casino.test\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000)
        self.assertEqual(r[0], 413)

    def test_transfer_encoding_with_content_length_is_refused_in_either_order(self):
        heads = [b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                 b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                 b"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n"]
        for head in heads:
            with self.subTest(head=head), hc.connect(self.page) as s:
                s.sendall(b"POST / HTTP/1.1\r\nHost: casino.test\r\n" + head +
                          b"\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: casino.test\r\n\r\n")
                r = hc.read_response(s)
                self.assertIsNotNone(r)
                self.assertEqual(r[0], 400)
                self.assertTrue(hc.closed_within(s, 5), "the connection must be closed after a 400")

    def test_an_idle_connection_is_closed(self):
        with hc.connect(self.page, source=self.env.other_ip) as s:
            self.assertTrue(hc.closed_within(s, IDLE + 4))

    def test_a_slowloris_client_is_cut_off(self):
        with hc.connect(self.page, source=self.env.other_ip) as s:
            head = b"GET / HTTP/1.1\r\nHost: casino.test\r\nX-Slow: " + b"a" * 200
            cut = False
            for byte in head:  # one byte every 0.1 s: 20 s for the head, far over read_timeout
                try:
                    s.send(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    cut = True
                    break
                if hc.reset_or_closed(s, 0.1):
                    cut = True
                    break
            self.assertTrue(cut, "a trickling request must not hold its connection open")

    def test_one_client_address_gets_at_most_its_share_of_connections(self):
        source = f"127.0.2.{self.env.octet}"
        held = [hc.connect(self.page, source=source) for _ in range(PER_CLIENT)]
        try:
            # Reset at once, not closed later for idling (which takes IDLE seconds).
            self.assertTrue(hc.refused_at_once(self.page, source, IDLE - 0.5), "one over the cap is refused")
            self.assertEqual(self.get("casino.test")[0], 451)  # another address is still served
        finally:
            for s in held:
                s.close()

    def test_dns_still_answers_after_all_this(self):
        r = dc.query(self.rojad.server, "casino.test", "A")
        self.assertEqual(dc.answer_rdata(r, "A"), {self.env.warning_v4})
        self.assertTrue(self.rojad.alive())


if __name__ == "__main__":
    rh.main()
