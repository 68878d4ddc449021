// A probe report (`rojactl probe --sign`, docs/probe.md) read from the hub's probe directory:
// its minisign signature checked against the trusted probers' keys before anything of it is
// read, then the fields the hub keeps. Outside bytes: errors, never exceptions
// (tests/fuzz/daemon/hub_answers_fuzz.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/feed/minisign_key.hpp"
#include "daemon/hub/node_answers.hpp"

namespace roja::hub {

struct ProbeMiss {
    std::string entry_id, name, how;
};

struct ProbeReport {
    std::string sha256;  // of the report's bytes: its identity in the store
    std::string feed, resolver, finished_at;
    std::uint64_t serial = 0;
    std::uint64_t blocked = 0, not_blocked = 0, errors = 0;
    std::vector<ProbeMiss> misses;
};

// The report's fields, without checking any signature (parse_probe_report's second half).
Answer<ProbeReport> read_probe_fields(std::string_view report);

// Verifies `minisig` over `report` with one of `keys`, then reads it.
Answer<ProbeReport> read_probe_report(std::string_view report, std::string_view minisig,
                                      std::span<const feed::MinisignPublicKey> keys);

}  // namespace roja::hub
