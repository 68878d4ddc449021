// The rpz_export section: defaults, zones built from lists and feeds that exist, TSIG or an
// explicit keyless prefix required, and problems at their line and column.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "tests/unit/config/config_text.hpp"

using namespace roja::config;
using roja::config::test::load;
using roja::config::test::problems_of;

namespace {

constexpr std::string_view kSources =
    "lists:\n  - {id: local, path: /l.txt}\n"
    "feeds:\n  - {id: akep-al, source: /srv/akep, keys: [/k.pub]}\n";

}  // namespace

TEST_CASE("no rpz_export section means no export") {
    const auto result = load("");
    REQUIRE(result.is_ok());
    CHECK_FALSE(result.config->rpz_export.listen.has_value());
    CHECK(result.config->rpz_export.zones.empty());
}

TEST_CASE("an exported zone gets the documented defaults") {
    const auto result = load(std::string(kSources) +
                             "rpz_export:\n"
                             "  listen: 127.0.0.1:5300\n"
                             "  keys_file: /etc/roja/rpz-keys.conf\n"
                             "  zones:\n"
                             "    - name: AKEP.rpz.roja.\n"
                             "      feeds: [akep-al]\n"
                             "      keys: [xfr-akep]\n");
    REQUIRE(result.is_ok());
    const RpzExportConfig& rpz = result.config->rpz_export;
    CHECK(rpz.listen->port == 5300);
    CHECK(rpz.max_connections == 64);
    const RpzZoneConfig& zone = rpz.zones.at(0);
    CHECK(zone.name == "akep.rpz.roja");
    CHECK(zone.action == RpzAction::nxdomain);
    CHECK(zone.ttl == std::chrono::seconds(60));
    CHECK(zone.refresh == std::chrono::minutes(5));
    CHECK(zone.allow.size() == 2);  // loopback
    CHECK(zone.allow_without_key.empty());
}

TEST_CASE("rpz_export problems name their line and column") {
    const std::string problems = problems_of(std::string(kSources) +
                                             "rpz_export:\n"
                                             "  listen: 127.0.0.1:5300\n"
                                             "  zones:\n"
                                             "    - name: a.rpz.\n"
                                             "      lists: [nope]\n"
                                             "      action: drop\n"
                                             "    - name: b.rpz.\n"
                                             "      feeds: [akep-al]\n"
                                             "      keys: [k]\n"
                                             "    - name: a.rpz\n"
                                             "      lists: [local]\n"
                                             "      allow_without_key: [127.0.0.1/32]\n");
    CHECK(problems.find("roja.yaml:9:15: rpz_export.zones[0].lists[0]: unknown list \"nope\"") !=
          std::string::npos);
    CHECK(problems.find("roja.yaml:10:15: rpz_export.zones[0].action:") != std::string::npos);
    CHECK(problems.find("a zone needs keys (TSIG) or allow_without_key prefixes") !=
          std::string::npos);
    CHECK(problems.find("zone \"a.rpz\" is already defined") != std::string::npos);
    CHECK(problems.find("keys_file") != std::string::npos);
}
