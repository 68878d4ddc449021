"""The RPZ export's other real consumers (docs/rpz-export.md): Unbound 1.17 (`rpz:` with
`primary:`, told by NOTIFY; Unbound 1.17 has no TSIG for transfers, so its zone allows its
address without a key) and PowerDNS Recursor 4.8 (`rpzPrimary` with TSIG, following the zone
by IXFR on its refresh timer, since 4.8 takes no NOTIFY for RPZ). Each blocks the listed names
and their subdomains, passes the others, and follows a new version; a PowerDNS Recursor with a
wrong TSIG secret gets nothing. Everything on loopback.
"""
import base64
import os
import re
import shutil
import time
import unittest

import dns.message
import dns.query
import dns.rcode

import roja_harness as rh
import rpz_consumers as consumers

SHARED = os.environ.get("ROJA_SHARED_DATA",
                        os.path.join(rh.HERE, "..", "..", "..", "shared", "data"))
ADM = os.path.join(SHARED, "regulator", "it-adm-gambling-blacklist-2023-09.hosts")
SECRET = base64.b64encode(b"roja-rpz-consumer-test-secret-01").decode()
WRONG = base64.b64encode(b"not-the-secret-rojad-holds-at-al").decode()
ORDERS = "id,type,value\no1,domain,listed.test\no2,exact,exact-only.test\n"
CHANGED = "id,type,value\no1,domain,listed.test\no3,domain,reload-a.test\n"

def have(program):
    return shutil.which(program) or os.path.exists(f"/usr/sbin/{program}")


def ask(server, name):
    q = dns.message.make_query(name, "A")
    return dns.query.udp(q, server[0], port=server[1], timeout=3)


def wait_for(check, timeout=30, what=""):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last is True:
                return
        except Exception as err:  # noqa: BLE001 — the consumer may still be starting
            last = err
        time.sleep(0.3)
    raise AssertionError(f"{what} not reached within {timeout} s; last: {last}")


def blocked(server, name):
    return ask(server, name).rcode() == dns.rcode.NXDOMAIN


def passes(server, name, address):
    answer = ask(server, name)
    return (answer.rcode() == dns.rcode.NOERROR and bool(answer.answer)
            and answer.answer[0][0].address == address) or answer.to_text()


class RpzConsumers(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.rpz = (e.ip, rh.free_port(e.ip))
        cls.unbound_port = rh.free_port(e.ip)
        cls.orders = e.write("orders.csv", ORDERS)
        keys = e.write("keys.conf", f'key "xfr-key" {{ algorithm hmac-sha256; secret "{SECRET}"; }};\n')
        os.chmod(keys, 0o600)
        config = e.write("roja.yaml", f"""
admin: {{enabled: false}}
lists:
  - {{id: adm, path: "{ADM}", format: hosts}}
  - {{id: orders, path: "{cls.orders}", format: csv}}
rpz_export:
  listen: "{cls.rpz[0]}:{cls.rpz[1]}"
  keys_file: "{keys}"
  zones:
    - name: adm.rpz.roja.
      lists: [adm, orders]
      keys: [xfr-key]
    - name: open.rpz.roja.
      lists: [adm, orders]
      allow_without_key: ["127.0.0.1/32"]
      refresh: 1h
      notify: ["{e.ip}:{cls.unbound_port}"]
""")
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=["--config", config])
        cls.procs = []

    @classmethod
    def tearDownClass(cls):
        for p in cls.procs:
            rh.terminate(p)
        try:
            cls.rojad.stop()
        finally:
            cls.nsd.stop()

    def start_unbound(self):
        u = consumers.unbound(self.env, "unbound", self.nsd.server, self.rpz, "open.rpz.roja.",
                              port=self.unbound_port)
        self.procs.append(u.proc)
        return u.server

    def start_pdns(self, label="pdns-recursor", secret=SECRET):
        p = consumers.pdns(self.env, label, self.nsd.server, self.rpz, "adm.rpz.roja.", secret)
        self.procs.append(p.proc)
        return p.server

    @unittest.skipUnless(have("unbound") and have("pdns_recursor"),
                         "unbound or pdns-recursor missing (scripts/install-deps.sh test)")
    def test_unbound_and_powerdns_enforce_the_zone_and_follow_a_new_version(self):
        unbound, pdns = self.start_unbound(), self.start_pdns()
        wrong_key = self.start_pdns("pdns-wrong-key", WRONG)
        adm_name = None
        with open(ADM, encoding="utf-8-sig") as f:
            adm_name = [line.split()[1] for line in f if len(line.split()) >= 2][5]
        for server in (unbound, pdns):
            wait_for(lambda: blocked(server, "www.listed.test"))  # the zone is in
            self.assertTrue(blocked(server, "listed.test"))
            self.assertTrue(blocked(server, "exact-only.test"))
            self.assertIs(passes(server, "www.exact-only.test", "198.51.100.27"), True, server)
            self.assertIs(passes(server, "allowed.test", "198.51.100.1"), True, server)
            # reload-a.test is not asked before it is listed: Unbound 1.17 answers a cached
            # upstream answer without looking at the policy again.
            self.assertEqual(ask(server, "www." + adm_name).rcode(), dns.rcode.NXDOMAIN)
        # The PowerDNS Recursor with a wrong TSIG secret gets nothing: rojad refuses it (BADSIG)
        # and it enforces no zone at all.
        wait_for(lambda: re.search(r"rpz_transfer_refused zone=adm\.rpz\.roja \S+ kind=\w+ "
                                   r"reason=badsig", self.rojad.log()) is not None,
                 what="the wrong key refused")
        self.assertIs(passes(wrong_key, "listed.test", "198.51.100.10"), True)

        with open(self.orders, "w") as f:
            f.write(CHANGED)
        self.rojad.sighup()
        # Ask only once each consumer has taken serial 2: an answer asked for earlier would sit
        # in Unbound 1.17's cache, which it serves without looking at the policy again.
        for zone in ("open", "adm"):
            wait_for(lambda: f"rpz_transfer zone={zone}.rpz.roja client=127.0.0.1 kind=ixfr "
                             "serial=2 outcome=incremental" in self.rojad.log())
        for label, server in (("unbound", unbound), ("pdns-recursor", pdns)):
            wait_for(lambda: blocked(server, "reload-a.test"), what=f"{label}: reload-a.test blocked")
            wait_for(lambda: passes(server, "exact-only.test", "198.51.100.26"),
                     what=f"{label}: exact-only.test resolves")
        log = self.rojad.log()
        self.assertRegex(log, r"rpz_notify_acknowledged zone=open\.rpz\.roja consumer=\S+ serial=2")
        # Each consumer took the change as a difference, not a whole zone.
        self.assertRegex(log, r"rpz_transfer zone=open\.rpz\.roja client=\S+ kind=ixfr serial=2 "
                              r"outcome=incremental")
        self.assertRegex(log, r"rpz_transfer zone=adm\.rpz\.roja client=\S+ kind=ixfr serial=2 "
                              r"outcome=incremental")


if __name__ == "__main__":
    rh.main()
