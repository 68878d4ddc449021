#include "daemon/http/host_header.hpp"

#include <charconv>
#include <cstdint>

#include <boost/asio/ip/address.hpp>

namespace roja::http {

namespace {

bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

bool parse_port(std::string_view text, std::uint16_t& port) noexcept {
    if (text.empty()) return true;  // "host:" is allowed by RFC 3986
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

bool is_valid_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 253) return false;
    std::size_t label = 0;
    for (char c : name) {
        if (!is_host_char(c)) return false;
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
        } else if (++label > 63) {
            return false;
        }
    }
    return label > 0;
}

}  // namespace

HostName parse_host_header(std::string_view host) {
    HostName out;
    std::string_view name = host, port;
    if (host.starts_with('[')) {  // an IPv6 literal: "[::1]:80"
        const auto close = host.find(']');
        if (close == std::string_view::npos) return out;
        name = host.substr(1, close - 1);
        const std::string_view after = host.substr(close + 1);
        if (!after.empty() && after.front() != ':') return out;
        if (!after.empty()) port = after.substr(1);
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address_v6(std::string(name), ec);
        if (ec || !parse_port(port, out.port)) return out;
        out.status = HostStatus::address;
        return out;
    }
    if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        name = host.substr(0, colon);
        port = host.substr(colon + 1);
    }
    if (name.ends_with('.')) name.remove_suffix(1);
    if (!parse_port(port, out.port) || !is_valid_name(name)) return out;
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address_v4(std::string(name), ec);
    out.status = ec ? HostStatus::name : HostStatus::address;
    out.canonical.assign(name);
    for (char& c : out.canonical)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace roja::http
