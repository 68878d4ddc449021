"""rojahub, the regulator's hub, polling a fleet on loopback: three rojad nodes (own ports, state
directories, tokens and checkpoint keys) following one signed feed. A new serial shows in the
compliance matrix as applied on each node with its delay; a node whose feed source withholds a
serial goes late and clears once it applies it; kill -9 of the hub mid-poll, again and again,
leaves no duplicate hits and no gap in any node's stored chain; a stopped node goes silent and
clears when it is back; a node whose audit history is rewritten on disk is chain_broken, and
only that node. The signed compliance report verifies with `rojactl report verify` and fails
after a byte is changed. Nodes answering garbage, 1 GiB, nothing for a minute or with the wrong
certificate are each a poll_failed alarm for that node alone. The hub's API refuses requests
without its token."""
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse

import metrics_client as mc
import roja_harness as rh
from feed_fixtures import Pki, Publisher, rojactl
from roja_harness import dc

FEED = "akep-al"
ORDERS = ["allowed.test", "mail.allowed.test", "cache.test"]
HUB_TOKEN = "hub-analyst-5d1e"
LATE_AFTER = 5  # seconds: the late alarm's deadline in this test


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def wait_for(what, check, timeout=60.0):
    """Polls `check` until it returns something true; fails naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"{what}: not reached (last: {last!r})")


class Node:
    """One rojad with the admin API, a regulator token and an audit checkpoint key."""

    def __init__(self, e, nsd, name, feed_dir, feed_pub):
        self.name = name
        self.token = f"regulator-{name}-token"
        self.admin = (e.ip, rh.free_port(e.ip))
        self.state = e.path(f"{name}-state")
        self.key, self.pub = e.path(f"{name}.key"), e.path(f"{name}.pub")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", self.key], check=True)
        subprocess.run(["openssl", "pkey", "-in", self.key, "-pubout", "-out", self.pub], check=True)
        self.token_file = e.write(f"{name}.token", self.token + "\n")
        self.config = e.write(f"{name}.yaml", f"""state_dir: {self.state}
stats:
  flush_interval: 1s
audit:
  signing_key: {self.key}
  checkpoint_records: 5
admin:
  listen: "{self.admin[0]}:{self.admin[1]}"
  tokens:
    - {{name: akep, role: regulator, sha256: {sha(self.token)}}}
""")
        self.args = ([nsd.server], )
        self.extra = ["--config", self.config, "--feed", f"{FEED}={feed_dir}", "--feed-key", feed_pub,
                      "--feed-poll", "1"]
        self.rojad = None

    def start(self):
        self.rojad = rh.Rojad(rh.env(), *self.args, extra=self.extra, label=self.name).start()
        return self

    def stop(self):
        if self.rojad:
            self.rojad.stop()
            self.rojad = None

    def api(self, path):
        status, body = mc.api_json(self.admin, "GET", path, self.token)
        if status != 200:
            raise AssertionError(f"{self.name} {path}: {status} {body}")
        return body

    def serial(self):
        feeds = self.api("/api/v1/status")["feeds"]
        return feeds[0].get("serial") if feeds else None

    def last_seq(self):
        with open(os.path.join(self.state, "audit.jsonl")) as f:
            return sum(1 for _ in f)

    def day_hits(self):
        return {(r["day"], r["entry"], r["list"]): r["hits"] for r in self.api("/api/v1/hits?by=day")["rows"]}


class Hub(rh.RojaTestCase):
    @classmethod
    def setUpClass(cls):
        e = rh.env()
        keys = e.path("keys")
        os.makedirs(keys)
        cls.feed_key, cls.feed_pub = os.path.join(keys, "akep.key"), os.path.join(keys, "akep.pub")
        rojactl("feed", "keygen", "--public", cls.feed_pub, "--secret", cls.feed_key)
        # Nodes 1 and 2 follow the authority's directory; node 3 a mirror the test can hold back.
        cls.main = Publisher(e.path("feed", FEED), FEED, cls.feed_key)
        cls.mirror = Publisher(e.path("mirror", FEED), FEED, cls.feed_key)
        cls.serial = 1
        cls.publish(cls.serial)
        cls.nsd = rh.Nsd(e).start()
        cls.nodes = [Node(e, cls.nsd, "node1", cls.main.dir, cls.feed_pub),
                     Node(e, cls.nsd, "node2", cls.main.dir, cls.feed_pub),
                     Node(e, cls.nsd, "node3", cls.mirror.dir, cls.feed_pub)]
        for node in cls.nodes:
            node.start()
        cls.probes = e.path("probes")
        os.makedirs(cls.probes)
        cls.prober_key, cls.prober_pub = os.path.join(keys, "prober.key"), os.path.join(keys, "prober.pub")
        rojactl("feed", "keygen", "--public", cls.prober_pub, "--secret", cls.prober_key)
        cls.hub_api = (e.ip, rh.free_port(e.ip))
        cls.hub_state = e.path("hub-state")
        cls.report_key, cls.report_pub = e.path("hub-report.key"), e.path("hub-report.pub")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", cls.report_key], check=True)
        subprocess.run(["openssl", "pkey", "-in", cls.report_key, "-pubout", "-out", cls.report_pub],
                       check=True)
        cls.hub_config = e.write("hub.yaml", cls.hub_yaml())
        cls.hub = None
        cls.start_hub()

    @classmethod
    def hub_yaml(cls):
        isps = {"ISP One": cls.nodes[:2], "ISP Two": cls.nodes[2:]}
        text = f"""state_dir: {cls.hub_state}
