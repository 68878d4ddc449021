// Hit statistics as rows: what a flush writes (one per entry, group and hour) and what the API
// reads back. Plain values; the SQLite side is hit_store.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/stats/client_sketch.hpp"

namespace roja::stats {

struct HitRow {
    std::int64_t hour = 0;  // Unix time of the hour's start (UTC)
    std::string entry;  // the entry id people see (entry_id(): its own id, else "<list>:<line>")
    std::string list;
    std::string authority;
    std::string decision;  // the order's decision number, when the entry carries one
    std::string reason;    // censored, blocked, filtered
    std::string group;
    std::uint64_t count = 0;
};

// One entry's distinct clients on one day (Unix time of the day's start, UTC).
struct ClientRow {
    std::int64_t day = 0;
    std::string entry;
    std::string list;
    ClientSketch clients;
};

struct HitRows {
    std::vector<HitRow> hits;
    std::vector<ClientRow> clients;
    bool empty() const noexcept { return hits.empty() && clients.empty(); }
};

enum class HitGrouping {
    entry,
    decision,
    day,
    day_authority
};  // day_authority: the report's chart

struct HitQuery {
    std::int64_t from = 0;                    // hour >= from (Unix time)
    std::int64_t to = std::int64_t{1} << 62;  // hour < to
    std::optional<std::string> authority, list;
    HitGrouping by = HitGrouping::entry;
    std::size_t limit = 10000;
};

// One row of an answer; which fields are set depends on the grouping.
struct HitSummary {
    std::int64_t day = 0;  // by=day
    std::string entry, list, authority, decision, reason;
    std::uint64_t hits = 0;
    std::uint64_t entries = 0;               // by=decision: entries of the decision that were hit
    std::optional<double> clients_estimate;  // by=day: distinct clients that day (HyperLogLog)
    std::string clients_sketch;  // by=day: that sketch's bytes (ClientSketch::serialize), which
                                 // a hub merges over nodes; keyed hashes only, no address
};

}  // namespace roja::stats
