// `rojactl feed build DIR --feed ID --list ID:FORMAT:AUTHORITY:FILE [--title TEXT] ...
// [--valid-days N] [--serial N]`: copies the list files into DIR and writes DIR/manifest.json
// with their sizes, SHA-256 and entry counts and the next serial.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roja::ctl {

struct FeedListSource {
    std::string id;
    std::string format;  // "csv" or "plain"
    std::string authority;
    std::string title;  // --title after its --list; empty when not given
    std::string file;
};

struct FeedBuildArgs {
    std::string dir;
    std::string feed;
    std::vector<FeedListSource> lists;
    unsigned valid_days = 7;
    std::optional<std::uint64_t> serial;
};

// Prints what is wrong to `err` and returns nullopt on a usage error.
std::optional<FeedBuildArgs> parse_feed_build_args(std::span<const std::string_view> args,
                                                   std::ostream& err);

// The serial of the new version: --serial when it is above the previous one, else previous + 1,
// else 1. nullopt (with the reason in `err`) when --serial is not above the previous one.
std::optional<std::uint64_t> next_feed_serial(std::optional<std::uint64_t> previous,
                                              std::optional<std::uint64_t> requested,
                                              std::ostream& err);

// Builds the feed as of `now`. Exit code: 0 written, 1 failed (DIR's manifest untouched).
int build_feed(const FeedBuildArgs& args, std::chrono::sys_seconds now, std::ostream& out,
               std::ostream& err);

// `args` follow "feed build". Exit code: 0 written, 1 failed, 2 usage error.
int run_feed_build(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_feed_build_usage(std::ostream& out);

}  // namespace roja::ctl
