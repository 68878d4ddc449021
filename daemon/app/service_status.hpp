// The line `systemctl status rojad` shows (sd_notify STATUS=): which policy is served, how big
// it is, and whether the last reload failed. sd_notify is a no-op outside systemd.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/server/state_loader.hpp"

namespace roja::app {

// "policy 3: 4 lists, 120345 entries" (the feed serial joins when the feed updater lands).
std::string serving_status(std::uint64_t policy_serial, const server::StateLoad& load);

// "policy 3; last reload failed: <reason>": the old policy is still served.
std::string reload_failed_status(std::uint64_t policy_serial, std::string_view reason);

// Sends STATUS=<text> to systemd.
void notify_status(std::string_view text);

}  // namespace roja::app
