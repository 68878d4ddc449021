#include "daemon/ctl/feed_verify.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/ctl/published_feed.hpp"

namespace roja::ctl {

namespace {

// The flags become the same FeedConfig rojad would read from its YAML.
std::optional<config::FeedConfig> parse_args(std::span<const std::string_view> args) {
    config::FeedConfig feed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool takes_value = args[i] == "--key" || args[i] == "--ca" ||
                                 args[i] == "--subject" || args[i] == "--tls-ca" ||
                                 args[i] == "--feed";
        if (takes_value && i + 1 == args.size()) return std::nullopt;
        if (args[i] == "--key")
            feed.keys.emplace_back(args[++i]);
        else if (args[i] == "--ca")
            feed.ca = args[++i];
        else if (args[i] == "--subject")
            feed.subject = args[++i];
        else if (args[i] == "--tls-ca")
            feed.tls_ca = args[++i];
        else if (args[i] == "--feed")
            feed.id = args[++i];
        else if (args[i].starts_with("--") || !feed.source.empty())
            return std::nullopt;
        else
            feed.source = args[i];
    }
    if (feed.source.empty() || (feed.keys.empty() && feed.ca.empty())) return std::nullopt;
    return feed;
}

}  // namespace

void print_feed_verify_usage(std::ostream& out) {
    out << "  rojactl feed verify URL|DIR (--key PUBLIC.pub … | --ca CA.pem [--subject SUBJECT])\n"
           "                     [--feed ID] [--tls-ca FILE]\n"
           "      check a published feed as rojad does: signature over the exact manifest bytes,\n"
           "      manifest, feed id (with --feed), expiry, every payload's size, SHA-256 and "
           "entries\n";
}

int run_feed_verify(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto feed_config = parse_args(args);
    if (!feed_config) {
        err << "usage:\n";
        print_feed_verify_usage(err);
        return 2;
    }
    std::optional<PublishedFeed> published;
    try {
        published = fetch_published_feed(*feed_config, out, err);
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return 1;
    }
    if (!published) return 1;
    const bool ok = published->is_complete && !published->is_expired;
    out << (ok ? "OK\n" : "REJECTED: a payload does not match the signed manifest\n");
    return ok ? 0 : 1;
}

}  // namespace roja::ctl
