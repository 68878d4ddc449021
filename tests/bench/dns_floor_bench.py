"""rojad against the kernel's floor and PowerDNS Recursor in one run (issue 3, label `bench`).

The issue's bar is answers per server CPU-second. On a 2-vCPU VM over loopback most of that CPU is
the kernel's UDP path, which every server pays. This bench measures it: `udp_floor_server`
answers every query with a fixed A record and does nothing else, through the same
recvmmsg/sendmmsg batches as rojad. Run side by side with rojad (one worker, the same
1,000,000-name list) and PowerDNS Recursor (as ../shared/bench configures it), it prints each
server's answers per CPU-second and its share of the floor, so a ratio between servers can be
read against what the machine allows at all.

Method as ../shared/bench: a private network namespace (`unshare -n`, loopback only), NSD as the
upstream on 127.0.0.53:5300 and dnsperf pinned to CPU 0, the server pinned to CPU 1; warm-up of
the allowed names, then `dnsperf -l SECONDS -c 10 -q 100 -t 2` on the harness's blocked and
allowed (cached) query files, REPS times; server CPU from /proc/PID/stat. Exits 0 when everything
ran: no timing assertions (the box is shared).

Environment: ROJAD, ROJA_UDP_FLOOR (the built server), ROJA_BUILD_DIR; BENCH_SECONDS (default 10),
BENCH_REPS (default 2), ROJA_BENCH (the harness, default ../shared/bench), BENCH_DATA (default
$ROJA_BUILD_DIR/bench-data).
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.environ.get("ROJA_BENCH", os.path.join(HERE, "..", "..", "..", "shared", "bench"))
BUILD = os.environ.get("ROJA_BUILD_DIR", os.path.join(HERE, "..", "..", "build"))
DATA = os.environ.get("BENCH_DATA", os.path.join(BUILD, "bench-data"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
REPS = int(os.environ.get("BENCH_REPS", "2"))
ADDR, PORT, UPSTREAM = "127.0.0.1", 5330, ("127.0.0.53", 5300)
SERVER_CPU, CLIENT_CPU = "1", "0"
HZ = os.sysconf("SC_CLK_TCK")


def prepare():
    """Harness tools (dnsperf, nsd, pdns-recursor) and its generated data, then a private netns."""
    if os.environ.get("ROJA_FLOOR_NETNS") != "1":
        env = dict(os.environ, BENCH_DATA=DATA)
        subprocess.run([os.path.join(HARNESS, "run.sh"), "deps"], check=True, env=env)
        subprocess.run([os.path.join(HARNESS, "run.sh"), "setup"], check=True, env=env)
        env["ROJA_FLOOR_NETNS"] = "1"
        os.execvpe("unshare", ["unshare", "-n", sys.executable, os.path.abspath(__file__)], env)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def start(cmd, log, cpu):
    return subprocess.Popen(["taskset", "-c", cpu] + cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def dig_answer(port, name):
    return subprocess.run(["dig", "+short", "+tries=1", "+time=1", "-p", str(port), f"@{ADDR}", name],
                          capture_output=True, text=True).stdout


def wait_ready(process, port, name, expect, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        if expect in dig_answer(port, name):
            return
        time.sleep(0.05)
    raise SystemExit(f"server not ready after {timeout} s")


def start_upstream(rundir):
    conf = os.path.join(rundir, "nsd.conf")
    with open(conf, "w") as f:
        f.write(f"""server:
  ip-address: {UPSTREAM[0]}@{UPSTREAM[1]}
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "{DATA}/upstream"
  database: ""
  zonelistfile: "{rundir}/zone.list"
  pidfile: "{rundir}/nsd.pid"
  xfrdfile: "{rundir}/xfrd.state"
  logfile: "{rundir}/nsd.log"
  verbosity: 1
  do-ip6: no
  minimal-responses: yes
  rrl-ratelimit: 0  # a cache-miss load (reload_refill_bench.py) must not be rate-limited
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "root.zone"
""")
    process = start(["nsd", "-d", "-c", conf], os.path.join(rundir, "nsd.out"), CLIENT_CPU)
    first_allowed = open(os.path.join(DATA, "queries", "allowed.txt")).readline().split()[0]
    deadline = time.time() + 60
    while not subprocess.run(["dig", "+short", "+tries=1", "+time=1", "-p", str(UPSTREAM[1]), f"@{UPSTREAM[0]}",
                              first_allowed], capture_output=True, text=True).stdout.strip():
        if time.time() > deadline:
            raise SystemExit("nsd did not come up")
        time.sleep(0.1)
    return process


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def dnsperf(pid, query_file, seconds):
    before, started = cpu_seconds(pid), time.time()
    out = subprocess.run(["taskset", "-c", CLIENT_CPU, "dnsperf", "-s", ADDR, "-p", str(PORT), "-d", query_file,
                          "-l", str(seconds), "-c", "10", "-q", "100", "-t", "2"],
                         capture_output=True, text=True).stdout
    used, wall = cpu_seconds(pid) - before, time.time() - started
    qps = float(next(line for line in out.splitlines() if "Queries per second" in line).split()[-1])
    return {"qps": qps, "cpu": 100 * used / wall, "kq_per_cpu_s": qps * wall / used / 1000 if used else 0.0}


def servers(rundir):
    lst = os.path.join(DATA, "lists", "list-1m.txt")
    yield "floor", [os.environ["ROJA_UDP_FLOOR"], ADDR, str(PORT)]
    yield "rojad", [os.environ["ROJAD"], "--listen", f"{ADDR}:{PORT}", "--upstream", f"{UPSTREAM[0]}:{UPSTREAM[1]}",
                    "--list", f"plain:{lst}", "--warning-address", "127.0.0.80", "--threads", "1"]
    if shutil.which("pdns_recursor"):
        conf = os.path.join(rundir, "pdns")
        os.makedirs(conf, exist_ok=True)
        with open(os.path.join(conf, "recursor.conf"), "w") as f:  # as ../shared/bench/peers/pdns-recursor.sh
            f.write(f"""local-address={ADDR}
