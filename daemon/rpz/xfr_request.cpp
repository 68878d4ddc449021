#include "daemon/rpz/xfr_request.hpp"

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_error.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

using wire::WireError;

struct RecordView {
    std::size_t start = 0;
    std::uint16_t type = 0;
    std::uint16_t rclass = 0;
    std::size_t rdata = 0;  // offset of RDATA
    std::uint16_t rdlength = 0;
    std::size_t next = 0;
};

Result<std::string> read_text_name(std::span<const std::uint8_t> message, std::size_t& pos) {
    std::array<char, wire::kMaxNameChars> text;
    auto extent = wire::read_name(message, pos, wire::Compression::backwards, {text.data()});
    if (!extent) return extent.error();
    pos = extent->next;
    return std::string(text.data(), extent->text_length);
}

Result<RecordView> read_record(std::span<const std::uint8_t> message, std::size_t pos) {
    RecordView r;
    r.start = pos;
    auto owner = wire::read_name(message, pos, wire::Compression::backwards);
    if (!owner) return owner.error();
    pos = owner->next;
    if (pos + 10 > message.size()) return WireError::truncated;
    r.type = wire::load_u16(&message[pos]);
    r.rclass = wire::load_u16(&message[pos + 2]);
    r.rdlength = wire::load_u16(&message[pos + 8]);
    r.rdata = pos + 10;
    r.next = r.rdata + r.rdlength;
    if (r.next > message.size()) return WireError::truncated;
    return r;
}

// SOA RDATA: two names, then serial (the first of five 32-bit fields).
Result<std::uint32_t> soa_serial(std::span<const std::uint8_t> message, const RecordView& r) {
    std::size_t pos = r.rdata;
    for (int i = 0; i < 2; ++i) {
        auto name = wire::read_name(message, pos, wire::Compression::backwards);
        if (!name) return name.error();
        pos = name->next;
    }
    if (pos + 20 != r.next) return WireError::bad_rdata;
    return wire::load_u32(&message[pos]);
}

Result<TsigRecord> read_tsig(std::span<const std::uint8_t> message, const RecordView& r) {
    TsigRecord tsig;
    tsig.offset = r.start;
    std::size_t pos = r.start;
    auto key = read_text_name(message, pos);
    if (!key) return key.error();
    tsig.key_name = std::move(*key);
    pos = r.rdata;
    auto algorithm = read_text_name(message, pos);
    if (!algorithm) return algorithm.error();
    tsig.algorithm = std::move(*algorithm);
    if (pos + 10 > r.next) return WireError::bad_rdata;
    tsig.time_signed =
        (std::uint64_t{wire::load_u16(&message[pos])} << 32) | wire::load_u32(&message[pos + 2]);
    tsig.fudge = wire::load_u16(&message[pos + 6]);
    const std::uint16_t mac_size = wire::load_u16(&message[pos + 8]);
    pos += 10;
    if (pos + mac_size + 6 > r.next) return WireError::bad_rdata;
    tsig.mac = message.subspan(pos, mac_size);
    pos += mac_size;
    tsig.original_id = wire::load_u16(&message[pos]);
    tsig.error = wire::load_u16(&message[pos + 2]);
    const std::uint16_t other_size = wire::load_u16(&message[pos + 4]);
    pos += 6;
    if (pos + other_size != r.next) return WireError::bad_rdata;
    tsig.other = message.subspan(pos, other_size);
    return tsig;
}

// The records after the question: an IXFR's SOA in authority, a TSIG last in additional.
Result<void> read_sections(std::span<const std::uint8_t> message, std::size_t pos,
                           XfrRequest& request) {
    const std::uint16_t answers = wire::load_u16(&message[6]);
    const std::uint16_t authority = wire::load_u16(&message[8]);
    const std::size_t total = std::size_t{answers} + authority + request.additional;
    for (std::size_t i = 0; i < total; ++i) {
        auto record = read_record(message, pos);
        if (!record) return record.error();
        if (i >= answers && i < std::size_t{answers} + authority &&
            record->type == wire::type::kSoa) {
            auto serial = soa_serial(message, *record);
            if (!serial) return serial.error();
            request.client_serial = *serial;
        }
        if (record->type == kTypeTsig) {
            // RFC 8945 §5.1: only as the very last record; anywhere else is FORMERR.
            const bool is_additional = i >= std::size_t{answers} + authority;
            if (i + 1 != total || !is_additional || record->rclass != kClassAny)
                return WireError::bad_rdata;
            auto tsig = read_tsig(message, *record);
            if (!tsig) return tsig.error();
            request.tsig = std::move(*tsig);
        }
        pos = record->next;
    }
    if (pos != message.size()) return WireError::trailing_garbage;
    return {};
}

}  // namespace

Result<XfrRequest> parse_xfr_request(std::span<const std::uint8_t> message) {
    if (message.size() < wire::kHeaderSize) return WireError::short_header;
    XfrRequest request;
    request.id = wire::load_u16(&message[0]);
    const std::uint16_t flags = wire::load_u16(&message[2]);
    request.is_response = flags & wire::flag::kQr;
    request.opcode = static_cast<std::uint8_t>((flags & wire::flag::kOpcodeMask) >> 11);
    if (wire::load_u16(&message[4]) != 1) return WireError::bad_question_count;
    request.additional = wire::load_u16(&message[10]);
    std::size_t pos = wire::kHeaderSize;
    auto zone = read_text_name(message, pos);
    if (!zone) return zone.error();
    request.zone = std::move(*zone);
    if (pos + 4 > message.size()) return WireError::truncated;
    request.qtype = wire::load_u16(&message[pos]);
    request.qclass = wire::load_u16(&message[pos + 2]);
    auto sections = read_sections(message, pos + 4, request);
    if (!sections) return sections.error();
    return request;
}

}  // namespace roja::rpz