poll:
  interval: 1s
  jitter: 0s
  parallel: 2
  timeout: 10s
silent_after: 4s
late_after: 1h
report_key: {cls.report_key}
probes:
  dir: {cls.probes}
  keys: [{cls.prober_pub}]
feeds:
  - {{id: {FEED}, late_after: {LATE_AFTER}s}}
api:
  listen: "{cls.hub_api[0]}:{cls.hub_api[1]}"
  tokens:
    - {{name: analyst, role: regulator, sha256: {sha(HUB_TOKEN)}}}
isps:
"""
        # Probes of node1 ask its own resolver; node2's resolver is stood in for by NSD, which
        # answers the real addresses: a node whose resolver misses orders.
        resolvers = {"node1": cls.nodes[0].rojad.server, "node2": cls.nsd.server}
        for isp, nodes in isps.items():
            text += f"  - name: {isp}\n    nodes:\n"
            for n in nodes:
                resolver = (f", resolver: \"{resolvers[n.name][0]}:{resolvers[n.name][1]}\""
                            if n.name in resolvers else "")
                text += (f"      - {{id: {n.name}, api: \"http://{n.admin[0]}:{n.admin[1]}\", "
                         f"token_file: {n.token_file}, checkpoint_key: {n.pub}{resolver}}}\n")
        return text

    @classmethod
    def publish(cls, serial, mirror=True):
        cls.main.publish(serial, {"orders": ORDERS}, issued=0)
        if mirror:
            cls.mirror.publish(serial, {"orders": ORDERS}, issued=0)

    @classmethod
    def start_hub(cls):
        e = rh.env()
        cls.hub = rh.spawn([os.environ["ROJAHUB"], "--config", cls.hub_config],
                           e.path("rojahub.stdout"), e.path("rojahub.stderr"))
        if ("rojahub", e.path("rojahub.stderr")) not in e.logs:
            e.logs.append(("rojahub", e.path("rojahub.stderr")))
        wait_for("the hub's API answers", lambda: cls.try_hub("/api/v1/nodes"), timeout=20)

    @classmethod
    def try_hub(cls, path):
        try:
            status, body = mc.api_json(cls.hub_api, "GET", path, HUB_TOKEN)
        except OSError:
            return None
        return body if status == 200 else None

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.hub:
                rc, clean = rh.terminate(cls.hub)
                assert clean and rc == 0, f"rojahub exited {rc} after SIGTERM"
            for node in cls.nodes:
                node.stop()
        finally:
            cls.nsd.stop()

    # ---------------------------------------------------------------- helpers
    def matrix_cells(self, serial):
        matrix = self.try_hub(f"/api/v1/matrix?feed={FEED}") or {"versions": []}
        for version in matrix["versions"]:
            if version["serial"] == serial:
                return {c["node"]: c for c in version["cells"]}
        return {}

    def alarms(self, node=None, kind=None, is_open=None):
        out = []
        for a in (self.try_hub("/api/v1/alarms") or {"alarms": []})["alarms"]:
            if (node is None or a["node"] == node) and (kind is None or a["kind"] == kind) and \
                    (is_open is None or (a["cleared_at"] is None) == is_open):
                out.append(a)
        return out

    def hub_db(self):
        return sqlite3.connect(f"file:{self.hub_state}/hub.sqlite?mode=ro", uri=True, timeout=30)

    def ask_blocked_names(self):
        for node in self.nodes:
            if node.rojad:
                for name in ORDERS:
                    dc.try_query(node.rojad.server, name, "A", timeout=1.0)

    # ---------------------------------------------------------------- tests
    def test_1_a_new_serial_shows_applied_on_every_node_with_its_delay(self):
        type(self).serial += 1
        self.publish(self.serial)
        names = [n.name for n in self.nodes]
        cells = wait_for("every node applied the new serial in the matrix",
                         lambda: (lambda c: c if len(c) == 3 and all(
                             x["state"] == "applied" for x in c.values()) else None)(
                             self.matrix_cells(self.serial)))
        self.assertEqual(sorted(cells), names)
        for node in names:
            self.assertIsNotNone(cells[node]["delay_seconds"], cells[node])
            self.assertGreaterEqual(cells[node]["delay_seconds"], 0)
            self.assertTrue(cells[node]["applied_at"].endswith("Z"))
        # The first serial is applied too (each node's audit names it).
        self.assertEqual({c["state"] for c in self.matrix_cells(1).values()}, {"applied"})
        nodes = {n["id"]: n for n in self.try_hub("/api/v1/nodes")["nodes"]}
        self.assertEqual({n["isp"] for n in nodes.values()}, {"ISP One", "ISP Two"})
        self.assertTrue(all(n["chain_ok"] for n in nodes.values()), nodes)

    def test_2_the_views_answer_with_the_token_only(self):
        status, headers, body = mc.http(self.hub_api, "GET", "/api/v1/matrix?format=csv", HUB_TOKEN)
        self.assertEqual(status, 200)
        self.assertTrue(body.decode().startswith("feed,serial,issued_at,node,isp,state,"), body[:100])
        status, headers, body = mc.http(self.hub_api, "GET", "/matrix?lang=sq", HUB_TOKEN)
        page = body.decode()
        self.assertEqual(status, 200)
        self.assertIn("Matrica e zbatimit", page)
        self.assertIn("<svg", page)
        self.assertNotIn("<script", page)
        self.assertIn("default-src 'none'", headers.get("Content-Security-Policy", ""))
        self.assertIn("Compliance matrix", mc.http(self.hub_api, "GET", "/matrix", HUB_TOKEN)[2].decode())
        for path in ("/api/v1/matrix", "/api/v1/nodes", "/api/v1/alarms", "/matrix"):
            self.assertEqual(mc.http(self.hub_api, "GET", path)[0], 401, path)
            self.assertEqual(mc.http(self.hub_api, "GET", path, "wrong-token")[0], 401, path)
        page = mc.scrape(self.hub_api)
        self.assertIn("roja_hub_polls_ok_total", page)

    def test_3_a_withheld_serial_goes_late_on_that_node_and_clears_when_applied(self):
        type(self).serial += 1
        serial = self.serial
        self.publish(serial, mirror=False)  # node3's source does not have it
        subject = f"{FEED}/{serial}"
        late = wait_for("node3 late for the withheld serial",
                        lambda: [a for a in self.alarms("node3", "late", True) if a["subject"] == subject])
        self.assertIn(f"serial {serial}", late[0]["detail"])
        cells = self.matrix_cells(serial)
        self.assertEqual(cells["node3"]["state"], "late")
        self.assertEqual({cells["node1"]["state"], cells["node2"]["state"]}, {"applied"})
        self.assertEqual([a for a in self.alarms("node1", "late", True) if a["subject"] == subject], [])
        self.mirror.publish(serial, {"orders": ORDERS}, issued=0)  # the mirror catches up
        wait_for("node3's late alarm cleared",
                 lambda: [a for a in self.alarms("node3", "late", False) if a["subject"] == subject])
        self.assertEqual(self.matrix_cells(serial)["node3"]["state"], "applied")

    def test_4_kill_9_mid_poll_leaves_no_duplicate_hits_and_no_gap(self):
        rng = random.Random(13)
        for _ in range(6):
            self.ask_blocked_names()
            for node in self.nodes:
                node.rojad.sighup()  # config_reloaded records: the audit logs keep growing
            time.sleep(rng.uniform(0.2, 1.5))
            self.hub.send_signal(signal.SIGKILL)
            self.hub.wait(timeout=10)
            self.start_hub()
        self.ask_blocked_names()
        time.sleep(1.5)  # the nodes' hit flush (stats.flush_interval: 1s) before comparing

        def caught_up():
            with self.hub_db() as db:
                for node in self.nodes:
                    count, low, high = db.execute(
                        "SELECT count(*), min(seq), max(seq) FROM audit_records WHERE node_id = ?",
                        (node.name,)).fetchone()
                    if (count, low, high) != (node.last_seq(), 1, node.last_seq()):
                        return None
                    stored = {(d, e, l): h for d, e, l, h in db.execute(
                        "SELECT day, entry, list, hits FROM hits WHERE node_id = ?", (node.name,))}
                    if stored != node.day_hits():
                        return None
            return True
        wait_for("the hub holds every record once and the nodes' own hit counts", caught_up)
        with self.hub_db() as db:
            total = db.execute("SELECT sum(hits) FROM hits").fetchone()[0]
        self.assertEqual(total, sum(sum(n.day_hits().values()) for n in self.nodes))
        self.assertGreater(total, 0)
        self.assertEqual(self.alarms(kind="chain_broken"), [])
        # One order nationally: its hits summed over the nodes, its clients from merged sketches.
        day, entry, _ = next(iter(self.nodes[0].day_hits()))
        order = self.try_hub(f"/api/v1/order?entry={entry}")
        today = next(d for d in order["days"] if d["day"] == day)
        self.assertEqual(today["hits"], sum(h for n in self.nodes for (d, e, _), h in n.day_hits().items()
                                            if d == day and e == entry))
        self.assertEqual(today["nodes"], 3)
        self.assertGreaterEqual(today["clients_estimate"], 1)
        with self.hub_db() as db:  # checkpoints (every 5 records) verified with each node's key
            verified = dict(db.execute(
                "SELECT node_id, count(*) FROM checkpoints WHERE verified = 1 GROUP BY node_id"))
        self.assertEqual(sorted(verified), [n.name for n in self.nodes])

    def test_5_a_stopped_node_goes_silent_and_clears_when_back(self):
        node3 = self.nodes[2]
        node3.stop()
        wait_for("node3 silent", lambda: self.alarms("node3", "silent", True))
        self.assertEqual(self.alarms("node1", "silent", True), [])
        self.assertEqual(self.alarms("node2", "silent", True), [])
        node3.start()
        wait_for("node3's silent alarm cleared", lambda: self.alarms("node3", "silent", False))
        self.assertEqual(self.alarms("node3", "silent", True), [])

    def test_6_a_node_whose_history_is_rewritten_is_chain_broken(self):
        node2 = self.nodes[1]
        wait_for("the hub holds node2's whole log", lambda: next(
            (n for n in self.try_hub("/api/v1/nodes")["nodes"]
             if n["id"] == "node2" and n["last_seq"] == node2.last_seq()), None))
        node2.stop()
        path = os.path.join(node2.state, "audit.jsonl")
        with open(path) as f:
            lines = f.read().split("\n")[:-1]
        # The operator edits the first record and recomputes every hash after it, so the file's
        # own chain holds: only a copy taken earlier (the hub's) can tell.
        lines[0] = lines[0].replace('"type":"daemon_started"', '"type":"daemon_started","edited":1')
        for i in range(1, len(lines)):
            lines[i] = re.sub(r'"prev":"[0-9a-f]{64}"}$',
                              f'"prev":"{hashlib.sha256(lines[i - 1].encode()).hexdigest()}"}}', lines[i])
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        node2.start()
        broken = wait_for("node2 chain_broken", lambda: self.alarms("node2", "chain_broken", True))
        self.assertIn("rewritten", broken[0]["detail"])
        self.assertEqual(self.alarms("node1", "chain_broken"), [])
        self.assertEqual(self.alarms("node3", "chain_broken"), [])
        nodes = {n["id"]: n for n in self.try_hub("/api/v1/nodes")["nodes"]}
        self.assertFalse(nodes["node2"]["chain_ok"])
        self.assertTrue(nodes["node1"]["chain_ok"])
        page = mc.scrape(self.hub_api)
        self.assertIn('roja_hub_alarms_open{node="node2",kind="chain_broken"} 1', page)

    def test_7_check_config_names_file_line_and_column(self):
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        example = os.path.join(source, "config", "examples", "hub", "hub.yaml")
        r = subprocess.run([os.environ["ROJAHUB"], "--check-config", example], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        broken = self.env.write("broken-hub.yaml", "poll:\n  interval: soon\nisps: []\n")
        r = subprocess.run([os.environ["ROJAHUB"], "--check-config", broken], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{broken}:2:13: poll.interval: ", r.stderr)

    def bad_node(self, mode, cert=None):
        e = self.env
        cmd = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad_node_server.py"),
               "--ip", e.ip, "--mode", mode]
        if cert:
            cmd += ["--cert", cert[0], "--key", cert[1]]
        out = e.path(f"bad-{mode}-{bool(cert)}.stdout")
        rh.spawn(["/usr/bin/python3", *cmd], out, e.path(f"bad-{mode}.stderr"))
        def port():
            with open(out) as f:
                text = f.read()
            return text.split()[1] if text.endswith("\n") else None
        return f"{'https' if cert else 'http'}://{e.ip}:{wait_for(f'bad node {mode} listening', port, timeout=10)}"

    def test_8_bad_nodes_are_alarms_for_themselves_only(self):
        e = self.env
        pki = Pki(e.path("pki"), e.ip)
        token = e.write("bad.token", "any\n")
        bad = {"garbage": self.bad_node("garbage"), "huge": self.bad_node("huge"),
               "slow": self.bad_node("slow"), "wrong-cert": self.bad_node("garbage", pki.other)}
        node1 = self.nodes[0]
        api = (e.ip, rh.free_port(e.ip))
        state = e.path("hub2-state")
        nodes = "".join(f"      - {{id: {name}, api: \"{url}\", token_file: {token}"
                        + (f", ca: {pki.ca}" if url.startswith("https") else "") + "}\n"
                        for name, url in bad.items())
        config = e.write("hub2.yaml", f"""state_dir: {state}
