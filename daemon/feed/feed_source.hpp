// Where one feed's files come from: an https:// base URL or a local directory, behind one call,
// so the updater treats both alike (a missing local file is a 404 like a missing remote one).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "daemon/feed/fetcher.hpp"

namespace roja::feed {

// Validators of an earlier response, for a conditional GET of the manifest.
struct Validators {
    std::string etag;
    std::string last_modified;
};

class FeedSource {
  public:
    // `cancel` (may be null) aborts a transfer in progress when it turns true (shutdown).
    FeedSource(const config::FeedConfig& config, const std::atomic<bool>* cancel);

    // `where` is a path relative to the feed ("manifest.json", "lists/akep.csv") or an absolute
    // https:// URL (a payload on a mirror). Never throws. With `conditional`, an unchanged file
    // on a server comes back as not_modified.
    FetchResult fetch(std::string_view where, std::size_t max_bytes,
                      const Validators* conditional = nullptr);

  private:
    FetchRequest request_for(std::string url, std::size_t max_bytes) const;

    const config::FeedConfig& config_;
    const std::atomic<bool>* cancel_;
    std::string source_;
    std::unique_ptr<Fetcher> fetcher_;  // made on first https use
};

}  // namespace roja::feed
