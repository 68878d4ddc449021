"""DNS over TLS (RFC 7858, docs/encrypted-dns.md): real kdig +tls and Python's ssl against rojad's
DoT listener, certificates made by openssl. The same policy as UDP (a listed name gets the
warning address), ALPN "dot", TLS 1.1 refused, pipelined queries on one connection, DoT counted
in /metrics, and the certificate renewed on SIGHUP without dropping a live connection, while a
bad new pair keeps the old one. Everything on loopback.
"""
import os
import shutil
import socket
import ssl
import struct
import subprocess
import time

import dns.message
import dns.rcode

import metrics_client as mc
import roja_harness as rh
from feed_fixtures import Pki


def framed(query):
    wire = query.to_wire()
    return struct.pack("!H", len(wire)) + wire


def read_framed(stream):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = stream.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data
    (length,) = struct.unpack("!H", exactly(2))
    return dns.message.from_wire(exactly(length))


class Dot(rh.RojadOverNsd):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.pki = Pki(e.path("pki"), e.ip)
        cls.cert, cls.key = e.path("dot.pem"), e.path("dot.key")
        shutil.copy(cls.pki.server[0], cls.cert)
        shutil.copy(cls.pki.server[1], cls.key)
        cls.dot = (e.ip, rh.free_port(e.ip))
        cls.admin = (e.ip, rh.free_port(e.ip))
        listed = e.write("listed.txt", "listed.test\n")
        config = e.write("roja.yaml", f"""
admin: {{enabled: false}}
server:
  tls:
    listen: ["{cls.dot[0]}:{cls.dot[1]}"]
    certificate: {cls.cert}
    key: {cls.key}
lists:
  - {{id: orders, path: "{listed}", format: plain}}
""")
        cls.nsd = rh.Nsd(e).start()
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=[
            "--config", config, "--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])

    def tls_context(self, **kw):
        context = ssl.create_default_context(cafile=self.pki.ca)
        for key, value in kw.items():
            setattr(context, key, value)
        return context

    def connect(self, context=None, alpn=("dot",)):
        context = context or self.tls_context()
        if alpn:
            context.set_alpn_protocols(list(alpn))
        raw = socket.create_connection(self.dot, timeout=5)
        return context.wrap_socket(raw, server_hostname=self.dot[0])

    def kdig(self, name):
        return subprocess.run(["kdig", "+tls", f"+tls-ca={self.pki.ca}",
                               f"+tls-hostname={self.dot[0]}", "-p", str(self.dot[1]),
                               f"@{self.dot[0]}", name, "A"],
                              capture_output=True, text=True, timeout=30)

    def test_kdig_over_tls_gets_the_same_policy_as_udp(self):
        allowed = self.kdig("allowed.test")
        self.assertEqual(allowed.returncode, 0, allowed.stderr)
        self.assertIn("198.51.100.1", allowed.stdout)
        self.assertIn("TLS session (TLS1.3)", allowed.stdout)
        blocked = self.kdig("www.listed.test")
        self.assertIn(self.env.warning_v4, blocked.stdout)
        self.assertIn("EDE: 15", blocked.stdout)  # Blocked, as over UDP
        udp = rh.dc.query(self.rojad.server, "www.listed.test", "A")
        self.assertEqual(udp.answer[0][0].address, self.env.warning_v4)

    def test_alpn_dot_and_pipelined_queries_on_one_connection(self):
        with self.connect() as tls:
            self.assertEqual(tls.selected_alpn_protocol(), "dot")
            queries = [dns.message.make_query(n, "A") for n in
                       ("allowed.test", "www.listed.test", "www.allowed.test", "listed.test")]
            tls.sendall(b"".join(framed(q) for q in queries))  # all before any answer
            answers = {}
            for _ in queries:
                a = read_framed(tls)
                answers[a.id] = a
            self.assertEqual(set(answers), {q.id for q in queries})
            by_name = {a.question[0].name.to_text(): a for a in answers.values()}
            self.assertEqual(by_name["allowed.test."].answer[0][0].address, "198.51.100.1")
            self.assertEqual(by_name["listed.test."].answer[0][0].address, self.env.warning_v4)

    def test_tls_1_1_is_refused(self):
        context = self.tls_context(minimum_version=ssl.TLSVersion.TLSv1,
                                   maximum_version=ssl.TLSVersion.TLSv1_1)
        context.set_ciphers("ALL:@SECLEVEL=0")
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            with self.connect(context, alpn=None):
                pass

    def test_dot_queries_are_counted_as_dot(self):
        before = mc.value(mc.samples(mc.scrape(self.admin)), "roja_queries_total", protocol="dot")
        with self.connect() as tls:
            tls.sendall(framed(dns.message.make_query("allowed.test", "A")))
            self.assertEqual(read_framed(tls).rcode(), dns.rcode.NOERROR)
        after = mc.value(mc.samples(mc.scrape(self.admin)), "roja_queries_total", protocol="dot")
        self.assertEqual(after, before + 1)

    def test_z_certificate_renewed_on_sighup_without_dropping_live_connections(self):
        live = self.connect()
        first = live.getpeercert()
        self.assertEqual(dict(x[0] for x in first["subject"])["commonName"], self.dot[0])

        # A bad new pair (the key of another certificate): the old pair stays, and says why.
        shutil.copy(self.pki.other[1], self.key)
        self.rojad.sighup()
        deadline = time.monotonic() + 10
        while "tls_reload_failed" not in self.rojad.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertIn(f"tls_reload_failed reason=\"key {self.key}: key values mismatch",
                      self.rojad.log())
        with self.connect() as again:
            self.assertEqual(again.getpeercert()["serialNumber"], first["serialNumber"])

        # A renewed certificate for the same address: new connections get it at once.
        renewed = self.pki.issue("renewed", f"/CN={self.dot[0]}",
                                 f"subjectAltName=IP:{self.dot[0]}\nextendedKeyUsage=serverAuth\n")
        shutil.copy(renewed[0], self.cert)
        shutil.copy(renewed[1], self.key)
        self.rojad.sighup()
        deadline = time.monotonic() + 10
        while True:
            with self.connect() as fresh:
                serial = fresh.getpeercert()["serialNumber"]
            if serial != first["serialNumber"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertNotEqual(serial, first["serialNumber"])
        # The connection opened before both reloads still answers.
        live.sendall(framed(dns.message.make_query("www.allowed.test", "A")))
        self.assertEqual(read_framed(live).answer[0][0].address, "198.51.100.3")
        live.close()
        page = mc.samples(mc.scrape(self.admin))
        self.assertGreaterEqual(mc.value(page, "roja_tls_credential_reloads_total",
                                         result="failed"), 1)
        self.assertGreaterEqual(mc.value(page, "roja_tls_credential_reloads_total",
                                         result="ok"), 1)

    def test_a_bad_certificate_stops_start_up_and_names_the_file(self):
        e = self.env
        config = e.write("bad-tls.yaml", f"""
state_dir: {e.path("bad-tls-state")}
server:
  listen: ["{e.ip}:{rh.free_port(e.ip)}"]
  tls:
    listen: ["{e.ip}:{rh.free_port(e.ip)}"]
    certificate: {e.path("missing.pem")}
    key: {self.key}
upstream: {{servers: ["{self.nsd.server[0]}:{self.nsd.server[1]}"]}}
""")
        p = subprocess.run([os.environ["ROJAD"], "--config", config, "--user", "root"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("server.tls certificate " + e.path("missing.pem"), p.stderr)


if __name__ == "__main__":
    rh.main()
