// An upstream reply validated end to end and summarised for the forwarder and the cache:
// rcode and flags, the question (for matching), TTLs for caching (RFC 2308 for negative
// answers), where every TTL field sits (so a cache can count down in place) and where the OPT
// record starts (so it can be replaced). Nothing allocates; names go to a visitor.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/query_view.hpp"
#include "daemon/wire/record_header.hpp"
#include "filter/result.hpp"

namespace roja::wire {

inline constexpr std::size_t kMaxTtlOffsets = 256;

// Called for answer-section records the policy must see. Names are canonical text and only
// valid during the call.
class RecordVisitor {
  public:
    virtual ~RecordVisitor() = default;
    virtual void on_cname(std::string_view owner, std::string_view target) noexcept = 0;
    // `address` is 4 octets (A) or 16 (AAAA).
    virtual void on_address(std::string_view owner,
                            std::span<const std::uint8_t> address) noexcept = 0;
};

struct ReplyView {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t rcode = 0;  // 12-bit: header rcode plus the OPT's extended bits
    std::uint16_t answer_count = 0;
    std::uint16_t authority_count = 0;
    std::uint16_t additional_count = 0;
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
    bool has_answer_ttl = false;
    std::uint32_t min_answer_ttl = 0;  // over every answer RR
    bool has_soa = false;
    std::uint32_t soa_ttl = 0;  // of the first SOA in authority
    std::uint32_t soa_minimum = 0;
    std::size_t opt_offset = 0;  // where the OPT RR starts; 0 when there is none
    EdnsInfo edns;
    std::array<std::uint16_t, kMaxTtlOffsets> ttl_offsets{};  // every RR but OPT, in order
    std::size_t ttl_count = 0;
    bool too_many_records = false;  // more RRs than ttl_offsets holds: do not cache

    bool tc() const noexcept { return (flags & flag::kTc) != 0; }
    bool aa() const noexcept { return (flags & flag::kAa) != 0; }
    bool cacheable_layout() const noexcept { return !too_many_records; }
    // RFC 2308 section 5: min(SOA TTL, SOA MINIMUM).
    std::uint32_t negative_ttl() const noexcept {
        return soa_ttl < soa_minimum ? soa_ttl : soa_minimum;
    }
    std::span<const std::uint8_t> qname_wire() const noexcept {
        return {qname_wire_.data(), qname_wire_length_};
    }
    // Same name (ASCII case-insensitive), type and class as the query.
    bool answers(const QueryView& query) const noexcept;

    std::array<std::uint8_t, kMaxNameOctets> qname_wire_{};
    std::size_t qname_wire_length_ = 0;
};

// Validates `message` as a reply (QR set, exactly one question, every RR well formed, at most
// one OPT and only in additional, no trailing bytes) and fills `out`.
Result<void> walk_message(std::span<const std::uint8_t> message, ReplyView& out,
                          RecordVisitor* visitor = nullptr) noexcept;

}  // namespace roja::wire
