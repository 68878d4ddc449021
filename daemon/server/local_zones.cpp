#include "daemon/server/local_zones.hpp"

#include <array>
#include <string>

#include "daemon/wire/answer_writer.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::server {

namespace {

constexpr std::uint16_t kQtypeAny = 255;
// RFC 6303, section 3: the SOA's fields. The TTL is the negative-caching time (MINIMUM).
constexpr std::uint32_t kSoaTtl = 10800;
constexpr std::array<std::uint32_t, 5> kSoaNumbers{1, 604800, 86400, 2419200, 10800};
constexpr std::string_view kSoaRname = "nobody.invalid";

std::vector<std::string_view> make_zone_list() {
    static const std::vector<std::string> owned = [] {
        std::vector<std::string> zones = {
            "10.in-addr.arpa",
            "168.192.in-addr.arpa",
            "0.in-addr.arpa",
            "127.in-addr.arpa",
            "254.169.in-addr.arpa",
            "2.0.192.in-addr.arpa",
            "100.51.198.in-addr.arpa",
            "113.0.203.in-addr.arpa",
            "255.255.255.255.in-addr.arpa",
            "d.f.ip6.arpa",
            "8.e.f.ip6.arpa",
            "9.e.f.ip6.arpa",
            "a.e.f.ip6.arpa",
            "b.e.f.ip6.arpa",
            "8.b.d.0.1.0.0.2.ip6.arpa",
            "home.arpa",
        };
        for (int octet = 16; octet <= 31; ++octet)  // 172.16.0.0/12
            zones.push_back(std::to_string(octet) + ".172.in-addr.arpa");
        for (int octet = 64; octet <= 127; ++octet)  // 100.64.0.0/10 (RFC 7793)
            zones.push_back(std::to_string(octet) + ".100.in-addr.arpa");
        std::string zeros;
        for (int nibble = 0; nibble < 31; ++nibble) zeros += "0.";
        zones.push_back("0." + zeros + "ip6.arpa");  // ::/128
        zones.push_back("1." + zeros + "ip6.arpa");  // ::1/128
        return zones;
    }();
    return {owned.begin(), owned.end()};
}

// MNAME points at the apex in the question; RNAME is nobody.invalid.
std::size_t soa_rdata(const std::array<std::uint8_t, 2>& apex, std::span<std::uint8_t> out) {
    std::copy(apex.begin(), apex.end(), out.begin());
    const std::size_t rname = wire::encode_name(kSoaRname, out.subspan(2)).value();
    std::size_t at = 2 + rname;
    for (std::uint32_t value : kSoaNumbers) {
        wire::store_u32(out.data() + at, value);
        at += 4;
    }
    return at;
}

}  // namespace

const std::vector<std::string_view>& locally_served_zones() {
    static const std::vector<std::string_view> zones = make_zone_list();
    return zones;
}

Result<std::span<const std::uint8_t>> write_local_zone_answer(std::span<std::uint8_t> out,
                                                              std::size_t limit,
                                                              const wire::QueryView& query,
                                                              std::string_view apex) noexcept {
    std::array<std::uint8_t, wire::kMaxNameOctets> scratch{};
    const auto apex_octets = wire::encode_name(apex, scratch);
    if (!apex_octets) return apex_octets.error();
    const bool at_apex = query.qname().size() == apex.size();
    wire::AnswerWriter writer(out, limit);
    writer.start(query, at_apex ? wire::Rcode::NoError : wire::Rcode::NxDomain);
    const auto pointer = writer.question_pointer(*apex_octets);
    std::array<std::uint8_t, 64> soa{};
    const std::size_t soa_length = soa_rdata(pointer, soa);
    const bool wants_soa = query.qtype == wire::type::kSoa || query.qtype == kQtypeAny;
    const bool wants_ns = query.qtype == wire::type::kNs || query.qtype == kQtypeAny;
    if (at_apex && wants_soa)
        writer.add_answer(wire::type::kSoa, kSoaTtl, std::span(soa).first(soa_length));
    if (at_apex && wants_ns) writer.add_answer(wire::type::kNs, kSoaTtl, pointer);
    if (!at_apex || !(wants_soa || wants_ns))
        writer.add_authority(*apex_octets, wire::type::kSoa, kSoaTtl,
                             std::span(soa).first(soa_length));
    return writer.finish();
}

}  // namespace roja::server
