"""Latency while the policy is swapped (issue 17, label `bench`).

An ISP reloads a 1,000,000-name list while it serves. This runs exactly the issue's case: rojad with
one worker and the shared harness's 1M list, NSD as the upstream, dnsperf at a fixed 20,000
queries/s of the harness's mix file (5 % blocked, 95 % allowed and cached) for 12 s, once without
reloads and once with three SIGHUP reloads (at 2, 6 and 10 s). It prints p50/p99/max of each run
and the ratio of the p99s. Exits 0 when everything ran: no timing assertions (the box is shared).

Method as ../shared/bench and dns_floor_bench.py: a private network namespace (`unshare -n`,
loopback only), NSD on 127.0.0.53:5300 and dnsperf pinned to CPU 0, rojad pinned to CPU 1 (all of
its threads: the reload's policy build shares the worker's core), warm-up of the allowed names.

Environment: ROJAD, ROJA_BUILD_DIR; BENCH_REPS (default 2), BENCH_QPS (default 20000),
BENCH_SECONDS (default 12), ROJA_BENCH (the harness, default ../shared/bench), BENCH_DATA (default
$ROJA_BUILD_DIR/bench-data); BENCH_NICE (e.g. -10: rojad and dnsperf run under `nice -n`, which
shields the figures from other load on a shared machine; rojad's own threads keep their relative
priorities, so the comparison with and without reloads stays the one of an idle machine).
"""
import os
import shutil
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import dns_floor_bench as floor  # noqa: E402  (the same namespace, NSD and pinning)

BUILD = floor.BUILD
DATA = floor.DATA
REPS = int(os.environ.get("BENCH_REPS", "2"))
QPS = int(os.environ.get("BENCH_QPS", "20000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "12"))
RELOAD_AT = (2.0, 6.0, 10.0)
PORT = 5331
NICE = ["nice", "-n", os.environ["BENCH_NICE"]] if os.environ.get("BENCH_NICE") else []
floor.PORT = PORT  # floor.dnsperf() asks this port


def prepare():
    if os.environ.get("ROJA_FLOOR_NETNS") != "1":
        env = dict(os.environ, BENCH_DATA=DATA)
        subprocess.run([os.path.join(floor.HARNESS, "run.sh"), "deps"], check=True, env=env)
        subprocess.run([os.path.join(floor.HARNESS, "run.sh"), "setup"], check=True, env=env)
        env["ROJA_FLOOR_NETNS"] = "1"
        os.execvpe("unshare", ["unshare", "-n", sys.executable, os.path.abspath(__file__)], env)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def latency_run(query_file, reloads_of=None):
    """dnsperf -v at a fixed rate; `reloads_of` (a process) gets SIGHUP at RELOAD_AT seconds."""
    cmd = ["taskset", "-c", floor.CLIENT_CPU] + NICE + ["dnsperf", "-s", floor.ADDR, "-p", str(PORT), "-d",
           query_file, "-v", "-Q", str(QPS), "-l", str(SECONDS), "-c", "10", "-q", "1000", "-t", "2"]
    started = time.monotonic()
    perf = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sender = None
    if reloads_of is not None:
        def send():
            for at in RELOAD_AT:
                time.sleep(max(0.0, started + at - time.monotonic()))
                reloads_of.send_signal(1)  # SIGHUP
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
    out, _ = perf.communicate()
    if sender:
        sender.join()
    latencies, timeouts = [], 0
    for line in out.splitlines():
        if line.startswith("> "):
            parts = line.split()
            if parts[1] == "T":
                timeouts += 1
            else:
                latencies.append(float(parts[-1]))
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100.0 * len(latencies)))] * 1000
    return {"n": len(latencies), "timeouts": timeouts, "p50": pct(50), "p99": pct(99),
            "max": latencies[-1] * 1000}


def reload_count(log):
    return sum(1 for line in open(log) if "reloaded" in line)


def main():
    prepare()
    rundir = os.path.join(BUILD, "reload-latency-bench")
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    lst = os.path.join(DATA, "lists", "list-1m.txt")
    last_listed = open(lst).read().split()[-1]
    mix = os.path.join(DATA, "queries", "mix-1m.txt")
    allowed = os.path.join(DATA, "queries", "allowed.txt")
    upstream = floor.start_upstream(rundir)
    log = os.path.join(rundir, "rojad.log")
    cmd = NICE + [os.environ["ROJAD"], "--listen", f"{floor.ADDR}:{PORT}", "--upstream",
           f"{floor.UPSTREAM[0]}:{floor.UPSTREAM[1]}", "--list", f"plain:{lst}",
           "--warning-address", "127.0.0.80", "--threads", "1"]
    rojad = floor.start(cmd, log, floor.SERVER_CPU)
    results = {"quiet": [], "reloads": []}
    try:
        floor.wait_ready(rojad, PORT, last_listed, "127.0.0.80")
        for _ in range(2):
            floor.dnsperf(rojad.pid, allowed, 3)  # warm-up: every allowed name cached
        for rep in range(REPS):
            for kind in ("quiet", "reloads"):
                before = reload_count(log)
                r = latency_run(mix, rojad if kind == "reloads" else None)
                time.sleep(3.0)  # the last reload's build ends before the next run starts
                r["reloaded"] = reload_count(log) - before
                results[kind].append(r)
                print(f"{kind:8} rep{rep + 1}: {r['n']} answers, {r['timeouts']} timeouts, "
                      f"{r['reloaded']} reloads: p50 {r['p50']:.3f} ms, p99 {r['p99']:.3f} ms, "
                      f"max {r['max']:.3f} ms", flush=True)
                if rojad.poll() is not None:
                    raise SystemExit(f"rojad exited with {rojad.returncode}")
    finally:
        floor.stop(rojad)
        floor.stop(upstream)

    def worst(kind, key):
        return max(r[key] for r in results[kind])

    print(f"\n1M-name list, one worker, {QPS} queries/s of the mix for {SECONDS} s "
          f"(worst of {REPS} repetitions{', nice ' + NICE[-1] if NICE else ''}):")
    for kind in results:
        print(f"{kind:8} p99 {worst(kind, 'p99'):8.3f} ms  max {worst(kind, 'max'):8.3f} ms  "
              f"timeouts {worst(kind, 'timeouts')}")
    print(f"p99 with reloads / p99 without = {worst('reloads', 'p99') / worst('quiet', 'p99'):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
