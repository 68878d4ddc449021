// `rojactl feed status [--state-dir DIR] [--json] [FEED]`: what rojad enforces from each feed and
// how its last polls went, read from <state>/<feed>/status.json (no need to reach the daemon).
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace roja::ctl {

// Exit code: 0 all shown feeds are enforcing a fresh version, 1 one is degraded (nothing
// enforced, or its version expired) or unreadable, 2 usage error. For scripts and monitoring.
int run_feed_status(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
void print_feed_status_usage(std::ostream& out);

}  // namespace roja::ctl
