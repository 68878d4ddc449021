// admin, stats and audit: the admin listener and its tokens, the hit statistics, the audit log's
// rotation and signed checkpoints.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

constexpr std::uint16_t kDefaultAdminPort = 8053;

std::optional<std::string> read_sha256(const Field& field) {
    auto text = read_scalar(field, "64 hex digits (sha256sum of the token)");
    if (!text) return std::nullopt;
    std::transform(text->begin(), text->end(), text->begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool is_hex = text->size() == 64 && std::all_of(text->begin(), text->end(), [](char c) {
                            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                        });
    if (!is_hex) {
        field.report_expected(
            "64 hex digits (sha256sum of the token; the token itself never goes in the file)");
        return std::nullopt;
    }
    return text;
}

ApiToken read_token(const Field& field) {
    ApiToken token;
    MapReader map(field);
    if (!map.find("name")) map.report_missing("name");
    map.read("name", token.name, read_text);
    if (!map.find("role")) map.report_missing("role");
    map.read("role", token.role,
             [](const Field& value) { return read_choice<ApiRole>(value, kApiRoleNames); });
    if (!map.find("sha256")) map.report_missing("sha256");
    map.read("sha256", token.sha256, read_sha256);
    map.report_unknown_keys();
    return token;
}

std::vector<ApiToken> read_tokens(const Field& field) {
    std::vector<ApiToken> tokens;
    if (field.node.IsNull()) return tokens;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of tokens, each a map with name, role and sha256");
        return tokens;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node) {
        const Field item = field.item(index++, node);
        ApiToken token = read_token(item);
        const auto same = [&](const ApiToken& other) {
            return !token.sha256.empty() && other.sha256 == token.sha256;
        };
        if (std::any_of(tokens.begin(), tokens.end(), same))
            item.report("the same token is listed twice");
        tokens.push_back(std::move(token));
    }
    return tokens;
}

auto days_reader(std::chrono::days max) {
    return [max](const Field& value) -> std::optional<std::chrono::days> {
        const auto duration = read_duration(value, std::chrono::days(1), max);
        if (!duration) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::days>(*duration);
    };
}

auto seconds_reader(std::chrono::seconds min, std::chrono::seconds max) {
    return [=](const Field& value) -> std::optional<std::chrono::seconds> {
        const auto duration = read_duration(value, min, max);
        if (!duration) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::seconds>(*duration);
    };
}

}  // namespace

AdminConfig read_admin(const Field& field) {
    AdminConfig admin;
    MapReader map(field);
    map.read("enabled", admin.enabled, read_bool);
    map.read("listen", admin.listen,
             [](const Field& value) { return read_endpoint(value, kDefaultAdminPort); });
    if (const auto tokens = map.find("tokens")) admin.tokens = read_tokens(*tokens);
    map.read("tls_certificate", admin.tls_certificate, read_text);
    map.read("tls_key", admin.tls_key, read_text);
    if (admin.tls_certificate.empty() != admin.tls_key.empty())
        map.field().report("tls_certificate and tls_key go together");
    map.read("metrics_token", admin.metrics_token, read_bool);
    map.report_unknown_keys();
    return admin;
}

StatsConfig read_stats(const Field& field) {
    StatsConfig stats;
    MapReader map(field);
    map.read("enabled", stats.enabled, read_bool);
    map.read("flush_interval", stats.flush_interval,
             seconds_reader(std::chrono::seconds(1), std::chrono::minutes(10)));
    map.read("retention", stats.retention, days_reader(std::chrono::days(3660)));
    map.read("client_log", stats.client_log, read_bool);
    map.read("client_log_retention", stats.client_log_retention,
             days_reader(std::chrono::days(3660)));
    map.read("client_log_buffer", stats.client_log_buffer,
             [](const Field& value) { return read_integer(value, 256, 1'000'000); });
    // Refused rather than silently ignored: whoever turns it on expects a log.
    if (stats.client_log && !stats.enabled)
        map.field().report(
            "client_log needs enabled: true (it is written with the hit statistics)");
    map.report_unknown_keys();
    return stats;
}

AuditConfig read_audit(const Field& field) {
    AuditConfig audit;
    MapReader map(field);
    map.read("rotate_bytes", audit.rotate_bytes,
             [](const Field& value) { return read_size(value, 1024, 1ULL << 40); });
    map.read("signing_key", audit.signing_key, read_text);
    map.read("checkpoint_records", audit.checkpoint_records,
             [](const Field& value) { return read_integer(value, 0, 1'000'000); });
    map.read("checkpoint_interval", audit.checkpoint_interval,
             seconds_reader(std::chrono::seconds(0), std::chrono::days(7)));
    const bool wants_checkpoints =
        audit.checkpoint_records > 0 || audit.checkpoint_interval.count() > 0;
    if (wants_checkpoints && audit.signing_key.empty())
        map.field().report(
            "checkpoint_records and checkpoint_interval need signing_key (an Ed25519 private key)");
    if (!audit.signing_key.empty() && !wants_checkpoints) audit.checkpoint_records = 1000;
    map.report_unknown_keys();
    return audit;
}

}  // namespace roja::config
