// A feed version's lists as they join a policy: each payload parsed in its format, its entry
// count held against the signed manifest (guard 8), and entries that would block a never-block
// name dropped one by one and reported (guard 10). Part of building a ServingState.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/feed/feed_apply.hpp"
#include "daemon/feed/feed_candidate.hpp"
#include "filter/never_block.hpp"
#include "filter/parse_report.hpp"
#include "filter/policy_builder.hpp"

namespace roja::server {

// A feed and the version of it to enforce (null: none verified yet, so no lists).
struct FeedInput {
    const config::FeedConfig* config = nullptr;
    std::shared_ptr<const feed::FeedCandidate> version;
};

using feed::FeedListLoad;
using feed::kRejectedEntriesKept;

// Adds the lists of `feed` to `builder`; `owners` gets (feed id, index) per list so groups that
// name the feed get all of them. A payload that does not parse or whose count differs from the
// manifest is a FeedProblem, and the caller throws the builder away.
// `whole_host_authorities`: see filter/whole_host_sink.hpp.
filter::FeedResult<std::vector<FeedListLoad>> add_feed_lists(
    const FeedInput& feed, const filter::NeverBlock& never_block,
    const std::vector<std::string>& whole_host_authorities, filter::PolicyBuilder& builder,
    std::vector<std::pair<std::string, filter::ListIndex>>& owners);

}  // namespace roja::server
