// Downloads feed files: HTTPS through libcurl (verification always on, https only, size cap,
// timeouts, conditional GET), or a local directory for feeds dropped in by hand. Blocking: run
// it on the feed thread, never on the query path.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "daemon/feed/fetch_curl.hpp"
#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

// True for "https://..." (scheme compared without regard to case).
bool is_https_url(std::string_view url) noexcept;

class Fetcher {
  public:
    // Throws std::runtime_error when libcurl cannot start (at start-up only).
    Fetcher();

    // One GET. Never throws; every failure is an outcome with a reason. The handle is kept
    // between calls so the manifest, its signatures and the payloads share one connection.
    FetchResult fetch(const FetchRequest& request);

  private:
    CurlEasyPtr handle_;
};

// A file of a local feed directory, with the same outcomes: a missing file is http_error 404
// (as a missing file on a server would be), a larger one too_large, a read error network_error.
FetchResult fetch_local(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace roja::feed
