// Address parsing through a stack buffer (Asio wants NUL-terminated text) and prefix checks.
#include "filter/list_ip.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>

namespace roja::filter {

namespace {

constexpr std::size_t kMaxAddressText = 64;  // longest IPv6 text with a scope id fits easily

// Writes the canonical text of `address` (inet_ntop: lower case, "::" compression).
void append_address(const boost::asio::ip::address& address, std::string& out) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        inet_ntop(AF_INET, bytes.data(), text.data(), text.size());
    } else {
        const auto bytes = address.to_v6().to_bytes();
        inet_ntop(AF_INET6, bytes.data(), text.data(), text.size());
    }
    out.append(text.data());
}

// True when every bit of `bytes` after the first `length` bits is zero.
template <class Bytes>
bool host_bits_zero(const Bytes& bytes, unsigned length) noexcept {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned first_bit = static_cast<unsigned>(i) * 8;
        if (first_bit + 8 <= length) continue;
        const unsigned kept = length > first_bit ? length - first_bit : 0;
        const auto mask = static_cast<unsigned char>(0xffu >> kept);
        if (bytes[i] & mask) return false;
    }
    return true;
}

}  // namespace

bool parse_ip_address(std::string_view text, boost::asio::ip::address& out) noexcept {
    if (text.empty() || text.size() >= kMaxAddressText) return false;
    std::array<char, kMaxAddressText> buffer{};
    text.copy(buffer.data(), text.size());
    boost::system::error_code error;
    auto address = boost::asio::ip::make_address(buffer.data(), error);
    if (error) return false;
    out = address;
    return true;
}

std::string_view normalize_ip_prefix(std::string_view text, std::string& out) {
    out.clear();
    const auto slash = text.find('/');
    boost::asio::ip::address address;
    if (!parse_ip_address(text.substr(0, slash), address)) return "not an IP address";
    if (address.is_v6() && address.to_v6().scope_id() != 0)
        return "an IPv6 scope id cannot be listed";
    const unsigned max_length = address.is_v4() ? 32 : 128;
    unsigned length = max_length;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        const auto [end, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (digits.empty() || digits.size() > 3 || ec != std::errc() ||
            end != digits.data() + digits.size())
            return "prefix length is not a number";
        if (length > max_length)
            return address.is_v4() ? "IPv4 prefix longer than 32" : "IPv6 prefix longer than 128";
    }
    const bool zero = address.is_v4() ? host_bits_zero(address.to_v4().to_bytes(), length)
                                      : host_bits_zero(address.to_v6().to_bytes(), length);
    if (!zero) return "host bits set below the prefix length";
    append_address(address, out);
    out.push_back('/');
    out.append(std::to_string(length));
    return {};
}

}  // namespace roja::filter
