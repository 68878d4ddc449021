#include "daemon/rpz/tsig.hpp"

#include <array>
#include <chrono>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

struct NameWire {
    std::array<std::uint8_t, wire::kMaxNameOctets> bytes{};
    std::size_t size = 1;
    explicit NameWire(std::string_view text) {
        if (auto n = wire::encode_name(text, bytes)) size = *n;
    }
    std::span<const std::uint8_t> span() const noexcept { return {bytes.data(), size}; }
};

void put_u48(std::uint8_t* p, std::uint64_t v) noexcept {
    wire::store_u16(p, static_cast<std::uint16_t>(v >> 32));
    wire::store_u32(p + 2, static_cast<std::uint32_t>(v));
}

struct TsigFields {
    std::string_view key_name;
    std::string_view algorithm;
    std::uint64_t time_signed = 0;
    std::uint16_t error = 0;
    std::span<const std::uint8_t> other;
    std::uint16_t fudge = kTsigFudge;
};

// The TSIG variables of §4.3.3 (name, class, TTL, algorithm, time, fudge, error, other), or
// with `timers_only` just time and fudge (§5.3.1).
void digest_variables(HmacSha256& hmac, const TsigFields& f, bool timers_only) noexcept {
    std::array<std::uint8_t, 8> timers;
    put_u48(timers.data(), f.time_signed);
    wire::store_u16(timers.data() + 6, f.fudge);
    if (timers_only) return hmac.update(timers);
    std::array<std::uint8_t, 6> class_ttl{};
    wire::store_u16(class_ttl.data(), kClassAny);
    hmac.update(NameWire(f.key_name).span());
    hmac.update(class_ttl);
    hmac.update(NameWire(f.algorithm).span());
    hmac.update(timers);
    std::array<std::uint8_t, 4> error_other;
    wire::store_u16(error_other.data(), f.error);
    wire::store_u16(error_other.data() + 2, static_cast<std::uint16_t>(f.other.size()));
    hmac.update(error_other);
    hmac.update(f.other);
}

// Writes the TSIG record after the message and bumps ARCOUNT.
void append_record(XfrMessage& message, const TsigFields& f, std::span<const std::uint8_t> mac,
                   std::uint16_t original_id) noexcept {
    std::span<std::uint8_t> out = message.buffer();
    std::size_t pos = message.bytes().size();
    const NameWire key(f.key_name), algorithm(f.algorithm);
    std::copy(key.span().begin(), key.span().end(), out.begin() + static_cast<long>(pos));
    pos += key.size;
    const std::size_t rdlength = algorithm.size + 10 + mac.size() + 6 + f.other.size();
    wire::store_u16(&out[pos], kTypeTsig);
    wire::store_u16(&out[pos + 2], kClassAny);
    wire::store_u32(&out[pos + 4], 0);
    wire::store_u16(&out[pos + 8], static_cast<std::uint16_t>(rdlength));
    pos += 10;
    std::copy(algorithm.span().begin(), algorithm.span().end(),
              out.begin() + static_cast<long>(pos));
    pos += algorithm.size;
    put_u48(&out[pos], f.time_signed);
    wire::store_u16(&out[pos + 6], kTsigFudge);
    wire::store_u16(&out[pos + 8], static_cast<std::uint16_t>(mac.size()));
    pos += 10;
    std::copy(mac.begin(), mac.end(), out.begin() + static_cast<long>(pos));
    pos += mac.size();
    wire::store_u16(&out[pos], original_id);
    wire::store_u16(&out[pos + 2], f.error);
    wire::store_u16(&out[pos + 4], static_cast<std::uint16_t>(f.other.size()));
    pos += 6;
    std::copy(f.other.begin(), f.other.end(), out.begin() + static_cast<long>(pos));
    pos += f.other.size();
    wire::store_u16(&out[10], static_cast<std::uint16_t>(wire::load_u16(&out[10]) + 1));
    message.resize(pos);
}

std::span<const std::uint8_t> with_length(std::vector<std::uint8_t>& out,
                                          std::span<const std::uint8_t> mac) {
    out.resize(2 + mac.size());
    wire::store_u16(out.data(), static_cast<std::uint16_t>(mac.size()));
    std::copy(mac.begin(), mac.end(), out.begin() + 2);
    return out;
}

}  // namespace

