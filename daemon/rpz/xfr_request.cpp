#include "daemon/rpz/xfr_request.hpp"

#include "daemon/rpz/xfr_records.hpp"

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_error.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

using wire::WireError;

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
            auto soa = read_soa(message, *record);
            if (!soa) return soa.error();
            request.client_serial = soa->fields.serial;
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
