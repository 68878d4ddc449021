// The admin API's bearer tokens, kept only as SHA-256 hashes (config admin.tokens). A presented
// token is hashed and compared with every stored hash in constant time, whichever matches, so
// neither the timing nor the order of the table tells anything about a token.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace roja::api {

enum class AuthStatus {
    missing,  // no Authorization header, or not "Bearer <token>"
    invalid,  // a bearer token that matches no configured one
    ok,
};

struct Authentication {
    AuthStatus status = AuthStatus::missing;
    config::ApiRole role = config::ApiRole::regulator;
    std::string name;  // the token's holder, for the logs
};

class TokenTable {
  public:
    explicit TokenTable(const std::vector<config::ApiToken>& tokens);

    // `authorization`: the Authorization header's value ("Bearer abc..."), empty when absent.
    Authentication authenticate(std::string_view authorization) const;
    bool empty() const noexcept { return tokens_.empty(); }

  private:
    struct Stored {
        std::array<std::uint8_t, 32> sha256;
        config::ApiRole role;
        std::string name;
    };
    std::vector<Stored> tokens_;
};

}  // namespace roja::api
