// walk_message: one pass over an upstream reply, checking every length and name on the way.
#include <algorithm>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/reply_view.hpp"

namespace roja::wire {

namespace {

enum class Section { answer, authority, additional };

// RFC 2181 8: a TTL with the top bit set is read as zero.
std::uint32_t effective_ttl(std::uint32_t ttl) noexcept {
    return (ttl & 0x80000000u) ? 0 : ttl;
}

// A name inside RDATA must end inside it; returns the offset after it.
Result<std::size_t> rdata_name(std::span<const std::uint8_t> message, std::size_t pos,
                               const RecordHeader& record, NameOutput output = {}) noexcept {
    auto name = read_name(message.first(record.next), pos, Compression::backwards, output);
    if (!name) return name.error();
    return name->next;
}

// The layouts Roja relies on are checked exactly; other types only for bounds.
Result<void> check_rdata(std::span<const std::uint8_t> message,
                         const RecordHeader& record) noexcept {
    switch (record.type) {
        case type::kA:
            return record.rdlength == 4 ? Result<void>{} : WireError::bad_rdata;
        case type::kAaaa:
            return record.rdlength == 16 ? Result<void>{} : WireError::bad_rdata;
        case type::kCname:
        case type::kNs: {
            auto end = rdata_name(message, record.rdata, record);
            if (!end) return end.error();
            return *end == record.next ? Result<void>{} : WireError::bad_rdata;
        }
        case type::kSoa: {
            auto mname_end = rdata_name(message, record.rdata, record);
            if (!mname_end) return mname_end.error();
            auto rname_end = rdata_name(message, *mname_end, record);
            if (!rname_end) return rname_end.error();
            return record.next - *rname_end == 20 ? Result<void>{} : WireError::bad_rdata;
        }
        default:
            return {};
    }
}

void note_ttl(const RecordHeader& record, ReplyView& out) noexcept {
    if (out.ttl_count == kMaxTtlOffsets) {
        out.too_many_records = true;
        return;
    }
    out.ttl_offsets[out.ttl_count++] = static_cast<std::uint16_t>(record.ttl_offset);
}

void note_answer(std::span<const std::uint8_t> message, const RecordHeader& record, ReplyView& out,
                 RecordVisitor* visitor) noexcept {
    const std::uint32_t ttl = effective_ttl(record.ttl);
    out.min_answer_ttl = out.has_answer_ttl ? std::min(out.min_answer_ttl, ttl) : ttl;
    out.has_answer_ttl = true;
    const bool wanted =
        record.type == type::kA || record.type == type::kAaaa || record.type == type::kCname;
    if (visitor == nullptr || !wanted) return;
    std::array<char, kMaxNameChars> owner{};
    // Both names were validated by check_rdata and read_record, so these reads succeed.
    auto owner_name = read_name(message, record.owner, Compression::backwards, {owner.data()});
    const std::string_view owner_text(owner.data(), owner_name ? owner_name->text_length : 0);
    if (record.type != type::kCname) {
        visitor->on_address(owner_text, message.subspan(record.rdata, record.rdlength));
        return;
    }
    std::array<char, kMaxNameChars> target{};
    auto target_name = read_name(message, record.rdata, Compression::backwards, {target.data()});
    visitor->on_cname(owner_text, {target.data(), target_name ? target_name->text_length : 0});
}

void note_authority(std::span<const std::uint8_t> message, const RecordHeader& record,
                    ReplyView& out) noexcept {
    if (record.type != type::kSoa || out.has_soa) return;
    out.has_soa = true;
    out.soa_ttl = effective_ttl(record.ttl);
    out.soa_minimum = effective_ttl(load_u32(message.data() + record.next - 4));
}

Result<std::size_t> walk_record(std::span<const std::uint8_t> message, std::size_t pos,
                                Section section, ReplyView& out, RecordVisitor* visitor) noexcept {
    auto record = read_record(message, pos);
    if (!record) return record.error();
    if (record->type == type::kOpt) {
        if (section != Section::additional) return WireError::misplaced_opt;
        if (out.edns.present) return WireError::duplicate_opt;
        if (auto r = read_opt(message, *record, out.edns); !r) return r.error();
        out.opt_offset = record->owner;
        return record->next;
    }
    if (auto r = check_rdata(message, *record); !r) return r.error();
    note_ttl(*record, out);
    if (section == Section::answer) note_answer(message, *record, out, visitor);
    if (section == Section::authority) note_authority(message, *record, out);
    return record->next;
}

Result<std::size_t> walk_question(std::span<const std::uint8_t> message, ReplyView& out) noexcept {
    if (load_u16(message.data() + 4) != 1) return WireError::bad_question_count;
    auto name =
        read_name(message, kHeaderSize, Compression::backwards, {nullptr, out.qname_wire_.data()});
    if (!name) return name.error();
    if (message.size() - name->next < 4) return WireError::truncated;
    out.qname_wire_length_ = name->wire_length;
    out.qtype = load_u16(message.data() + name->next);
    out.qclass = load_u16(message.data() + name->next + 2);
    return name->next + 4;
}

}  // namespace

bool ReplyView::answers(const QueryView& query) const noexcept {
    return query.has_question && qtype == query.qtype && qclass == query.qclass &&
           wire_names_equal(qname_wire(), query.qname_wire());
}

Result<void> walk_message(std::span<const std::uint8_t> message, ReplyView& out,
                          RecordVisitor* visitor) noexcept {
    out = ReplyView{};
    if (message.size() < kHeaderSize) return WireError::short_header;
    out.id = load_u16(message.data());
    out.flags = load_u16(message.data() + 2);
    if ((out.flags & flag::kQr) == 0) return WireError::not_a_response;
    out.answer_count = load_u16(message.data() + 6);
    out.authority_count = load_u16(message.data() + 8);
    out.additional_count = load_u16(message.data() + 10);
    auto pos = walk_question(message, out);
    if (!pos) return pos.error();
    std::size_t cursor = *pos;
    const std::pair<Section, std::uint16_t> sections[] = {
        {Section::answer, out.answer_count},
        {Section::authority, out.authority_count},
        {Section::additional, out.additional_count}};
    for (const auto& [section, count] : sections) {
        for (std::uint16_t i = 0; i < count; ++i) {
            auto next = walk_record(message, cursor, section, out, visitor);
            if (!next) return next.error();
            cursor = *next;
        }
    }
    if (cursor != message.size()) return WireError::trailing_garbage;
    out.rcode = static_cast<std::uint16_t>((out.flags & flag::kRcodeMask) |
                                           (std::uint16_t{out.edns.extended_rcode} << 4));
    return {};
}

}  // namespace roja::wire
