#include <doctest/doctest.h>

#include "daemon/http/html_escape.hpp"

using roja::http::html_escaped;

TEST_CASE("html escaping makes markup characters inert text") {
    CHECK(html_escaped("<script>alert('x')</script>") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(html_escaped("a \"b\" & c") == "a &quot;b&quot; &amp; c");
    CHECK(html_escaped("&amp;") == "&amp;amp;");
}

TEST_CASE("html escaping keeps valid UTF-8 and replaces invalid bytes") {
    CHECK(html_escaped("Shqipëri") == "Shqipëri");
    CHECK(html_escaped("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // a 4-byte sequence
    CHECK(html_escaped("a\xFF"
                       "b") ==
          "a\xEF\xBF\xBD"
          "b");                                                     // not UTF-8 at all
    CHECK(html_escaped("\xC0\xBC") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<'
    CHECK(html_escaped("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    CHECK(html_escaped("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // cut short
}

TEST_CASE("html escaping drops control characters but keeps tab and newline") {
    CHECK(html_escaped(std::string_view("a\0b\x1b[31mc\x7f", 10)) == "ab[31mc");
    CHECK(html_escaped("a\tb\nc\r") == "a\tb\nc");
}
