#include "daemon/crypto/base64.hpp"

#include <openssl/evp.h>

#include <limits>

namespace roja::crypto {

namespace {

bool is_base64_symbol(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// Checks the shape EVP_DecodeBlock does not: it skips blanks and ignores where '=' appears.
std::optional<std::size_t> padding_of(std::string_view text) noexcept {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    if (text.ends_with("=="))
        padding = 2;
    else if (text.ends_with("="))
        padding = 1;
    for (std::size_t i = 0; i + padding < text.size(); ++i)
        if (!is_base64_symbol(text[i])) return std::nullopt;
    return padding;
}

}  // namespace

std::string encode_base64(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return {};
    std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // + the NUL EVP writes
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), bytes.data(),
                                  static_cast<int>(bytes.size()));
    text.resize(static_cast<std::size_t>(n));
    return text;
}

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
    const auto padding = padding_of(text);
    if (!padding || text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return std::nullopt;
    std::vector<std::uint8_t> bytes(text.size() / 4 * 3);
    if (text.empty()) return bytes;
    const int n = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0 || static_cast<std::size_t>(n) != bytes.size()) return std::nullopt;
    bytes.resize(bytes.size() - *padding);  // EVP_DecodeBlock counts the padding as zero bytes
    return bytes;
}

}  // namespace roja::crypto
