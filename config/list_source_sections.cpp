// A list's `source:` map: the RPZ primary a list is transferred from instead of a file
// (docs/rpz-export.md, "Consumer"), with its TSIG key and the caps on what it may send.
#include <filesystem>

#include "config/map_reader.hpp"
#include "config/sections.hpp"
#include "filter/domain_name.hpp"

namespace roja::config {

namespace {

constexpr std::string_view kKeyShape =
    "a map with name and one of secret_file or key_file (algorithm hmac-sha256)";

std::optional<std::string> read_key_name(const Field& field) {
    auto text = read_scalar(field, "a TSIG key name");
    if (!text) return std::nullopt;
    std::string canonical;
    if (!filter::canonicalize(*text, canonical) || canonical.empty()) {
        field.report_expected("a TSIG key name");
        return std::nullopt;
    }
    return canonical;
}

std::optional<TransferKeyConfig> read_transfer_key(const Field& field) {
    if (!field.node.IsMap()) {
        field.report_expected(kKeyShape);
        return std::nullopt;
    }
    TransferKeyConfig key;
    MapReader map(field);
    if (!map.find("name")) map.report_missing("name");
    map.read("name", key.name, read_key_name);
    if (const auto algorithm = map.find("algorithm")) {
        const auto text = read_scalar(*algorithm, "hmac-sha256");
        if (text && *text != "hmac-sha256") algorithm->report_expected("hmac-sha256");
    }
    map.read("secret_file", key.secret_file, read_text);
    map.read("key_file", key.key_file, read_text);
    if (key.secret_file.empty() == key.key_file.empty())
        field.report("expected one of secret_file or key_file");
    map.report_unknown_keys();
    return key;
}

}  // namespace

std::optional<RpzPrimaryConfig> read_list_source(const Field& field) {
    if (!field.node.IsMap()) {
        field.report_expected("a map with primary and zone");
        return std::nullopt;
    }
    RpzPrimaryConfig source;
    MapReader map(field);
    if (!map.find("primary")) map.report_missing("primary");
    map.read("primary", source.primary,
             [](const Field& value) { return read_endpoint(value, kDnsPort); });
    if (!map.find("zone")) map.report_missing("zone");
    map.read("zone", source.zone, read_zone_name);
    map.read("tsig", source.tsig, read_transfer_key);
    map.read("notify_listen", source.notify_listen,
             [](const Field& value) { return read_endpoint(value, kDnsPort); });
    map.read("max_bytes", source.max_bytes, [](const Field& value) {
        return read_size(value, 4096, std::uint64_t{64} * 1024 * kMiB);
    });
    map.read("max_records", source.max_records,
             [](const Field& value) { return read_integer(value, 1, 1'000'000'000); });
    map.read("timeout", source.timeout,
             [](const Field& value) -> std::optional<std::chrono::seconds> {
                 const auto duration =
                     read_duration(value, std::chrono::seconds(1), std::chrono::hours(24));
                 if (!duration) return std::nullopt;
                 return std::chrono::duration_cast<std::chrono::seconds>(*duration);
             });
    map.report_unknown_keys();
    return source;
}

std::string transferred_zone_path(const Config& config, const ListConfig& list) {
    return (std::filesystem::path(config.state_dir) / "rpz-secondary" / (list.id + ".zone"))
        .string();
}

}  // namespace roja::config
