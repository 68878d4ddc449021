#include "daemon/api/token_table.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace roja::api {

namespace {

constexpr std::string_view kBearer = "Bearer ";

std::array<std::uint8_t, 32> from_hex(std::string_view hex) {
    std::array<std::uint8_t, 32> bytes{};
    const auto nibble = [](char c) {
        return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    };
    for (std::size_t i = 0; i < bytes.size() && 2 * i + 1 < hex.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
    return bytes;
}

bool starts_with_bearer(std::string_view value) {
    if (value.size() < kBearer.size()) return false;
    for (std::size_t i = 0; i < kBearer.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) !=
            std::tolower(static_cast<unsigned char>(kBearer[i])))
            return false;
    return true;
}

}  // namespace

TokenTable::TokenTable(const std::vector<config::ApiToken>& tokens) {
    for (const config::ApiToken& token : tokens)
        tokens_.push_back({from_hex(token.sha256), token.role, token.name});
}

Authentication TokenTable::authenticate(std::string_view authorization) const {
    if (!starts_with_bearer(authorization)) return {};
    std::string_view token = authorization.substr(kBearer.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return {};
    std::array<std::uint8_t, 32> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
    Authentication result{AuthStatus::invalid, config::ApiRole::regulator, {}};
    // Every stored hash is compared, so the time taken does not depend on which one matches.
    for (const Stored& stored : tokens_) {
        if (CRYPTO_memcmp(stored.sha256.data(), digest.data(), digest.size()) == 0) {
            result = {AuthStatus::ok, stored.role, stored.name};
        }
    }
    return result;
}

}  // namespace roja::api
