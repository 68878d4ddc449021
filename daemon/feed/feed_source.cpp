#include "daemon/feed/feed_source.hpp"

#include <filesystem>

namespace roja::feed {

FeedSource::FeedSource(const config::FeedConfig& config, const std::atomic<bool>* cancel)
    : config_(config), cancel_(cancel), source_(config.source) {}

FetchRequest FeedSource::request_for(std::string url, std::size_t max_bytes) const {
    FetchRequest request;
    request.url = std::move(url);
    if (!config_.tls_ca.empty()) request.ca_file = config_.tls_ca;
    if (!config_.client_cert.empty()) {
        request.client_cert = config_.client_cert;
        request.client_key = config_.client_key;
    }
    request.connect_timeout = config_.connect_timeout;
    request.total_timeout = config_.timeout;
    request.max_bytes = max_bytes;
    request.cancel = cancel_;
    return request;
}

FetchResult FeedSource::fetch(std::string_view where, std::size_t max_bytes,
                              const Validators* conditional) {
    const bool is_url = is_https_url(where);
    // A local directory is read whole each poll: cheap, and the serial check finds "unchanged".
    if (!is_url && !is_https_url(source_))
        return fetch_local(std::filesystem::path(source_) / std::string(where), max_bytes);
    std::string url(where);
    if (!is_url) url = source_ + (source_.ends_with('/') ? "" : "/") + url;
    FetchRequest request = request_for(std::move(url), max_bytes);
    if (conditional) {
        request.if_none_match = conditional->etag;
        request.if_modified_since = conditional->last_modified;
    }
    try {
        if (!fetcher_) fetcher_ = std::make_unique<Fetcher>();
    } catch (const std::exception& e) {
        return FetchResult{FetchOutcome::network_error, 0, {}, {}, {}, e.what()};
    }
    return fetcher_->fetch(request);
}

}  // namespace roja::feed
