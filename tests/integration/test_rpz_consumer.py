"""rojad as an RPZ secondary (docs/rpz-export.md, "Consumer"): a list whose source is a primary.
NSD 4 and BIND 9.18 serve an RPZ zone on loopback with TSIG; rojad transfers it, blocks its
names, takes each new version on NOTIFY (from BIND by IXFR, out of its journal with
ixfr-from-differences) and unblocks removed names. A wrong key gets nothing. A scripted primary
(fake_primary.py) sends a truncated, an oversized and a garbled transfer: the last good zone stays
enforced and each failure has its metric and log line; a restart with the primary down enforces
the zone persisted in the state directory. No timing assertions: every wait polls with a deadline.
"""
import base64
import os
import shutil
import signal
import time
import unittest

import dns.rcode
import dns.rdatatype

import metrics_client as mc
import roja_harness as rh
from fake_primary import FakePrimary

SECRET = base64.b64encode(b"roja-rpz-consumer-test-secret-01").decode()
WRONG = base64.b64encode(b"not-the-secret-the-primary-knows").decode()
DEADLINE = 30  # seconds for anything to happen; never an assertion on how fast


def have(program):
    return shutil.which(program) or os.path.exists(f"/usr/sbin/{program}")


def wait_for(check, what, timeout=DEADLINE):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as err:  # noqa: BLE001 — a server may still be starting
            last = err
        time.sleep(0.2)
    raise AssertionError(f"{what}: not reached within {timeout} s (last: {last})")


FILLER = [f"filler{i}.example" for i in range(100)]  # so that a small change is a small IXFR


def rpz_zone(zone, serial, names):
    lines = [f"$ORIGIN {zone}", "$TTL 60",
             f"@ SOA ns.{zone} hostmaster.{zone} {serial} 3600 600 86400 60", "@ NS localhost."]
    for name in names + FILLER:
        lines += [f"{name} CNAME .", f"*.{name} CNAME ."]
    return "\n".join(lines) + "\n"


class ConsumerCase(rh.RojaTestCase):
    """rojad over the harness's NSD upstream, with a config of lists taken from primaries."""

    @classmethod
    def start_rojad(cls, lists_yaml):
        e = rh.env()
        config = e.write(f"{cls.__name__}.yaml", "lists:\n" + lists_yaml)
        cls.rojad = rh.start_rojad([cls.upstream.server], label=f"rojad-{cls.__name__}",
                                   extra=["--config", config, "--admin-listen",
                                          f"{cls.admin[0]}:{cls.admin[1]}"])

    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.upstream = rh.Nsd(e).start()
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.rojad = None

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.rojad:
                cls.rojad.stop()
        finally:
            cls.upstream.stop()

    def answer(self, name):
        return rh.dc.query(self.rojad.server, name, "A")

    def is_blocked(self, name):
        reply = self.answer(name)
        return (reply.rcode() == dns.rcode.NXDOMAIN or
                self.env.warning_v4 in rh.dc.answer_rdata(reply, dns.rdatatype.A))

    def passes(self, name):
        reply = self.answer(name)
        return any(a.startswith("198.51.100.") for a in rh.dc.answer_rdata(reply, dns.rdatatype.A))

    def wait_blocked(self, *names):
        for name in names:
            wait_for(lambda n=name: self.is_blocked(n), f"{name} blocked")

    def wait_passing(self, *names):
        for name in names:
            wait_for(lambda n=name: self.passes(n), f"{name} resolving again")

    def metric(self, name, **labels):
        return mc.total(mc.samples(mc.scrape(self.admin)), name, **labels)

    def wait_metric(self, name, at_least, **labels):
        return wait_for(lambda: self.metric(name, **labels) >= at_least,
                        f"{name}{labels} >= {at_least}")


