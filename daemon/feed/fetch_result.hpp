// What one download of a feed file gave: the bytes, or why not. Shared by the HTTPS fetcher and
// the local-directory source, so the updater treats both the same way.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace roja::feed {

enum class FetchOutcome {
    ok,              // 2xx, the whole body within the size cap
    not_modified,    // 304 to a conditional GET: the previous body still holds
    http_error,      // any other status (http_status says which); a missing local file is 404
    too_large,       // the body passed max_bytes (counted while downloading)
    timeout,         // connect or total timeout, or slower than the low-speed limit
    tls_error,       // handshake or certificate verification failed
    network_error,   // resolve, connect, reset, truncated body, local read error
    refused_scheme,  // not https:// (also a redirect to another scheme)
};

// "ok", "not_modified", "tls_error", ...: stable, for logs, metrics and audit records.
std::string_view fetch_outcome_name(FetchOutcome outcome) noexcept;

struct FetchRequest {
    std::string url;                         // https:// only
    std::optional<std::string> ca_file;      // CA bundle instead of the system's; verify stays on
    std::optional<std::string> client_cert;  // PEM client certificate (and its key below)
    std::optional<std::string> client_key;
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    std::chrono::milliseconds total_timeout{std::chrono::seconds(120)};
    // Abort when fewer than low_speed_bytes per second arrive for low_speed_time.
    long low_speed_bytes = 64;
    std::chrono::seconds low_speed_time{30};
    std::size_t max_bytes = 4 * 1024 * 1024;
    // Validators of the previous response: sent as If-None-Match / If-Modified-Since.
    std::string if_none_match;
    std::string if_modified_since;
    // Set by the feed thread on shutdown: a transfer in progress stops within a second.
    const std::atomic<bool>* cancel = nullptr;
};

struct FetchResult {
    FetchOutcome outcome = FetchOutcome::network_error;
    long http_status = 0;       // 0 when no response was read (and for local files that exist)
    std::string body;           // only meaningful when ok
    std::string etag;           // of this response, for the next conditional GET
    std::string last_modified;  // of this response (local files: the mtime)
    std::string reason;         // human-readable: curl's error buffer, the status, errno text

    bool is_ok() const noexcept { return outcome == FetchOutcome::ok; }
};

}  // namespace roja::feed
