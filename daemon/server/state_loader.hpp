// Builds a ServingState from a validated Config: reads every list file, parses it in its
// format and loads it into a new Policy. Runs at start-up and on reload, off the query path.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/server/feed_lists.hpp"
#include "daemon/server/serving_state.hpp"
#include "filter/never_block.hpp"
#include "filter/parse_report.hpp"

namespace roja::server {

struct ListLoadSummary {
    std::string list_id;
    std::string path;
    filter::ListFormat format = filter::ListFormat::plain;
    std::size_t entries = 0;  // loaded into the policy
    std::size_t invalid = 0;  // bad lines (reported in the log with file and line)
    std::size_t unsupported = 0;
    std::size_t rejected = 0;  // parsed but not holdable by the policy
};

struct StateLoad {
    std::shared_ptr<const ServingState> state;  // null when the load failed
    std::vector<ListLoadSummary> lists;
    std::vector<FeedListLoad> feed_lists;
    std::vector<filter::ParseError> line_errors;  // the first few per list, for the log
    std::string failure;                          // why the load failed (a file that can't be read)
    // When a feed's payloads failed (guard 8 or an unparsable payload): which feed, and why.
    std::string failed_feed;
    std::optional<filter::FeedProblem> feed_problem;
    std::size_t local_names = 0;    // owners in local_records (hosts files and PTRs included)
    std::size_t local_skipped = 0;  // local records that conflicted and were left out
    double seconds = 0;
};

// The text in force of each list taken from an RPZ primary, by list id (rpz/rpz_secondary.hpp);
// such a list without one is empty until its first transfer.
using TransferredZones = std::map<std::string, std::shared_ptr<const std::string>>;

// The configured lists, then each feed's lists from the version given for it.
StateLoad load_serving_state(const config::Config& config, std::span<const FeedInput> feeds,
                             const filter::NeverBlock& never_block, std::uint64_t serial,
                             const TransferredZones& zones = {});
// Without feeds (tests and tools).
StateLoad load_serving_state(const config::Config& config, std::uint64_t serial);

// A config prefix as the policy's prefix maps hold it (IPv4 in the shared v4/v6 space).
filter::IpPrefix to_filter_prefix(const config::IpPrefix& prefix);

// Reads the config's never_block files (plain or hosts names). Throws std::runtime_error naming
// the file and line of the first problem: it runs at start-up and reload, which keep the old
// state on failure.
filter::NeverBlock load_never_block(const config::Config& config);

}  // namespace roja::server
