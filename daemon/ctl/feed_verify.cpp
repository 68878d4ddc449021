#include "daemon/ctl/feed_verify.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/ctl/feed_files.hpp"
#include "daemon/ctl/text_file.hpp"
#include "daemon/feed/sha256.hpp"
#include "daemon/feed/cms_trust.hpp"
#include "daemon/feed/minisign_key.hpp"
#include "daemon/feed/signature_verifier.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/list_parser.hpp"

namespace roja::ctl {

namespace {

struct VerifyArgs {
    std::string dir;
    std::vector<std::string> keys;
    std::string ca;
    std::string subject;
};

std::optional<VerifyArgs> parse_args(std::span<const std::string_view> args) {
    VerifyArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool takes_value = args[i] == "--key" || args[i] == "--ca" || args[i] == "--subject";
        if (takes_value && i + 1 == args.size()) return std::nullopt;
        if (args[i] == "--key") parsed.keys.emplace_back(args[++i]);
        else if (args[i] == "--ca") parsed.ca = args[++i];
        else if (args[i] == "--subject") parsed.subject = args[++i];
        else if (args[i].starts_with("--") || !parsed.dir.empty()) return std::nullopt;
        else parsed.dir = args[i];
    }
    if (parsed.dir.empty() || (parsed.keys.empty() && parsed.ca.empty())) return std::nullopt;
    return parsed;
}

std::optional<std::string> read_optional(const std::string& path) {
    auto text = read_text_file(path);
    return text ? std::optional<std::string>(std::move(*text)) : std::nullopt;
}

std::optional<feed::TrustConfig> load_trust(const VerifyArgs& args, std::ostream& err) {
    feed::TrustConfig trust;
    for (const auto& path : args.keys) {
        const auto text = read_text_file(path);
        auto key = text ? feed::parse_minisign_public_key(*text) : filter::FeedResult<feed::MinisignPublicKey>(
                                                                      filter::feed_problem(filter::FeedError::malformed_key, "cannot read"));
        if (!key) {
            err << path << ": " << key.error().detail << "\n";
            return std::nullopt;
        }
        trust.minisign_keys.push_back(*key);
    }
    if (!args.ca.empty()) {
        const auto pem = read_text_file(args.ca);
        auto cms = pem ? feed::make_cms_trust(*pem, args.subject)
                       : filter::FeedResult<feed::CmsTrust>(filter::feed_problem(filter::FeedError::malformed_key, "cannot read"));
        if (!cms) {
            err << args.ca << ": " << cms.error().detail << "\n";
            return std::nullopt;
        }
        trust.cms = std::move(*cms);
    }
    return trust;
}

// Size, hash and entry count of one payload, as the manifest states them.
bool check_payload(const std::string& dir, const filter::FeedList& list, std::ostream& out) {
    out << "  list " << list.id << " (" << list.authority << "): ";
    if (list.path.empty()) {
        out << "payload at " << list.url << " not checked (directory feeds only)\n";
        return true;
    }
    const auto payload = read_text_file(dir + "/" + list.path);
    if (!payload) {
        out << "MISSING " << list.path << "\n";
        return false;
    }
    if (payload->size() != list.size || feed::sha256_hex(*payload) != list.sha256) {
        out << "MISMATCH " << list.path << ": " << payload->size() << " bytes, sha256 " << feed::sha256_hex(*payload)
            << " (manifest: " << list.size << " bytes, " << list.sha256 << ")\n";
        return false;
    }
    struct Counter final : filter::EntrySink {
        std::size_t n = 0;
        void on_entry(const filter::ListEntry&) override { ++n; }
    } counter;
    const auto format = list.format == filter::FeedListFormat::csv ? filter::ListFormat::csv : filter::ListFormat::plain;
    const auto report = filter::parse_list(format, *payload, list.path, counter);
    out << counter.n << " entries, " << report.invalid() << " invalid lines, sha256 ok";
    if (counter.n != list.entries) {
        out << ", but the manifest says " << list.entries << " entries\n";
        return false;
    }
    out << "\n";
    return true;
}

}  // namespace

void print_feed_verify_usage(std::ostream& out) {
    out << "  rojactl feed verify DIR (--key PUBLIC.pub … | --ca CA.pem [--subject SUBJECT])\n";
}

int run_feed_verify(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args);
    if (!parsed) {
        err << "usage:\n";
        print_feed_verify_usage(err);
        return 2;
    }
    const auto trust = load_trust(*parsed, err);
    if (!trust) return 1;
    const std::string manifest_path = parsed->dir + "/manifest.json";
    const auto manifest = read_text_file(manifest_path);
    if (!manifest) {
        err << manifest_path << ": cannot read\n";
        return 1;
    }
    // The signature first, over the exact bytes: nothing unverified is parsed.
    const feed::SignatureFiles files{read_optional(manifest_path + ".minisig"), read_optional(manifest_path + ".p7s")};
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(manifest->data()), manifest->size());
    const auto signatures = feed::verify_manifest_signature(bytes, files, *trust);
    if (!signatures) {
        out << manifest_path << ": REJECTED: " << filter::feed_error_name(signatures.error().error) << ": "
            << signatures.error().detail << "\n";
        return 1;
    }
    for (const auto& s : *signatures)
        out << "signature: " << feed::signature_scheme_name(s.scheme) << " by " << s.signer
            << (s.trusted_comment.empty() ? "" : " (" + s.trusted_comment + ")") << "\n";
    const auto parsed_manifest = filter::parse_feed_manifest(*manifest);
    if (!parsed_manifest) {
        out << manifest_path << ": REJECTED: " << parsed_manifest.error().detail << "\n";
        return 1;
    }
    out << "feed " << parsed_manifest->feed << " serial " << parsed_manifest->serial << ", "
        << parsed_manifest->lists.size() << " list(s)\n";
    bool ok = true;
    if (parsed_manifest->expires_at < std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())) {
        out << "EXPIRED: the manifest's expires_at has passed (rojad keeps enforcing the last good feed and flags it stale)\n";
        ok = false;
    }
    for (const auto& list : parsed_manifest->lists) ok = check_payload(parsed->dir, list, out) && ok;
    out << (ok ? "OK\n" : "REJECTED: a payload does not match the signed manifest\n");
    return ok ? 0 : 1;
}

}  // namespace roja::ctl
