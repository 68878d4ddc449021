// The line `systemctl status rojad` shows (sd_notify STATUS=): which policy is served, how big
// it is, and whether the last reload failed. sd_notify is a no-op outside systemd.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <vector>

#include "daemon/feed/feed_status.hpp"
#include "daemon/server/state_loader.hpp"

namespace roja::app {

// "policy 3: 4 lists, 120345 entries": configured lists and feed lists together.
std::string serving_status(std::uint64_t policy_serial, const server::StateLoad& load);

// The line with each feed's version in force appended: "…; feed akep-al serial 42", "stale"
// when it expired (still enforced), "no version" when nothing of it is enforced.
std::string with_feeds(std::string status, const std::vector<feed::FeedStatus>& feeds);

// "policy 3; last reload failed: <reason>": the old policy is still served.
std::string reload_failed_status(std::uint64_t policy_serial, std::string_view reason);

// Sends STATUS=<text> to systemd.
void notify_status(std::string_view text);

}  // namespace roja::app
