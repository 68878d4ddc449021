#!/usr/bin/env bash
# Runs every libFuzzer target of a -DROJA_FUZZ=ON build for SECONDS each on a scratch copy of its
# committed corpus, and prints the coverage each reached. Crashes stop the run (non-zero exit).
set -euo pipefail
build=${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS]}
seconds=${2:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for fuzzer in "$build"/tests/fuzz_*; do
  name=$(basename "$fuzzer"); name=${name#fuzz_}
  mkdir -p "$work/$name"
  cp -r "$root/tests/fuzz/corpus/$name/." "$work/$name/" 2>/dev/null || true
  echo "== $name: ${seconds}s"
  if ! "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$root/tests/fuzz/" \
        "$work/$name" 2>"$work/$name.log"; then
    status=1; echo "!! $name failed; see artifacts in tests/fuzz/"; tail -30 "$work/$name.log"
  fi
  grep -E '^#[0-9]+.*DONE|cov:' "$work/$name.log" | tail -1
done
exit $status
