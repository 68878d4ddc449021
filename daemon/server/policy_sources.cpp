#include "daemon/server/policy_sources.hpp"

#include <malloc.h>

#include <chrono>
#include <vector>

#include "daemon/server/low_priority.hpp"

namespace roja::server {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PolicySources::PolicySources(StateHolder& states, config::Config config,
                             filter::NeverBlock never_block)
    : states_(states), config_(std::move(config)), never_block_(std::move(never_block)) {}

void PolicySources::set_feed_version(const std::string& feed_id,
                                     std::shared_ptr<const feed::FeedCandidate> version) {
    std::lock_guard lock(mutex_);
    versions_[feed_id] = std::move(version);
}

StateLoad PolicySources::build(
    const std::map<std::string, std::shared_ptr<const feed::FeedCandidate>>& versions,
    const TransferredZones& zones) const {
    std::vector<FeedInput> feeds;
    for (const config::FeedConfig& feed : config_.feeds) {
        const auto it = versions.find(feed.id);
        feeds.push_back({&feed, it == versions.end() ? nullptr : it->second});
    }
    return load_serving_state(config_, feeds, never_block_, serial_ + 1, zones);
}

void PolicySources::published(const StateLoad& load) {
    ++serial_;
    states_.publish(load.state);
    last_published_ = load;
    last_published_.state.reset();
    // The list texts and the builder's scratch tables are gone now (they live until the build
    // returns): hand their pages back so the resident size is what the policy needs, not what
    // loading it needed. Trimming inside the build, before they were freed, left 12 MiB of a
    // 1M-entry load resident (62.5 -> 50.3 MiB).
    // At low priority too: trimming a large heap takes milliseconds of CPU.
    at_low_priority([] { return ::malloc_trim(0); });
}

StateLoad PolicySources::publish() {
    std::lock_guard lock(mutex_);
    StateLoad load = build(versions_, zones_);
    if (load.state) published(load);
    return load;
}

StateLoad PolicySources::build_while_serving(
    const std::map<std::string, std::shared_ptr<const feed::FeedCandidate>>& versions,
    const TransferredZones& zones) const {
    return at_low_priority([&] { return build(versions, zones); });
}

StateLoad PolicySources::reload(config::Config config, filter::NeverBlock never_block) {
    std::lock_guard lock(mutex_);
    std::swap(config_, config);
    std::swap(never_block_, never_block);
    StateLoad load = build_while_serving(versions_, zones_);
    if (!load.state) {  // keep serving, and building, from what worked
        std::swap(config_, config);
        std::swap(never_block_, never_block);
        return load;
    }
    published(load);
    return load;
}

StateLoad PolicySources::reload(config::Config config, filter::NeverBlock never_block,
                                FeedVersions versions) {
    std::lock_guard lock(mutex_);
    std::swap(config_, config);
    std::swap(never_block_, never_block);
    StateLoad load = build_while_serving(versions, zones_);
    if (!load.state) {
        std::swap(config_, config);
        std::swap(never_block_, never_block);
        return load;
    }
    versions_ = std::move(versions);  // a removed feed's version (and its payload) goes
    published(load);
    return load;
}

feed::ApplyReport PolicySources::apply(std::shared_ptr<const feed::FeedCandidate> candidate,
                                       const feed::PersistVersion& persist) {
    std::lock_guard lock(mutex_);
    feed::ApplyReport report;
    const std::string feed_id = candidate->verified.manifest.feed;
    auto versions = versions_;
    versions[feed_id] = std::move(candidate);
    const auto start = std::chrono::steady_clock::now();
    StateLoad load = build_while_serving(versions, zones_);
    report.build_seconds = seconds_since(start);
    for (const auto& list : load.feed_lists)
        if (list.feed_id == feed_id) report.lists.push_back(list);
    if (!load.state) {
        report.problem =
            load.feed_problem
                ? *load.feed_problem
                : filter::feed_problem(filter::FeedError::state_build_failed, load.failure);
        return report;
    }
    // Persisted before it is published: what is enforced is never newer than what a restart
    // finds on disk, so a crash in between cannot make the enforced serial go down.
    const auto persist_start = std::chrono::steady_clock::now();
    if (auto stored = persist(); !stored) {
        report.problem = stored.error();
        return report;
    }
    report.persist_seconds = seconds_since(persist_start);
    versions_ = std::move(versions);
    published(load);
    return report;
}

void PolicySources::set_transferred_zone(const std::string& list_id,
                                         std::shared_ptr<const std::string> text) {
    std::lock_guard lock(mutex_);
    zones_[list_id] = std::move(text);
}

StateLoad PolicySources::apply_zone(const std::string& list_id,
                                    std::shared_ptr<const std::string> text,
                                    const std::function<bool()>& persist) {
    std::lock_guard lock(mutex_);
    auto zones = zones_;
    zones[list_id] = std::move(text);
    StateLoad load = build_while_serving(versions_, zones);
    if (!load.state) return load;
    // Persisted before it is published, as a feed version is: a restart never enforces an
    // older zone than the one served before it.
    if (!persist()) {
        load.state.reset();
        load.failure = "list " + list_id + ": the zone copy could not be written";
        return load;
    }
    zones_ = std::move(zones);
    published(load);
    return load;
}

std::uint64_t PolicySources::serial() const {
    std::lock_guard lock(mutex_);
    return serial_;
}

StateLoad PolicySources::last_published() const {
    std::lock_guard lock(mutex_);
    return last_published_;
}

std::shared_ptr<const feed::FeedCandidate> PolicySources::version(
    const std::string& feed_id) const {
    std::lock_guard lock(mutex_);
    const auto it = versions_.find(feed_id);
    return it == versions_.end() ? nullptr : it->second;
}

}  // namespace roja::server
