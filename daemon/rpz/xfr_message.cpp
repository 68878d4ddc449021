#include "daemon/rpz/xfr_message.hpp"

#include <random>

#include <algorithm>
#include <cstring>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

constexpr std::size_t kPointerLimit = 0x4000;  // a compression pointer holds 14 bits
constexpr std::size_t kRecordHead = 10;        // type, class, TTL, RDLENGTH
constexpr std::uint8_t kLocalhost[] = {9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0};
constexpr std::uint8_t kPassthru[] = {12,  'r', 'p', 'z', '-', 'p', 'a',
                                      's', 's', 't', 'h', 'r', 'u', 0};
// 16 KiB: every owner in a message is then within a compression pointer's reach (14 bits), as
// in BIND's transfers; the TSIG record goes after (nothing points into it).
constexpr std::size_t kMessageLimit = kPointerLimit;

}  // namespace

void XfrMessage::start(std::uint16_t id, std::uint16_t qtype, std::uint16_t rcode) {
    start_header(id, static_cast<std::uint16_t>(wire::flag::kQr | wire::flag::kAa | (rcode & 0xf)),
                 qtype);
}

void XfrMessage::start_notify(std::uint16_t id) {
    constexpr std::uint16_t kOpcodeNotify = 4;
    start_header(id, static_cast<std::uint16_t>((kOpcodeNotify << 11) | wire::flag::kAa),
                 wire::type::kSoa);
}

void XfrMessage::start_notify_answer(std::uint16_t id) {
    constexpr std::uint16_t kOpcodeNotify = 4;
    start_header(id, static_cast<std::uint16_t>(wire::flag::kQr | (kOpcodeNotify << 11)),
                 wire::type::kSoa);
}

void XfrMessage::start_query(std::uint16_t id, std::uint16_t qtype) {
    start_header(id, 0, qtype);
}

void XfrMessage::add_authority_soa(const SoaFields& soa) noexcept {
    add_soa(soa);
    --answers_;
    ++authority_;
}

void XfrMessage::start_header(std::uint16_t id, std::uint16_t flags, std::uint16_t qtype) {
    size_ = 0;
    answers_ = 0;
    authority_ = 0;
    suffixes_.clear();
    passthru_at_ = 0;
    put_u16(id);
    put_u16(flags);
    put_u16(1);  // QDCOUNT
    put_u16(0);
    put_u16(0);
    put_u16(0);
    put(zone_.apex.data(), zone_.apex.size());
    put_u16(qtype);
    put_u16(wire::kClassIn);
}

// The worst case of one trigger's records: a full-length owner, the longest rdata, and one
// record per redirect address.
std::size_t XfrMessage::record_bound() const noexcept {
    const std::size_t addresses = std::max<std::size_t>(1, zone_.ipv4.size() + zone_.ipv6.size());
    return (wire::kMaxNameOctets + 2 + kRecordHead + sizeof(kPassthru)) * addresses;
}

bool XfrMessage::has_room(std::size_t records) const noexcept {
    return size_ + records * record_bound() <= kMessageLimit;
}

void XfrMessage::put(const void* data, std::size_t length) noexcept {
    std::memcpy(buffer_.data() + size_, data, length);
    size_ += length;
}

void XfrMessage::put_u16(std::uint16_t value) noexcept {
    wire::store_u16(buffer_.data() + size_, value);
    size_ += 2;
}

void XfrMessage::put_u32(std::uint32_t value) noexcept {
    wire::store_u32(buffer_.data() + size_, value);
    size_ += 4;
}

