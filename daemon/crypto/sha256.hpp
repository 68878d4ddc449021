// SHA-256 as the feed and the audit log write it: 64 lower-case hex digits.
#pragma once

#include <string>
#include <string_view>

namespace roja::crypto {

std::string sha256_hex(std::string_view bytes);

}  // namespace roja::crypto
