#include <doctest/doctest.h>

#include "daemon/http/origin_resolver.hpp"

using roja::http::address_query;

TEST_CASE("the origin lookup is a standard recursive query for the host") {
    const auto q = address_query("news.test", 1);
    const std::vector<std::uint8_t> expected = {0,   0,   1,   0,   0,   1,   0,   0,   0,
                                                0,   0,   0,   4,   'n', 'e', 'w', 's', 4,
                                                't', 'e', 's', 't', 0,   0,   1,   0,   1};
    CHECK(q == expected);
    CHECK(address_query("a..b", 1).empty());
    CHECK(address_query(std::string(64, 'a'), 1).empty());
}
