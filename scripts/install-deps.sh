#!/usr/bin/env bash
# Installs the Debian 12 packages Roja builds and tests with, only those missing.
# Usage: scripts/install-deps.sh [build|test|bench|all]   (default: all)
set -euo pipefail
tier=${1:-all}

# python3: generates the roja.yaml(5) man page from docs/configuration.md at build time.
build_pkgs=(cmake make g++ pkg-config python3
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libldns-dev libcurl4-openssl-dev libyaml-cpp-dev doctest-dev libssl-dev
  libidn2-dev libsqlite3-dev libsystemd-dev)
# Real peers for the test tiers: an authoritative server, DNS clients, signing tools, clang for fuzzing,
# clang-format for `make format-check`.
# lintian and systemd (systemd-analyze, PID 1 of the package test's throw-away root): the package
# and unit tests; util-linux gives them unshare, nsenter and setpriv. prometheus for promtool, which
# checks the /metrics page (tests/integration/test_metrics.py); chromium renders the /report page
# and the warning page in a real browser (test_warning_page_browser.py). bind9 (named as an RPZ
# secondary), bind9-utils (named-checkzone), unbound and pdns-recursor: the RPZ export's real
# consumers (test_rpz_export*.py); the tests start them in the foreground, never as services.
test_pkgs=(nsd knot-dnsutils dnsutils ldnsutils python3 python3-dnspython minisign openssl
  clang libclang-rt-14-dev clang-format iproute2 util-linux procps lintian systemd man-db prometheus
  chromium bind9 bind9-utils unbound pdns-recursor)
# The peers of the HTTP benchmark (tests/bench/http_peers_bench.py, label bench only): wrk loads
# the warning page and the HTTP filter, nginx serves the same page and proxies the same origin as
# the baseline. nginx-light: the smallest Debian nginx with proxy_pass and static files.
bench_pkgs=(wrk nginx-light dnsdist)  # with the test tier: the bench drives rojad over NSD

case $tier in
  build) want=("${build_pkgs[@]}") ;;
  test|all) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  # Only `make bench`: `make run` and `make test` never install (or start) a web server.
  bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing Debian packages: ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Keep daemons that packages ship (nsd) from starting on install: tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get update -qq || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
