#include "daemon/server/safe_search_answer.hpp"

#include <algorithm>
#include <cstring>

#include "daemon/server/forwarded_answer.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::server {

void EndpointAddresses::on_address(std::string_view,
                                   std::span<const std::uint8_t> address) noexcept {
    if (count_ == kMax || address.size() > 16) return;
    std::copy(address.begin(), address.end(), bytes_[count_].begin());
    sizes_[count_] = static_cast<std::uint8_t>(address.size());
    ++count_;
}

wire::QueryView retarget(const wire::QueryView& query, std::string_view target) noexcept {
    wire::QueryView out = query;
    const auto length = wire::encode_name(target, out.name_wire_);
    out.name_wire_length_ = length ? *length : 0;
    const std::size_t n = std::min(target.size(), out.name_text_.size());
    std::copy_n(target.data(), n, out.name_text_.data());
    out.name_text_length_ = n;
    return out;
}

namespace {

// Appends one record; `owner` is a compression pointer. Returns false when it does not fit.
bool put_record(std::span<std::uint8_t> out, std::size_t limit, std::size_t& pos,
                std::uint16_t owner, std::uint16_t type, std::uint32_t ttl,
                std::span<const std::uint8_t> rdata) {
    const std::size_t size = 2 + 10 + rdata.size();
    if (pos + size > std::min(limit, out.size())) return false;
    std::uint8_t* p = out.data() + pos;
    wire::store_u16(p, static_cast<std::uint16_t>(0xC000 | owner));
    wire::store_u16(p + 2, type);
    wire::store_u16(p + 4, wire::kClassIn);
    wire::store_u32(p + 6, ttl);
    wire::store_u16(p + 10, static_cast<std::uint16_t>(rdata.size()));
    std::memcpy(p + 12, rdata.data(), rdata.size());
    pos += size;
    return true;
}

}  // namespace

std::size_t write_safe_search_answer(std::span<std::uint8_t> out, std::size_t limit,
                                     const wire::QueryView& query, std::string_view target,
                                     std::uint32_t cname_ttl, const EndpointAddresses& addresses,
                                     std::uint32_t address_ttl,
                                     std::uint16_t our_payload) noexcept {
    const auto qname = query.qname_wire();
    std::size_t pos = wire::kHeaderSize + qname.size() + 4;
    const std::size_t opt = query.edns.present ? wire::kOptFixedSize : 0;
    if (pos + opt > std::min(limit, out.size())) return 0;
    std::uint8_t* m = out.data();
    wire::store_u16(m, query.id);
    wire::store_u16(m + 2, static_cast<std::uint16_t>(wire::flag::kQr | wire::flag::kRa |
                                                      (query.flags & wire::flag::kRd)));
    wire::store_u16(m + 4, 1);
    std::memcpy(m + wire::kHeaderSize, qname.data(), qname.size());
    wire::store_u16(m + wire::kHeaderSize + qname.size(), query.qtype);
    wire::store_u16(m + wire::kHeaderSize + qname.size() + 2, query.qclass);

    std::array<std::uint8_t, wire::kMaxNameOctets> target_wire{};
    const auto target_length = wire::encode_name(target, target_wire);
    if (!target_length) return 0;
    const auto target_at = static_cast<std::uint16_t>(pos + 12);  // where the CNAME's RDATA lands
    std::uint16_t answers = 0;
    if (!put_record(out, limit - opt, pos, wire::kHeaderSize, wire::type::kCname, cname_ttl,
                    {target_wire.data(), *target_length}))
        return 0;
    ++answers;
    const std::uint32_t ttl = std::min(cname_ttl, address_ttl);
    for (std::size_t i = 0; i < addresses.count(); ++i) {
        const auto address = addresses.address(i);
        const std::uint16_t type = address.size() == 4 ? wire::type::kA : wire::type::kAaaa;
        if (type != query.qtype) continue;
        if (!put_record(out, limit - opt, pos, target_at, type, ttl, address)) break;
        ++answers;
    }
    wire::store_u16(m + 6, answers);
    wire::store_u16(m + 8, 0);
    wire::store_u16(m + 10, 0);
    if (opt != 0) {
        pos += write_client_opt(m + pos, our_payload, query.edns.dnssec_ok);
        wire::store_u16(m + 10, 1);
    }
    return pos;
}

}  // namespace roja::server
