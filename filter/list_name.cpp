#include "filter/list_name.hpp"

#include "filter/domain_name.hpp"
#include "filter/list_ip.hpp"

namespace roja::filter {

namespace {

constexpr std::size_t kQuotedTextLimit = 80;

bool looks_like_ip(std::string_view text) noexcept {
    if (text.find(':') != std::string_view::npos) return true;
    for (char c : text)
        if (c != '.' && (c < '0' || c > '9')) return false;
    return true;
}

// Spellings that canonicalize() would accept but that no blocklist means as a plain name.
std::string_view unsupported_reason(std::string_view text) noexcept {
    boost::asio::ip::address address;
    if (looks_like_ip(text) && parse_ip_address(text, address)) return "an IP address, not a name";
    if (text.find('/') != std::string_view::npos) return "a URL path, not a name";
    if (text.find('*') != std::string_view::npos) return "a wildcard inside a name";
    return {};
}

bool is_listed_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '\\' || static_cast<unsigned char>(c) >= 0x80;
}

// DNS allows any octet, but a list line with ',' or '"' is a mistaken format, not a host name.
// Escapes ("a\\044b") still spell such octets deliberately.
std::string_view invalid_reason(std::string_view text) noexcept {
    if (text.find(':') != std::string_view::npos) return "':' in a name (a URL or a port?)";
    for (char c : text)
        if (!is_listed_name_char(c) && static_cast<unsigned char>(c) > 0x20 && c != 0x7f)
            return "a character no host name has";
    return {};
}

}  // namespace

std::string describe(std::string_view reason, std::string_view text) {
    std::string out(reason);
    out += ": '";
    out += text.substr(0, kQuotedTextLimit);
    if (text.size() > kQuotedTextLimit) out += "...";
    out += '\'';
    return out;
}

bool canonicalize_listed_name(std::string_view text, std::string& out, std::uint32_t line,
                              ParseReport& report) {
    if (const auto reason = unsupported_reason(text); !reason.empty()) {
        report.count_unsupported(line, describe(reason, text));
        return false;
    }
    if (const auto reason = invalid_reason(text); !reason.empty()) {
        report.count_invalid(line, describe(reason, text));
        return false;
    }
    if (auto r = canonicalize(text, out); !r) {
        report.count_invalid(line, describe(r.error().message(), text));
        return false;
    }
    if (out.empty()) {
        report.count_invalid(line, describe("the root cannot be listed", text));
        return false;
    }
    return true;
}

void emit_domain(ParseReport& report, EntrySink& sink, std::string_view canonical_name,
                 std::uint32_t line, Disposition disposition) {
    ListEntry entry;
    entry.type = EntryType::domain;
    entry.disposition = disposition;
    entry.value = canonical_name;
    entry.line = line;
    report.count(entry);
    sink.on_entry(entry);
}

}  // namespace roja::filter
