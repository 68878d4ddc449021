#include "daemon/crypto/openssl_handles.hpp"

#include <openssl/err.h>

#include <climits>

namespace roja::crypto {

BioPtr memory_bio(std::span<const std::uint8_t> bytes) {
    static const std::uint8_t kNothing = 0;  // BIO_new_mem_buf refuses a null pointer
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
    const void* data = bytes.empty() ? &kNothing : bytes.data();
    return BioPtr(BIO_new_mem_buf(data, static_cast<int>(bytes.size())));
}

std::string take_openssl_error(const char* fallback) {
    const char* data = nullptr;
    int flags = 0;
    const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags);
    std::string text = fallback;
    if (code != 0) {
        const char* reason = ERR_reason_error_string(code);
        text = reason ? reason : fallback;
        if (data && (flags & ERR_TXT_STRING) && *data) text += std::string(" (") + data + ")";
    }
    ERR_clear_error();
    return text;
}

}  // namespace roja::crypto
