#include "filter/safe_search.hpp"

#include <doctest/doctest.h>

using roja::filter::safe_search_target;

TEST_CASE("search front ends map to their safe endpoints") {
    CHECK(safe_search_target("www.google.com") == "forcesafesearch.google.com");
    CHECK(safe_search_target("google.al") == "forcesafesearch.google.com");
    CHECK(safe_search_target("www.google.co.uk") == "forcesafesearch.google.com");
    CHECK(safe_search_target("www.bing.com") == "strict.bing.com");
    CHECK(safe_search_target("duckduckgo.com") == "safe.duckduckgo.com");
    CHECK(safe_search_target("www.youtube.com") == "restrict.youtube.com");
    CHECK(safe_search_target("m.youtube.com") == "restrict.youtube.com");
}

TEST_CASE("other names, and other names under the same domains, are left alone") {
    CHECK_FALSE(safe_search_target("mail.google.com"));
    CHECK_FALSE(safe_search_target("forcesafesearch.google.com"));
    CHECK_FALSE(safe_search_target("example.al"));
    CHECK_FALSE(safe_search_target(""));
}
