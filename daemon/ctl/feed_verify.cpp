#include "daemon/ctl/feed_verify.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/feed/feed_candidate.hpp"
#include "daemon/feed/feed_source.hpp"
#include "daemon/feed/feed_trust.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/list_parser.hpp"

namespace roja::ctl {

namespace {

constexpr std::size_t kMaxMinisigBytes = std::size_t{16} * 1024;
constexpr std::size_t kMaxP7sBytes = std::size_t{1024} * 1024;

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
bool check_payload(feed::FeedSource& source, const filter::FeedList& list, std::ostream& out) {
    out << "  list " << list.id << " (" << list.authority << "): ";
    const std::string& where = list.path.empty() ? list.url : list.path;
    // Capped at the manifest's size, as in rojad: a longer payload stops at its first extra byte.
    feed::FetchResult fetched = source.fetch(where, static_cast<std::size_t>(list.size));
    if (fetched.outcome == feed::FetchOutcome::too_large) {
        out << "MISMATCH " << where << ": more than the " << list.size
            << " bytes the manifest says\n";
        return false;
    }
    if (!fetched.is_ok()) {
        out << "MISSING " << where << ": " << feed::fetch_outcome_name(fetched.outcome) << ": "
            << fetched.reason << "\n";
        return false;
    }
    const std::optional<std::string> payload = std::move(fetched.body);
    if (auto checked = feed::check_payload(list, *payload); !checked) {
        out << "MISMATCH " << where << ": " << checked.error().detail << "\n";
        return false;
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
        return false;
    }
    out << "\n";
    return true;
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
    feed::TrustConfig trust;
    try {
        trust = feed::load_feed_trust(*feed_config);
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return 1;
    }
    feed::FeedSource source(*feed_config, nullptr);
    const auto manifest = fetch(source, "manifest.json", filter::kMaxManifestBytes, out);
    if (!manifest) {
        err << feed_config->source << ": cannot read manifest.json\n";
        return 1;
    }
    feed::SignatureFiles files;
    if (!trust.minisign_keys.empty())
        files.minisig = fetch(source, "manifest.json.minisig", kMaxMinisigBytes, out, true);
    if (trust.cms) files.p7s = fetch(source, "manifest.json.p7s", kMaxP7sBytes, out, true);
    // The signature first, over the exact bytes: nothing unverified is parsed.
    const auto verified = feed::verify_manifest(*manifest, files, trust, feed_config->id);
    if (!verified) {
        out << "manifest.json: REJECTED: " << filter::feed_error_name(verified.error().error)
            << ": " << verified.error().detail << "\n";
        return 1;
    }
    for (const auto& s : verified->signatures)
        out << "signature: " << feed::signature_scheme_name(s.scheme) << " by " << s.signer
            << (s.trusted_comment.empty() ? "" : " (" + s.trusted_comment + ")") << "\n";
    const filter::FeedManifest& parsed = verified->manifest;
    out << "feed " << parsed.feed << " serial " << parsed.serial << ", " << parsed.lists.size()
        << " list(s), manifest sha256 " << verified->sha256 << "\n";
    bool ok = true;
    if (auto fresh = feed::check_expiry(parsed, std::chrono::system_clock::now()); !fresh) {
        out << "EXPIRED: " << fresh.error().detail
            << " (rojad keeps enforcing the last good feed and flags it stale)\n";
        ok = false;
    }
    for (const auto& list : parsed.lists) ok = check_payload(source, list, out) && ok;
    out << (ok ? "OK\n" : "REJECTED: a payload does not match the signed manifest\n");
    return ok ? 0 : 1;
}

}  // namespace roja::ctl
