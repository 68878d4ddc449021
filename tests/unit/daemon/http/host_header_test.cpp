#include <doctest/doctest.h>

#include "daemon/http/host_header.hpp"

using namespace roja::http;

TEST_CASE("a Host header becomes a canonical name without port or trailing dot") {
    const HostName h = parse_host_header("WWW.Casino.Test.:8080");
    CHECK(h.status == HostStatus::name);
    CHECK(h.canonical == "www.casino.test");
    CHECK(h.port == 8080);
    CHECK(parse_host_header("xn--bcher-kva.test").canonical == "xn--bcher-kva.test");
    CHECK(parse_host_header("casino.test:").status == HostStatus::name);
}

TEST_CASE("address literals are not names") {
    CHECK(parse_host_header("192.0.2.1").status == HostStatus::address);
    CHECK(parse_host_header("192.0.2.1:80").status == HostStatus::address);
    CHECK(parse_host_header("[2001:db8::1]:80").status == HostStatus::address);
    CHECK(parse_host_header("[::1]").status == HostStatus::address);
}

TEST_CASE("hostile Host headers are invalid") {
    for (const char* bad : {"", "<script>.test", "a b.test", "a..b", ".a", "a.test:99999",
                            "a.test:x", "[::1", "[nothost]:80", "[::1]x", "bücher.test",
                            "a\r\nX-Injected: 1", "a/b.test", "a%2e.test", "a\\.test"}) {
        CAPTURE(bad);
        CHECK(parse_host_header(bad).status == HostStatus::invalid);
    }
    CHECK(parse_host_header(std::string(64, 'a') + ".test").status == HostStatus::invalid);
    CHECK(parse_host_header(std::string(63, 'a') + ".test").status == HostStatus::name);
    std::string long_name;
    for (int i = 0; i < 64; ++i) long_name += "abc.";
    CHECK(parse_host_header(long_name + "x").status == HostStatus::invalid);
}
