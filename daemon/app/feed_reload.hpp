// A reload whose `feeds:` section changed. The followers of new or changed feeds are made first
// (their keys or CA read, their last good version verified again), with the feed thread paused so
// that no version is applied meanwhile; the policy is then rebuilt with the new configuration and
// those versions at once. Only when it builds does the feed thread switch to the new followers;
// any failure leaves the running feeds, versions and policy as they were. A changed feed keeps its
// state directory, so the serial it has seen still guards against a rollback.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/server/policy_sources.hpp"
#include "filter/never_block.hpp"

namespace roja::app {

struct FeedChanges {
    std::vector<std::string> added, changed, removed;
    bool any() const noexcept { return !added.empty() || !changed.empty() || !removed.empty(); }
};

// What differs between the feeds followed now and `wanted`.
FeedChanges feed_changes(const std::vector<config::FeedConfig>& running,
                         const std::vector<config::FeedConfig>& wanted);

// The reload itself (main thread). Throws std::runtime_error when a new feed cannot be followed
// (no state directory, unreadable keys); returns the load, which has no state when it failed.
server::StateLoad reload_with_feeds(config::Config config, filter::NeverBlock never_block,
                                    server::PolicySources& sources, feed::FeedUpdater& updater,
                                    const StateDirectory* state, const FeedChanges& changes);

}  // namespace roja::app
