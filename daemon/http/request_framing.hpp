// Request framing checks beyond Beast's parser, against request smuggling (RFC 9112 6.1, 6.3):
// a request a proxy in front could read as a different number of requests is refused with 400
// and the connection closed.
#pragma once

#include <string_view>

#include <boost/beast/http/fields.hpp>

namespace roja::http {

// Empty when the framing is sound, else why not (for the log): Transfer-Encoding together
// with Content-Length (either order), a Transfer-Encoding whose last coding is not chunked, a
// second Transfer-Encoding or Content-Length field, more than one Host.
std::string_view framing_problem(const boost::beast::http::fields& fields) noexcept;

}  // namespace roja::http
