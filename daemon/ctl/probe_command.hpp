// `rojactl probe --resolver ADDR[:PORT] --feed SOURCE (--key PUB… | --ca CA [--subject S])
//   [--feed-id ID] [--tls-ca F] [--warning ADDR…] [--sample N] [--seed S] [--rate QPS]
//   [--timeout MS] [--sign SECRET.key] --out REPORT.json`: an independent compliance probe.
// Verifies a feed version exactly as rojad does, asks the resolver about a seeded sample of its
// name entries at a bounded rate, and writes a report of what was and was not blocked,
// optionally signed (minisign format: `minisign -V` checks it). docs/probe.md.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace roja::ctl {

// Exit code: 0 every probed name blocked, 1 a name not blocked, an error, or a feed that does
// not verify, 2 usage.
int run_probe_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
void print_probe_usage(std::ostream& out);

}  // namespace roja::ctl
