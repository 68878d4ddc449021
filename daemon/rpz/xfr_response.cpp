#include "daemon/rpz/xfr_response.hpp"

#include "daemon/rpz/zone_text.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_error.hpp"

namespace roja::rpz {

namespace {

using wire::WireError;

Result<ResponseRecord> read_answer(std::span<const std::uint8_t> message, const RecordView& r) {
    ResponseRecord record;
    std::size_t pos = r.start;
    auto owner = read_text_name(message, pos);
    if (!owner) return owner.error();
    record.owner = std::move(*owner);
    record.type = r.type;
    record.ttl = r.ttl;
    if (r.rclass != wire::kClassIn) return WireError::bad_rdata;  // a policy zone is IN
    if (r.type == wire::type::kSoa) {
        auto soa = read_soa(message, r);
        if (!soa) return soa.error();
        record.rdata = soa_text(*soa);
        record.soa = std::move(*soa);
        return record;
    }
    auto rdata = rdata_text(message, r);
    if (!rdata) return rdata.error();
    record.rdata = std::move(*rdata);
    return record;
}

// Answers, then authority and additional records skipped, except a TSIG that must come last
// (RFC 8945 §5.1).
Result<void> read_records(std::span<const std::uint8_t> message, std::size_t pos,
                          XfrResponse& response) {
    const std::size_t answers = wire::load_u16(&message[6]);
    const std::size_t others =
        std::size_t{wire::load_u16(&message[8])} + wire::load_u16(&message[10]);
    response.answers.reserve(answers);
    for (std::size_t i = 0; i < answers + others; ++i) {
        auto record = read_record(message, pos);
        if (!record) return record.error();
        if (i < answers) {
            if (record->type == kTypeTsig) return WireError::bad_rdata;
            auto answer = read_answer(message, *record);
            if (!answer) return answer.error();
            response.answers.push_back(std::move(*answer));
        } else if (record->type == kTypeTsig) {
            if (i + 1 != answers + others || record->rclass != kClassAny)
                return WireError::bad_rdata;
            auto tsig = read_tsig(message, *record);
            if (!tsig) return tsig.error();
            response.tsig = std::move(*tsig);
        }
        pos = record->next;
    }
    if (pos != message.size()) return WireError::trailing_garbage;
    return {};
}

}  // namespace

Result<XfrResponse> parse_xfr_response(std::span<const std::uint8_t> message) {
    if (message.size() < wire::kHeaderSize) return WireError::short_header;
    XfrResponse response;
    response.id = wire::load_u16(&message[0]);
    const std::uint16_t flags = wire::load_u16(&message[2]);
    response.is_response = flags & wire::flag::kQr;
    response.opcode = static_cast<std::uint8_t>((flags & wire::flag::kOpcodeMask) >> 11);
    response.rcode = static_cast<std::uint8_t>(flags & 0xf);
    response.is_truncated = flags & wire::flag::kTc;
    const std::uint16_t questions = wire::load_u16(&message[4]);
    if (questions > 1) return WireError::bad_question_count;
    std::size_t pos = wire::kHeaderSize;
    if (questions == 1) {
        auto name = read_text_name(message, pos);
        if (!name) return name.error();
        if (pos + 4 > message.size()) return WireError::truncated;
        response.question = std::move(*name);
        response.qtype = wire::load_u16(&message[pos]);
        pos += 4;
    }
    auto records = read_records(message, pos, response);
    if (!records) return records.error();
    return response;
}

}  // namespace roja::rpz
