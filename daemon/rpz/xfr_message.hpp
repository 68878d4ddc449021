// One response message of an RPZ transfer (RFC 5936) or an SOA answer, written into a fixed
// 64 KiB buffer and filled to 16 KiB: header, the question, then records with each owner
// compressed against the longest suffix already in the message (at least the apex in the
// question, which every owner ends in), and rpz-passthru. against its first use. Room for a
// TSIG record is kept at the end.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/rpz/rpz_record.hpp"
#include "daemon/wire/dns_constants.hpp"

namespace roja::rpz {

inline constexpr std::uint16_t kTypeAxfr = 252;
inline constexpr std::uint16_t kTypeIxfr = 251;
inline constexpr std::size_t kTsigReserve = 512;  // key and algorithm names, MAC, other data

// What every message of a zone shares: the apex in wire form, the TTL, the redirect data.
struct ZoneWireForm {
    std::vector<std::uint8_t> apex;  // uncompressed wire, root label included
    std::uint32_t ttl = 60;
    std::vector<std::array<std::uint8_t, 4>> ipv4;  // redirect local data
    std::vector<std::array<std::uint8_t, 16>> ipv6;
};

struct SoaFields {
    std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
};

class XfrMessage final : public RecordSink {
  public:
    explicit XfrMessage(const ZoneWireForm& zone) : zone_(zone) {}

    // Header (QR, AA, `rcode`) and the question (the apex, `qtype`, IN).
    void start(std::uint16_t id, std::uint16_t qtype, std::uint16_t rcode = 0);
    // A NOTIFY request (RFC 1996 §3.7): opcode 4, AA, the apex SOA as question.
    void start_notify(std::uint16_t id);
    // Our answer to a primary's NOTIFY: QR, opcode 4, the apex SOA as question (RFC 1996 §4.7).
    void start_notify_answer(std::uint16_t id);
    // A query we send as a secondary (no QR, no AA): SOA, AXFR or IXFR.
    void start_query(std::uint16_t id, std::uint16_t qtype);
    // IXFR's SOA in the authority section: the serial we hold (RFC 1995 §3). After start_query.
    void add_authority_soa(const SoaFields& soa) noexcept;
    bool has_room(std::size_t records) const noexcept override;
    void add(const RpzRecord& record) noexcept override;
    void add_soa(const SoaFields& soa) noexcept;
    void add_ns() noexcept;  // the apex NS every zone needs: "localhost."

    std::uint16_t answers() const noexcept { return answers_; }
    // The message so far, with its answer count written in.
    std::span<std::uint8_t> bytes() noexcept;
    // Room past the message for a TSIG record (see tsig_signer.hpp).
    std::span<std::uint8_t> buffer() noexcept { return buffer_; }
    void resize(std::size_t size) noexcept { size_ = size; }

  private:
    void put(const void* data, std::size_t length) noexcept;
    void put_u16(std::uint16_t value) noexcept;
    void put_u32(std::uint32_t value) noexcept;
    void start_header(std::uint16_t id, std::uint16_t flags, std::uint16_t qtype);
    void put_apex_pointer() noexcept { put_u16(0xc000 | wire::kHeaderSize); }
    void put_owner(std::string_view owner) noexcept;
    void put_record_head(std::uint16_t type, std::uint16_t rdlength) noexcept;
    void put_target(RpzTarget target) noexcept;
    std::size_t record_bound() const noexcept;

    const ZoneWireForm& zone_;
    std::array<std::uint8_t, wire::kMaxMessageSize> buffer_;
    std::size_t size_ = 0;
    std::uint16_t answers_ = 0;
    std::uint16_t authority_ = 0;
    std::unordered_map<std::string, std::uint16_t> suffixes_;  // relative wire suffix → offset
    std::string suffix_key_;                                   // scratch for lookups
    std::size_t passthru_at_ = 0;  // 0 = not written yet in this message
};

// A fresh random ID for a request we send (NOTIFY, SOA, IXFR, AXFR): its answer must echo it.
std::uint16_t random_message_id();

}  // namespace roja::rpz
