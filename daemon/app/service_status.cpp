#include "daemon/app/service_status.hpp"

#include <systemd/sd-daemon.h>

namespace roja::app {

std::string serving_status(std::uint64_t policy_serial, const server::StateLoad& load) {
    std::size_t entries = 0;
    for (const auto& list : load.lists) entries += list.entries;
    for (const auto& list : load.feed_lists) entries += list.loaded;
    return "policy " + std::to_string(policy_serial) + ": " +
           std::to_string(load.lists.size() + load.feed_lists.size()) + " lists, " +
           std::to_string(entries) + " entries";
}

std::string with_feeds(std::string status, const std::vector<feed::FeedStatus>& feeds) {
    for (const feed::FeedStatus& feed : feeds) {
        status += "; feed " + feed.feed;
        if (!feed.serial)
            status += " no version";
        else
            status += " serial " + std::to_string(*feed.serial) + (feed.is_stale ? " (stale)" : "");
    }
    return status;
}

std::string reload_failed_status(std::uint64_t policy_serial, std::string_view reason) {
    return "policy " + std::to_string(policy_serial) +
           "; last reload failed: " + std::string(reason);
}

void notify_status(std::string_view text) {
    const std::string state = "STATUS=" + std::string(text);
    sd_notify(0, state.c_str());
}

}  // namespace roja::app
