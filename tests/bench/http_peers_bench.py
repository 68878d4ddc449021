"""HTTP side against nginx (issue 5, label `bench`): wrk against rojad's warning page and nginx
serving the same page as a static file, and wrk through rojad's HTTP filter and through nginx as a
reverse proxy to the same origins. Prints requests/s, latency and the ratio rojad/nginx; exits 0
when everything ran (no timing assertions: the box is shared).

Loopback only. One rojad (one worker thread) runs both the warning page and the filter; nginx runs
one worker (`worker_processes 1`, master on). Both close a kept-alive connection after 100 requests
(rojad's default `max_requests_per_connection`; nginx's `keepalive_requests` is set to match).
nginx answers the page with status 200 (a static file) and the same Link, Cache-Control and
Content-Security-Policy headers rojad sends; rojad answers 451. Two origins behind the proxies: the
integration tests' origin_server.py (Python, threaded: the ceiling of both proxies) and a second
nginx serving a static file (so the proxies' own cost shows).

Environment: ROJAD (the built rojad), BENCH_SECONDS (wrk duration per run, default 5),
BENCH_CONNECTIONS (default 32).
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import http_client as hc  # noqa: E402
import roja_harness as rh  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
BLOCKED = "blocked.test"
FILTERED = "news.test"
ORDERS_CSV = f"""id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires
b1,domain,{BLOCKED},AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,
u1,url,{FILTERED}/secret,AKEP,200/2025,2025-04-01,Ligji 9/2025,gambling,2025-04-01,
"""
ORIGIN_PAGE = "x" * 4096  # the static origin's page: 4 KiB, like a small HTML page

NGINX_HEAD = """daemon off;
master_process on;
worker_processes 1;
user root;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 100;
  client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
  uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
  default_type text/html;
{servers}
}}
"""


class Nginx:
    """nginx in the foreground with its own config and prefix in `dir`."""

    def __init__(self, e, name, servers):
        self.dir = e.path(name)
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(NGINX_HEAD.format(dir=self.dir, servers=servers))
        e.logs.append((name, os.path.join(self.dir, "error.log")))
        self.proc = rh.spawn(["nginx", "-c", self.conf, "-p", self.dir], os.path.join(self.dir, "stdout"))

    def wait(self, endpoints):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if all(answers(ep) for ep in endpoints):
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise rh.HarnessError(f"nginx did not start:\n{rh.tail(os.path.join(self.dir, 'error.log'))}")


def answers(endpoint):
    try:
        return hc.get(endpoint, "probe") is not None
    except OSError:
        return False


def wrk(endpoint, host, path="/"):
    """One wrk run; returns dict(rps, p50, p99 in ms, non2xx, errors)."""
    url = f"http://{endpoint[0]}:{endpoint[1]}{path}"
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-H", f"Host: {host}", url],
                         capture_output=True, text=True, timeout=SECONDS + 60)
    if out.returncode != 0:
        raise rh.HarnessError(f"wrk {url} failed: {out.stderr}{out.stdout}")
    text = out.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {q: to_ms(re.search(rf"^\s+{q}%\s+([\d.]+\w+)", text, re.M).group(1)) for q in ("50", "99")}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:(.*)", text)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": errors.group(1).strip() if errors else "none", "raw": text}


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def zone_with(extra):
    with open(os.path.join(rh.ZONES, "root.zone")) as f:
        return f.read() + "\n; http_peers_bench.py\n" + extra


class Bench:
    def __init__(self):
        e = self.env = rh.env()
        n = e.octet
        self.page_ip, self.filter_ip, self.origin_ip, self.nginx_ip = e.ip, f"127.0.4.{n}", f"127.0.3.{n}", f"127.0.5.{n}"
        # The filter forwards to the port it was reached on: one port per origin, shared with it.
        self.py_port, self.static_port = rh.free_port(self.origin_ip), rh.free_port(self.origin_ip)
        zone = e.write("zone/bench.zone", zone_with(f"{FILTERED}. A {self.origin_ip}\n"))
        self.nsd = rh.Nsd(e, zonefile=zone).start()
        self.origin = self.start_python_origin()
        self.rojad = self.start_rojad()

    def start_python_origin(self):
        root = self.env.path("origin")
        os.makedirs(root)
        log = self.env.path("origin.log")
        self.env.logs.append(("origin", log))
        p = rh.spawn(["/usr/bin/python3", os.path.join(rh.HERE, "origin_server.py"), "--ip", self.origin_ip,
                      "--port", str(self.py_port), "--root", root], log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "ready" not in rh.tail(log):
            time.sleep(0.05)
        if "ready" not in rh.tail(log):
            raise rh.HarnessError("origin_server.py did not start:\n" + rh.tail(log))
        return p

    def start_rojad(self):
        e = self.env
        orders = e.write("lists/orders.csv", ORDERS_CSV)
        self.page = (self.page_ip, rh.free_port(self.page_ip))
        config = e.write("roja.yaml", f"""
access:
  allow: ["127.0.0.0/8"]
blocking:
  organisation: "Test ISP"
warning_page:
  enabled: true
  listen: ["{self.page[0]}:{self.page[1]}"]
  https: "off"
  operator_url: "https://isp.example/bllokime"
  appeal_url: "https://isp.example/ankesa"
  contact_email: "abuse@isp.example"
http_filter:
  enabled: true
  addresses: ["{self.filter_ip}"]
  http_ports: [{self.py_port}, {self.static_port}]
  https_ports: []
