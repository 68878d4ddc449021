"""The admin listener over HTTPS (admin.tls_certificate/tls_key): a client that trusts the
certificate gets /metrics and the API with its token; plain HTTP on the same port gets nothing."""
import hashlib
import http.client
import ssl
import subprocess

import roja_harness as rh

TOKEN = "tls-admin-token"


class AdminTls(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.cert, key = e.path("admin.pem"), e.path("admin.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", cls.cert, "-days", "2", "-subj", "/CN=roja-admin",
                        "-addext", f"subjectAltName=IP:{e.ip}"], check=True, capture_output=True, timeout=60)
        cls.admin = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""state_dir: {e.path('state')}
admin:
  listen: "{cls.admin[0]}:{cls.admin[1]}"
  tls_certificate: {cls.cert}
  tls_key: {key}
  tokens:
    - {{name: ops, role: admin, sha256: {hashlib.sha256(TOKEN.encode()).hexdigest()}}}
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])

    def request(self, path, token=None):
        context = ssl.create_default_context(cafile=self.cert)
        conn = http.client.HTTPSConnection(self.admin[0], self.admin[1], context=context, timeout=10)
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, body

    def test_metrics_and_the_api_over_https(self):
        status, body = self.request("/metrics")
        self.assertEqual(status, 200)
        self.assertIn(b"roja_queries_total", body)
        self.assertEqual(self.request("/api/v1/status")[0], 401)
        self.assertEqual(self.request("/api/v1/status", TOKEN)[0], 200)

    def test_plain_http_gets_no_answer(self):
        conn = http.client.HTTPConnection(self.admin[0], self.admin[1], timeout=5)
        with self.assertRaises((http.client.HTTPException, ConnectionError, OSError)):
            conn.request("GET", "/metrics")
            conn.getresponse()
        conn.close()


if __name__ == "__main__":
    rh.main()
