// `rojactl feed fetch URL|PATH [--out FILE] [--max-bytes N] [--timeout S] ...`: one download the
// way rojad's feed updater does it (same fetcher, same outcomes), for debugging a feed source.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// `args` follow "feed fetch". Prints "outcome: ...", "status: ...", "bytes: ...", "etag: ...",
// "last_modified: ...", "reason: ..." lines. Exit code: 0 ok or not_modified, 1 any other
// outcome, 2 usage error.
int run_feed_fetch(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_feed_fetch_usage(std::ostream& out);

}  // namespace roja::ctl
