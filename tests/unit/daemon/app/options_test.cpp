#include "daemon/app/options.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using namespace roja;

namespace {
app::Options parse(std::vector<const char*> args) {
    args.insert(args.begin(), "rojad");
    return app::parse_options(static_cast<int>(args.size()), const_cast<char**>(args.data()));
}
}  // namespace

TEST_CASE("quick-start flags build a configuration without a file") {
    const auto options =
        parse({"--listen", "127.0.0.1:5353", "--listen", "[::1]:5354", "--upstream",
               "127.0.0.53:5300", "--list", "plain:/tmp/list.txt", "--warning-address",
               "127.0.0.80", "--allow", "10.1.2.3/8", "--threads", "1"});
    config::Config config;
    config::ListConfig example;
    example.id = "example";
    config.lists.push_back(example);
    app::apply_options(options, config);
    REQUIRE(config.server.listen.size() == 2);
    CHECK(config.server.listen[1].port == 5354);
    CHECK(config.server.listen[1].address.is_v6());
    REQUIRE(config.upstream.servers.size() == 1);
    CHECK(config.upstream.servers[0].port == 5300);
    REQUIRE(config.lists.size() == 1);  // the built-in example list is replaced
    CHECK(config.lists[0].path == "/tmp/list.txt");
    CHECK(config.blocking.warning_addresses.size() == 1);
    REQUIRE(config.access.allow.size() == 1);
    CHECK(config.access.allow[0].address.to_string() == "10.0.0.0");  // host bits cleared
    CHECK(config.access.allow[0].length == 8);
    CHECK(config.server.threads == 1);
}

TEST_CASE("a bad flag or value is refused with a reason naming it") {
    CHECK_THROWS_WITH_AS(parse({"--bogus"}), doctest::Contains("--bogus"), std::invalid_argument);
    CHECK_THROWS_AS(parse({"--listen"}), std::invalid_argument);
    CHECK_THROWS_AS(parse({"--threads", "lots"}), std::invalid_argument);
    config::Config config;
    CHECK_THROWS_WITH_AS(app::apply_options(parse({"--list", "zone:/x"}), config),
                         doctest::Contains("unknown format"), std::invalid_argument);
    CHECK_THROWS_AS(app::apply_options(parse({"--upstream", "127.0.0.1:99999"}), config),
                    std::invalid_argument);
    CHECK_THROWS_AS(app::apply_options(parse({"--allow", "10.0.0.0/33"}), config),
                    std::invalid_argument);
}

TEST_CASE("--user names who rojad becomes when started as root") {
    CHECK_FALSE(parse({}).user.has_value());
    CHECK(parse({"--user", "roja"}).user == "roja");
    CHECK_FALSE(
        parse({"--user", "roja"}).has_quick_start_flags());  // the config file is still read
    CHECK_THROWS_AS(parse({"--user"}), std::invalid_argument);
}
