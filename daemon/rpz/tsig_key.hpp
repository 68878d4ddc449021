// TSIG keys (RFC 8945) the RPZ listener knows, read from a file in BIND's syntax:
//   key "xfr-akep" { algorithm hmac-sha256; secret "base64..."; };
// Only hmac-sha256 is accepted. The file holds secrets, so it must not be readable by group or
// others (as BIND's `tsig-keygen` output is meant to be kept).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace roja::rpz {

inline constexpr std::string_view kHmacSha256 = "hmac-sha256";

struct TsigKey {
    std::string name;       // canonical, no trailing dot
    std::string algorithm;  // canonical ("hmac-sha256")
    std::vector<std::uint8_t> secret;
};

class TsigKeyring {
  public:
    TsigKeyring() = default;
    explicit TsigKeyring(std::vector<TsigKey> keys) : keys_(std::move(keys)) {}
    const TsigKey* find(std::string_view name) const noexcept {
        for (const TsigKey& key : keys_)
            if (key.name == name) return &key;
        return nullptr;
    }
    std::size_t size() const noexcept { return keys_.size(); }

  private:
    std::vector<TsigKey> keys_;
};

// Parses the text of a key file; throws std::runtime_error naming `file` and the line of the
// first problem (start-up only).
std::vector<TsigKey> parse_tsig_keys(std::string_view text, std::string_view file);
// Reads and parses `path`; refuses a file that group or others may read.
TsigKeyring load_tsig_keys(const std::string& path);

}  // namespace roja::rpz
