"""End to end through the RPZ bridge (issue 12): from a new signed feed version to the moment BIND
9.18, Unbound 1.17 and PowerDNS Recursor 4.8 each block a name it added.

rojad follows a signed feed (a directory, polled every second) with BENCH_ENTRIES names (the
Italian ADM list of ../shared/data, then numbered names below it) and exports it as an RPZ zone.
BIND (TSIG, NOTIFY) and Unbound (NOTIFY; 1.17 has no TSIG for transfers) are told of each version
by NOTIFY; PowerDNS Recursor 4.8 takes no NOTIFY for RPZ and asks every second (`refresh=1`).
Each round publishes a version adding one name under a wildcard NSD answers, then asks rojad and
every consumer, every 20 ms, for a fresh name below it (a fresh name, so no resolver answers from
its cache), until each blocks it. Printed per round and as the median: seconds from publication to
rojad's own block (the baseline: its 1 s poll, the download, verification and the policy swap),
and to each consumer's, with the time after rojad's (what the bridge adds: NOTIFY, SOA, IXFR, the
consumer's apply). Goal: under 5 s from the download. No timing assertions: the box is shared.

Environment: ROJAD, ROJACTL; BENCH_ENTRIES (default 100000), BENCH_ROUNDS (default 5).
"""
import base64
import os
import shutil
import statistics
import sys
import threading
import time

import dns.message
import dns.query
import dns.rcode

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import metrics_client as mc  # noqa: E402
import roja_harness as rh  # noqa: E402
import rpz_consumers as consumers  # noqa: E402
from feed_fixtures import Publisher, rojactl  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SHARED = os.environ.get("ROJA_SHARED_DATA",
                        os.path.join(rh.HERE, "..", "..", "..", "shared", "data"))
ADM = os.path.join(SHARED, "regulator", "it-adm-gambling-blacklist-2023-09.hosts")
FEED = "akep-al"
ZONE = "e2e.rpz.roja."
OPEN_ZONE = "open-e2e.rpz.roja."
SECRET = base64.b64encode(b"roja-rpz-end-to-end-bench-secret").decode()
WILDCARD_ADDRESS = "198.51.100.77"  # NSD's answer for any name below e2e.test


