// The publisher's view of manifest.json (docs/feed.md, "roja-feed/1"): written with a fixed key
// order and 2-space indent so that two versions of a feed diff line by line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roja::ctl {

struct FeedManifestListDraft {
    std::string id;
    std::string authority;
    std::string title;
    std::string format;  // "csv" or "plain"
    std::string path;    // relative to the feed directory
    std::uint64_t size = 0;
    std::string sha256;  // 64 lower-case hex digits
    std::uint64_t entries = 0;
};

struct FeedManifestDraft {
    std::string feed;
    std::uint64_t serial = 0;
    std::chrono::sys_seconds issued_at{};
    std::chrono::sys_seconds expires_at{};
    std::vector<FeedManifestListDraft> lists;
};

// The manifest's exact bytes (UTF-8, ends with a newline). Strings are JSON-escaped; the caller
// has checked ids, sizes and counts.
std::string render_feed_manifest(const FeedManifestDraft& manifest);

// [a-z0-9._-]{1,64}: feed and list ids.
bool is_feed_id(std::string_view id) noexcept;

// What `feed build` and `feed sign` need from an existing manifest; nullopt when the text is not
// JSON or lacks a string "feed" or an unsigned integer "serial". The full, strict parser is
// filter/feed_manifest.hpp (the subscriber's).
struct FeedManifestHeader {
    std::string feed;
    std::uint64_t serial = 0;
};
std::optional<FeedManifestHeader> read_feed_manifest_header(std::string_view json);

}  // namespace roja::ctl
