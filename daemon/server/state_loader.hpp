// Builds a ServingState from a validated Config: reads every list file, parses it in its
// format and loads it into a new Policy. Runs at start-up and on reload, off the query path.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/server/serving_state.hpp"
#include "filter/parse_report.hpp"

namespace roja::server {

struct ListLoadSummary {
    std::string list_id;
    std::string path;
    filter::ListFormat format = filter::ListFormat::plain;
    std::size_t entries = 0;     // loaded into the policy
    std::size_t invalid = 0;     // bad lines (reported in the log with file and line)
    std::size_t unsupported = 0;
    std::size_t rejected = 0;    // parsed but not holdable by the policy
};

struct StateLoad {
    std::shared_ptr<const ServingState> state;  // null when the load failed
    std::vector<ListLoadSummary> lists;
    std::vector<filter::ParseError> line_errors;  // the first few per list, for the log
    std::string failure;                          // why the load failed (a file that can't be read)
    double seconds = 0;
};

StateLoad load_serving_state(const config::Config& config, std::uint64_t serial);

}  // namespace roja::server
