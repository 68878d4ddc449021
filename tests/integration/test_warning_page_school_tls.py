"""School mode (warning_page.https: school): HTTPS to the warning page for a blocked name completes
with a short-lived certificate minted on the fly and signed by the school's CA (curl verifies it
with that CA), the same page comes back (451), the certificate is cached, and names that are not
blocked get no certificate at all (the handshake fails with unrecognized_name)."""
import socket
import ssl
import subprocess

import roja_harness as rh

ORDERS_CSV = """id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
akep-1,domain,casino.test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,
"""


class SchoolTls(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.ca, ca_key = e.path("school-ca.pem"), e.path("school-ca.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-days", "30", "-subj", "/CN=Test School CA", "-addext", "basicConstraints=critical,CA:TRUE",
                        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", ca_key, "-out", cls.ca],
                       check=True, capture_output=True)
        orders = e.write("lists/orders.csv", ORDERS_CSV)
        cls.page = (e.ip, rh.free_port(e.ip))
        cls.tls = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
warning_page:
  enabled: true
  listen: ["{cls.page[0]}:{cls.page[1]}"]
  https: school
  https_port: {cls.tls[1]}
  school_ca_certificate: {cls.ca}
  school_ca_key: {ca_key}
  school_certificate_lifetime: 1d
  operator_url: "https://school.example/filter"
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def curl(self, name):
        return subprocess.run(["curl", "-sS", "--max-time", "10", "--cacert", self.ca, "--resolve",
                               f"{name}:{self.tls[1]}:{self.tls[0]}", "-D", "-", f"https://{name}:{self.tls[1]}/"],
                              capture_output=True, timeout=20)

    def peer_certificate(self, name):
        context = ssl.create_default_context(cafile=self.ca)
        with socket.create_connection(self.tls, timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname=name) as tls:
                return tls.getpeercert(), tls.getpeercert(binary_form=True)

    def test_a_blocked_name_gets_the_page_over_https_with_a_certificate_the_ca_vouches_for(self):
        out = self.curl("casino.test")
        self.assertEqual(out.returncode, 0, out.stderr)
        head, _, body = out.stdout.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 451"), head)
        self.assertIn(b'link: <https://school.example/filter>; rel="blocked-by"', head.lower())
        self.assertIn(b"AKEP", body)
        self.assertIn(b"123/2025", body)

    def test_the_certificate_names_the_host_is_short_lived_and_cached(self):
        info, der = self.peer_certificate("www.casino.test")
        self.assertIn(("DNS", "www.casino.test"), info["subjectAltName"])
        self.assertEqual(dict(x[0] for x in info["issuer"])["commonName"], "Test School CA")
        lifetime = ssl.cert_time_to_seconds(info["notAfter"]) - ssl.cert_time_to_seconds(info["notBefore"])
        self.assertLessEqual(lifetime, 25 * 3600)
        self.assertEqual(self.peer_certificate("www.casino.test")[1], der, "the second handshake reuses it")

    def test_a_name_that_is_not_blocked_gets_no_certificate(self):
        out = self.curl("allowed.test")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn(b"unrecognized name", out.stderr.lower())
        with self.assertRaises(ssl.SSLError):
            self.peer_certificate("allowed.test")

    def test_plain_http_still_works_beside_it(self):
        with socket.create_connection(self.page, timeout=5) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: casino.test\r\nConnection: close\r\n\r\n")
            self.assertTrue(s.recv(64).startswith(b"HTTP/1.1 451"))


if __name__ == "__main__":
    rh.main()
