#include "filter/ip_prefix.hpp"

#include <charconv>

#include <boost/system/errc.hpp>

namespace roja::filter {

namespace {

constexpr unsigned kV4Offset = 96;

std::uint64_t load_be(const unsigned char* p) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
    return v;
}

void store_be(std::uint64_t v, unsigned char* p) noexcept {
    for (int i = 7; i >= 0; --i) {
        p[i] = static_cast<unsigned char>(v);
        v >>= 8;
    }
}

std::uint64_t high_bits(unsigned bits) noexcept {
    return bits == 0 ? 0 : bits >= 64 ? ~0ULL : ~0ULL << (64 - bits);
}

boost::system::error_code invalid() noexcept {
    return make_error_code(boost::system::errc::invalid_argument);
}

}  // namespace

// to_v4()/to_v6() throw only on the wrong family, which is_v4() rules out.
// NOLINTNEXTLINE(bugprone-exception-escape)
Address128 to_address128(const boost::asio::ip::address& address) noexcept {
    const auto v6 = address.is_v4() ? boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped,
                                                                       address.to_v4())
                                    : address.to_v6();
    const auto bytes = v6.to_bytes();
    return {load_be(bytes.data()), load_be(bytes.data() + 8)};
}

Address128 mask(Address128 address, unsigned length) noexcept {
    address.hi &= high_bits(length);
    address.lo &= high_bits(length > 64 ? length - 64 : 0);
    return address;
}

// NOLINTNEXTLINE(bugprone-exception-escape): see to_address128
IpPrefix IpPrefix::host(const boost::asio::ip::address& address) noexcept {
    return {to_address128(address), 128};
}

bool IpPrefix::is_v4() const noexcept {
    return length >= kV4Offset && bits.hi == 0 && (bits.lo >> 32) == 0xffff;
}

bool IpPrefix::contains(const boost::asio::ip::address& address) const noexcept {
    return mask(to_address128(address), length) == bits;
}

std::string IpPrefix::to_string() const {
    boost::asio::ip::address_v6::bytes_type bytes;
    store_be(bits.hi, bytes.data());
    store_be(bits.lo, bytes.data() + 8);
    const boost::asio::ip::address_v6 v6(bytes);
    if (is_v4()) {
        const auto v4 = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6);
        return v4.to_string() + "/" + std::to_string(length - kV4Offset);
    }
    return v6.to_string() + "/" + std::to_string(length);
}

Result<IpPrefix> parse_ip_prefix(std::string_view text) {
    const auto slash = text.find('/');
    const std::string address_text(text.substr(0, slash));
    // The address parser stops at a NUL; "1.2.3.4\0junk" must not pass as 1.2.3.4.
    if (address_text.find('\0') != std::string::npos) return invalid();
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(address_text, ec);
    // Scoped addresses ("fe80::1%eth0") name an interface, not a prefix.
    if (ec || (address.is_v6() && address.to_v6().scope_id() != 0)) return invalid();
    const unsigned max_length = address.is_v4() ? 32 : 128;
    unsigned length = max_length;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3) return invalid();
        const auto [end, err] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (err != std::errc() || end != digits.data() + digits.size() || length > max_length)
            return invalid();
    }
    if (address.is_v4()) length += kV4Offset;
    return IpPrefix{mask(to_address128(address), length), static_cast<std::uint8_t>(length)};
}

}  // namespace roja::filter