NSD_PRIMARY = """server:
  ip-address: 127.0.0.1@{port}
  port: {port}
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "{dir}"
  database: ""
  zonelistfile: "{dir}/zone.list"
  pidfile: "{dir}/nsd.pid"
  xfrdfile: "{dir}/xfrd.state"
  logfile: "{dir}/nsd.log"
  verbosity: 2
  do-ip6: no
remote-control:
  control-enable: no
key:
  name: "xfr-key"
  algorithm: hmac-sha256
  secret: "{secret}"
zone:
  name: "nsd.rpz."
  zonefile: "nsd.rpz.zone"
  provide-xfr: 127.0.0.0/8 xfr-key
  notify: 127.0.0.1@{notify_port} xfr-key
  outgoing-interface: 127.0.0.1
"""


@unittest.skipUnless(have("nsd"), "nsd is not installed")
class FromNsd(ConsumerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        e = rh.env()
        cls.dir = e.path("nsd-primary")
        os.makedirs(cls.dir, exist_ok=True)
        cls.primary = ("127.0.0.1", rh.free_port("127.0.0.1"))
        cls.notify = ("127.0.0.1", rh.free_port("127.0.0.1"))
        cls.write_zone(1, ["cache.test", "fresh.test"])
        with open(os.path.join(cls.dir, "nsd.conf"), "w") as f:
            f.write(NSD_PRIMARY.format(port=cls.primary[1], dir=cls.dir, secret=SECRET,
                                       notify_port=cls.notify[1]))
        e.logs.append(("nsd-primary", os.path.join(cls.dir, "nsd.log")))
        cls.nsd = rh.spawn(["nsd", "-d", "-c", os.path.join(cls.dir, "nsd.conf")],
                           os.path.join(cls.dir, "nsd.stdout"))
        if rh.wait_answering(cls.primary, cls.nsd, timeout=15) is None:
            raise rh.HarnessError("the NSD primary did not start:\n" +
                                  rh.tail(os.path.join(cls.dir, "nsd.stdout")))
        cls.secret_file = e.write("nsd-secret", SECRET + "\n")
        os.chmod(cls.secret_file, 0o600)
        cls.start_rojad(cls.lists(cls.secret_file))

    @classmethod
    def lists(cls, secret_file):
        return f"""  - id: nsd-rpz
    source:
      primary: "{cls.primary[0]}:{cls.primary[1]}"
      zone: nsd.rpz.
      notify_listen: "{cls.notify[0]}:{cls.notify[1]}"
      tsig: {{name: xfr-key, algorithm: hmac-sha256, secret_file: "{secret_file}"}}
"""

    @classmethod
    def write_zone(cls, serial, names):
        with open(os.path.join(cls.dir, "nsd.rpz.zone"), "w") as f:
            f.write(rpz_zone("nsd.rpz.", serial, names))

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            rh.terminate(cls.nsd)

    def test_transfer_notify_and_a_wrong_key_after_a_restart(self):
        self.wait_blocked("cache.test", "sub.cache.test", "fresh.test")
        self.assertTrue(self.passes("acl.test"))
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="nsd.rpz", outcome="axfr")
        self.assertIn("rpz_zone_applied", self.rojad.log())
        # A new version: NSD reloads on SIGHUP and sends NOTIFY (TSIG-signed) to rojad.
        self.write_zone(2, ["cache.test", "acl.test"])
        os.kill(self.nsd.pid, signal.SIGHUP)
        self.wait_blocked("acl.test")
        self.wait_passing("fresh.test")
        self.assertTrue(self.is_blocked("cache.test"))
        self.wait_metric("roja_rpz_secondary_notify_total", 1, zone="nsd.rpz", outcome="accepted")
        self.assertEqual(self.metric("roja_rpz_secondary_serial", zone="nsd.rpz"), 2)
        # Restarted with a wrong key: nothing is taken, the zone kept on disk stays enforced.
        self.rojad.stop()
        wrong = self.env.write("wrong-secret", WRONG + "\n")
        os.chmod(wrong, 0o600)
        self.write_zone(3, ["cache.test"])
        os.kill(self.nsd.pid, signal.SIGHUP)
        type(self).start_rojad(self.lists(wrong))
        self.assertTrue(self.is_blocked("acl.test"))  # serial 2, from the state directory
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="nsd.rpz",
                         outcome="bad_tsig")
        self.assertTrue(self.is_blocked("acl.test"))
        self.assertIn("outcome=bad_tsig", self.rojad.log())


