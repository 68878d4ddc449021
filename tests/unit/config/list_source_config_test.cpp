// A list's source: a primary to transfer an RPZ zone from instead of a file; its TSIG key, its
// caps and defaults, and the problems of a source written wrong.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "tests/unit/config/config_text.hpp"

using namespace roja::config;
using roja::config::test::load;
using roja::config::test::problems_of;

TEST_CASE("a list taken from a primary gets the documented defaults and format rpz") {
    const auto result = load(
        "state_dir: /var/lib/roja-test\n"
        "lists:\n"
        "  - id: provider\n"
        "    source:\n"
        "      primary: 192.0.2.1\n"
        "      zone: RPZ.Example.\n"
        "      tsig: {name: xfr-key., algorithm: hmac-sha256, secret_file: "
        "/etc/roja/xfr.secret}\n");
    REQUIRE(result.is_ok());
    const ListConfig& list = result.config->lists.at(0);
    REQUIRE(list.primary.has_value());
    CHECK(list.format == roja::filter::ListFormat::rpz);
    CHECK(list.primary->primary.port == 53);
    CHECK(list.primary->zone == "rpz.example");
    CHECK(list.primary->tsig->name == "xfr-key");
    CHECK(list.primary->tsig->secret_file == "/etc/roja/xfr.secret");
    CHECK_FALSE(list.primary->notify_listen.has_value());
    CHECK(list.primary->max_bytes == 256 * kMiB);
    CHECK(list.primary->max_records == 4'000'000);
    CHECK(transferred_zone_path(*result.config, list) ==
          "/var/lib/roja-test/rpz-secondary/provider.zone");
}

TEST_CASE("a source with a key file, NOTIFY listener and caps") {
    const auto result = load(
        "lists:\n"
        "  - id: provider\n"
        "    source: {primary: \"127.0.0.1:5353\", zone: rpz.example, notify_listen: "
        "\"127.0.0.1:5354\", max_bytes: 1MiB, max_records: 5000, timeout: 30s,\n"
        "             tsig: {name: xfr-key, key_file: /etc/roja/keys.conf}}\n");
    REQUIRE(result.is_ok());
    const RpzPrimaryConfig& source = *result.config->lists.at(0).primary;
    CHECK(source.primary.port == 5353);
    CHECK(source.notify_listen->port == 5354);
    CHECK(source.max_bytes == kMiB);
    CHECK(source.max_records == 5000);
    CHECK(source.timeout == std::chrono::seconds(30));
    CHECK(source.tsig->key_file == "/etc/roja/keys.conf");
}

TEST_CASE("a source written wrong is reported where it is") {
    const std::string both = problems_of(
        "lists:\n  - {id: a, path: /a.txt, source: {primary: 192.0.2.1, zone: rpz.example}}\n");
    CHECK(both.find("either a path or a source") != std::string::npos);
    const std::string format = problems_of(
        "lists:\n  - {id: a, format: hosts, source: {primary: 192.0.2.1, zone: rpz.example}}\n");
    CHECK(format.find("format rpz") != std::string::npos);
    const std::string missing = problems_of("lists:\n  - {id: a, source: {zone: rpz.example}}\n");
    CHECK(missing.find("primary") != std::string::npos);
    const std::string key = problems_of(
        "lists:\n  - {id: a, source: {primary: 192.0.2.1, zone: rpz.example, "
        "tsig: {name: k, algorithm: hmac-md5, secret_file: /s}}}\n");
    CHECK(key.find("hmac-sha256") != std::string::npos);
    const std::string neither = problems_of(
        "lists:\n  - {id: a, source: {primary: 192.0.2.1, zone: rpz.example, tsig: {name: k}}}\n");
    CHECK(neither.find("secret_file or key_file") != std::string::npos);
}
