#!/usr/bin/env bash
# rojad side by side with Unbound, PowerDNS Recursor and dnsdist through ../shared/bench, with
# the same generated 1,000,000-domain list, everything in a private network namespace.
# Usage: scripts/bench-dns.sh BUILD_DIR [extra run.sh bench options, e.g. --sizes 100k]
set -euo pipefail
build=$(cd "${1:?usage: bench-dns.sh BUILD_DIR}" && pwd); shift
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${ROJA_BENCH:-$root/../shared/bench}
[ -x "$bench/run.sh" ] || { echo "bench-dns: no harness at $bench (set ROJA_BENCH)" >&2; exit 1; }
export BENCH_DATA=${BENCH_DATA:-$build/bench-data} ROJAD=$build/daemon/rojad
mkdir -p "$BENCH_DATA"
"$bench/run.sh" deps
"$bench/run.sh" setup
"$bench/run.sh" bench --peers "${PEERS:-rojad,pdns-recursor,dnsdist,unbound}" --sizes 1m "$@"
"$bench/run.sh" report
echo "report: $BENCH_DATA/RESULTS.md"
