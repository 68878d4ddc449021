// write_upstream_query: header, question, OPT, with the size checked once up front.
#include "daemon/wire/upstream_query.hpp"

#include <cstring>

#include "daemon/wire/byte_io.hpp"

namespace roja::wire {

Result<std::size_t> write_upstream_query(const QueryView& query, std::uint16_t id,
                                         std::span<std::uint8_t> out,
                                         std::uint16_t payload_size) noexcept {
    if (!query.has_question) return WireError::bad_question_count;
    const auto qname = query.qname_wire();
    const std::size_t size = kHeaderSize + qname.size() + 4 + kOptFixedSize;
    if (out.size() < size) return WireError::output_too_small;
    std::uint8_t* p = out.data();
    store_u16(p, id);
    store_u16(p + 2, static_cast<std::uint16_t>(flag::kRd | (query.flags & flag::kCd)));
    store_u16(p + 4, 1);
    store_u16(p + 6, 0);
    store_u16(p + 8, 0);
    store_u16(p + 10, 1);
    p += kHeaderSize;
    std::memcpy(p, qname.data(), qname.size());
    p += qname.size();
    store_u16(p, query.qtype);
    store_u16(p + 2, query.qclass);
    p += 4;
    p[0] = 0;  // OPT owner: the root
    store_u16(p + 1, type::kOpt);
    store_u16(p + 3, payload_size < kMinUdpPayload ? kMinUdpPayload : payload_size);
    store_u32(p + 5, query.edns.dnssec_ok ? kEdnsDoBit : 0u);
    store_u16(p + 9, 0);
    return size;
}

}  // namespace roja::wire
