"""rojahub polling a simulated fleet of 200 nodes on loopback (issue 13, label `bench`).

A child process serves 200 stub admin APIs (one port each, Python's http.server): a status, an
audit chain of 1,000 records per node (every 10th a feed_applied), its confirmations, and 1,000
hit rows for the day. `rojahub --once` runs one poll cycle over all of them twice: the first
pulls everything, the second (after each node wrote 20 more records) is the steady state of a
5-minute cycle. Measured: the hub's CPU (user + system, from wait4) and wall time per cycle, and
the store's size. Baseline in the same run: a bare Python client fetching the same URLs with 16
threads, without checking or storing anything. Prints ratios; asserts nothing about time.

Environment: ROJAHUB; BENCH_NODES (default 200).
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NODES = int(os.environ.get("BENCH_NODES", "200"))
RECORDS, MORE, HITS = 1000, 20, 1000
TOKEN = "bench-token"
DAY = time.strftime("%Y-%m-%d", time.gmtime())


class StubNode:
    def __init__(self):
        self.lines, self.prev = [], "0" * 64
        self.add(RECORDS)
        rows = [{"day": DAY, "entry": f"AKEP-{e}", "list": "orders", "authority": "AKEP",
                 "decision": f"D-{e % 50}/2026", "hits": e % 400, "clients_estimate": e % 90}
                for e in range(HITS)]
        self.hits = json.dumps({"rows": rows}).encode()

    def add(self, count):
        for _ in range(count):
            seq = len(self.lines) + 1
            kind, details = "config_reloaded", "{}"
            if seq % 10 == 0:
                kind = "feed_applied"
                details = (f'{{"feed":"akep-al","serial":{seq // 10},"issued_at":"{DAY}T00:00:00Z",'
                           f'"applied_at":"{DAY}T00:00:03Z"}}')
            line = (f'{{"seq":{seq},"time":"{DAY}T00:00:00Z","type":"{kind}","details":{details},'
                    f'"prev":"{self.prev}"}}')
            self.lines.append(line)
            self.prev = hashlib.sha256(line.encode()).hexdigest()


def handler_for(node):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def do_GET(self):  # noqa: N802 (http.server's naming)
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/api/v1/status":
                body = b'{"degraded":false,"feeds":[{"feed":"akep-al","serial":1,"degraded":false}]}'
            elif url.path == "/api/v1/audit":
                after, limit = int(q.get("after", 0)), int(q.get("limit", 1000))
                body = "".join(line + "\n" for line in node.lines[after:after + limit]).encode()
            elif url.path == "/api/v1/confirmation":
                body = json.dumps({"feed": q["feed"], "serial": int(q["serial"]), "status": "applied",
                                   "applied_at": f"{DAY}T00:00:03Z", "seconds_issued_to_applied": 3.0,
                                   "rejections": []}).encode()
            elif url.path == "/api/v1/hits":
                body = node.hits
            else:
                body = b'{"error":"no such route"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
    return Handler


def serve():
    """The child: every stub node on its own port; SIGUSR1 makes each write MORE records."""
    nodes = [StubNode() for _ in range(NODES)]
    servers = []
    for node in nodes:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(node))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    signal.signal(signal.SIGUSR1, lambda *_: [n.add(MORE) for n in nodes])
    print(json.dumps([s.server_address[1] for s in servers]), flush=True)
    while True:
        time.sleep(3600)


def cycle(config):
    start = time.monotonic()
    p = subprocess.Popen([os.environ["ROJAHUB"], "--config", config, "--once"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"rojahub --once failed: {p.stderr.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall


def bare_fetch(ports, afters):
    """The baseline: the same requests, read and dropped."""
    def one(i):
        base = f"http://127.0.0.1:{ports[i]}"
        urls = ["/api/v1/status", f"/api/v1/audit?format=jsonl&limit=1000&after={afters[i]}",
                f"/api/v1/hits?by=day&sketches=1&from={DAY}"]
        for url in urls:
            req = urllib.request.Request(base + url, headers={"Authorization": f"Bearer {TOKEN}"})
            with urllib.request.urlopen(req, timeout=60) as r:
                r.read()
    start_cpu, start = time.process_time(), time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(len(ports))))
    return time.process_time() - start_cpu, time.monotonic() - start


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve()
        return 0
    work = tempfile.mkdtemp(prefix="roja-hub-fleet-")
    fleet = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve"],
                             stdout=subprocess.PIPE, text=True)
    try:
        ports = json.loads(fleet.stdout.readline())
        token = os.path.join(work, "token")
        with open(token, "w") as f:
            f.write(TOKEN + "\n")
        config = os.path.join(work, "hub.yaml")
        with open(config, "w") as f:
            f.write(f"state_dir: {work}/state\nlog_level: error\n"
                    "poll: {interval: 5m, parallel: 16, timeout: 60s}\napi: {enabled: false}\nisps:\n")
            for isp in range(0, NODES, 10):
                f.write(f"  - name: ISP {isp // 10}\n    nodes:\n")
                for n in range(isp, min(isp + 10, NODES)):
                    f.write(f"      - {{id: node-{n}, api: \"http://127.0.0.1:{ports[n]}\", token_file: {token}}}\n")
        first_cpu, first_wall = cycle(config)
        fleet.send_signal(signal.SIGUSR1)
        time.sleep(1)
        steady_cpu, steady_wall = cycle(config)
        base_cpu, base_wall = bare_fetch(ports, [RECORDS + MORE - 1] * NODES)
        size = sum(os.path.getsize(os.path.join(work, "state", n)) for n in os.listdir(os.path.join(work, "state")))
        print(f"rojahub --once over {NODES} stub nodes ({RECORDS} audit records, {RECORDS // 10} "
              f"confirmations, {HITS} hit rows each):")
        print(f"  first cycle (everything):       CPU {first_cpu:6.2f} s  wall {first_wall:6.2f} s")
        print(f"  steady cycle (+{MORE} records each): CPU {steady_cpu:6.2f} s  wall {steady_wall:6.2f} s"
              f"  = {steady_cpu / 300 * 100:.2f} % of one core over a 5-minute interval")
        print(f"  baseline, bare Python fetch of the steady cycle's requests: CPU {base_cpu:6.2f} s"
              f"  wall {base_wall:6.2f} s  (hub / baseline CPU: {steady_cpu / base_cpu:.2f}x)")
        print(f"  store after two cycles: {size / 1048576:.1f} MiB")
    finally:
        fleet.kill()
        fleet.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
