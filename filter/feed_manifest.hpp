// The feed manifest (docs/feed.md, "roja-feed/1"): what a signed feed version contains. The parser
// is I/O-free and strict: unknown or duplicate keys and every malformed field are errors.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filter/feed_problem.hpp"

namespace roja::filter {

inline constexpr std::string_view kFeedFormat = "roja-feed/1";
inline constexpr std::size_t kMaxManifestBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxFeedLists = 1024;

enum class FeedListFormat { csv, plain };

struct FeedList {
    std::string id;         // [a-z0-9._-]{1,64}
    std::string authority;  // non-empty
    std::string title;
    FeedListFormat format = FeedListFormat::csv;
    std::string path;  // relative path inside the feed, or empty when `url` is set
    std::string url;   // https:// URL, or empty when `path` is set
    std::uint64_t size = 0;
    std::string sha256;  // 64 lower-case hex digits
    std::uint64_t entries = 0;
};

struct FeedManifest {
    std::string feed;  // feed id
    std::uint64_t serial = 0;
    std::chrono::sys_seconds issued_at{};
    std::chrono::sys_seconds expires_at{};
    std::vector<FeedList> lists;
};

// Call only on bytes whose signature has been verified. Errors are FeedError::too_large or
// FeedError::malformed_manifest with "field: what was expected".
FeedResult<FeedManifest> parse_feed_manifest(std::string_view json);

// "2026-11-28T10:00:00Z" (an optional fraction of a second is ignored); empty result on error.
FeedResult<std::chrono::sys_seconds> parse_feed_time(std::string_view text);
// The same form back: filter/utc_time.hpp.

}  // namespace roja::filter
