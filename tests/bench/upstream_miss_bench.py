"""The cache-miss path: rojad against dnsdist in one run (issue 18, label `bench`).

Every query of the *miss* set is a unique name under a wildcard that NSD answers, so each one is
forwarded upstream; *cached* and *blocked* show the other paths did not get slower. Both servers
get one core (CPU 1), NSD and dnsperf share the other (CPU 0), all inside a private network
namespace with only loopback. Figures are answers per server CPU-second (server CPU from
/proc/PID/stat), as ../shared/bench reports them.

dnsdist is a pure proxy (with its packet cache, as ../shared/bench configures it): it does not
inspect answers for CNAMEs or addresses to block. So that the ratio stays honest, when `perf` is
installed the bench also samples rojad on the miss set and prints the share of its CPU spent in
the work dnsdist does not do (answer inspection, caching, coalescing keys), and the ratio rojad
would reach without it. Exits 0 when everything ran: no timing assertions (the box is shared).

Environment: ROJAD, ROJA_BUILD_DIR, ROJAD_BASELINE (optional: an earlier rojad measured too); BENCH_SECONDS (default 10), BENCH_REPS (default 2),
BENCH_MISS_NAMES (default 1,000,000), BENCH_PROFILE=0 to skip the perf sampling.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_harness as lb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("ROJA_BUILD_DIR", os.path.join(HERE, "..", "..", "build"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
REPS = int(os.environ.get("BENCH_REPS", "2"))
MISS_NAMES = int(os.environ.get("BENCH_MISS_NAMES", "1000000"))
ADDR, PORT, UPSTREAM = "127.0.0.1", 5331, ("127.0.0.53", 5300)
SERVER_CPU = lb.SERVER_CPU
BLOCK_IP = "127.0.0.80"
CACHED_NAMES, LISTED_NAMES = 20000, 20000
# Where rojad does on a miss what a pure proxy does not, as perf names it: the answer's walk with
# the CNAME/address inspection and the cache insert (all under answer_upstream_reply), the
# coalescing key, and the coalescing table's find/emplace/erase (only the outermost
# `std::unordered_map<...InFlight...>` frames: the inlined layers below them would count twice).
ROJA_ONLY = (("QueryPipeline::answer_upstream_reply",), ("coalescing_key",),
             ("std::unordered_map<", "UpstreamPool::InFlight>"))


def prepare():
    lb.enter_netns("ROJA_MISS_NETNS", ("nsd", "dnsperf", "dnsdist", "dig"))


def write_data(rundir):
    """A root zone with a wildcard for the misses, names to cache, a list of names to block."""
    with open(os.path.join(rundir, "root.zone"), "w") as f:
        f.write(". 86400 IN SOA ns. host. 1 3600 600 86400 3600\n. 86400 IN NS ns.\nns. IN A 127.0.0.53\n")
        f.write("*.miss.test. 3600 IN A 198.51.100.250\n")
        for i in range(CACHED_NAMES):
            f.write(f"c{i}.cached.test. 86400 IN A 198.51.100.{i % 250 + 1}\n")
    with open(os.path.join(rundir, "list.txt"), "w") as f:
        f.writelines(f"b{i}.listed.test\n" for i in range(LISTED_NAMES))
    files = {"miss": os.path.join(rundir, "miss.txt"), "cached": os.path.join(rundir, "cached.txt"),
             "blocked": os.path.join(rundir, "blocked.txt")}
    with open(files["miss"], "w") as f:
        f.writelines(f"u{i:07d}x{(i * 2654435761) % 99991:05d}.miss.test A\n" for i in range(MISS_NAMES))
    with open(files["cached"], "w") as f:
        f.writelines(f"c{i}.cached.test A\n" for i in range(CACHED_NAMES))
    with open(files["blocked"], "w") as f:
        f.writelines(f"b{i}.listed.test A\n" for i in range(LISTED_NAMES))
    return files


def start_upstream(rundir):
    return lb.start_nsd(rundir, rundir, UPSTREAM, "c1.cached.test", "198.51.100.")


def dnsperf(pid, query_file, seconds):
    return lb.dnsperf(pid, ADDR, PORT, query_file, seconds)


def servers(rundir):
    lst = os.path.join(rundir, "list.txt")
    yield "rojad", [os.environ["ROJAD"], "--listen", f"{ADDR}:{PORT}", "--upstream", f"{UPSTREAM[0]}:{UPSTREAM[1]}",
                    "--list", f"plain:{lst}", "--warning-address", BLOCK_IP, "--threads", "1"]
    if os.environ.get("ROJAD_BASELINE"):  # an earlier build, for a before/after in one run
        yield "rojad-base", [os.environ["ROJAD_BASELINE"], "--listen", f"{ADDR}:{PORT}", "--upstream",
                             f"{UPSTREAM[0]}:{UPSTREAM[1]}", "--list", f"plain:{lst}", "--warning-address", BLOCK_IP,
                             "--threads", "1"]
    conf = os.path.join(rundir, "dnsdist.conf")  # as ../shared/bench/peers/dnsdist.sh
    with open(conf, "w") as f:
        f.write(f"""setSecurityPollSuffix("")
