// upstream.zones and upstream.local_zones: defaults, a zone's timeout inherited from the
// upstream section, and problems at their line and column.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "tests/unit/config/config_text.hpp"

using namespace roja::config;
using roja::config::test::load;
using roja::config::test::problems_of;

TEST_CASE("no zones and the locally served zones on by default") {
    const auto result = load("");
    REQUIRE(result.is_ok());
    CHECK(result.config->upstream.zones.empty());
    CHECK(result.config->upstream.local_zones);
}

TEST_CASE("a forward zone is canonical and inherits the upstream timeout") {
    const auto result = load(
        "upstream:\n"
        "  timeout: 700ms\n"
        "  local_zones: false\n"
        "  zones:\n"
        "    - zone: School.Local.\n"
        "      servers: [10.0.0.5, \"10.0.0.6:5353\"]\n"
        "    - {zone: 10.in-addr.arpa, servers: [10.0.0.5], timeout: 2s, cache: false}\n");
    REQUIRE(result.is_ok());
    const UpstreamConfig& upstream = result.config->upstream;
    CHECK_FALSE(upstream.local_zones);
    REQUIRE(upstream.zones.size() == 2);
    CHECK(upstream.zones[0].zone == "school.local");
    CHECK(upstream.zones[0].servers.size() == 2);
    CHECK(upstream.zones[0].servers[1].port == 5353);
    CHECK(upstream.zones[0].timeout == std::chrono::milliseconds(700));
    CHECK(upstream.zones[0].cache);
    CHECK(upstream.zones[1].timeout == std::chrono::seconds(2));
    CHECK_FALSE(upstream.zones[1].cache);
}

TEST_CASE("zone problems name their line and column") {
    const std::string problems = problems_of(
        "upstream:\n"
        "  zones:\n"
        "    - zone: school.local\n"   // 3: no servers
        "    - servers: [10.0.0.5]\n"  // 4: no zone
        "    - zone: \".\"\n"          // 5: the root is `servers`
        "      servers: [10.0.0.5]\n"
        "    - zone: a.example\n"
        "      servers: []\n"   // 8: empty
        "      cache: maybe\n"  // 9: not a bool
        "      color: red\n"    // 10: unknown
        "    - {zone: school.local, servers: [10.0.0.7]}\n");
    CHECK(problems.find("roja.yaml:3:") != std::string::npos);
    CHECK(problems.find("servers") != std::string::npos);
    CHECK(problems.find("roja.yaml:4:") != std::string::npos);
    CHECK(problems.find("roja.yaml:5:") != std::string::npos);
    CHECK(problems.find("roja.yaml:8:") != std::string::npos);
    CHECK(problems.find("roja.yaml:9:") != std::string::npos);
    CHECK(problems.find("roja.yaml:10:") != std::string::npos);
}

TEST_CASE("a zone listed twice is reported") {
    const std::string problems = problems_of(
        "upstream:\n"
        "  zones:\n"
        "    - {zone: school.local, servers: [10.0.0.5]}\n"
        "    - {zone: SCHOOL.local., servers: [10.0.0.7]}\n");
    CHECK(problems.find("roja.yaml:4:") != std::string::npos);
    CHECK(problems.find("listed twice") != std::string::npos);
}
