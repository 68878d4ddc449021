// The HTTP response around a rendered page: status, the RFC 7725 Link for a 451, caching and
// content-security headers that keep the page self-contained, and a plain answer for errors.
#pragma once

#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/http/warning_page.hpp"

namespace roja::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

// `head`: a HEAD request (headers only, Content-Length of the page). `page.body` is moved.
Response page_response(PageResponse& page, std::string_view operator_url, unsigned version,
                       bool keep_alive, bool head);

// A short text answer (400, 413, 431, 502, 504...) that closes the connection.
Response error_response(unsigned status, unsigned version);

}  // namespace roja::http
