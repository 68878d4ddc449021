// URL entries' one spelling, so that a listed URL and a request compare as plain text:
// "host[:port]/path[?query]" without scheme or fragment; the host canonical (lower case, IDN as
// A-labels), default ports dropped, dot segments removed, unreserved percent-escapes decoded and
// the other escapes in upper case. Only http and https URLs (or scheme-less ones) are accepted.
#pragma once

#include <string>
#include <string_view>

namespace roja::filter {

inline constexpr std::size_t kMaxUrlChars = 8192;

class UrlNormalizer {
  public:
    // Writes the normal form of `text` into `out`. Returns an empty view on success, else the
    // reason (a static string). Reuses its buffers: no allocation per URL once warm.
    std::string_view normalize(std::string_view text, std::string& out);

  private:
    std::string_view append_authority(std::string_view authority, bool drop_80, bool drop_443,
                                      std::string& out);
    std::string_view append_host(std::string_view host, std::string& out);

    std::string scratch_;
};

}  // namespace roja::filter
