"""rojad as an RPZ primary (docs/rpz-export.md): real kdig transfers the zones (plain and with
TSIG), named-checkzone and ldns-read-zone accept what it got, and BIND 9.18 as a secondary with
`response-policy` enforces the exported policy; a wrong key, an unknown key and an outside
client get nothing. Entries: the Italian ADM gambling list (../shared/data) plus a CSV of every
entry type. Everything stays on loopback; no listed name is ever resolved outside NSD.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import time
import unittest

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

import metrics_client as mc
import roja_harness as rh
import rpz_consumers as consumers

SHARED = os.environ.get("ROJA_SHARED_DATA",
                        os.path.join(rh.HERE, "..", "..", "..", "shared", "data"))
ADM = os.path.join(SHARED, "regulator", "it-adm-gambling-blacklist-2023-09.hosts")
SECRET = base64.b64encode(b"roja-rpz-export-test-secret-0123").decode()
WRONG = base64.b64encode(b"a-different-secret-for-the-test!").decode()

ORDERS = """id,type,value,action
o1,domain,listed.test,
o2,exact,exact-only.test,
o3,ip,198.51.100.66,
o4,ip,2001:db8:66::/48,
o5,url,sibling.test/path,
o6,sni,tls-only.test,
o7,domain,open.listed.test,allow
"""


def adm_names():
    names = []
    with open(ADM, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                names.append(parts[1].lower().rstrip("."))
    return names


def kdig(*args, timeout=60):
    return subprocess.run(["kdig", "+noidn", *args], capture_output=True, text=True, timeout=timeout)


def records(text):
    """(owner, type, rdata) of every record line in kdig/zone-file output."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith(";"):
            continue
        parts = line.split(None, 4)
        if len(parts) == 5:
            out.append((parts[0].lower(), parts[3], parts[4].strip()))
    return out


def rpz_rewritten(answer):
    return consumers.bind_rewrote(answer, "adm.rpz.roja")


def unittest_skip_without(program):
    return unittest.skipUnless(shutil.which(program) or os.path.exists(f"/usr/sbin/{program}"),
                               f"{program} is not installed (scripts/install-deps.sh test)")


def wait_for(ask, ok, timeout):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = ask()
            if ok(last):
                return last
        except Exception as err:  # noqa: BLE001 — named may still be starting
            last = err
        time.sleep(0.2)
    raise AssertionError(f"not reached within {timeout} s; last answer: {last}")


