// AnswerWriter: all writes go through reserve(), which checks the limit first.
#include "daemon/wire/answer_writer.hpp"

#include <algorithm>
#include <cstring>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::wire {

namespace {

constexpr std::uint8_t kPointerToQuestion[2] = {0xC0, 0x0C};  // every record is owned by the qname
constexpr std::size_t kEdeHeaderSize = 6;                     // option code, length, INFO-CODE
constexpr std::uint32_t kSoaSerial = 1;
constexpr std::uint32_t kSoaRefresh = 3600;
constexpr std::uint32_t kSoaRetry = 600;
constexpr std::uint32_t kSoaExpire = 86400;

}  // namespace

AnswerWriter::AnswerWriter(std::span<std::uint8_t> out, std::size_t limit) noexcept
    : out_(out), limit_(std::min(limit, std::min(out.size(), kMaxMessageSize))) {}

bool AnswerWriter::reserve(std::size_t octets) noexcept {
    if (overflow_ || limit_ - std::min(pos_, limit_) < octets) {
        overflow_ = true;
        return false;
    }
    return true;
}

void AnswerWriter::put_u16(std::uint16_t value) noexcept {
    store_u16(out_.data() + pos_, value);
    pos_ += 2;
}

void AnswerWriter::put_u32(std::uint32_t value) noexcept {
    store_u32(out_.data() + pos_, value);
    pos_ += 4;
}

void AnswerWriter::put_bytes(const std::uint8_t* bytes, std::size_t length) noexcept {
    std::memcpy(out_.data() + pos_, bytes, length);
    pos_ += length;
}

void AnswerWriter::start(const QueryView& query, Rcode rcode) noexcept {
    pos_ = 0;
    answer_count_ = authority_count_ = 0;
    overflow_ = misuse_ = false;
    rcode_ = static_cast<std::uint16_t>(rcode);
    edns_ = query.edns.present;
    dnssec_ok_ = query.edns.dnssec_ok;
    has_question_ = query.has_question;
    const std::size_t question = has_question_ ? query.qname_wire().size() + 4 : 0;
    if (limit_ < kHeaderSize + question) {
        misuse_ = true;
        return;
    }
    // RA, AD and CD are defined for QUERY only (RFC 1035 4.1.1, RFC 6840 5.7-5.9): the answer
    // to another opcode (a NOTIMP for NOTIFY, UPDATE...) carries none of them.
    const bool is_query = query.opcode() == opcode::kQuery;
    const std::uint16_t echoed = flag::kOpcodeMask | flag::kRd | (is_query ? flag::kCd : 0);
    const std::uint16_t flags =
        static_cast<std::uint16_t>(flag::kQr | (query.flags & echoed) | (is_query ? flag::kRa : 0) |
                                   (rcode_ & flag::kRcodeMask));
    put_u16(query.id);
    put_u16(flags);
    put_u16(has_question_ ? 1 : 0);
    put_u16(0);
    put_u16(0);
    put_u16(0);
    if (has_question_) {
        put_bytes(query.qname_wire().data(), query.qname_wire().size());
        put_u16(query.qtype);
        put_u16(query.qclass);
    }
    question_end_ = pos_;
}

// Owner pointer, type, class IN, TTL and a placeholder RDLENGTH; the caller fills RDATA.
bool AnswerWriter::begin_answer_record(std::uint16_t type, std::uint32_t ttl) noexcept {
    return begin_record(kPointerToQuestion, type, ttl);
}

bool AnswerWriter::begin_record(std::span<const std::uint8_t> owner, std::uint16_t type,
                                std::uint32_t ttl) noexcept {
    if (!has_question_) misuse_ = true;
    if (misuse_ || !reserve(owner.size() + 10)) return false;
    put_bytes(owner.data(), owner.size());
    put_u16(type);
    put_u16(kClassIn);
    put_u32(ttl);
    put_u16(0);
    return true;
}

void AnswerWriter::end_record(std::size_t rdlength_at) noexcept {
    store_u16(out_.data() + rdlength_at, static_cast<std::uint16_t>(pos_ - rdlength_at - 2));
}

void AnswerWriter::add_a(std::uint32_t ttl, const std::array<std::uint8_t, 4>& address) noexcept {
    if (authority_count_ != 0) misuse_ = true;
    if (!begin_answer_record(type::kA, ttl)) return;
    const std::size_t rdlength_at = pos_ - 2;
    if (!reserve(address.size())) return;
    put_bytes(address.data(), address.size());
    end_record(rdlength_at);
    ++answer_count_;
}

void AnswerWriter::add_aaaa(std::uint32_t ttl,
                            const std::array<std::uint8_t, 16>& address) noexcept {
    if (authority_count_ != 0) misuse_ = true;
    if (!begin_answer_record(type::kAaaa, ttl)) return;
    const std::size_t rdlength_at = pos_ - 2;
    if (!reserve(address.size())) return;
    put_bytes(address.data(), address.size());
    end_record(rdlength_at);
    ++answer_count_;
}

