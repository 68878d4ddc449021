#include "daemon/app/feed_reload.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

namespace roja::app {

namespace {

const config::FeedConfig* find_feed(const std::vector<config::FeedConfig>& feeds,
                                    const std::string& id) {
    const auto it = std::find_if(feeds.begin(), feeds.end(),
                                 [&](const config::FeedConfig& f) { return f.id == id; });
    return it == feeds.end() ? nullptr : &*it;
}

// Resumes the feed thread whatever happens in between.
class PausedFeeds {
  public:
    explicit PausedFeeds(feed::FeedUpdater& updater) : updater_(updater) { updater_.pause(); }
    ~PausedFeeds() { updater_.resume(); }
    PausedFeeds(const PausedFeeds&) = delete;
    PausedFeeds& operator=(const PausedFeeds&) = delete;

  private:
    feed::FeedUpdater& updater_;
};

}  // namespace

FeedChanges feed_changes(const std::vector<config::FeedConfig>& running,
                         const std::vector<config::FeedConfig>& wanted) {
    FeedChanges changes;
    for (const config::FeedConfig& feed : wanted) {
        const config::FeedConfig* now = find_feed(running, feed.id);
        if (!now)
            changes.added.push_back(feed.id);
        else if (!(*now == feed))
            changes.changed.push_back(feed.id);
    }
    for (const config::FeedConfig& feed : running)
        if (!find_feed(wanted, feed.id)) changes.removed.push_back(feed.id);
    return changes;
}

server::StateLoad reload_with_feeds(config::Config config, filter::NeverBlock never_block,
                                    server::PolicySources& sources, feed::FeedUpdater& updater,
                                    const StateDirectory* state, const FeedChanges& changes) {
    if (!config.feeds.empty() && !state)
        throw std::runtime_error(
            "feeds need a state directory (state_dir or --state-dir), which this rojad started "
            "without");
    const PausedFeeds paused(updater);
    std::map<std::string, std::unique_ptr<feed::FeedFollower>> fresh;
    server::PolicySources::FeedVersions versions;
    for (const config::FeedConfig& feed : config.feeds) {
        const bool is_new =
            std::find(changes.added.begin(), changes.added.end(), feed.id) != changes.added.end() ||
            std::find(changes.changed.begin(), changes.changed.end(), feed.id) !=
                changes.changed.end();
        if (!is_new) {
            versions[feed.id] = sources.version(feed.id);
            continue;
        }
        auto follower = updater.make_follower(feed, state->path());
        versions[feed.id] = follower->load_last_good();
        fresh[feed.id] = std::move(follower);
    }
    const std::vector<config::FeedConfig> feeds = config.feeds;
    server::StateLoad load =
        sources.reload(std::move(config), std::move(never_block), std::move(versions));
    if (!load.state) return load;
    updater.replace(feeds, std::move(fresh));
    updater.note_loaded(load.feed_lists);
    return load;
}

}  // namespace roja::app
