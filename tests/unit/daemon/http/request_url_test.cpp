#include <doctest/doctest.h>

#include "daemon/http/request_url.hpp"

using roja::http::RequestUrl;
using roja::http::RequestUrlReader;

namespace {

std::string url_of(std::string_view host, std::string_view target) {
    RequestUrlReader reader;
    RequestUrl url;
    const auto problem = reader.read(host, target, url);
    return problem.empty() ? url.text : "error: " + std::string(problem);
}

}  // namespace

TEST_CASE("a request URL is normalised like a listed URL") {
    CHECK(url_of("News.Test", "/secret/page") == "news.test/secret/page");
    CHECK(url_of("news.test:80", "/a") == "news.test/a");
    CHECK(url_of("news.test:8080", "/a") == "news.test:8080/a");
    CHECK(url_of("news.test", "/%7Euser/%41b%2f?q=%61") == "news.test/~user/Ab%2F?q=a");
    CHECK(url_of("news.test", "/a/./b/../c") == "news.test/a/c");
    CHECK(url_of("news.test", "/a/%2e%2E/b") == "news.test/b");
    CHECK(url_of("news.test", "/a#frag") == "error: a malformed request-target");
    CHECK(url_of("news.test", "/") == "news.test/");
}

TEST_CASE("an absolute-form target names its own host") {
    CHECK(url_of("ignored.test", "http://NEWS.test:80/x?y") == "news.test/x?y");
}

TEST_CASE("targets that are not URLs are refused") {
    CHECK(url_of("news.test", "*").starts_with("error"));
    CHECK(url_of("news.test", "/a b").starts_with("error"));
    CHECK(url_of("news.test", "/%zz").starts_with("error"));
    CHECK(url_of("news.test", "ftp://news.test/x").starts_with("error"));
    CHECK(url_of("news.test", "mailto:a@b").starts_with("error"));
}

TEST_CASE("the URL splits into the entries' host key and the path") {
    RequestUrlReader reader;
    RequestUrl url;
    REQUIRE(reader.read("news.test:8080", "/a?b", url).empty());
    CHECK(url.host_key == "news.test:8080");
    CHECK(url.path_and_query == "/a?b");
}
