// HMAC-SHA256 over several pieces (OpenSSL 3 EVP_MAC), for TSIG: the pieces of a TSIG digest
// (prior MAC, message, variables) are fed one by one, never copied into one buffer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include <openssl/evp.h>

namespace roja::rpz {

class HmacSha256 {
  public:
    static constexpr std::size_t kSize = 32;
    using Mac = std::array<std::uint8_t, kSize>;

    explicit HmacSha256(std::span<const std::uint8_t> key);
    void update(std::span<const std::uint8_t> bytes) noexcept;
    Mac finish() noexcept;

  private:
    struct MacDeleter {
        void operator()(EVP_MAC* mac) const noexcept { EVP_MAC_free(mac); }
    };
    struct ContextDeleter {
        void operator()(EVP_MAC_CTX* context) const noexcept { EVP_MAC_CTX_free(context); }
    };
    std::unique_ptr<EVP_MAC_CTX, ContextDeleter> context_;
};

// Compares MACs in time independent of where they differ.
bool mac_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

}  // namespace roja::rpz