local-port={PORT}
threads=1
pdns-distributes-queries=no
reuseport=no
forward-zones-recurse=.={UPSTREAM[0]}:{UPSTREAM[1]}
dont-query=
dnssec=off
security-poll-suffix=
lua-config-file={conf}/recursor.lua
socket-dir={conf}
daemon=no
write-pid=no
disable-syslog=yes
loglevel=4
quiet=yes
allow-from=127.0.0.0/8
max-cache-entries=1000000
max-packetcache-entries=500000
packetcache-ttl=86400
""")
        with open(os.path.join(conf, "recursor.lua"), "w") as f:
            f.write(f'rpzFile("{os.path.join(DATA, "lists", "list-1m.rpz-a")}", {{policyName="bench", defttl=300}})\n')
        yield "pdns-recursor", ["pdns_recursor", f"--config-dir={conf}"]


def main():
    prepare()
    rundir = os.path.join(BUILD, "dns-floor-bench")
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    last_listed = open(os.path.join(DATA, "lists", "list-1m.txt")).read().split()[-1]
    queries = {kind: os.path.join(DATA, "queries", name)
               for kind, name in (("blocked", "blocked-1m.txt"), ("cached", "allowed.txt"))}
    upstream = start_upstream(rundir)
    results = {}
    try:
        for name, cmd in servers(rundir):
            process = start(cmd, os.path.join(rundir, f"{name}.log"), SERVER_CPU)
            try:
                wait_ready(process, PORT, last_listed, "127.0.0.80")
                for _ in range(2):
                    dnsperf(process.pid, queries["cached"], 3)  # warm-up: every allowed name cached
                for rep in range(REPS):
                    for kind, query_file in queries.items():
                        r = dnsperf(process.pid, query_file, SECONDS)
                        results.setdefault(name, {}).setdefault(kind, []).append(r)
                        print(f"{name:14} {kind:8} rep{rep + 1}: {r['qps']:9.0f} qps at {r['cpu']:5.1f} % CPU "
                              f"= {r['kq_per_cpu_s']:6.1f}k answers per CPU-second", flush=True)
            finally:
                stop(process)
    finally:
        stop(upstream)

    def best(name, kind):
        return max(r["kq_per_cpu_s"] for r in results[name][kind])

    print("\nanswers per server CPU-second (best of the repetitions, thousands) and share of the floor:")
    print(f"{'server':14} {'blocked':>8} {'of floor':>9} {'cached':>8} {'of floor':>9}")
    for name in results:
        print(f"{name:14} {best(name, 'blocked'):8.1f} {best(name, 'blocked') / best('floor', 'blocked'):9.2f} "
              f"{best(name, 'cached'):8.1f} {best(name, 'cached') / best('floor', 'cached'):9.2f}")
    if "pdns-recursor" in results:
        for kind in ("blocked", "cached"):
            print(f"{kind}: rojad / PowerDNS Recursor = {best('rojad', kind) / best('pdns-recursor', kind):.2f}; "
                  f"1.5 x PowerDNS Recursor = {1.5 * best('pdns-recursor', kind):.1f}k = "
                  f"{1.5 * best('pdns-recursor', kind) / best('floor', kind):.2f} x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
