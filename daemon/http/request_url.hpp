// The URL a proxied request names, in the spelling of listed URL entries (filter/list_url.hpp),
// so matching is a plain comparison: Boost.URL checks the request-target (origin-form or
// absolute-form), then filter::UrlNormalizer lower-cases the host, drops the default port,
// decodes unreserved escapes and removes dot segments.
#pragma once

#include <string>
#include <string_view>

#include "filter/list_url.hpp"

namespace roja::http {

struct RequestUrl {
    std::string text;                 // "host[:port]/path[?query]"
    std::string_view host_key;        // "host[:port]": the URL entries' key
    std::string_view path_and_query;  // "/path[?query]"
};

class RequestUrlReader {
  public:
    // `host` is the Host header (used unless the target is in absolute form). Returns the
    // reason when the target is not a URL this filter handles, else an empty view.
    std::string_view read(std::string_view host, std::string_view target, RequestUrl& out);

  private:
    filter::UrlNormalizer normalizer_;
    std::string joined_;
};

}  // namespace roja::http
