// TSIG (RFC 8945, hmac-sha256) for the RPZ listener: checking a request's signature, and
// signing every message of the answer, each MAC chained to the one before (§5.3.1), so a
// consumer knows no message of a transfer was dropped, added or changed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "daemon/rpz/hmac_sha256.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/xfr_message.hpp"
#include "daemon/rpz/xfr_request.hpp"

namespace roja::rpz {

enum class TsigError : std::uint16_t { none = 0, badsig = 16, badkey = 17, badtime = 18 };
inline constexpr std::uint16_t kRcodeNotAuth = 9;
inline constexpr std::uint16_t kTsigFudge = 300;  // seconds of clock skew accepted

struct TsigCheck {
    TsigError error = TsigError::none;
    const TsigKey* key = nullptr;  // known key (none for BADKEY)
    HmacSha256::Mac request_mac{};
};

// The clock TSIG signs and checks with: seconds since the epoch.
std::uint64_t tsig_time_now() noexcept;

// `message` is the whole request; `tsig` its TSIG record; `now` seconds since the epoch.
TsigCheck check_tsig(std::span<const std::uint8_t> message, const TsigRecord& tsig,
                     const TsigKeyring& keys, std::uint64_t now) noexcept;

class TsigSigner {
  public:
    // `check` must carry a key (error none or badtime).
    TsigSigner(const TsigCheck& check, const TsigRecord& request);
    // Appends the TSIG record to the message and counts it in ARCOUNT.
    void sign(XfrMessage& message, std::uint64_t now) noexcept;

  private:
    const TsigKey& key_;
    std::uint16_t original_id_;
    TsigError error_;
    std::uint64_t request_time_;
    std::vector<std::uint8_t> prior_mac_;
    bool is_first_ = true;
};

// Signs a request we send (NOTIFY): the MAC covers the message and the TSIG variables (§4.3.3).
// Returns the MAC, which the answer's MAC covers in turn.
HmacSha256::Mac sign_request(XfrMessage& message, const TsigKey& key, std::uint16_t id,
                             std::uint64_t now) noexcept;

// Checks every message of an answer to a request we signed (RFC 8945 §5.3.1 on the client's
// side): the first message must be signed, each MAC covers the one before it and every unsigned
// message since (at most 99 in a row), and the answer must end signed.
class TsigVerifier {
  public:
    TsigVerifier(const TsigKey& key, const HmacSha256::Mac& request_mac);
    // `message` whole, `tsig` its parsed TSIG record if any; none: the message was good.
    std::optional<TsigError> verify(std::span<const std::uint8_t> message,
                                    const std::optional<TsigRecord>& tsig, std::uint64_t now);
    // Whether the last message verified carried a signature.
    bool ends_signed() const noexcept { return unsigned_run_ == 0 && !is_first_; }

  private:
    const TsigKey& key_;
    std::vector<std::uint8_t> prior_mac_;
    std::unique_ptr<HmacSha256> hmac_;  // the digest of the messages since the last MAC
    std::size_t unsigned_run_ = 0;
    bool is_first_ = true;
};

// BADKEY and BADSIG answers carry a TSIG record without a MAC (§5.2.1, §5.2.2).
void append_unsigned_tsig(XfrMessage& message, const TsigRecord& request, TsigError error,
                          std::uint64_t now) noexcept;

}  // namespace roja::rpz
