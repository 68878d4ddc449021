#include "daemon/ctl/published_feed.hpp"

#include <chrono>

#include "daemon/feed/feed_source.hpp"
#include "daemon/feed/feed_trust.hpp"
#include "filter/list_parser.hpp"

namespace roja::ctl {

namespace {

constexpr std::size_t kMaxMinisigBytes = std::size_t{16} * 1024;
constexpr std::size_t kMaxP7sBytes = std::size_t{1024} * 1024;

// A file of the feed, or nullopt after printing why not. A missing signature file is "absent".
std::optional<std::string> fetch(feed::FeedSource& source, std::string_view name,
                                 std::size_t max_bytes, std::ostream& out,
                                 bool may_be_absent = false) {
    feed::FetchResult result = source.fetch(name, max_bytes);
    if (result.is_ok()) return std::move(result.body);
    if (!(may_be_absent && result.outcome == feed::FetchOutcome::http_error &&
          result.http_status == 404))
        out << name << ": " << feed::fetch_outcome_name(result.outcome) << ": " << result.reason
            << "\n";
    return std::nullopt;
}

// Size, hash and entry count of one payload, as the manifest states them.
std::optional<std::string> check_payload(feed::FeedSource& source, const filter::FeedList& list,
                                         std::ostream& out) {
    out << "  list " << list.id << " (" << list.authority << "): ";
    const std::string& where = list.path.empty() ? list.url : list.path;
    // Capped at the manifest's size, as in rojad: a longer payload stops at its first extra byte.
    feed::FetchResult fetched = source.fetch(where, static_cast<std::size_t>(list.size));
    if (fetched.outcome == feed::FetchOutcome::too_large) {
        out << "MISMATCH " << where << ": more than the " << list.size
            << " bytes the manifest says\n";
        return std::nullopt;
    }
    if (!fetched.is_ok()) {
        out << "MISSING " << where << ": " << feed::fetch_outcome_name(fetched.outcome) << ": "
            << fetched.reason << "\n";
        return std::nullopt;
    }
    std::optional<std::string> payload = std::move(fetched.body);
    if (auto checked = feed::check_payload(list, *payload); !checked) {
        out << "MISMATCH " << where << ": " << checked.error().detail << "\n";
        return std::nullopt;
    }
    struct Counter final : filter::EntrySink {
        std::size_t n = 0;
        void on_entry(const filter::ListEntry&) override { ++n; }
    } counter;
    const auto format = list.format == filter::FeedListFormat::csv ? filter::ListFormat::csv
                                                                   : filter::ListFormat::plain;
    const auto report = filter::parse_list(format, *payload, where, counter);
    out << counter.n << " entries, " << report.invalid() << " invalid lines, sha256 ok";
    if (report.failed() || counter.n != list.entries) {
        out << ", but the manifest says " << list.entries << " entries\n";
        return std::nullopt;
    }
    out << "\n";
    return payload;
}

}  // namespace

std::optional<PublishedFeed> fetch_published_feed(const config::FeedConfig& feed_config,
                                                  std::ostream& out, std::ostream& err) {
    const feed::TrustConfig trust = feed::load_feed_trust(feed_config);
    feed::FeedSource source(feed_config, nullptr);
    const auto manifest = fetch(source, "manifest.json", filter::kMaxManifestBytes, out);
    if (!manifest) {
        err << feed_config.source << ": cannot read manifest.json\n";
        return std::nullopt;
    }
    feed::SignatureFiles files;
    if (!trust.minisign_keys.empty())
        files.minisig = fetch(source, "manifest.json.minisig", kMaxMinisigBytes, out, true);
    if (trust.cms) files.p7s = fetch(source, "manifest.json.p7s", kMaxP7sBytes, out, true);
    // The signature first, over the exact bytes: nothing unverified is parsed.
    auto verified = feed::verify_manifest(*manifest, files, trust, feed_config.id);
    if (!verified) {
        out << "manifest.json: REJECTED: " << filter::feed_error_name(verified.error().error)
            << ": " << verified.error().detail << "\n";
        return std::nullopt;
    }
    PublishedFeed published{std::move(*verified), {}, false, true};
    for (const auto& s : published.verified.signatures)
        out << "signature: " << feed::signature_scheme_name(s.scheme) << " by " << s.signer
            << (s.trusted_comment.empty() ? "" : " (" + s.trusted_comment + ")") << "\n";
    const filter::FeedManifest& parsed = published.verified.manifest;
    out << "feed " << parsed.feed << " serial " << parsed.serial << ", " << parsed.lists.size()
        << " list(s), manifest sha256 " << published.verified.sha256 << "\n";
    if (auto fresh = feed::check_expiry(parsed, std::chrono::system_clock::now()); !fresh) {
        out << "EXPIRED: " << fresh.error().detail
            << " (rojad keeps enforcing the last good feed and flags it stale)\n";
        published.is_expired = true;
    }
    for (const auto& list : parsed.lists) {
        auto payload = check_payload(source, list, out);
        if (payload)
            published.payloads.push_back({list, std::move(*payload)});
        else
            published.is_complete = false;
    }
    return published;
}

}  // namespace roja::ctl
