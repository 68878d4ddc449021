// `rojactl feed keygen|build|sign`: the publisher's side of a signed blocklist feed
// (docs/feed.md). Each subcommand lives in daemon/ctl/feed_<name>.cpp.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// `args` follow the word "feed". Returns the subcommand's exit code, 2 on a usage error.
int run_feed_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_feed_usage(std::ostream& out);

}  // namespace roja::ctl
