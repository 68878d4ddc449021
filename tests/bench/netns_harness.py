"""What the DNS benchmarks share (upstream_miss_bench.py, dot_bench.py, dns_floor_bench.py), as
../shared/bench does it: a private network namespace with only loopback, servers pinned to one
CPU and NSD and dnsperf to the other, server CPU read from /proc/PID/stat, and dnsperf's answers
per second turned into answers per server CPU-second."""
import os
import shutil
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
SERVER_CPU, CLIENT_CPU = "1", "0"


def enter_netns(marker, tools):
    """Re-runs the calling script inside `unshare -n` (once: `marker` in the environment says it
    is there), brings loopback up, and checks the tools are installed."""
    if os.environ.get(marker) != "1":
        env = dict(os.environ, **{marker: "1"})
        script = os.path.abspath(sys.argv[0])
        os.execvpe("unshare", ["unshare", "-n", sys.executable, script], env)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for tool in tools:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} missing: scripts/install-deps.sh bench")


def start(cmd, log, cpu):
    return subprocess.Popen(["taskset", "-c", cpu] + cmd, stdout=open(log, "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def dig(server, port, name):
    return subprocess.run(["dig", "+short", "+tries=1", "+time=1", "-p", str(port), f"@{server}",
                           name], capture_output=True, text=True).stdout


def wait_for(process, server, port, name, expect, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args} exited with {process.returncode}")
        if expect in dig(server, port, name):
            return
        time.sleep(0.05)
    raise SystemExit(f"{process.args} not ready after {timeout} s")


def start_nsd(rundir, zonesdir, upstream, probe_name, expect):
    """NSD serving zonesdir/root.zone on `upstream` without response-rate limiting (a cache-miss
    load must not be rate-limited), as the shared harness runs it."""
    conf = os.path.join(rundir, "nsd.conf")
    with open(conf, "w") as f:
        f.write(f"""server:
  ip-address: {upstream[0]}@{upstream[1]}
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "{zonesdir}"
  database: ""
  zonelistfile: "{rundir}/zone.list"
  pidfile: "{rundir}/nsd.pid"
  xfrdfile: "{rundir}/xfrd.state"
  logfile: "{rundir}/nsd.log"
  verbosity: 1
  do-ip6: no
  minimal-responses: yes
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "root.zone"
""")
    process = start(["nsd", "-d", "-c", conf], os.path.join(rundir, "nsd.out"), CLIENT_CPU)
    wait_for(process, upstream[0], upstream[1], probe_name, expect)
    return process


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def dnsperf(pid, server, port, query_file, seconds, mode="udp", clients=10):
    """One dnsperf run against `server`; the server's CPU share and answers per CPU-second."""
    before, started = cpu_seconds(pid), time.time()
    out = subprocess.run(["taskset", "-c", CLIENT_CPU, "dnsperf", "-m", mode, "-s", server, "-p",
                          str(port), "-d", query_file, "-l", str(seconds), "-c", str(clients),
                          "-q", "100", "-t", "2"], capture_output=True, text=True).stdout
    used, wall = cpu_seconds(pid) - before, time.time() - started
    qps = float(next(line for line in out.splitlines() if "Queries per second" in line).split()[-1])
    lost = next((line.split()[2] for line in out.splitlines() if "Queries lost" in line), "?")
    return {"qps": qps, "cpu": 100 * used / wall, "lost": lost,
            "kq_per_cpu_s": qps * wall / used / 1000 if used else 0.0}