NAMED_PRIMARY = """key "xfr-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{
  directory "{dir}";
  pid-file "{dir}/named.pid";
  session-keyfile "{dir}/session.key";
  managed-keys-directory "{dir}";
  listen-on port {port} {{ 127.0.0.1; }};
  listen-on-v6 {{ none; }};
  recursion no;
  dnssec-validation no;
  allow-transfer {{ key "xfr-key"; }};
  ixfr-from-differences yes;
  max-ixfr-ratio unlimited;
  notify explicit;
  also-notify {{ 127.0.0.1 port {notify_port} key "xfr-key"; }};
}};
controls {{ }};
logging {{ channel out {{ stderr; severity info; }}; category default {{ out; }};
  category xfer-out {{ out; }}; category notify {{ out; }}; }};
zone "bind.rpz" {{ type primary; file "{dir}/bind.rpz.zone"; }};
zone "other.rpz" {{ type primary; file "{dir}/other.rpz.zone"; }};
"""


@unittest.skipUnless(have("named"), "bind9 is not installed")
class FromBind(ConsumerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        e = rh.env()
        cls.dir = e.path("named-primary")
        os.makedirs(cls.dir, exist_ok=True)
        cls.primary = ("127.0.0.1", rh.free_port("127.0.0.1"))
        cls.notify = ("127.0.0.1", rh.free_port("127.0.0.1"))
        cls.write_zone("bind.rpz.", 10, ["cache.test", "fresh.test"])
        cls.write_zone("other.rpz.", 1, ["mixed.test"])
        conf = os.path.join(cls.dir, "named.conf")
        with open(conf, "w") as f:
            f.write(NAMED_PRIMARY.format(dir=cls.dir, port=cls.primary[1], secret=SECRET,
                                         notify_port=cls.notify[1]))
        cls.named_log = os.path.join(cls.dir, "named.log")
        e.logs.append(("named-primary", cls.named_log))
        cls.named = rh.spawn(["named", "-g", "-u", "root", "-c", conf], cls.named_log)
        if rh.wait_answering(cls.primary, cls.named, timeout=15) is None:
            raise rh.HarnessError("the BIND primary did not start:\n" + rh.tail(cls.named_log))
        keys = e.write("bind-keys.conf", f'key "xfr-key" {{ algorithm hmac-sha256; secret "{SECRET}"; }};\n')
        os.chmod(keys, 0o600)
        wrong = e.write("bind-wrong.conf", f'key "xfr-key" {{ algorithm hmac-sha256; secret "{WRONG}"; }};\n')
        os.chmod(wrong, 0o600)
        source = f'primary: "{cls.primary[0]}:{cls.primary[1]}", notify_listen: "{cls.notify[0]}:{cls.notify[1]}"'
        cls.start_rojad(f"""  - id: bind-rpz
    source: {{{source}, zone: bind.rpz., tsig: {{name: xfr-key, key_file: "{keys}"}}}}
  - id: other-rpz
    source: {{{source}, zone: other.rpz., tsig: {{name: xfr-key, key_file: "{wrong}"}}}}
""")

    @classmethod
    def write_zone(cls, zone, serial, names):
        with open(os.path.join(cls.dir, zone.rstrip(".") + ".zone"), "w") as f:
            f.write(rpz_zone(zone, serial, names))

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            rh.terminate(cls.named)

    def test_axfr_then_ixfr_on_notify_and_a_wrong_key_gets_nothing(self):
        self.wait_blocked("cache.test", "www.cache.test", "fresh.test")
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="bind.rpz", outcome="axfr")
        # The change goes into BIND's journal (ixfr-from-differences); its NOTIFY brings IXFR.
        self.write_zone("bind.rpz.", 11, ["cache.test", "acl.test"])
        os.kill(self.named.pid, signal.SIGHUP)
        self.wait_blocked("acl.test")
        self.wait_passing("fresh.test")
        self.assertTrue(self.is_blocked("cache.test"))
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="bind.rpz", outcome="ixfr")
        self.assertEqual(self.metric("roja_rpz_secondary_serial", zone="bind.rpz"), 11)
        # The list with the wrong key: refused by BIND, nothing of other.rpz is enforced.
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="other.rpz",
                         outcome="bad_tsig")
        self.assertTrue(self.passes("mixed.test"))
        self.assertEqual(self.metric("roja_rpz_secondary_records", zone="other.rpz"), 0)
        self.assertRegex(self.rojad.log(), r"rpz_transfer_failed.*zone=other\.rpz.*outcome=bad_tsig")


