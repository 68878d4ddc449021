// Query decoding: the checks a recursive front end applies before answering (docs/wire.md).
#include <algorithm>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/query_view.hpp"

namespace roja::wire {

namespace {

struct Counts {
    std::uint16_t question, answer, authority, additional;
};

Counts read_counts(const std::uint8_t* header) noexcept {
    return {load_u16(header + 4), load_u16(header + 6), load_u16(header + 8),
            load_u16(header + 10)};
}

// The question sits at offset 12 with nothing before it, so a pointer there is never valid.
Result<std::size_t> read_question(std::span<const std::uint8_t> packet, QueryView& out) noexcept {
    auto name = read_name(packet, kHeaderSize, Compression::forbidden,
                          {out.name_text_.data(), out.name_wire_.data()});
    if (!name) return name.error();
    if (packet.size() - name->next < 4) return WireError::truncated;
    out.name_text_length_ = name->text_length;
    out.name_wire_length_ = name->wire_length;
    out.qtype = load_u16(packet.data() + name->next);
    out.qclass = load_u16(packet.data() + name->next + 2);
    out.has_question = true;
    return name->next + 4;
}

// Additional records: at most one OPT, at the root; anything else is validated and ignored.
Result<std::size_t> read_additional(std::span<const std::uint8_t> packet, std::size_t pos,
                                    std::uint16_t count, QueryView& out) noexcept {
    bool seen_opt = false;
    for (std::uint16_t i = 0; i < count; ++i) {
        auto record = read_record(packet, pos);
        if (!record) return record.error();
        if (record->type == type::kOpt) {
            if (seen_opt) {
                out.edns.present = false;  // which one to believe is unknowable
                return WireError::duplicate_opt;
            }
            seen_opt = true;
            if (auto r = read_opt(packet, *record, out.edns); !r) {
                out.edns.present = false;
                return r.error();
            }
        }
        pos = record->next;
    }
    return pos;
}

Result<void> read_body(std::span<const std::uint8_t> packet, QueryView& out) noexcept {
    const Counts counts = read_counts(packet.data());
    if (counts.question != 1) return WireError::bad_question_count;
    auto pos = read_question(packet, out);
    if (!pos) return pos.error();
    // Unbound and PowerDNS refuse queries that carry answer or authority records.
    if (counts.answer != 0 || counts.authority != 0) return WireError::records_in_query;
    auto end = read_additional(packet, *pos, counts.additional, out);
    if (!end) return end.error();
    if (*end != packet.size()) return WireError::trailing_garbage;
    return {};
}

}  // namespace

std::size_t QueryView::udp_answer_limit(std::uint16_t our_limit) const noexcept {
    if (!edns.present) return kMinUdpPayload;
    const std::size_t ours = std::max<std::size_t>(our_limit, kMinUdpPayload);
    return std::min<std::size_t>(edns.udp_size, ours);
}

void decode_query(std::span<const std::uint8_t> packet, QueryView& out) noexcept {
    out.status = QueryStatus::drop;
    out.reason = {};
    out.has_question = false;
    out.edns = {};
    out.name_text_length_ = out.name_wire_length_ = 0;
    out.qtype = out.qclass = 0;
    if (packet.size() < kHeaderSize) return;
    out.id = load_u16(packet.data());
    out.flags = load_u16(packet.data() + 2);
    if ((out.flags & flag::kQr) != 0) return;
    auto body = read_body(packet, out);
    if (out.opcode() != opcode::kQuery) {
        out.status = QueryStatus::notimp;
        if (!body) out.has_question = out.edns.present = false;  // echo only what was clean
        return;
    }
    if (!body) {
        out.status = QueryStatus::formerr;
        out.reason = static_cast<WireError>(body.error().value());  // only WireErrors reach here
        if (out.reason == WireError::bad_question_count) out.has_question = false;
        return;
    }
    out.status = out.edns.version > 0 ? QueryStatus::badvers : QueryStatus::ok;
}

}  // namespace roja::wire
