// local_records: each type's value parsed and checked, defaults, and problems at their line.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "tests/unit/config/config_text.hpp"

using namespace roja::config;
using roja::config::test::load;
using roja::config::test::problems_of;

TEST_CASE("local records of every type are read with their values") {
    const auto result = load(
        "local_records:\n"
        "  ttl: 10m\n"
        "  generate_ptr: false\n"
        "  hosts_files: [/etc/roja/hosts]\n"
        "  records:\n"
        "    - {name: Intranet.School.Local., type: A, value: 10.0.0.80}\n"
        "    - {name: intranet.school.local, type: AAAA, value: \"fd00::80\", ttl: 60}\n"
        "    - {name: www.school.local, type: CNAME, value: intranet.school.local}\n"
        "    - {name: school.local, type: MX, value: \"10 mail.school.local\"}\n"
        "    - {name: _ldap._tcp.school.local, type: SRV, value: \"0 100 389 dc.school.local\"}\n"
        "    - {name: school.local, type: TXT, value: \"v=spf1 -all\", override: true}\n"
        "    - {name: 80.0.0.10.in-addr.arpa, type: PTR, value: intranet.school.local}\n");
    REQUIRE(result.is_ok());
    const LocalRecordsConfig& local = result.config->local_records;
    CHECK(local.ttl == std::chrono::minutes(10));
    CHECK_FALSE(local.generate_ptr);
    CHECK(local.hosts_files.size() == 1);
    REQUIRE(local.records.size() == 7);
    CHECK(local.records[0].name == "intranet.school.local");
    CHECK(local.records[0].address.to_string() == "10.0.0.80");
    CHECK_FALSE(local.records[0].ttl.has_value());
    CHECK(local.records[1].ttl == std::chrono::seconds(60));
    CHECK(local.records[2].target == "intranet.school.local");
    CHECK(local.records[3].priority == 10);
    CHECK(local.records[3].target == "mail.school.local");
    CHECK(local.records[4].port == 389);
    CHECK(local.records[4].weight == 100);
    CHECK(local.records[5].text == "v=spf1 -all");
    CHECK(local.records[5].override);
}

TEST_CASE("bad local records name their line") {
    const std::string problems = problems_of(
        "local_records:\n"
        "  records:\n"
        "    - {name: a.example, type: A, value: \"fd00::1\"}\n"            // 3: v6 for A
        "    - {name: a.example, type: MX, value: mail.example}\n"          // 4: no preference
        "    - {name: a.example, type: SRV, value: \"1 2 x t.example\"}\n"  // 5
        "    - {name: a.example, type: NAPTR, value: x}\n"                  // 6: unknown type
        "    - {type: A, value: 10.0.0.1}\n");                              // 7: no name
    for (const char* line :
         {"roja.yaml:3:", "roja.yaml:4:", "roja.yaml:5:", "roja.yaml:6:", "roja.yaml:7:"})
        CHECK_MESSAGE(problems.find(line) != std::string::npos, line, "\n", problems);
}

TEST_CASE("a name with a CNAME and other records is reported") {
    const std::string problems = problems_of(
        "local_records:\n"
        "  records:\n"
        "    - {name: b.example, type: CNAME, value: a.example}\n"
        "    - {name: b.example, type: TXT, value: x}\n");
    CHECK(problems.find("roja.yaml:4:") != std::string::npos);
    CHECK(problems.find("has a CNAME and other records") != std::string::npos);
}

TEST_CASE("rate_limit is off by default and read with its bounds") {
    const auto off = load("");
    REQUIRE(off.is_ok());
    CHECK_FALSE(off.config->rate_limit.enabled());
    const auto on = load(
        "rate_limit:\n  qps: 50\n  burst: 100\n  ipv6_prefix: 48\n  action: refuse\n  slip: 0\n"
        "  exempt: [192.0.2.0/24]\n  max_clients: 1024\n");
    REQUIRE(on.is_ok());
    const RateLimitConfig& limit = on.config->rate_limit;
    CHECK(limit.enabled());
    CHECK(limit.burst == 100);
    CHECK(limit.ipv4_prefix == 32);
    CHECK(limit.ipv6_prefix == 48);
    CHECK(limit.action == RateLimitAction::refuse);
    CHECK(limit.slip == 0);
    CHECK(limit.exempt.size() == 1);
    const std::string problems =
        problems_of("rate_limit:\n  ipv4_prefix: 40\n  action: tarpit\n  max_clients: 1\n");
    for (const char* line : {"roja.yaml:2:", "roja.yaml:3:", "roja.yaml:4:"})
        CHECK_MESSAGE(problems.find(line) != std::string::npos, line, "\n", problems);
}
