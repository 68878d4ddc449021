// One message of a primary's answer to our SOA, AXFR or IXFR query (RFC 5936 §2.2, RFC 1995 §4),
// parsed from the bytes of one TCP message: the header, the question (the first message has
// one; later ones may have none), each answer record as zone-file text, and the TSIG record if
// it is the last additional one. Malformed input is a typed failure, never an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daemon/rpz/xfr_records.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

struct ResponseRecord {
    std::string owner;  // canonical text
    std::uint16_t type = 0;
    std::uint32_t ttl = 0;
    std::string rdata;            // zone-file text (SOA: soa_text)
    std::optional<SoaRdata> soa;  // for SOA records
};

struct XfrResponse {
    std::uint16_t id = 0;
    bool is_response = false;
    std::uint8_t opcode = 0;
    std::uint8_t rcode = 0;
    bool is_truncated = false;            // TC: not expected over TCP
    std::optional<std::string> question;  // its name, canonical text
    std::uint16_t qtype = 0;
    std::vector<ResponseRecord> answers;
    std::optional<TsigRecord> tsig;  // views into the message
};

// `message` is one DNS message without the TCP length prefix; views in the result point into it.
Result<XfrResponse> parse_xfr_response(std::span<const std::uint8_t> message);

}  // namespace roja::rpz
