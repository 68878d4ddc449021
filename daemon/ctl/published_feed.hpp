// A published feed fetched and checked with rojad's own code (FeedSource, the candidate guards):
// the signature over the exact manifest bytes first, then the manifest, feed id and expiry, then
// every payload's size, SHA-256 and entry count. Shared by `rojactl feed verify` (which prints
// what it found) and `rojactl probe` (which then tests a resolver against the payloads).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/feed/feed_candidate.hpp"
#include "filter/feed_manifest.hpp"

namespace roja::ctl {

struct PublishedPayload {
    filter::FeedList list;
    std::string bytes;
};

struct PublishedFeed {
    feed::VerifiedManifest verified;
    std::vector<PublishedPayload> payloads;  // those that matched the manifest
    bool is_expired = false;
    bool is_complete = true;  // every payload matched; false after a MISMATCH/MISSING line
};

// Prints one line per step to `out` ("signature: …", "feed … serial …", one per list). Nullopt
// when the manifest cannot be read or is rejected (said on `out`, and on `err` when unreadable);
// throws std::runtime_error when the trust configuration cannot be loaded.
std::optional<PublishedFeed> fetch_published_feed(const config::FeedConfig& feed, std::ostream& out,
                                                  std::ostream& err);

}  // namespace roja::ctl
