// local_records: the network's own names (A, AAAA, CNAME, PTR, TXT, MX, SRV) with their values
// parsed here, so a bad value is reported at its line and column.
#include <algorithm>
#include <charconv>

#include "config/map_reader.hpp"
#include "config/sections.hpp"
#include "filter/domain_name.hpp"

namespace roja::config {

namespace {

constexpr std::size_t kMaxRecords = 100'000;
constexpr std::size_t kMaxTxtBytes = 4000;  // several 255-octet strings, one UDP answer

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto begin = text.find_first_not_of(" \t");
        if (begin == std::string_view::npos) break;
        text.remove_prefix(begin);
        const auto end = std::min(text.find_first_of(" \t"), text.size());
        out.push_back(text.substr(0, end));
        text.remove_prefix(end);
    }
    return out;
}

std::optional<std::uint16_t> to_u16(std::string_view word) {
    std::uint16_t value = 0;
    const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
    return value;
}

bool read_target(std::string_view text, std::string& out) {
    return filter::canonicalize(text, out) && !out.empty();
}

// The value's form for each type; false when it does not fit (the caller reports).
bool parse_value(std::string_view text, LocalRecordConfig& record) {
    const auto parts = words(text);
    boost::system::error_code ec;
    switch (record.type) {
        case LocalRecordType::a:
        case LocalRecordType::aaaa:
            record.address = boost::asio::ip::make_address(std::string(text), ec);
            return !ec && record.address.is_v4() == (record.type == LocalRecordType::a);
        case LocalRecordType::cname:
        case LocalRecordType::ptr:
            return read_target(text, record.target);
        case LocalRecordType::txt:
            record.text = std::string(text);
            return text.size() <= kMaxTxtBytes;
        case LocalRecordType::mx: {
            const auto preference = parts.size() == 2 ? to_u16(parts[0]) : std::nullopt;
            if (preference) record.priority = *preference;
            return preference && read_target(parts[1], record.target);
        }
        case LocalRecordType::srv: {
            if (parts.size() != 4) return false;
            const auto priority = to_u16(parts[0]), weight = to_u16(parts[1]),
                       port = to_u16(parts[2]);
            if (!priority || !weight || !port) return false;
            record.priority = *priority;
            record.weight = *weight;
            record.port = *port;
            return read_target(parts[3], record.target);
        }
    }
    return false;
}

constexpr std::array<std::string_view, 7> kValueForms{
    "an IPv4 address",
    "an IPv6 address",
    "a domain name",
    "a domain name",
    "a text of at most 4000 bytes",
    "\"PREFERENCE NAME\" such as \"10 mail.school.local\"",
    "\"PRIORITY WEIGHT PORT TARGET\" such as \"0 100 389 dc.school.local\""};

std::optional<LocalRecordConfig> read_record(const Field& field) {
    LocalRecordConfig record;
    MapReader map(field);
    bool is_complete = true;
    const auto require = [&](std::string_view key) {
        auto found = map.find(key);
        if (!found) map.report_missing(key);
        is_complete = is_complete && found.has_value();
        return found;
    };
    if (const auto name = require("name")) {
        auto value = read_domain_name(*name, "a domain name such as intranet.school.local");
        if (value) record.name = std::move(*value);
        is_complete = is_complete && value.has_value();
    }
    if (const auto type = require("type")) {
        auto value = read_choice<LocalRecordType>(*type, kLocalRecordTypeNames);
        if (value) record.type = *value;
        is_complete = is_complete && value.has_value();
    }
    if (const auto value = require("value"); value && is_complete) {
        const auto text = read_scalar(*value, kValueForms[static_cast<std::size_t>(record.type)]);
        if (text && !parse_value(*text, record)) {
            value->report_expected(kValueForms[static_cast<std::size_t>(record.type)]);
            is_complete = false;
        }
        is_complete = is_complete && text.has_value();
    }
    map.read("ttl", record.ttl, [](const Field& value) { return read_ttl(value, kMaxTtl); });
    map.read("override", record.override, read_bool);
    map.report_unknown_keys();
    if (!is_complete) return std::nullopt;
    return record;
}

// RFC 1034 3.6.2: a name with a CNAME has no other data.
void check_cname_alone(const Field& field, const std::vector<LocalRecordConfig>& records) {
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].type != LocalRecordType::cname) continue;
        for (std::size_t j = 0; j < records.size(); ++j) {
            if (j == i || records[j].name != records[i].name) continue;
            field.item(std::max(i, j), field.node[std::max(i, j)])
                .report("\"" + records[i].name + "\" has a CNAME and other records");
            return;
        }
    }
}

}  // namespace

LocalRecordsConfig read_local_records(const Field& field) {
    LocalRecordsConfig local;
    MapReader map(field);
    map.read("ttl", local.ttl, [](const Field& value) { return read_ttl(value, kMaxTtl); });
    map.read("generate_ptr", local.generate_ptr, read_bool);
    map.read("hosts_files", local.hosts_files,
             [](const Field& list) { return read_list(list, read_text); });
    if (const auto records = map.find("records")) {
        auto values = read_list(*records, read_record);
        if (values && values->size() > kMaxRecords)
            records->report("at most " + std::to_string(kMaxRecords) + " records");
        else if (values) {
            check_cname_alone(*records, *values);
            local.records = std::move(*values);
        }
    }
    map.report_unknown_keys();
    return local;
}

}  // namespace roja::config