lists:
  - id: orders
    path: {orders}
    format: csv
    reason: censored
groups:
  - name: default
    lists: [orders]
    url_filter: true
""")
        r = rh.Rojad(e, [self.nsd.server], extra=["--config", config]).start()
        status, headers, body = hc.get(self.page, BLOCKED)
        if status != 451:
            raise rh.HarnessError(f"the warning page answered {status}, not 451")
        self.page_body, self.page_headers = body, headers
        return r

    def start_nginx(self):
        e = self.env
        static = e.path("static")
        os.makedirs(static)
        with open(os.path.join(static, "page.html"), "wb") as f:
            f.write(self.page_body)
        with open(os.path.join(static, "origin.html"), "w") as f:
            f.write(ORIGIN_PAGE)
        self.origin_nginx = Nginx(e, "nginx-origin", f"""
  server {{ listen {self.origin_ip}:{self.static_port}; root {static};
           location / {{ try_files /origin.html =404; }} }}""").wait([(self.origin_ip, self.static_port)])
        ports = [rh.free_port(self.nginx_ip) for _ in range(3)]
        h = self.page_headers
        self.nginx_page, self.nginx_py, self.nginx_static = [(self.nginx_ip, p) for p in ports]
        self.nginx = Nginx(e, "nginx-peer", f"""
  upstream py {{ server {self.origin_ip}:{self.py_port}; keepalive 32; }}
  upstream static {{ server {self.origin_ip}:{self.static_port}; keepalive 32; }}
  server {{ listen {self.nginx_ip}:{ports[0]}; root {static};
           location / {{ try_files /page.html =404;
             add_header Link '{h["link"]}'; add_header Cache-Control no-store;
             add_header Content-Security-Policy "{h["content-security-policy"]}"; }} }}
  server {{ listen {self.nginx_ip}:{ports[1]};
           location / {{ proxy_pass http://py; proxy_http_version 1.1; proxy_set_header Connection "";
             proxy_set_header Host $host; }} }}
  server {{ listen {self.nginx_ip}:{ports[2]};
           location / {{ proxy_pass http://static; proxy_http_version 1.1; proxy_set_header Connection "";
             proxy_set_header Host $host; }} }}""").wait([self.nginx_page, self.nginx_py, self.nginx_static])

    def check_forwarding(self):
        """Both proxies reach both origins before anything is measured."""
        filt_py, filt_static = (self.filter_ip, self.py_port), (self.filter_ip, self.static_port)
        for ep, expected in [(filt_py, b"origin /page"), (self.nginx_py, b"origin /page"),
                             (filt_static, ORIGIN_PAGE.encode()), (self.nginx_static, ORIGIN_PAGE.encode())]:
            r = hc.get(ep, FILTERED, "/page")
            if r is None or r[0] != 200 or r[2] != expected:
                raise rh.HarnessError(f"{ep} did not forward /page: {r and r[:2]}")
        return filt_py, filt_static

    def run(self):
        self.start_nginx()
        filt_py, filt_static = self.check_forwarding()
        rows = [("warning page (Host: blocked.test)", wrk(self.page, BLOCKED), wrk(self.nginx_page, BLOCKED)),
                ("proxy to origin_server.py", wrk(filt_py, FILTERED, "/page"), wrk(self.nginx_py, FILTERED, "/page")),
                ("proxy to nginx static 4 KiB", wrk(filt_static, FILTERED, "/page"),
                 wrk(self.nginx_static, FILTERED, "/page"))]
        direct = [("origin_server.py direct", wrk((self.origin_ip, self.py_port), FILTERED, "/page")),
                  ("nginx static origin direct", wrk((self.origin_ip, self.static_port), FILTERED, "/page"))]
        self.report(rows, direct)

    def report(self, rows, direct):
        print(f"\nwrk -t1 -c{CONNECTIONS} -d{SECONDS}s, loopback, shared 2-core box; rojad 1 thread, nginx 1 worker;"
              f" page {len(self.page_body)} bytes")
        print(f"{'scenario':36} {'rojad req/s':>12} {'p50/p99 ms':>14} {'nginx req/s':>12} {'p50/p99 ms':>14} {'ratio':>6}")
        for name, ours, theirs in rows:
            print(f"{name:36} {ours['rps']:12.0f} {ours['p50']:6.2f}/{ours['p99']:<7.2f} {theirs['rps']:12.0f} "
                  f"{theirs['p50']:6.2f}/{theirs['p99']:<7.2f} {ours['rps'] / theirs['rps']:6.2f}")
        for name, r in direct:
            print(f"{name:36} {r['rps']:12.0f} {r['p50']:6.2f}/{r['p99']:<7.2f}   (no proxy: the origin's ceiling)")
        for name, ours, theirs in rows:
            for who, r in (("rojad", ours), ("nginx", theirs)):
                print(f"  {name}, {who}: non-2xx {r['non2xx']}, socket errors {r['errors']}")

    def stop(self):
        for p in [getattr(self, "nginx", None), getattr(self, "origin_nginx", None)]:
            if p is not None:
                rh.terminate(p.proc)
        if getattr(self, "rojad", None) is not None:
            self.rojad.stop()
        rh.terminate(self.origin)
        self.nsd.stop()


def main():
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            print(f"{tool} is missing: scripts/install-deps.sh bench", file=sys.stderr)
            return 1
    e = rh.env()
    ok = False
    try:
        bench = Bench()
        try:
            bench.run()
            ok = True
        finally:
            bench.stop()
    finally:
        e.finish(ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
