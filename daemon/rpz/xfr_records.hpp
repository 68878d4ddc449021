// Reading the records of a DNS message that the RPZ side meets — a transfer request, NOTIFY, or
// a primary's answer: one record's extent, names as canonical text, SOA and TSIG RDATA. Every
// length is checked against the message; compression pointers only point backwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "daemon/rpz/xfr_message.hpp"
#include "daemon/rpz/xfr_request.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

struct RecordView {
    std::size_t start = 0;  // the owner name
    std::size_t owner_end = 0;
    std::uint16_t type = 0;
    std::uint16_t rclass = 0;
    std::uint32_t ttl = 0;
    std::size_t rdata = 0;  // offset of RDATA
    std::uint16_t rdlength = 0;
    std::size_t next = 0;
};

// The name at `pos` as canonical text; `pos` moves past it.
Result<std::string> read_text_name(std::span<const std::uint8_t> message, std::size_t& pos);
Result<RecordView> read_record(std::span<const std::uint8_t> message, std::size_t pos);

// SOA RDATA: the two names (canonical text) and the five counters.
struct SoaRdata {
    std::string mname, rname;
    SoaFields fields;
};
Result<SoaRdata> read_soa(std::span<const std::uint8_t> message, const RecordView& record);

// TSIG RDATA (RFC 8945 §4.2); its views point into `message`.
Result<TsigRecord> read_tsig(std::span<const std::uint8_t> message, const RecordView& record);

}  // namespace roja::rpz
