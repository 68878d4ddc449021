// Format names and the guess `rojactl list check` and file drops use when none is configured.
#include "filter/list_format.hpp"

#include <array>

#include "filter/line_reader.hpp"
#include "filter/list_ip.hpp"

namespace roja::filter {

namespace {

constexpr std::array<std::string_view, 5> kFormatNames = {"plain", "hosts", "adblock", "rpz",
                                                          "csv"};
constexpr std::size_t kLinesToInspect = 50;

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_csv_header(std::string_view line) noexcept {
    bool id = false, type = false, value = false;
    while (!line.empty()) {
        const auto comma = line.find(',');
        std::string_view column = trim_blanks(line.substr(0, comma));
        if (column.size() >= 2 && column.front() == '"' && column.back() == '"')
            column = column.substr(1, column.size() - 2);
        id |= iequals(column, "id");
        type |= iequals(column, "type");
        value |= iequals(column, "value");
        line = comma == std::string_view::npos ? std::string_view() : line.substr(comma + 1);
    }
    return id && type && value;
}

bool is_rpz_line(std::string_view line) noexcept {
    if (line.starts_with("$ORIGIN") || line.starts_with("$TTL") || line.starts_with("@"))
        return true;
    for (std::string_view marker : {" SOA ", "\tSOA\t", "\tSOA ", " SOA\t", "CNAME .", "CNAME\t."})
        if (line.find(marker) != std::string_view::npos) return true;
    return false;
}

bool is_hosts_line(std::string_view line) noexcept {
    const std::string_view address = next_token(line);
    boost::asio::ip::address parsed;
    return !next_token(line).empty() && parse_ip_address(address, parsed);
}

bool is_adblock_line(std::string_view line) noexcept {
    return line.starts_with("||") || line.starts_with("@@") || line.starts_with("!") ||
           line.starts_with("[Adblock");
}

}  // namespace

std::string_view to_string(ListFormat format) noexcept {
    return kFormatNames[static_cast<std::size_t>(format)];
}

std::optional<ListFormat> list_format_from_string(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kFormatNames.size(); ++i)
        if (name == kFormatNames[i]) return static_cast<ListFormat>(i);
    return std::nullopt;
}

ListFormat guess_list_format(std::string_view content) noexcept {
    LineReader lines(content);
    std::string_view line;
    std::size_t inspected = 0;
    while (inspected < kLinesToInspect && lines.next(line)) {
        line = trim_blanks(line);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (inspected++ == 0 && is_csv_header(line)) return ListFormat::csv;
        if (is_adblock_line(line)) return ListFormat::adblock;
        if (is_rpz_line(line)) return ListFormat::rpz;
        if (is_hosts_line(line)) return ListFormat::hosts;
    }
    return ListFormat::plain;
}

}  // namespace roja::filter
