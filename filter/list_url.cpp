#include "filter/list_url.hpp"

#include <charconv>

#include "filter/domain_name.hpp"
#include "filter/list_ip.hpp"

namespace roja::filter {

namespace {

bool is_scheme_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_escape(unsigned char c, std::string& out) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
}

// RFC 3986 6.2.2: decode escapes of unreserved characters, upper-case the others, and escape
// raw non-ASCII octets the way browsers send them.
std::string_view append_percent_normalized(std::string_view text, std::string& out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            append_escape(c, out);
            continue;
        }
        if (c != '%') {
            out.push_back(static_cast<char>(c));
            continue;
        }
        if (i + 2 >= text.size()) return "a bad percent escape";
        const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return "a bad percent escape";
        const auto decoded = static_cast<unsigned char>(high * 16 + low);
        if (is_unreserved(decoded)) {
            out.push_back(static_cast<char>(decoded));
        } else {
            append_escape(decoded, out);
        }
        i += 2;
    }
    return {};
}

// RFC 3986 5.2.4 for a path that starts with '/', appended to `out`.
void append_without_dot_segments(std::string_view path, std::string& out) {
    const std::size_t base = out.size();
    for (std::size_t i = 0; i < path.size();) {
        std::size_t j = path.find('/', i + 1);
        if (j == std::string_view::npos) j = path.size();
        const std::string_view segment = path.substr(i + 1, j - i - 1);
        if (segment == "." || segment == "..") {
            if (segment == "..") {
                const auto slash = out.rfind('/');
                out.resize(slash == std::string::npos || slash < base ? base : slash);
            }
            if (j == path.size()) out.push_back('/');
        } else {
            out.append(path.substr(i, j - i));
        }
        i = j;
    }
    if (out.size() == base) out.push_back('/');
}

// Splits "http://" (or "//") off; empty scheme when there is none.
std::string_view take_scheme(std::string_view& text, std::string_view& scheme) noexcept {
    scheme = {};
    const auto colon = text.find("://");
    const auto first_slash = text.find('/');
    if (colon != std::string_view::npos && colon < first_slash && colon > 0) {
        scheme = text.substr(0, colon);
        for (char c : scheme)
            if (!is_scheme_char(c)) return "a malformed scheme";
        text.remove_prefix(colon + 3);
    } else if (text.starts_with("//")) {
        text.remove_prefix(2);
    }
    return {};
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
}

}  // namespace

std::string_view UrlNormalizer::normalize(std::string_view text, std::string& out) {
    out.clear();
    if (text.size() > kMaxUrlChars) return "a URL longer than 8192 characters";
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return "a space or control character in the URL";
    std::string_view scheme;
    if (auto reason = take_scheme(text, scheme); !reason.empty()) return reason;
    const bool is_http = iequals(scheme, "http"), is_https = iequals(scheme, "https");
    if (!scheme.empty() && !is_http && !is_https) return "a scheme other than http or https";
    text = text.substr(0, text.find('#'));  // the fragment never reaches the server
    const auto path_start = text.find_first_of("/?");
    const bool no_scheme = scheme.empty();
    if (auto reason = append_authority(text.substr(0, path_start), is_http || no_scheme,
                                       is_https || no_scheme, out);
        !reason.empty())
        return reason;
    const std::string_view rest =
        path_start == std::string_view::npos ? std::string_view() : text.substr(path_start);
    const auto question = rest.find('?');
    scratch_.clear();
    if (auto reason = append_percent_normalized(rest.substr(0, question), scratch_);
        !reason.empty())
        return reason;
    append_without_dot_segments(scratch_, out);
    if (question == std::string_view::npos || question + 1 == rest.size()) return {};
    out.push_back('?');
    return append_percent_normalized(rest.substr(question + 1), out);
}

std::string_view UrlNormalizer::append_authority(std::string_view authority, bool drop_80,
                                                 bool drop_443, std::string& out) {
    if (const auto at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    std::string_view host = authority, port;
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (auto reason = append_host(host, out); !reason.empty()) return reason;
    if (port.empty()) return {};
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (ec != std::errc() || end != port.data() + port.size() || number == 0 || number > 65535)
        return "a port that is not a number from 1 to 65535";
    if ((drop_80 && number == 80) || (drop_443 && number == 443)) return {};
    out.push_back(':');
    out.append(std::to_string(number));
    return {};
}

std::string_view UrlNormalizer::append_host(std::string_view host, std::string& out) {
    if (host.empty()) return "no host in the URL";
    if (host.front() == '[') {
        boost::asio::ip::address address;
        if (host.back() != ']' || !parse_ip_address(host.substr(1, host.size() - 2), address) ||
            !address.is_v6())
            return "a malformed IPv6 host";
        if (!normalize_ip_prefix(host.substr(1, host.size() - 2), scratch_).empty())
            return "a malformed IPv6 host";
        out.push_back('[');
        out.append(std::string_view(scratch_).substr(0, scratch_.rfind('/')));
        out.push_back(']');
        return {};
    }
    if (auto r = canonicalize(host, scratch_); !r || scratch_.empty())
        return "an invalid host name";
    for (char c : scratch_)
        if (!is_host_char(c)) return "an invalid character in the host";
    out.append(scratch_);
    return {};
}

}  // namespace roja::filter
