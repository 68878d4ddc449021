"""DNS over TLS: rojad against dnsdist 1.7 in one run (issue 14, label `bench`).

Both servers get one core (CPU 1), NSD and dnsperf share the other (CPU 0), inside a private
network namespace with only loopback. dnsperf (`-m dot`, 10 TLS connections, each kept open)
asks the *cached* set (names the upstream answers, warmed first) and the *blocked* set (names of
a 20,000-entry list) over TLS; rojad is also asked the same sets over UDP in the same run, so the
cost of TLS itself is visible. dnsdist is configured as ../shared/bench does (packet cache, the
list as a SuffixMatchNode answered with SpoofAction) plus `addTLSLocal` with the same
certificate. Figures: answers per server CPU-second, and the ratios. Exits 0 when everything ran:
no timing assertions (the box is shared).

Environment: ROJAD, ROJA_BUILD_DIR; BENCH_SECONDS (default 10), BENCH_REPS (default 2).
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_harness as lb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("ROJA_BUILD_DIR", os.path.join(HERE, "..", "..", "build"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
REPS = int(os.environ.get("BENCH_REPS", "2"))
ADDR, PORT, DOT_PORT, UPSTREAM = "127.0.0.1", 5341, 8853, ("127.0.0.53", 5300)
BLOCK_IP = "127.0.0.80"
CACHED_NAMES, LISTED_NAMES = 20000, 20000


def write_data(rundir):
    with open(os.path.join(rundir, "root.zone"), "w") as f:
        f.write(". 86400 IN SOA ns. host. 1 3600 600 86400 3600\n. 86400 IN NS ns.\n"
                "ns. IN A 127.0.0.53\n")
        for i in range(CACHED_NAMES):
            f.write(f"c{i}.cached.test. 86400 IN A 198.51.100.{i % 250 + 1}\n")
    with open(os.path.join(rundir, "list.txt"), "w") as f:
        f.writelines(f"b{i}.listed.test\n" for i in range(LISTED_NAMES))
    files = {"cached": os.path.join(rundir, "cached.txt"),
             "blocked": os.path.join(rundir, "blocked.txt")}
    with open(files["cached"], "w") as f:
        f.writelines(f"c{i}.cached.test A\n" for i in range(CACHED_NAMES))
    with open(files["blocked"], "w") as f:
        f.writelines(f"b{i}.listed.test A\n" for i in range(LISTED_NAMES))
    return files


def certificate(rundir):
    cert, key = os.path.join(rundir, "dot.pem"), os.path.join(rundir, "dot.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", f"/CN={ADDR}", "-addext", f"subjectAltName=IP:{ADDR}"],
                   check=True, capture_output=True)
    return cert, key


def servers(rundir, cert, key):
    lst = os.path.join(rundir, "list.txt")
    config = os.path.join(rundir, "roja.yaml")
    with open(config, "w") as f:
        f.write(f"""admin: {{enabled: false}}
stats: {{enabled: false}}
server:
  listen: ["{ADDR}:{PORT}"]
  threads: 1
  tls: {{listen: ["{ADDR}:{DOT_PORT}"], certificate: "{cert}", key: "{key}",
         max_queries_per_connection: 10000000}}
upstream: {{servers: ["{UPSTREAM[0]}:{UPSTREAM[1]}"]}}
blocking: {{warning_addresses: ["{BLOCK_IP}"]}}
lists: [{{id: bench, path: "{lst}", format: plain}}]
""")
    yield "rojad", [os.environ["ROJAD"], "--config", config, "--state-dir",
                    os.path.join(rundir, "state")]
    conf = os.path.join(rundir, "dnsdist.conf")  # as ../shared/bench/peers/dnsdist.sh, plus TLS
    with open(conf, "w") as f:
        f.write(f"""setSecurityPollSuffix("")
setLocal("{ADDR}:{PORT}")
addTLSLocal("{ADDR}:{DOT_PORT}", "{cert}", "{key}", {{provider="openssl"}})
newServer({{address="{UPSTREAM[0]}:{UPSTREAM[1]}", name="upstream"}})
pc = newPacketCache(200000, {{maxTTL=86400, minTTL=0, temporaryFailureTTL=60, staleTTL=60}})
getPool(""):setCache(pc)
local smn = newSuffixMatchNode()
for line in io.lines("{lst}") do smn:add(line) end
addAction(SuffixMatchNodeRule(smn, true), SpoofAction("{BLOCK_IP}"))
""")
    yield "dnsdist", ["dnsdist", "--supervised", "--disable-syslog", "-C", conf]


def measure(rundir, files, cert, key):
    results = {}
    for name, cmd in servers(rundir, cert, key):
        process = lb.start(cmd, os.path.join(rundir, f"{name}.log"), lb.SERVER_CPU)
        try:
            lb.wait_for(process, ADDR, PORT, f"b{LISTED_NAMES - 1}.listed.test", BLOCK_IP)
            for _ in range(2):  # warm-up: every cached name cached
                lb.dnsperf(process.pid, ADDR, PORT, files["cached"], 3)
            modes = ("dot", "udp") if name == "rojad" else ("dot",)
            for rep in range(REPS):
                for mode in modes:
                    for kind, query_file in files.items():
                        port = DOT_PORT if mode == "dot" else PORT
                        r = lb.dnsperf(process.pid, ADDR, port, query_file, SECONDS, mode=mode)
                        results.setdefault((name, mode), {}).setdefault(kind, []).append(r)
                        print(f"{name:8} {mode:4} {kind:8} rep{rep + 1}: {r['qps']:9.0f} qps at "
                              f"{r['cpu']:5.1f} % CPU = {r['kq_per_cpu_s']:6.1f}k answers per "
                              f"CPU-second (lost {r['lost']})", flush=True)
        finally:
            lb.stop(process)
    return results


def main():
    lb.enter_netns("ROJA_DOT_NETNS", ("nsd", "dnsperf", "dnsdist", "dig", "openssl"))
    rundir = os.path.join(BUILD, "dot-bench")
    shutil.rmtree(rundir, ignore_errors=True)
    os.makedirs(rundir)
    files = write_data(rundir)
    cert, key = certificate(rundir)
    upstream = lb.start_nsd(rundir, rundir, UPSTREAM, "c1.cached.test", "198.51.100.")
    try:
        results = measure(rundir, files, cert, key)
    finally:
        lb.stop(upstream)

    def best(name, mode, kind):
        return max(r["kq_per_cpu_s"] for r in results[(name, mode)][kind])

    print("\nanswers per server CPU-second (best of the repetitions, thousands):")
    print(f"{'set':8} {'rojad dot':>10} {'dnsdist dot':>12} {'rojad/dnsdist':>14} "
          f"{'rojad udp':>10} {'dot/udp':>8}")
    for kind in files:
        ours, theirs, udp = (best("rojad", "dot", kind), best("dnsdist", "dot", kind),
                             best("rojad", "udp", kind))
        print(f"{kind:8} {ours:10.1f} {theirs:12.1f} {ours / theirs:14.2f} {udp:10.1f} "
              f"{ours / udp:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
