// A configured feed's trust, read from its key files and CA bundle at start-up (and reload).
#pragma once

#include "config/config.hpp"
#include "daemon/feed/signature_verifier.hpp"

namespace roja::feed {

// Throws std::runtime_error naming the file and what is wrong with it: a feed whose trust
// cannot be read must stop the start, not silently accept nothing (or anything).
TrustConfig load_feed_trust(const config::FeedConfig& feed);

}  // namespace roja::feed
