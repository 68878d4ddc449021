// Builds an answer to a decoded query in a caller-provided buffer: header, the question exactly
// as received, A/AAAA/CNAME answers, an SOA for negative answers, and an OPT record (with an
// optional Extended DNS Error) when the client used EDNS. Too big for the limit → TC set and
// only header, question and OPT are sent.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/query_view.hpp"
#include "filter/result.hpp"

namespace roja::wire {

// RFC 8914 Extended DNS Error: INFO-CODE plus UTF-8 EXTRA-TEXT (the caller keeps it alive).
struct ExtendedError {
    std::uint16_t code = ede::kOther;
    std::string_view text;
};

// Names in the synthetic SOA of blocked negative answers.
inline constexpr std::string_view kSoaMname = "roja.invalid";
inline constexpr std::string_view kSoaRname = "hostmaster.roja.invalid";

class AnswerWriter {
  public:
    // `limit` is the largest message allowed: the client's UDP limit, or 65535 for TCP.
    AnswerWriter(std::span<std::uint8_t> out, std::size_t limit) noexcept;

    // Header and question for `query`. Never sets AA or AD; copies RD and CD; sets RA.
    void start(const QueryView& query, Rcode rcode) noexcept;

    // Answer-section records owned by the query name. Must precede add_soa.
    void add_a(std::uint32_t ttl, const std::array<std::uint8_t, 4>& address) noexcept;
    void add_aaaa(std::uint32_t ttl, const std::array<std::uint8_t, 16>& address) noexcept;
    void add_cname(std::uint32_t ttl, std::string_view canonical_target) noexcept;
    // Authority-section SOA owned by the query name, for NODATA/NXDOMAIN (RFC 2308).
    void add_soa(std::uint32_t ttl, std::uint32_t minimum) noexcept;

    // Records with ready RDATA (names in it uncompressed, or pointers from question_pointer()).
    // An answer record is owned by the query name, or by `owner` (uncompressed wire) when given;
    // an authority record by the query name's last `owner_octets` octets (a zone apex above it).
    void add_answer(std::uint16_t type, std::uint32_t ttl,
                    std::span<const std::uint8_t> rdata) noexcept;
    void add_answer(std::span<const std::uint8_t> owner, std::uint16_t type, std::uint32_t ttl,
                    std::span<const std::uint8_t> rdata) noexcept;
    void add_authority(std::size_t owner_octets, std::uint16_t type, std::uint32_t ttl,
                       std::span<const std::uint8_t> rdata) noexcept;
    // A compression pointer to the query name's last `octets` octets (after start()).
    std::array<std::uint8_t, 2> question_pointer(std::size_t octets) const noexcept;

    void set_extended_error(const ExtendedError& error) noexcept { ede_ = error; }

    // Appends OPT if the query had EDNS, writes the counts and returns the message.
    Result<std::span<const std::uint8_t>> finish() noexcept;

  private:
    bool reserve(std::size_t octets) noexcept;
    void put_u16(std::uint16_t value) noexcept;
    void put_u32(std::uint32_t value) noexcept;
    void put_bytes(const std::uint8_t* bytes, std::size_t length) noexcept;
    bool begin_answer_record(std::uint16_t type, std::uint32_t ttl) noexcept;
    bool begin_record(std::span<const std::uint8_t> owner, std::uint16_t type,
                      std::uint32_t ttl) noexcept;
    void put_rdata(std::span<const std::uint8_t> rdata, std::uint16_t& count) noexcept;
    void end_record(std::size_t rdlength_at) noexcept;
    std::size_t opt_size(bool with_ede) const noexcept;
    void write_opt(bool with_ede) noexcept;

    std::span<std::uint8_t> out_;
    std::size_t limit_;
    std::size_t pos_ = 0;
    std::size_t question_end_ = 0;
    std::uint16_t answer_count_ = 0;
    std::uint16_t authority_count_ = 0;
    std::uint16_t rcode_ = 0;
    std::uint16_t payload_size_ = kDefaultUdpPayload;
    bool has_question_ = false;
    bool edns_ = false;
    bool dnssec_ok_ = false;
    bool overflow_ = false;  // a record did not fit: the answer goes out truncated
    bool misuse_ = false;    // records out of order or without a question
    std::optional<ExtendedError> ede_;
};

}  // namespace roja::wire