setLocal("{ADDR}:{PORT}")
newServer({{address="{UPSTREAM[0]}:{UPSTREAM[1]}", name="upstream"}})
pc = newPacketCache(200000, {{maxTTL=86400, minTTL=0, temporaryFailureTTL=60, staleTTL=60}})
getPool(""):setCache(pc)
local smn = newSuffixMatchNode()
for line in io.lines("{lst}") do smn:add(line) end
addAction(SuffixMatchNodeRule(smn, true), SpoofAction("{BLOCK_IP}"))
""")
    yield "dnsdist", ["dnsdist", "--supervised", "--disable-syslog", "-C", conf]


def perf_report(data, *args):
    return subprocess.run(["perf", "report", "-i", data, "--stdio", "--sort", "symbol", "-g", "none",
                           "--percent-limit", "0.3", *args], capture_output=True, text=True).stdout


def report_lines(report):
    """(percent, symbol) of each line of a `perf report --stdio` table."""
    for line in report.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].endswith("%") and not line.startswith("#"):
            percents = [p for p in parts if p.endswith("%")]
            symbol = " ".join(p for p in parts[len(percents):] if p != "-")
            yield float(percents[0].rstrip("%")), symbol


def profile_share(pid, query_file, rundir, name):
    """perf samples of rojad during one miss run (DWARF stacks): the share of its CPU under the
    functions of ROJA_ONLY (with what they call), and its top functions by own time."""
    if os.environ.get("BENCH_PROFILE", "1") == "0" or not shutil.which("perf"):
        return None
    data = os.path.join(rundir, f"{name}-perf.data")
    perf = subprocess.Popen(["perf", "record", "-q", "-F", "499", "--call-graph", "dwarf,16384", "-p", str(pid),
                             "-o", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    dnsperf(pid, query_file, min(SECONDS, 5))
    perf.send_signal(2)
    perf.wait()
    top = list(report_lines(perf_report(data, "--no-children")))
    with open(os.path.join(rundir, f"{name}-miss-profile.txt"), "w") as f:
        f.writelines(f"{p:6.2f} %  {sym[:110]}\n" for p, sym in top[:40])
    print(f"{name}'s top functions on the miss set (own time):")
    for p, sym in top[:15]:
        print(f"  {p:6.2f} %  {sym[:100]}")
    share = sum(p for p, sym in report_lines(perf_report(data, "--children"))
                if any(all(part in sym for part in parts) for parts in ROJA_ONLY))
    return share / 100


def measure(rundir, files):
    results, share = {}, None
    for name, cmd in servers(rundir):
        process = lb.start(cmd, os.path.join(rundir, f"{name}.log"), SERVER_CPU)
        try:
            lb.wait_for(process, ADDR, PORT, f"b{LISTED_NAMES - 1}.listed.test", BLOCK_IP)
            for _ in range(2):
                dnsperf(process.pid, files["cached"], 3)  # warm-up: every cached name cached
            for rep in range(REPS):
                for kind, query_file in files.items():
                    r = dnsperf(process.pid, query_file, SECONDS)
                    results.setdefault(name, {}).setdefault(kind, []).append(r)
                    print(f"{name:8} {kind:8} rep{rep + 1}: {r['qps']:9.0f} qps at {r['cpu']:5.1f} % CPU "
                          f"= {r['kq_per_cpu_s']:6.1f}k answers per CPU-second (lost {r['lost']})", flush=True)
            if name == "rojad":
                share = profile_share(process.pid, files["miss"], rundir, name)
            elif name == "rojad-base":
                profile_share(process.pid, files["miss"], rundir, name)
        finally:
            lb.stop(process)
    return results, share


def main():
    prepare()
    rundir = os.path.join(BUILD, "upstream-miss-bench")
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    files = write_data(rundir)
    upstream = start_upstream(rundir)
    try:
        results, share = measure(rundir, files)
    finally:
        lb.stop(upstream)

    def best(name, kind):
        return max(r["kq_per_cpu_s"] for r in results[name][kind])

    print("\nanswers per server CPU-second (best of the repetitions, thousands):")
    names = [n for n in results if n != "dnsdist"]
    print(f"{'set':8} " + " ".join(f"{n:>10}" for n in names) + f" {'dnsdist':>8} "
          + " ".join(f"{n + '/dnsdist':>18}" for n in names))
    for kind in files:
        print(f"{kind:8} " + " ".join(f"{best(n, kind):10.1f}" for n in names) + f" {best('dnsdist', kind):8.1f} "
              + " ".join(f"{best(n, kind) / best('dnsdist', kind):18.2f}" for n in names))
    if share is not None:
        bare = best("rojad", "miss") / (1 - share)
        print(f"miss: {100 * share:.1f} % of rojad's CPU is inspection, caching and coalescing (perf); "
              f"without it rojad would reach ~{bare:.1f}k = {bare / best('dnsdist', 'miss'):.2f} x dnsdist")
    return 0


if __name__ == "__main__":
    sys.exit(main())