class RpzExport(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        cls.nsd = rh.Nsd(e).start()
        cls.rpz = (e.ip, rh.free_port(e.ip))
        cls.bind_port = rh.free_port("127.0.0.1")  # told of new versions by NOTIFY
        cls.orders = orders = e.write("orders.csv", ORDERS)
        allow = e.write("allow.txt", "allowed-by-operator.listed.test\n")
        keys = e.write("keys.conf", f'key "xfr-key" {{ algorithm hmac-sha256; secret "{SECRET}"; }};\n')
        os.chmod(keys, 0o600)
        config = e.write("roja.yaml", f"""
admin: {{enabled: false}}
lists:
  - {{id: adm, path: "{ADM}", format: hosts}}
  - {{id: orders, path: "{orders}", format: csv}}
  - {{id: operator-allow, path: "{allow}", format: plain, allowlist: true}}
rpz_export:
  listen: "{cls.rpz[0]}:{cls.rpz[1]}"
  keys_file: "{keys}"
  zones:
    - name: adm.rpz.roja.
      lists: [adm, orders]
      keys: [xfr-key]
      refresh: 1h
      notify: ["127.0.0.1:{cls.bind_port}"]
    - name: local.rpz.roja.
      lists: [orders, operator-allow]
      allow: ["{e.ip}/32"]
      allow_without_key: ["{e.ip}/32"]
""")
        cls.admin = (e.ip, rh.free_port(e.ip))
        cls.rojad = rh.start_rojad([cls.nsd.server], extra=[
            "--config", config, "--admin-listen", f"{cls.admin[0]}:{cls.admin[1]}"])
        cls.names = adm_names()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.rojad.stop()
        finally:
            cls.nsd.stop()

    def axfr(self, zone, *extra):
        return kdig("-b", self.env.ip, "-p", str(self.rpz[1]), f"@{self.rpz[0]}", "AXFR", zone,
                    *extra)

    def local_serial(self):
        out = kdig("-b", self.env.ip, "+tcp", "+short", "-p", str(self.rpz[1]),
                   f"@{self.rpz[0]}", "SOA", "local.rpz.roja.")
        return int(out.stdout.split()[2])

    def test_local_zone_maps_every_entry_type(self):
        out = self.axfr("local.rpz.roja.")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        got = set(records(out.stdout))
        z = "local.rpz.roja."
        expected = {
            (f"listed.test.{z}", "CNAME", "."),
            (f"*.listed.test.{z}", "CNAME", "."),
            (f"exact-only.test.{z}", "CNAME", "."),
            (f"32.66.100.51.198.rpz-ip.{z}", "CNAME", "."),
            (f"48.zz.66.db8.2001.rpz-ip.{z}", "CNAME", "."),
            (f"open.listed.test.{z}", "CNAME", "rpz-passthru."),
            (f"*.open.listed.test.{z}", "CNAME", "rpz-passthru."),
            (f"allowed-by-operator.listed.test.{z}", "CNAME", "rpz-passthru."),
        }
        self.assertLessEqual(expected, got)
        owners = {owner for owner, _, _ in got}
        self.assertNotIn(f"*.exact-only.test.{z}", owners)  # exact: the name alone
        self.assertFalse(any("sibling" in o or "tls-only" in o for o in owners))  # URL, SNI out
        soa = [r for r in got if r[1] == "SOA"]
        self.assertEqual(len(soa), 1)
        self.assertIn("not_expressible=2", self.rojad.log())

    def test_soa_query_gives_the_serial(self):
        out = kdig("-b", self.env.ip, "+tcp", "+short", "-p", str(self.rpz[1]), f"@{self.rpz[0]}",
                   "SOA", "local.rpz.roja.")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r"^localhost\. hostmaster\.local\.rpz\.roja\. [1-9]\d* ")

    def test_signed_transfer_of_the_adm_list_is_a_valid_zone(self):
        out = self.axfr("adm.rpz.roja.", "-y", f"hmac-sha256:xfr-key:{SECRET}")
        self.assertEqual(out.returncode, 0, out.stdout[-2000:] + out.stderr)
        got = records(out.stdout)
        owners = {owner for owner, _, _ in got}
        for name in self.names[::200]:
            self.assertIn(f"{name}.adm.rpz.roja.", owners)
            self.assertIn(f"*.{name}.adm.rpz.roja.", owners)
        messages = re.search(r"\((\d+) messages", out.stdout)
        self.assertIsNotNone(messages, out.stdout[-500:])
        self.assertGreater(int(messages.group(1)), 1)  # streamed, each message under 64 KiB
        tsigs = [line for line in out.stdout.splitlines() if "\tTSIG\t" in line or " TSIG " in line]
        self.assertEqual(len(tsigs), int(messages.group(1)))  # every message signed
        zone = self.env.write("adm.rpz.zone", "\n".join(
            line for line in out.stdout.splitlines() if line not in tsigs) + "\n")
        check = subprocess.run(["named-checkzone", "adm.rpz.roja", zone], capture_output=True,
                               text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        ldns = subprocess.run(["ldns-read-zone", "-q", zone], capture_output=True, text=True)
        self.assertEqual(ldns.returncode, 0, ldns.stderr)

    def test_transfer_without_the_key_is_refused(self):
        out = self.axfr("adm.rpz.roja.")
        self.assertIn("REFUSED", out.stdout + out.stderr)
        self.assertFalse(any(r[1] == "CNAME" for r in records(out.stdout)))

    def test_wrong_and_unknown_keys_get_nothing(self):
        wrong = self.axfr("adm.rpz.roja.", "-y", f"hmac-sha256:xfr-key:{WRONG}")
        self.assertFalse(any(r[1] == "CNAME" for r in records(wrong.stdout)))
        unknown = self.axfr("adm.rpz.roja.", "-y", f"hmac-sha256:other-key:{SECRET}")
        self.assertFalse(any(r[1] == "CNAME" for r in records(unknown.stdout)))
        log = self.rojad.log()
        self.assertIn("reason=badsig", log)
        self.assertIn("reason=badkey", log)

    def test_client_outside_the_allowed_prefixes_is_refused(self):
        out = kdig("-b", self.env.other_ip, "-p", str(self.rpz[1]), f"@{self.rpz[0]}", "AXFR",
                   "local.rpz.roja.")
        self.assertIn("REFUSED", out.stdout + out.stderr)
        self.assertFalse(any(r[1] == "CNAME" for r in records(out.stdout)))

    @unittest_skip_without("named")
    def test_secondary_bind_enforces_the_zone_and_follows_notify(self):
        e = self.env
        zone = "adm.rpz.roja."
        bind = consumers.bind(e, "bind", self.nsd.server, self.rpz, zone, SECRET,
                              port=self.bind_port)
        wrong = consumers.bind(e, "bind-wrong-key", self.nsd.server, self.rpz, zone, WRONG)
        try:
            blocked = self.names[5]
            answer = wait_for(lambda: bind.query(blocked), rpz_rewritten, timeout=30)
            self.assertEqual(answer.rcode(), dns.rcode.NXDOMAIN)
            self.assertTrue(rpz_rewritten(bind.query("www." + blocked)))  # subdomains too
            self.assertEqual(bind.query("www.listed.test").rcode(), dns.rcode.NXDOMAIN)
            self.assertTrue(rpz_rewritten(bind.query("ipblocked.test")))  # rpz-ip trigger
            passed = bind.query("allowed.test")
            self.assertEqual(passed.rcode(), dns.rcode.NOERROR)
            self.assertEqual(passed.answer[0][0].address, "198.51.100.1")
            below_exact = bind.query("www.exact-only.test")
            self.assertEqual(below_exact.answer[0][0].address, "198.51.100.27")
            # The secondary with the wrong secret never loads the zone: nothing is rewritten.
            self.assertFalse(rpz_rewritten(wrong.query(blocked)))
            self.assertEqual(wrong.query("www.listed.test").rcode(), dns.rcode.NOERROR)
            self.assertIn("reason=badsig", self.rojad.log())

            # A new version (one order added, one removed) reaches BIND by NOTIFY: its SOA
            # refresh is an hour, so nothing else would make it ask within the wait.
            local_before = self.local_serial()
            with open(self.orders, "w") as f:
                f.write(ORDERS.replace("o2,exact,exact-only.test,\n", "o8,domain,reload-a.test,\n"))
            self.rojad.sighup()
            wait_for(lambda: bind.query("reload-a.test"), rpz_rewritten, timeout=30)
            back = wait_for(lambda: bind.query("exact-only.test"),
                            lambda a: a.rcode() == dns.rcode.NOERROR, timeout=30)
            self.assertEqual(back.answer[0][0].address, "198.51.100.26")
            log = self.rojad.log()
            self.assertIn("rpz_notify_acknowledged", log)
            # BIND asked for the change only (IXFR) and got it incrementally.
            self.assertRegex(log, r"rpz_transfer zone=adm\.rpz\.roja client=\S+ kind=ixfr "
                                  r"serial=\d+ outcome=incremental")
            # The audit log says which consumer took which version, and how.
            with open(e.path("rojad-state", "audit.jsonl")) as f:
                taken = [json.loads(line)["details"] for line in f
                         if json.loads(line)["type"] == "rpz_transfer"]
            self.assertIn({"zone": "adm.rpz.roja", "consumer": "127.0.0.1", "serial": 2,
                           "kind": "ixfr", "outcome": "incremental", "tsig_key": "xfr-key"},
                          [{k: d[k] for k in ("zone", "consumer", "serial", "kind", "outcome",
                                              "tsig_key")} for d in taken])
            # kdig IXFR=<old serial> shows the delta: old SOA, the removed trigger, new SOA, the
            # added ones, between the new SOA at both ends.
            out = kdig("-b", e.ip, "-p", str(self.rpz[1]), f"@{self.rpz[0]}",
                       f"IXFR={local_before}", "local.rpz.roja.")
            got = records(out.stdout)
            soas = [int(r[2].split()[2]) for r in got if r[1] == "SOA"]
            self.assertEqual(soas, [local_before + 1, local_before, local_before + 1,
                                    local_before + 1], out.stdout)
            z = "local.rpz.roja."
            self.assertEqual([r for r in got if r[1] == "CNAME"],
                             [(f"exact-only.test.{z}", "CNAME", "."),
                              (f"reload-a.test.{z}", "CNAME", "."),
                              (f"*.reload-a.test.{z}", "CNAME", ".")])
            self.check_metrics_after_the_transfers()
        finally:
            bind.stop()
            wrong.stop()

    def check_metrics_after_the_transfers(self):
        """/metrics tells the same story as the log: the zones, the refusals by reason, BIND's
        incremental transfer, the serial it holds (named by its key), the NOTIFY it answered."""
        page = mc.scrape(self.admin)
        rc, output = mc.promtool_check(page)
        self.assertEqual(rc, 0, output)
        got = mc.samples(page)
        value = lambda name, **labels: mc.value(got, name, **labels)  # noqa: E731
        self.assertEqual(value("roja_rpz_zone_serial", zone="adm.rpz.roja"), 2)
        self.assertEqual(value("roja_rpz_zone_not_expressible", zone="local.rpz.roja"), 2)
        self.assertGreaterEqual(value("roja_rpz_transfers_total", zone="adm.rpz.roja",
                                      kind="ixfr", outcome="incremental"), 1)
        self.assertGreater(value("roja_rpz_transfer_bytes_total", zone="adm.rpz.roja",
                                 kind="ixfr", outcome="incremental"), 0)
        self.assertGreaterEqual(mc.total(got, "roja_rpz_transfers_total", zone="adm.rpz.roja",
                                         outcome="badsig"), 1)  # the wrong-key BIND's checks
        self.assertEqual(value("roja_rpz_consumer_serial", zone="adm.rpz.roja",
                               consumer="xfr-key"), 2)
        self.assertGreaterEqual(value("roja_rpz_notify_total", zone="adm.rpz.roja",
                                      outcome="acknowledged"), 1)
        # No client address in any label: the local zone's unsigned consumer is `_unsigned`.
        self.assertNotIn(self.env.ip, "\n".join(
            line for line in page.splitlines() if line.startswith("roja_rpz_")))


if __name__ == "__main__":
    rh.main()
