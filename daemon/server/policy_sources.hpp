// Everything the serving state is built from — the configuration (its lists, groups, answers),
// the never-block names and the version of each feed in force — and the one place that builds
// a new state and publishes it. SIGHUP (main thread) and feed updates (feed thread) both come
// here, one at a time, so neither can publish a state that forgets the other's change.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "config/config.hpp"
#include "daemon/feed/feed_apply.hpp"
#include "daemon/server/state_holder.hpp"
#include "daemon/server/state_loader.hpp"
#include "filter/never_block.hpp"

namespace roja::server {

class PolicySources {
  public:
    PolicySources(StateHolder& states, config::Config config, filter::NeverBlock never_block);

    // Start-up, before the first build: the verified last good version of a feed.
    void set_feed_version(const std::string& feed_id,
                          std::shared_ptr<const feed::FeedCandidate> version);

    // Start-up, before the first build: the last good copy of a list taken from a primary.
    void set_transferred_zone(const std::string& list_id, std::shared_ptr<const std::string> text);

    // RPZ secondary thread: `text` replaces the zone of list `list_id` if the state builds and
    // `persist` succeeds (false: it could not be written); then the new state is published.
    // On failure `state` is null and `failure` says why; the state in force stays.
    StateLoad apply_zone(const std::string& list_id, std::shared_ptr<const std::string> text,
                         const std::function<bool()>& persist);

    // Builds from the current sources and publishes on success (start-up).
    StateLoad publish();

    // SIGHUP: a new configuration and never-block list, the feeds' versions unchanged. Publishes
    // only a complete state; on failure the old one stays.
    StateLoad reload(config::Config config, filter::NeverBlock never_block);
    // SIGHUP with a changed feeds section: `versions` (each configured feed's version, null for
    // none yet) replace the ones held, together with the configuration, or not at all.
    using FeedVersions = std::map<std::string, std::shared_ptr<const feed::FeedCandidate>>;
    StateLoad reload(config::Config config, filter::NeverBlock never_block, FeedVersions versions);

    // Feed thread: `candidate` replaces its feed's version if the state builds and `persist`
    // succeeds; then the new state is published (see feed::ApplyVersion).
    feed::ApplyReport apply(std::shared_ptr<const feed::FeedCandidate> candidate,
                            const feed::PersistVersion& persist);

    // Counts published states (the "policy N" of logs and the service status).
    std::uint64_t serial() const;
    // The list summaries of the state in force (for the service status line); no state pointer.
    StateLoad last_published() const;

    // The version of `feed_id` in force (null before its first).
    std::shared_ptr<const feed::FeedCandidate> version(const std::string& feed_id) const;

  private:
    StateLoad build(
        const std::map<std::string, std::shared_ptr<const feed::FeedCandidate>>& versions,
        const TransferredZones& zones) const;
    // A reload's or a feed update's build: on its own thread at low priority, so the
    // workers sharing its core never wait for it (low_priority.hpp). The start-up build,
    // with nobody to serve yet, runs at full speed.
    StateLoad build_while_serving(
        const std::map<std::string, std::shared_ptr<const feed::FeedCandidate>>& versions,
        const TransferredZones& zones) const;

    StateHolder& states_;
    mutable std::mutex mutex_;
    config::Config config_;
    filter::NeverBlock never_block_;
    std::map<std::string, std::shared_ptr<const feed::FeedCandidate>> versions_;  // by feed id
    TransferredZones zones_;                                                      // by list id
    std::uint64_t serial_ = 0;  // counts published states
    StateLoad last_published_;

    void published(const StateLoad& load);
};

}  // namespace roja::server
