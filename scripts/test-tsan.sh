#!/usr/bin/env bash
# The ThreadSanitizer tier of `make test` (make test-tsan): in a -DROJA_SANITIZE=thread build, the
# unit tier, then the integration tests whose rojad runs threads side by side (workers, reloads,
# the feed updater, the admin API and /metrics readers, the hit flusher, the HTTP side, the RPZ
# secondary).
# Every sanitized process writes its reports to BUILD/tsan-reports/ (not to its stderr, which the
# tests read and do not always check); any report there fails the tier, printed in full.
# Usage: scripts/test-tsan.sh BUILD_DIR [JOBS]
set -euo pipefail
build=$(cd "${1:?usage: test-tsan.sh BUILD_DIR [JOBS]}" && pwd)
jobs=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)

# The integration tests run under TSan: the ones whose daemon has more than one thread at work.
threaded='reload|feed_updater|feed_reload|metrics|api|hits|client_log|http_filter|audit|policy|rpz_consumer'

reports=$build/tsan-reports
rm -rf "$reports"
mkdir -p "$reports"
# history_size=4: the stacks of the earlier access survive the daemon's longer runs.
export TSAN_OPTIONS="log_path=$reports/tsan history_size=4 second_deadlock_stack=1 \
suppressions=$root/tests/tsan.supp"

status=0
cd "$build"
ctest --output-on-failure -j "$jobs" -L unit || status=1
ctest --output-on-failure -j "$jobs" -L integration -R "^integration_test_($threaded)\$" || status=1

if compgen -G "$reports/tsan.*" >/dev/null; then
  status=1
  for report in "$reports"/tsan.*; do
    echo "== ThreadSanitizer report $report"
    cat "$report"
  done
fi
exit $status