void AnswerWriter::add_cname(std::uint32_t ttl, std::string_view canonical_target) noexcept {
    if (authority_count_ != 0) misuse_ = true;
    std::array<std::uint8_t, kMaxNameOctets> target{};
    auto length = encode_name(canonical_target, target);
    if (!length) misuse_ = true;
    if (!begin_answer_record(type::kCname, ttl)) return;
    const std::size_t rdlength_at = pos_ - 2;
    if (!reserve(*length)) return;
    put_bytes(target.data(), *length);
    end_record(rdlength_at);
    ++answer_count_;
}

void AnswerWriter::add_soa(std::uint32_t ttl, std::uint32_t minimum) noexcept {
    std::array<std::uint8_t, kMaxNameOctets> mname{};
    std::array<std::uint8_t, kMaxNameOctets> rname{};
    const std::size_t mname_length = encode_name(kSoaMname, mname).value();
    const std::size_t rname_length = encode_name(kSoaRname, rname).value();
    if (!begin_answer_record(type::kSoa, ttl)) return;
    const std::size_t rdlength_at = pos_ - 2;
    if (!reserve(mname_length + rname_length + 20)) return;
    put_bytes(mname.data(), mname_length);
    put_bytes(rname.data(), rname_length);
    for (std::uint32_t value : {kSoaSerial, kSoaRefresh, kSoaRetry, kSoaExpire, minimum})
        put_u32(value);
    end_record(rdlength_at);
    ++authority_count_;
}

std::array<std::uint8_t, 2> AnswerWriter::question_pointer(std::size_t octets) const noexcept {
    const std::size_t name = question_end_ >= kHeaderSize + 4 ? question_end_ - kHeaderSize - 4 : 0;
    const auto at = static_cast<std::uint16_t>(kHeaderSize + name - std::min(octets, name));
    return {static_cast<std::uint8_t>(0xC0 | at >> 8), static_cast<std::uint8_t>(at & 0xFF)};
}

void AnswerWriter::put_rdata(std::span<const std::uint8_t> rdata, std::uint16_t& count) noexcept {
    const std::size_t rdlength_at = pos_ - 2;
    if (!reserve(rdata.size())) return;
    put_bytes(rdata.data(), rdata.size());
    end_record(rdlength_at);
    ++count;
}

void AnswerWriter::add_answer(std::uint16_t type, std::uint32_t ttl,
                              std::span<const std::uint8_t> rdata) noexcept {
    if (authority_count_ != 0) misuse_ = true;
    if (begin_answer_record(type, ttl)) put_rdata(rdata, answer_count_);
}

void AnswerWriter::add_answer(std::span<const std::uint8_t> owner, std::uint16_t type,
                              std::uint32_t ttl, std::span<const std::uint8_t> rdata) noexcept {
    if (authority_count_ != 0) misuse_ = true;
    if (begin_record(owner, type, ttl)) put_rdata(rdata, answer_count_);
}

void AnswerWriter::add_authority(std::size_t owner_octets, std::uint16_t type, std::uint32_t ttl,
                                 std::span<const std::uint8_t> rdata) noexcept {
    const auto owner = question_pointer(owner_octets);
    if (begin_record(owner, type, ttl)) put_rdata(rdata, authority_count_);
}

std::size_t AnswerWriter::opt_size(bool with_ede) const noexcept {
    if (!edns_) return 0;
    return kOptFixedSize + (with_ede && ede_ ? kEdeHeaderSize + ede_->text.size() : 0);
}

void AnswerWriter::write_opt(bool with_ede) noexcept {
    const std::uint8_t root = 0;
    put_bytes(&root, 1);
    put_u16(type::kOpt);
    put_u16(std::max(payload_size_, kMinUdpPayload));
    // TTL: extended rcode (upper 8 of 12 bits), version 0, DO echoed.
    const std::uint32_t ttl = (std::uint32_t{static_cast<std::uint8_t>(rcode_ >> 4)} << 24) |
                              (dnssec_ok_ ? kEdnsDoBit : 0u);
    put_u32(ttl);
    const bool ede = with_ede && ede_.has_value();
    put_u16(static_cast<std::uint16_t>(ede ? kEdeHeaderSize + ede_->text.size() : 0));
    if (!ede) return;
    put_u16(option::kExtendedError);
    put_u16(static_cast<std::uint16_t>(2 + ede_->text.size()));
    put_u16(ede_->code);
    put_bytes(reinterpret_cast<const std::uint8_t*>(ede_->text.data()), ede_->text.size());
}

Result<std::span<const std::uint8_t>> AnswerWriter::finish() noexcept {
    if (misuse_) return WireError::output_too_small;
    bool truncated = overflow_ || limit_ - pos_ < opt_size(true);
    if (truncated) {
        pos_ = question_end_;
        answer_count_ = authority_count_ = 0;
    }
    // The EDE text is the first thing to go if even the bare OPT barely fits.
    const bool with_ede = limit_ - pos_ >= opt_size(true);
    if (limit_ - pos_ < opt_size(false)) return WireError::output_too_small;
    if (edns_) write_opt(with_ede);
    std::uint8_t* header = out_.data();
    if (truncated)
        store_u16(header + 2, static_cast<std::uint16_t>(load_u16(header + 2) | flag::kTc));
    store_u16(header + 6, answer_count_);
    store_u16(header + 8, authority_count_);
    store_u16(header + 10, edns_ ? 1 : 0);
    return std::span<const std::uint8_t>(out_.data(), pos_);
}

}  // namespace roja::wire
