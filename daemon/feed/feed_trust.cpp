#include "daemon/feed/feed_trust.hpp"

#include <stdexcept>

#include "daemon/feed/feed_store_files.hpp"

namespace roja::feed {

namespace {

std::string read_trust_file(const std::string& feed_id, const std::string& path,
                            std::size_t max_bytes) {
    auto text = read_whole_file(path, max_bytes);
    if (!text)
        throw std::runtime_error("feed " + feed_id + ": cannot read " + path + ": " +
                                 text.error().message());
    return std::move(*text);
}

}  // namespace

TrustConfig load_feed_trust(const config::FeedConfig& feed) {
    TrustConfig trust;
    for (const std::string& path : feed.keys) {
        auto key = parse_minisign_public_key(read_trust_file(feed.id, path, kMaxMinisignKeyFile));
        if (!key)
            throw std::runtime_error("feed " + feed.id + ": " + path + ": " + key.error().detail);
        trust.minisign_keys.push_back(*key);
    }
    if (!feed.ca.empty()) {
        auto cms = make_cms_trust(read_trust_file(feed.id, feed.ca, kMaxCaBundle), feed.subject);
        if (!cms)
            throw std::runtime_error("feed " + feed.id + ": " + feed.ca + ": " +
                                     cms.error().detail);
        trust.cms = std::move(*cms);
    }
    return trust;
}

}  // namespace roja::feed
