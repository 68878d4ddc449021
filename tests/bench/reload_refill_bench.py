"""Upstream load after a policy change with a warm cache (issue 17, label `bench`).

An ISP takes a feed update every few minutes; each one used to empty every worker's answer
cache, and the warm names all went to the upstream again. This warms 100,000 names (a wildcard
under miss.upstream.test on NSD, as ../shared/bench's add_miss_set.py makes it) into rojad with
one worker and the harness's 1,000,000-name list, keeps asking for them at a fixed 20,000
queries/s, and counts the queries rojad sent upstream (roja_upstream_tries_total on /metrics)
in 10 s without a reload and in the 10 s after a SIGHUP reload. It prints both as upstream
queries per second. Exits 0 when everything ran: no timing assertions.

Method, namespace and pinning as dns_floor_bench.py. Environment: ROJAD, ROJA_BUILD_DIR;
ROJA_BENCH, BENCH_DATA as there; BENCH_NAMES (default 100000), BENCH_QPS (default 20000).
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import dns_floor_bench as floor  # noqa: E402  (the same namespace, NSD and pinning)

NAMES = int(os.environ.get("BENCH_NAMES", "100000"))
QPS = int(os.environ.get("BENCH_QPS", "20000"))
PORT, ADMIN = 5332, 5333
WINDOW = 10


def prepare():
    if os.environ.get("ROJA_FLOOR_NETNS") != "1":
        env = dict(os.environ, BENCH_DATA=floor.DATA)
        subprocess.run([os.path.join(floor.HARNESS, "run.sh"), "deps"], check=True, env=env)
        subprocess.run([os.path.join(floor.HARNESS, "run.sh"), "setup"], check=True, env=env)
        subprocess.run([sys.executable, os.path.join(floor.HARNESS, "lib", "add_miss_set.py"),
                        floor.DATA], check=True)
        env["ROJA_FLOOR_NETNS"] = "1"
        os.execvpe("unshare", ["unshare", "-n", sys.executable, os.path.abspath(__file__)], env)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def upstream_tries():
    text = urllib.request.urlopen(f"http://{floor.ADDR}:{ADMIN}/metrics", timeout=5).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("roja_upstream_tries_total{"))


def dnsperf(query_file, seconds, qps):
    return subprocess.Popen(["taskset", "-c", floor.CLIENT_CPU, "dnsperf", "-s", floor.ADDR, "-p",
                             str(PORT), "-d", query_file, "-l", str(seconds), "-Q", str(qps),
                             "-c", "10", "-q", "1000", "-t", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def main():
    prepare()
    rundir = os.path.join(floor.BUILD, "reload-refill-bench")
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    lst = os.path.join(floor.DATA, "lists", "list-1m.txt")
    names = os.path.join(rundir, "warm.txt")
    with open(os.path.join(floor.DATA, "queries", "miss.txt")) as src, open(names, "w") as dst:
        for _, line in zip(range(NAMES), src):
            dst.write(line)
    upstream = floor.start_upstream(rundir)
    log = os.path.join(rundir, "rojad.log")
    rojad = floor.start([os.environ["ROJAD"], "--listen", f"{floor.ADDR}:{PORT}", "--upstream",
                         f"{floor.UPSTREAM[0]}:{floor.UPSTREAM[1]}", "--list", f"plain:{lst}",
                         "--warning-address", "127.0.0.80", "--threads", "1",
                         "--admin-listen", f"{floor.ADDR}:{ADMIN}"], log, floor.SERVER_CPU)
    try:
        floor.wait_ready(rojad, PORT, open(lst).read().split()[-1], "127.0.0.80")
        for _ in range(2):  # warm: every name once, a second pass for any reply lost
            subprocess.run(["taskset", "-c", floor.CLIENT_CPU, "dnsperf", "-s", floor.ADDR, "-p",
                            str(PORT), "-d", names, "-n", "1", "-c", "10", "-q", "200", "-t", "2"],
                           capture_output=True)
        warm_misses = upstream_tries()
        perf = dnsperf(names, 2 * WINDOW + 4, QPS)
        time.sleep(2)
        t0 = upstream_tries()
        time.sleep(WINDOW)
        t1 = upstream_tries()
        rojad.send_signal(1)  # SIGHUP: the list is built and published again
        time.sleep(WINDOW)
        t2 = upstream_tries()
        perf.communicate()
        reloaded = sum(1 for line in open(log) if "reloaded" in line)
    finally:
        floor.stop(rojad)
        floor.stop(upstream)
    quiet, after = (t1 - t0) / WINDOW, (t2 - t1) / WINDOW
    print(f"{NAMES} names warmed with {warm_misses:.0f} upstream queries; asked at {QPS}/s")
    print(f"upstream queries/s in {WINDOW} s without reload: {quiet:9.1f}")
    print(f"upstream queries/s in {WINDOW} s after a reload:  {after:9.1f}  ({reloaded} reload)")
    print(f"share of the warm names asked upstream again after the reload = "
          f"{(after - quiet) * WINDOW / NAMES:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