class FromMisbehavingPrimary(ConsumerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        e = rh.env()
        cls.primary = FakePrimary(e.ip, rh.free_port(e.ip), "fake.rpz.")
        cls.primary.set_version(1, ["cache.test"])
        cls.notify = (e.ip, rh.free_port(e.ip))
        cls.lists = f"""  - id: fake-rpz
    source:
      primary: "{cls.primary.address[0]}:{cls.primary.address[1]}"
      zone: fake.rpz.
      notify_listen: "{cls.notify[0]}:{cls.notify[1]}"
      max_records: 1000
"""
        cls.start_rojad(cls.lists)

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.primary.stop()

    def failure_keeps_the_zone(self, outcome, mode="good", serial=2):
        self.primary.set_version(serial, ["cache.test", "fresh.test"], mode=mode)
        self.primary.notify(self.notify)
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="fake.rpz",
                         outcome=outcome)
        self.assertTrue(self.is_blocked("cache.test"))
        self.assertTrue(self.passes("fresh.test"))
        self.assertEqual(self.metric("roja_rpz_secondary_serial", zone="fake.rpz"), 1)
        self.assertRegex(self.rojad.log(),
                         rf"rpz_transfer_failed.*primary={self.primary.address[0]}:"
                         rf"{self.primary.address[1]}.*zone=fake\.rpz.*outcome={outcome}")

    def test_bad_transfers_keep_the_last_good_zone_and_a_restart_enforces_it(self):
        self.wait_blocked("cache.test", "sub.cache.test")
        self.assertTrue(self.passes("fresh.test"))
        # A reload rebuilds the policy with the transferred zone in it.
        self.rojad.sighup()
        self.wait_metric("roja_reloads_total", 1, result="ok")
        self.assertTrue(self.is_blocked("cache.test"))
        for mode in ("truncated", "oversized", "garbled"):
            with self.subTest(mode=mode):
                self.failure_keeps_the_zone(mode, mode=mode)
        rc, output = mc.promtool_check(mc.scrape(self.admin))
        self.assertEqual(rc, 0, output)
        # A serial that goes backwards (RFC 1982: 0 is before 1) is refused, the zone kept.
        self.failure_keeps_the_zone("serial_backwards", serial=0)
        # NOTIFY from another address than the primary's is dropped unanswered and counted.
        self.assertIsNone(self.primary.notify(self.notify, source=self.env.other_ip))
        self.wait_metric("roja_rpz_secondary_notify_total", 1, zone="_unknown", outcome="refused")
        # The primary goes away; a restarted rojad enforces the zone from the state directory.
        self.rojad.stop()
        self.primary.stop()
        type(self).start_rojad(self.lists)
        self.assertTrue(self.is_blocked("cache.test"))
        self.wait_metric("roja_rpz_secondary_refreshes_total", 1, zone="fake.rpz",
                         outcome="unreachable")
        self.assertTrue(self.is_blocked("cache.test"))
        self.assertEqual(self.metric("roja_rpz_secondary_serial", zone="fake.rpz"), 1)


if __name__ == "__main__":
    rh.main()
