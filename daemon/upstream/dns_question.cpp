// Fixed-offset header access and the question section; every read is bounds-checked.
#include "daemon/upstream/dns_question.hpp"

#include <boost/system/errc.hpp>

#include <optional>

namespace roja::upstream {
namespace {

constexpr std::uint8_t kFlagQr = 0x80;  // byte 2
constexpr std::uint8_t kFlagTc = 0x02;  // byte 2
constexpr std::uint8_t kFlagRd = 0x01;  // byte 2
constexpr std::uint8_t kFlagCd = 0x10;  // byte 3
constexpr std::uint16_t kTypeOpt = 41;
constexpr std::size_t kMaxName = 255;

boost::system::error_code bad_message() {
    return boost::system::errc::make_error_code(boost::system::errc::bad_message);
}

std::uint16_t read16(std::span<const std::uint8_t> msg, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((msg[at] << 8) | msg[at + 1]);
}

std::uint8_t to_lower(std::uint8_t c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + ('a' - 'A')) : c;
}

// Offset just past a possibly compressed name (records after the question may point back).
std::optional<std::size_t> skip_name(std::span<const std::uint8_t> msg, std::size_t at) noexcept {
    while (at < msg.size()) {
        const std::uint8_t len = msg[at];
        if ((len & 0xC0) == 0xC0) {
            return at + 2 <= msg.size() ? std::optional<std::size_t>(at + 2) : std::nullopt;
        }
        if ((len & 0xC0) != 0) {
            return std::nullopt;
        }
        at += 1 + len;
        if (len == 0) {
            return at;
        }
    }
    return std::nullopt;
}

// Finds the OPT record after the question and returns its DO bit; no OPT → false.
Result<bool> find_do_bit(std::span<const std::uint8_t> msg, std::size_t at) noexcept {
    const std::size_t records = std::size_t{read16(msg, 6)} + read16(msg, 8) + read16(msg, 10);
    for (std::size_t i = 0; i < records; ++i) {
        const auto name_end = skip_name(msg, at);
        if (!name_end || *name_end + 10 > msg.size()) {
            return Result<bool>(boost::system::in_place_error, bad_message());
        }
        const std::size_t rr = *name_end;
        if (read16(msg, rr) == kTypeOpt) {
            return (msg[rr + 6] & 0x80) != 0;  // TTL = ext-rcode, version, DO|Z...
        }
        at = rr + 10 + read16(msg, rr + 8);
        if (at > msg.size()) {
            return Result<bool>(boost::system::in_place_error, bad_message());
        }
    }
    return false;
}

}  // namespace

std::uint16_t message_id(std::span<const std::uint8_t> msg) noexcept {
    return msg.size() >= 2 ? read16(msg, 0) : 0;
}

void set_message_id(std::span<std::uint8_t> msg, std::uint16_t id) noexcept {
    if (msg.size() >= 2) {
        msg[0] = static_cast<std::uint8_t>(id >> 8);
        msg[1] = static_cast<std::uint8_t>(id & 0xFF);
    }
}

bool is_truncated(std::span<const std::uint8_t> msg) noexcept {
    return msg.size() >= kDnsHeaderSize && (msg[2] & kFlagTc) != 0;
}

std::uint8_t rcode(std::span<const std::uint8_t> msg) noexcept {
    return msg.size() >= kDnsHeaderSize ? static_cast<std::uint8_t>(msg[3] & 0x0F) : 0;
}

Result<DnsQuestion> parse_question(std::span<const std::uint8_t> msg) noexcept {
    if (msg.size() < kDnsHeaderSize || read16(msg, 4) != 1) {
        return bad_message();
    }
    std::size_t at = kDnsHeaderSize;
    for (;;) {
        if (at >= msg.size()) {
            return bad_message();
        }
        const std::uint8_t len = msg[at];
        if ((len & 0xC0) != 0) {  // pointers (and the obsolete label types) are refused here
            return bad_message();
        }
        at += 1 + len;
        if (at - kDnsHeaderSize > kMaxName) {
            return bad_message();
        }
        if (len == 0) {
            break;
        }
    }
    if (at + 4 > msg.size()) {
        return bad_message();
    }
    return DnsQuestion{msg.subspan(kDnsHeaderSize, at - kDnsHeaderSize), read16(msg, at),
                       read16(msg, at + 2), at + 4};
}

bool same_question(const DnsQuestion& a, const DnsQuestion& b) noexcept {
    if (a.qtype != b.qtype || a.qclass != b.qclass || a.qname.size() != b.qname.size()) {
        return false;
    }
    // Length octets are < 64, so lower-casing them too is harmless and keeps the loop simple.
    for (std::size_t i = 0; i < a.qname.size(); ++i) {
        if (to_lower(a.qname[i]) != to_lower(b.qname[i])) {
            return false;
        }
    }
    return true;
}

ReplyVerdict check_reply(std::span<const std::uint8_t> reply, std::uint16_t id,
                         const DnsQuestion& question) noexcept {
    if (reply.size() < kDnsHeaderSize) {
        return ReplyVerdict::malformed;
    }
    if (read16(reply, 0) != id) {
        return ReplyVerdict::forged;
    }
    const bool is_query_opcode = ((reply[2] >> 3) & 0x0F) == 0;
    if ((reply[2] & kFlagQr) == 0 || !is_query_opcode) {
        return ReplyVerdict::malformed;
    }
    const auto answered = parse_question(reply);
    if (!answered || !same_question(*answered, question)) {
        return ReplyVerdict::forged;
    }
    return ReplyVerdict::accept;
}

Result<std::string> coalescing_key(std::span<const std::uint8_t> query) {
    const auto question = parse_question(query);
    if (!question) {
        return question.error();
    }
    const auto do_bit = find_do_bit(query, question->end);
    if (!do_bit) {
        return do_bit.error();
    }
    std::string key;
    key.reserve(question->qname.size() + 5);
    for (const std::uint8_t c : question->qname) {
        key.push_back(static_cast<char>(to_lower(c)));
    }
    const std::uint8_t bits = static_cast<std::uint8_t>(
        ((query[2] & kFlagRd) ? 1 : 0) | ((query[3] & kFlagCd) ? 2 : 0) | (*do_bit ? 4 : 0));
    for (const std::uint16_t v : {question->qtype, question->qclass}) {
        key.push_back(static_cast<char>(v >> 8));
        key.push_back(static_cast<char>(v & 0xFF));
    }
    key.push_back(static_cast<char>(bits));
    return key;
}

}  // namespace roja::upstream
