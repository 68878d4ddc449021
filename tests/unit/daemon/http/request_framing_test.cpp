#include <doctest/doctest.h>

#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/http/request_framing.hpp"

namespace bhttp = boost::beast::http;

namespace {

// The framing problem of a request head, or Beast's own parse error as "beast: ...".
std::string problem_of(std::string head) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.eager(false);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(head), ec);
    if (ec && ec != bhttp::error::need_more) return "beast: " + ec.message();
    return std::string(roja::http::framing_problem(parser.get()));
}

}  // namespace

TEST_CASE("a plain request has sound framing") {
    CHECK(problem_of("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n").empty());
    CHECK(problem_of("POST / HTTP/1.1\r\nHost: a.test\r\nContent-Length: 3\r\n\r\n").empty());
    CHECK(problem_of("POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n")
              .empty());
}

TEST_CASE("Transfer-Encoding with Content-Length is refused in either order") {
    CHECK_FALSE(
        problem_of(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
            .empty());
    CHECK_FALSE(
        problem_of(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")
            .empty());
    // Beast accepts a non-chunked Transfer-Encoding before Content-Length; the check must not.
    CHECK(
        problem_of(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\n") ==
        "Transfer-Encoding with Content-Length");
    CHECK_FALSE(problem_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: "
                           "identity\r\n\r\n")
                    .empty());
}

TEST_CASE("other smuggling shapes are refused") {
    CHECK_FALSE(problem_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")
                    .empty());
    CHECK_FALSE(problem_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
                           "chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .empty());
    CHECK_FALSE(problem_of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").empty());
    CHECK_FALSE(
        problem_of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
            .empty());
    CHECK_FALSE(
        problem_of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n").empty());
}
