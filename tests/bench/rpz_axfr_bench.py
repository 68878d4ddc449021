"""AXFR of a 1,000,000-entry RPZ zone from rojad vs BIND 9.18 serving the same zone (issue 12).

rojad exports one list of 1,000,000 domain entries (the real lists of ../shared/data, then
numbered names below them up to the count) as an RPZ zone: 2,000,000 triggers (`name` and
`*.name`). kdig transfers it from rojad; the zone it got is written to a file and BIND (named
-g, as primary) loads that file and kdig transfers it from BIND too, in the same run. Printed per
server: seconds (wall, kdig), bytes and messages (kdig's count), the server's RSS before and its
peak during the transfer; then the ratios. Then 100 entries change (50 out, 50 in) and kdig
IXFR from the first serial: milliseconds and bytes. No timing assertions: the box is shared.

Environment: ROJAD; BENCH_ENTRIES (default 1000000), BENCH_REPS (default 2).
"""
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import roja_harness as rh  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000000"))
REPS = int(os.environ.get("BENCH_REPS", "2"))
SHARED = os.environ.get("ROJA_SHARED_DATA",
                        os.path.join(rh.HERE, "..", "..", "..", "shared", "data"))
SOURCES = ["category/blocklistproject-phishing-nl.txt", "category/ut1-gambling-domains.txt",
           "category/blocklistproject-tiktok-nl.txt", "category/hagezi-doh-vpn-proxy-bypass.txt"]
ZONE = "bench.rpz.roja."


def names():
    seen = []
    unique = set()
    for rel in SOURCES:
        with open(os.path.join(SHARED, rel), encoding="utf-8", errors="replace") as f:
            for line in f:
                name = line.strip().lower().rstrip(".")
                if name and not name.startswith("#") and name not in unique and name.isascii():
                    unique.add(name)
                    seen.append(name)
    out = list(seen[:ENTRIES])
    i = 0
    while len(out) < ENTRIES:
        out.append(f"n{i // len(seen)}.{seen[i % len(seen)]}")
        i += 1
    return out


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def transfer(server, pid, out_path=None):
    """kdig AXFR from server; (seconds, bytes, messages, rss_before_kib, rss_peak_kib)."""
    before = rss_kib(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    out = subprocess.run(["kdig", "+noidn", "-b", server[0], "-p", str(server[1]), f"@{server[0]}", "AXFR", ZONE],
                         capture_output=True, text=True)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    if out.returncode != 0:
        raise SystemExit(f"kdig failed: {out.stderr[-500:]}")
    stats = re.search(r"Received (\d+) B \((\d+) messages, (\d+) records\)", out.stdout)
    if out_path:
        with open(out_path, "w") as f:
            f.write(out.stdout)
    return seconds, int(stats.group(1)), int(stats.group(2)), int(stats.group(3)), before, peak[0]


def ixfr_after_change(e, rojad, listed, server):
    """50 entries removed, 50 added, SIGHUP; then kdig IXFR from serial 1: (seconds, bytes, records)."""
    with open(listed) as f:
        lines = f.read().splitlines()
    lines = lines[50:] + [f"added{i}.bench-change.example" for i in range(50)]
    with open(listed, "w") as f:
        f.write("\n".join(lines) + "\n")
    rojad.sighup()
    for _ in range(1200):
        if "rpz_zone_delta zone=bench.rpz.roja from=1 to=2" in rojad.log():
            break
        time.sleep(0.1)
    started = time.monotonic()
    out = subprocess.run(["kdig", "+noidn", "-b", server[0], "-p", str(server[1]), f"@{server[0]}",
                          "IXFR=1", ZONE], capture_output=True, text=True)
    seconds = time.monotonic() - started
    stats = re.search(r"Received (\d+) B \((\d+) messages, (\d+) records\)", out.stdout)
    return seconds, int(stats.group(1)), int(stats.group(3))


def start_named(e, zone_file):
    d = e.path("named")
    os.makedirs(d, exist_ok=True)
    server = ("127.0.0.1", rh.free_port("127.0.0.1"))  # named listens on interface addresses only
    conf = os.path.join(d, "named.conf")
    with open(conf, "w") as f:
        f.write(f"""options {{ directory "{d}"; pid-file "{d}/named.pid";
  session-keyfile "{d}/session.key"; listen-on port {server[1]} {{ 127.0.0.1; }};
  listen-on-v6 {{ none; }}; recursion no; allow-transfer {{ any; }}; notify no; }};
controls {{ }};
zone "{ZONE}" {{ type primary; file "{zone_file}"; }};
""")
    proc = rh.spawn(["named", "-g", "-u", "root", "-c", conf], os.path.join(d, "named.log"))
    for _ in range(600):  # loading 2,000,000 records takes a while
        out = subprocess.run(["kdig", "+short", "-p", str(server[1]), f"@{server[0]}", "SOA", ZONE],
                             capture_output=True, text=True)
        if out.stdout.strip():
            return proc, server
        time.sleep(0.5)
    raise SystemExit("named did not load the zone:\n" + rh.tail(os.path.join(d, "named.log")))


def report(label, runs):
    best = min(runs, key=lambda r: r[0])
    print(f"{label:6} seconds {best[0]:7.2f}  bytes {best[1]:>11,}  messages {best[2]:>5}  "
          f"records {best[3]:>9,}  RSS before {best[4] / 1024:6.1f} MiB  "
          f"peak {best[5] / 1024:6.1f} MiB  (+{(best[5] - best[4]) / 1024:.1f} MiB)")
    return best


def main():
    e = rh.env()
    ok = False
    try:
        nsd = rh.Nsd(e).start()
        listed = e.write("bench.txt", "\n".join(names()) + "\n")
        rpz = (e.ip, rh.free_port(e.ip))
        config = e.write("roja.yaml", f"""
admin: {{enabled: false}}
lists:
  - {{id: bench, path: "{listed}", format: plain}}
rpz_export:
  listen: "{rpz[0]}:{rpz[1]}"
  zones:
    - {{name: {ZONE}, lists: [bench], allow_without_key: ["{e.ip}/32"], allow: ["{e.ip}/32"]}}
""")
        rojad = rh.Rojad(e, [nsd.server], extra=["--config", config]).start(timeout=120)
        for _ in range(600):
            if "rpz_zone_version" in rojad.log():
                break
            time.sleep(0.2)
        zone_file = e.path("bench.rpz.zone")
        runs = [transfer(rpz, rojad.proc.pid, zone_file if i == 0 else None) for i in range(REPS)]
        print(f"AXFR of a {ENTRIES:,}-entry list ({2 * ENTRIES:,} triggers), best of {REPS}:")
        ours = report("rojad", runs)
        named, server = start_named(e, zone_file)
        theirs = report("BIND", [transfer(server, named.pid) for _ in range(REPS)])
        print(f"rojad/BIND: time {ours[0] / theirs[0]:.2f}x, bytes {ours[1] / theirs[1]:.2f}x, "
              f"RSS growth during the transfer {(ours[5] - ours[4]) / 1024:.1f} MiB vs "
              f"{(theirs[5] - theirs[4]) / 1024:.1f} MiB")
        rh.terminate(named)
        seconds, size, count = ixfr_after_change(e, rojad, listed, rpz)
        print(f"IXFR of a 100-entry change (50 out, 50 in) to the same zone: {seconds * 1000:.1f} ms, "
              f"{size:,} bytes, {count} records; vs the full zone: {size / ours[1]:.5f}x the bytes")
        rojad.stop()
        nsd.stop()
        ok = True
    finally:
        e.finish(ok)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
