#include "daemon/server/forwarded_answer.hpp"

#include <cstring>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/dns_constants.hpp"

namespace roja::server {

namespace {

using wire::load_u16;
using wire::store_u16;

}  // namespace

// OPT: root owner, TYPE 41, CLASS = our payload, TTL = ext-rcode 0, version 0, DO echoed, no
// options.
std::size_t write_client_opt(std::uint8_t* at, std::uint16_t our_payload, bool dnssec_ok) noexcept {
    at[0] = 0;
    store_u16(at + 1, wire::type::kOpt);
    store_u16(at + 3, our_payload);
    wire::store_u32(at + 5, dnssec_ok ? wire::kEdnsDoBit : 0);
    store_u16(at + 9, 0);
    return wire::kOptFixedSize;
}

std::size_t strip_opt(std::span<std::uint8_t> message, std::size_t length,
                      wire::ReplyView& view) noexcept {
    if (view.opt_offset == 0 || view.opt_offset + wire::kOptFixedSize > length) return length;
    std::uint8_t* opt = message.data() + view.opt_offset;
    const std::size_t opt_length = wire::kOptFixedSize + load_u16(opt + 9);
    const std::size_t tail = length - view.opt_offset - opt_length;
    std::memmove(opt, opt + opt_length, tail);  // OPT is usually last: then tail == 0
    for (std::size_t i = 0; i < view.ttl_count; ++i)
        if (view.ttl_offsets[i] > view.opt_offset)
            view.ttl_offsets[i] = static_cast<std::uint16_t>(view.ttl_offsets[i] - opt_length);
    store_u16(message.data() + 10, static_cast<std::uint16_t>(load_u16(message.data() + 10) - 1));
    view.opt_offset = 0;
    return length - opt_length;
}

std::size_t finish_forwarded_answer(std::span<std::uint8_t> out, std::size_t length,
                                    const wire::QueryView& query, std::size_t limit,
                                    std::uint16_t our_payload) noexcept {
    std::uint8_t* m = out.data();
    const auto qname = query.qname_wire();
    const std::size_t question_end = wire::kHeaderSize + qname.size() + 4;
    if (length < question_end || out.size() < question_end + wire::kOptFixedSize) return 0;
    store_u16(m, query.id);
    // RD mirrors the client's; RA is ours to state (we recurse for it); AA is dropped because a
    // forwarded or cached answer is not authoritative data of ours (as Unbound does).
    const std::uint16_t upstream_flags = load_u16(m + 2) & ~(wire::flag::kRd | wire::flag::kAa);
    const std::uint16_t flags = static_cast<std::uint16_t>(upstream_flags | wire::flag::kRa |
                                                           (query.flags & wire::flag::kRd));
    store_u16(m + 2, flags);
    std::memcpy(m + wire::kHeaderSize, qname.data(), qname.size());  // same name, the client's case
    const bool edns = query.edns.present;
    const std::size_t opt_size = edns ? wire::kOptFixedSize : 0;
    if (length + opt_size > limit || length + opt_size > out.size()) {
        // Too big for this client: header and question with TC, so it retries over TCP.
        length = question_end;
        store_u16(m + 2, static_cast<std::uint16_t>(load_u16(m + 2) | wire::flag::kTc));
        store_u16(m + 6, 0);
        store_u16(m + 8, 0);
        store_u16(m + 10, 0);
    }
    if (edns) {
        length += write_client_opt(m + length, our_payload, query.edns.dnssec_ok);
        store_u16(m + 10, static_cast<std::uint16_t>(load_u16(m + 10) + 1));
    }
    return length;
}

}  // namespace roja::server