poll: {{interval: 1s, jitter: 0s, parallel: 5, timeout: 3s, max_response: 1MiB}}
api:
  listen: "{api[0]}:{api[1]}"
  tokens: [{{name: a, role: regulator, sha256: {sha(HUB_TOKEN)}}}]
isps:
  - name: Bad
    nodes:
{nodes}  - name: Good
    nodes:
      - {{id: node1, api: "http://{node1.admin[0]}:{node1.admin[1]}", token_file: {node1.token_file}}}
""")
        hub2 = rh.spawn([os.environ["ROJAHUB"], "--config", config], e.path("hub2.stdout"),
                        e.path("hub2.stderr"))
        e.logs.append(("rojahub 2", e.path("hub2.stderr")))

        def failed():
            status, body = mc.api_json(api, "GET", "/api/v1/alarms", HUB_TOKEN)
            if status != 200:
                return None
            open_failed = {a["node"]: a["detail"] for a in body["alarms"]
                           if a["kind"] == "poll_failed" and a["cleared_at"] is None}
            return open_failed if set(open_failed) == set(bad) else None
        try:
            details = wait_for("a poll_failed alarm for each bad node", lambda: self.safe(failed))
            self.assertIn("not JSON", details["garbage"])
            self.assertIn("larger than 1048576 bytes", details["huge"])
            self.assertIn("Timeout", details["slow"])
            self.assertNotIn("not JSON", details["wrong-cert"])  # refused before any answer was read
            self.assertRegex(details["wrong-cert"], "SSL|certificate")
            _, body = mc.api_json(api, "GET", "/api/v1/nodes", HUB_TOKEN)
            good = next(n for n in body["nodes"] if n["id"] == "node1")
            self.assertIsNotNone(good["last_success_at"])
            self.assertEqual(good["last_error"], "")
        finally:
            rc, clean = rh.terminate(hub2)
        self.assertTrue(clean and rc == 0, f"rojahub exited {rc}")

    def test_9_the_signed_compliance_report_verifies_offline_and_not_once_changed(self):
        # A period around today, so a run across midnight UTC still covers its versions.
        first = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
        last = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
        query = f"/api/v1/report?from={first}&to={last}"
        status, headers, body = mc.http(self.hub_api, "GET", query, HUB_TOKEN)
        self.assertEqual(status, 200, body)
        path = self.env.path("report.json")
        with open(path, "wb") as f:
            f.write(body)
        document = self.env.path("report-document.json")
        r = subprocess.run([os.environ["ROJACTL"], "report", "verify", "--key", self.report_pub, path,
                            "--out", document], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("OK:", r.stdout)
        with open(document, "rb") as f:
            signed = f.read()
        self.assertEqual(hashlib.sha256(signed).hexdigest(), headers["X-Roja-Report-SHA256"])
        report = json.loads(signed)
        self.assertEqual(report["format"], "roja-hub-report/1")
        serials = {v["serial"] for v in report["versions"]}
        self.assertLessEqual({1, 2, 3}, serials)
        kinds = {(a["node"], a["kind"]) for a in report["alarms"]}
        self.assertIn(("node3", "late"), kinds)
        self.assertIn(("node2", "chain_broken"), kinds)
        rng = random.Random(9)
        for at in sorted(rng.sample(range(len(body) - 1), 25)):
            changed = bytearray(body)
            changed[at] ^= 0x01
            with open(path, "wb") as f:
                f.write(changed)
            r = subprocess.run([os.environ["ROJACTL"], "report", "verify", "--key", self.report_pub, path],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 1, f"byte {at} changed: {r.stdout}")
            self.assertIn("BROKEN", r.stderr)
        _, _, page = mc.http(self.hub_api, "GET", query + "&format=html", HUB_TOKEN)
        self.assertIn("Compliance report", page.decode())
        self.assertNotIn("<script", page.decode())
        status, _, csv = mc.http(self.hub_api, "GET", query + "&format=csv", HUB_TOKEN)
        self.assertTrue(csv.decode().startswith("feed,serial,issued_at,node,state,"))
        self.assertEqual(mc.http(self.hub_api, "GET", "/api/v1/report?from=x&to=y", HUB_TOKEN)[0], 400)

    def test_9b_signed_probe_reports_show_in_the_matrix_and_their_misses_per_order(self):
        runs = {"node1": self.nodes[0].rojad.server, "node2": self.nsd.server}
        for node, resolver in runs.items():
            r = subprocess.run([os.environ["ROJACTL"], "probe", "--resolver", f"{resolver[0]}:{resolver[1]}",
                                "--feed", self.main.dir, "--key", self.feed_pub, "--warning", self.env.warning_v4,
                                "--sample", "0", "--rate", "200", "--sign", self.prober_key,
                                "--out", os.path.join(self.probes, f"{node}.json")],
                               capture_output=True, text=True, timeout=120)
            self.assertIn(r.returncode, (0, 1), r.stderr)
        # A report whose signature does not verify is left out.
        with open(os.path.join(self.probes, "node1.json")) as f:
            forged = f.read().replace('"not_blocked":0', '"not_blocked":9')
        with open(os.path.join(self.probes, "forged.json"), "w") as f:
            f.write(forged)
        with open(os.path.join(self.probes, "node1.json.minisig")) as f, \
                open(os.path.join(self.probes, "forged.json.minisig"), "w") as g:
            g.write(f.read())
        cells = wait_for("both probes in the matrix", lambda: (lambda c: c if c.get("node1", {}).get("probe")
                         and c.get("node2", {}).get("probe") else None)(self.matrix_cells(self.serial)))
        self.assertIn(f"{len(ORDERS)} blocked of {len(ORDERS)}", cells["node1"]["probe"])
        self.assertIn(f"{len(ORDERS)} not blocked of {len(ORDERS)}", cells["node2"]["probe"])
        with open(os.path.join(self.probes, "node2.json")) as f:
            miss = json.load(f)["misses"][0]
        entry = miss["entry_id"] or miss["name"]  # a plain list's entry: its name stands for its id
        order = self.try_hub(f"/api/v1/order?entry={urllib.parse.quote(entry)}")
        self.assertIsNotNone(order, miss)
        self.assertEqual([(m["node"], m["name"]) for m in order["probe_misses"]], [("node2", miss["name"])])
        self.assertTrue(order["probe_misses"][0]["how"].startswith("answer "))
        with self.hub_db() as db:
            self.assertEqual(db.execute("SELECT count(*) FROM probe_reports").fetchone()[0], 2)

    @staticmethod
    def safe(check):
        try:
            return check()
        except OSError:
            return None


if __name__ == "__main__":
    rh.main()