// `owner` is relative to the apex; the walk checked that it fits in 255 octets with it. The
// longest suffix of it already in this message is replaced by a pointer (the apex when none
// is), and each suffix written here is noted for the owners after it, as BIND does.
void XfrMessage::put_owner(std::string_view owner) noexcept {
    std::array<std::uint8_t, wire::kMaxNameOctets> name;
    const auto encoded = wire::encode_name(owner, name);
    const std::size_t length = encoded ? *encoded - 1 : 0;  // without the root label
    std::size_t matched = length;                           // where the known suffix starts
    std::uint16_t target = wire::kHeaderSize;               // the apex in the question
    for (std::size_t at = 0; at < length; at += name[at] + 1u) {
        suffix_key_.assign(reinterpret_cast<const char*>(name.data()) + at, length - at);
        const auto found = suffixes_.find(suffix_key_);
        if (found == suffixes_.end()) continue;
        matched = at;
        target = found->second;
        break;
    }
    const std::size_t start = size_;
    put(name.data(), matched);
    for (std::size_t at = 0; at < matched && start + at < kPointerLimit; at += name[at] + 1u)
        suffixes_.emplace(std::string(reinterpret_cast<const char*>(name.data()) + at, length - at),
                          static_cast<std::uint16_t>(start + at));
    put_u16(static_cast<std::uint16_t>(0xc000 | target));
}

void XfrMessage::put_record_head(std::uint16_t type, std::uint16_t rdlength) noexcept {
    put_u16(type);
    put_u16(wire::kClassIn);
    put_u32(zone_.ttl);
    put_u16(rdlength);
    ++answers_;
}

void XfrMessage::put_target(RpzTarget target) noexcept {
    switch (target) {
        case RpzTarget::nodata: {
            const std::uint8_t wildcard_root[] = {1, '*', 0};
            put_record_head(wire::type::kCname, sizeof wildcard_root);
            put(wildcard_root, sizeof wildcard_root);
            return;
        }
        case RpzTarget::passthru:
            if (passthru_at_ != 0) {
                put_record_head(wire::type::kCname, 2);
                put_u16(static_cast<std::uint16_t>(0xc000 | passthru_at_));
                return;
            }
            put_record_head(wire::type::kCname, sizeof kPassthru);
            if (size_ < kPointerLimit) passthru_at_ = size_;
            put(kPassthru, sizeof kPassthru);
            return;
        default: {
            const std::uint8_t root = 0;
            put_record_head(wire::type::kCname, 1);
            put(&root, 1);
        }
    }
}

void XfrMessage::add(const RpzRecord& record) noexcept {
    if (record.target != RpzTarget::redirect) {
        put_owner(record.owner);
        put_target(record.target);
        return;
    }
    for (const auto& address : zone_.ipv4) {
        put_owner(record.owner);
        put_record_head(wire::type::kA, 4);
        put(address.data(), address.size());
    }
    for (const auto& address : zone_.ipv6) {
        put_owner(record.owner);
        put_record_head(wire::type::kAaaa, 16);
        put(address.data(), address.size());
    }
}

void XfrMessage::add_soa(const SoaFields& soa) noexcept {
    static constexpr std::uint8_t kHostmaster[] = {10,  'h', 'o', 's', 't', 'm',
                                                   'a', 's', 't', 'e', 'r'};
    put_apex_pointer();
    put_record_head(wire::type::kSoa, sizeof kLocalhost + sizeof kHostmaster + 2 + 20);
    put(kLocalhost, sizeof kLocalhost);
    put(kHostmaster, sizeof kHostmaster);  // hostmaster.<apex>
    put_apex_pointer();
    for (const std::uint32_t value : {soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum})
        put_u32(value);
}

void XfrMessage::add_ns() noexcept {
    put_apex_pointer();
    put_record_head(wire::type::kNs, sizeof kLocalhost);
    put(kLocalhost, sizeof kLocalhost);
}

std::span<std::uint8_t> XfrMessage::bytes() noexcept {
    wire::store_u16(buffer_.data() + 6, answers_);
    if (authority_ != 0) wire::store_u16(buffer_.data() + 8, authority_);
    return {buffer_.data(), size_};
}

std::uint16_t random_message_id() {
    static thread_local std::mt19937 generator{std::random_device{}()};
    return static_cast<std::uint16_t>(generator());
}

}  // namespace roja::rpz