std::uint64_t tsig_time_now() noexcept {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

TsigCheck check_tsig(std::span<const std::uint8_t> message, const TsigRecord& tsig,
                     const TsigKeyring& keys, std::uint64_t now) noexcept {
    TsigCheck check;
    check.key = keys.find(tsig.key_name);
    if (!check.key || tsig.algorithm != check.key->algorithm) {
        check.key = nullptr;
        check.error = TsigError::badkey;
        return check;
    }
    // The request as it was signed: its original ID, ARCOUNT without the TSIG record.
    std::array<std::uint8_t, wire::kHeaderSize> header;
    std::copy(message.begin(), message.begin() + wire::kHeaderSize, header.begin());
    wire::store_u16(header.data(), tsig.original_id);
    wire::store_u16(header.data() + 10,
                    static_cast<std::uint16_t>(wire::load_u16(&header[10]) - 1));
    HmacSha256 hmac(check.key->secret);
    hmac.update(header);
    hmac.update(message.subspan(wire::kHeaderSize, tsig.offset - wire::kHeaderSize));
    digest_variables(
        hmac, {tsig.key_name, tsig.algorithm, tsig.time_signed, tsig.error, tsig.other}, false);
    check.request_mac = hmac.finish();
    // Truncated MACs (§5.2.2.1) are not accepted: hmac-sha256 in full only.
    if (!mac_equal(tsig.mac, check.request_mac)) {
        check.error = TsigError::badsig;
        return check;
    }
    const std::uint64_t skew =
        now > tsig.time_signed ? now - tsig.time_signed : tsig.time_signed - now;
    if (skew > tsig.fudge) check.error = TsigError::badtime;
    return check;
}

TsigSigner::TsigSigner(const TsigCheck& check, const TsigRecord& request)
    : key_(*check.key),
      original_id_(request.original_id),
      error_(check.error),
      request_time_(request.time_signed) {
    with_length(prior_mac_, check.request_mac);
}

void TsigSigner::sign(XfrMessage& message, std::uint64_t now) noexcept {
    // BADTIME: our clock in Other Data, so the client can see the skew (§5.2.3).
    std::array<std::uint8_t, 6> server_time;
    put_u48(server_time.data(), now);
    const bool is_badtime = error_ == TsigError::badtime;
    const TsigFields fields{
        key_.name, key_.algorithm, is_badtime ? request_time_ : now,
        static_cast<std::uint16_t>(error_),
        is_badtime ? std::span<const std::uint8_t>(server_time) : std::span<const std::uint8_t>()};
    HmacSha256 hmac(key_.secret);
    hmac.update(prior_mac_);
    hmac.update(message.bytes());
    digest_variables(hmac, fields, !is_first_);
    const HmacSha256::Mac mac = hmac.finish();
    append_record(message, fields, mac, original_id_);
    with_length(prior_mac_, mac);
    is_first_ = false;
}

HmacSha256::Mac sign_request(XfrMessage& message, const TsigKey& key, std::uint16_t id,
                             std::uint64_t now) noexcept {
    const TsigFields fields{key.name, key.algorithm, now, 0, {}};
    HmacSha256 hmac(key.secret);
    hmac.update(message.bytes());
    digest_variables(hmac, fields, false);
    const HmacSha256::Mac mac = hmac.finish();
    append_record(message, fields, mac, id);
    return mac;
}

TsigVerifier::TsigVerifier(const TsigKey& key, const HmacSha256::Mac& request_mac) : key_(key) {
    with_length(prior_mac_, request_mac);
}

std::optional<TsigError> TsigVerifier::verify(std::span<const std::uint8_t> message,
                                              const std::optional<TsigRecord>& tsig,
                                              std::uint64_t now) {
    constexpr std::size_t kMaxUnsignedRun = 99;  // RFC 8945 §5.3.1
    if (!hmac_) {
        hmac_ = std::make_unique<HmacSha256>(key_.secret);
        hmac_->update(prior_mac_);
    }
    if (!tsig) {
        if (is_first_ || ++unsigned_run_ > kMaxUnsignedRun) return TsigError::badsig;
        hmac_->update(message);
        return std::nullopt;
    }
    if (tsig->key_name != key_.name || tsig->algorithm != key_.algorithm) return TsigError::badkey;
    if (tsig->error != 0) return static_cast<TsigError>(tsig->error);
    // The message as it was signed: its original ID, ARCOUNT without the TSIG record.
    std::array<std::uint8_t, wire::kHeaderSize> header;
    std::copy(message.begin(), message.begin() + wire::kHeaderSize, header.begin());
    wire::store_u16(header.data(), tsig->original_id);
    wire::store_u16(header.data() + 10,
                    static_cast<std::uint16_t>(wire::load_u16(&header[10]) - 1));
    hmac_->update(header);
    hmac_->update(message.subspan(wire::kHeaderSize, tsig->offset - wire::kHeaderSize));
    digest_variables(
        *hmac_, {tsig->key_name, tsig->algorithm, tsig->time_signed, 0, tsig->other, tsig->fudge},
        !is_first_);
    const HmacSha256::Mac mac = hmac_->finish();
    hmac_.reset();
    if (!mac_equal(tsig->mac, mac)) return TsigError::badsig;
    const std::uint64_t skew =
        now > tsig->time_signed ? now - tsig->time_signed : tsig->time_signed - now;
    if (skew > tsig->fudge) return TsigError::badtime;
    with_length(prior_mac_, mac);
    unsigned_run_ = 0;
    is_first_ = false;
    return std::nullopt;
}

void append_unsigned_tsig(XfrMessage& message, const TsigRecord& request, TsigError error,
                          std::uint64_t now) noexcept {
    append_record(message,
                  {request.key_name, request.algorithm, now, static_cast<std::uint16_t>(error), {}},
                  {}, request.original_id);
}

}  // namespace roja::rpz