def entries():
    names = []
    with open(ADM, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                names.append(parts[1].lower().rstrip("."))
    out = names[:ENTRIES]
    i = 0
    while len(out) < ENTRIES:
        out.append(f"n{i // len(names)}.{names[i % len(names)]}")
        i += 1
    return out


def blocks(server, name):
    """Whether `server` refuses `name` its real address (NXDOMAIN, a warning address, ...)."""
    answer = dns.query.udp(dns.message.make_query(name, "A"), server[0], port=server[1],
                           timeout=1)
    real = answer.rcode() == dns.rcode.NOERROR and any(
        rr.address == WILDCARD_ADDRESS for rrset in answer.answer for rr in rrset
        if hasattr(rr, "address"))
    return not real


class Feed:
    """A feed directory the authority swaps in one rename, so rojad never reads a manifest from
    one version beside a signature or payload from another."""

    def __init__(self, e, key):
        self.e = e
        self.key = key
        self.link = e.path("feed-current")
        self.round = 0

    def publish(self, serial, names):
        self.round += 1
        staged = Publisher(self.e.path(f"feed-v{serial}"), FEED, self.key)
        staged.publish(serial, {"orders": names})
        tmp = self.link + ".new"
        os.symlink(staged.dir, tmp)
        os.replace(tmp, self.link)
        return time.monotonic()


def race(targets, name_of, started, limit=60):
    """Seconds from `started` until each target blocks; polled every 20 ms in one thread each."""
    reached = {}

    def watch(label, server):
        i = 0
        while time.monotonic() - started < limit:
            i += 1
            try:
                if blocks(server, name_of(i)):
                    reached[label] = time.monotonic() - started
                    return
            except Exception:  # noqa: BLE001 — a timeout: ask again
                pass
            time.sleep(0.02)

    threads = [threading.Thread(target=watch, args=item) for item in targets.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return reached


def consumer_serials(rojad):
    """rojad's own view (/metrics): the serial each consumer holds, and the transfers."""
    page = mc.scrape(rojad.admin)
    return "\n".join(line for line in page.splitlines()
                     if line.startswith(("roja_rpz_consumer_serial", "roja_rpz_transfers_total",
                                         "roja_rpz_notify_total")))


def start(e, nsd, feed_link, pub):
    rpz = (e.ip, rh.free_port(e.ip))
    bind_port = rh.free_port("127.0.0.1")
    unbound_port = rh.free_port(e.ip)
    keys = e.write("keys.conf",
                   f'key "{consumers.KEY_NAME}" {{ algorithm hmac-sha256; secret "{SECRET}"; }};\n')
    os.chmod(keys, 0o600)
    config = e.write("roja.yaml", f"""
admin: {{enabled: false}}
feeds:
  - {{id: {FEED}, source: "{feed_link}", keys: ["{pub}"], poll: 1s}}
rpz_export:
  listen: "{rpz[0]}:{rpz[1]}"
  keys_file: "{keys}"
  zones:
    - name: {ZONE}
      feeds: [{FEED}]
      keys: [{consumers.KEY_NAME}]
      allow: ["127.0.0.0/8"]
      refresh: 1h
      notify: ["127.0.0.1:{bind_port}"]
    # Unbound 1.17 has no TSIG: it transfers unsigned and drops a signed NOTIFY, so it takes
    # the same policy as a zone of its own without keys.
    - name: {OPEN_ZONE}
      feeds: [{FEED}]
      allow: ["127.0.0.0/8"]
      allow_without_key: ["127.0.0.1/32"]
      refresh: 1h
      notify: ["{e.ip}:{unbound_port}"]
""")
    admin = (e.ip, rh.free_port(e.ip))
    rojad = rh.Rojad(e, [nsd.server], extra=[
        "--config", config, "--admin-listen", f"{admin[0]}:{admin[1]}"]).start(timeout=120)
    rojad.admin = admin
    peers = {
        "BIND": consumers.bind(e, "bind", nsd.server, rpz, ZONE, SECRET, port=bind_port),
        "Unbound": consumers.unbound(e, "unbound", nsd.server, rpz, OPEN_ZONE,
                                     port=unbound_port),
        "PowerDNS": consumers.pdns(e, "pdns-recursor", nsd.server, rpz, ZONE, SECRET),
    }
    return rojad, peers


def main():
    missing = [p for p in ("named", "unbound", "pdns_recursor")
               if not (shutil.which(p) or os.path.exists(f"/usr/sbin/{p}"))]
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (scripts/install-deps.sh test)")
        return
    e = rh.env()
    ok = False
    peers = {}
    try:
        with open(os.path.join(rh.ZONES, "root.zone")) as f:
            zone = f.read() + f"*.e2e.test. A {WILDCARD_ADDRESS}\n"
        nsd = rh.Nsd(e, zonefile=e.write("root-e2e.zone", zone)).start()
        key, pub = e.path("akep.key"), e.path("akep.pub")
        rojactl("feed", "keygen", "--public", pub, "--secret", key)
        feed = Feed(e, key)
        listed = entries() + ["first.e2e.test"]
        feed.publish(1, listed)
        rojad, peers = start(e, nsd, feed.link, pub)
        targets = {"rojad": rojad.server, **{label: p.server for label, p in peers.items()}}
        # Every consumer has the first version: the first listed name is blocked everywhere.
        first = race(targets, lambda i: f"p{i}.first.e2e.test", time.monotonic(), limit=180)
        if len(first) != len(targets):
            print(consumer_serials(rojad))
            raise SystemExit(f"not every resolver took the first version: {first}")
        print(f"{ENTRIES:,} entries ({2 * ENTRIES:,} triggers); every resolver enforces version 1")
        results = []
        for serial in range(2, 2 + ROUNDS):
            added = f"added{serial}.e2e.test"
            listed.append(added)
            started = feed.publish(serial, listed)
            got = race(targets, lambda i, a=added: f"p{i}.{a}", started)
            results.append(got)
            print(f"serial {serial}: " + "  ".join(
                f"{label} {got.get(label, float('nan')):5.2f} s" for label in targets))
        print(f"median of {ROUNDS} versions, seconds from publication (after rojad's own block):")
        base = statistics.median(r.get("rojad", float("nan")) for r in results)
        print(f"  rojad (baseline: 1 s poll, download, verify, swap) {base:5.2f}")
        for label in peers:
            m = statistics.median(r.get(label, float("nan")) for r in results)
            print(f"  {label:9} {m:5.2f}  (+{m - base:.2f} after rojad; ratio {m / base:.2f}x)")
        print(consumer_serials(rojad))
        ok = all(len(r) == len(targets) for r in results)
        rojad.stop()
        nsd.stop()
    finally:
        for p in peers.values():
            p.stop()
        e.finish(ok)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
