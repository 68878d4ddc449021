// The feeds section: defaults, trust required, https or a directory only, ids shared with lists
// refused, and groups that name a feed.
#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"
#include "tests/unit/config/config_text.hpp"

using namespace roja::config;
using roja::config::test::load;
using roja::config::test::problems_of;

TEST_CASE("a feed with its keys gets the documented defaults") {
    const auto result = load(
        "feeds:\n  - id: akep-al\n    source: https://feeds.example/akep-al/\n    keys: "
        "[/k.pub]\n");
    REQUIRE(result.is_ok());
    const FeedConfig& feed = result.config->feeds.at(0);
    CHECK(feed.is_https());
    CHECK(feed.poll == std::chrono::minutes(5));
    CHECK(feed.attempts == 4);
    CHECK(feed.reason == ReasonClass::censored);
    CHECK(feed.max_shrink_percent == 50);
    CHECK(feed.max_growth_percent == 1000);
    // The made-up default group applies the feed.
    CHECK(result.config->groups.back().lists == std::vector<std::string>{"akep-al"});
}

TEST_CASE("every feed setting is read") {
    const auto result = load(R"(never_block: [/etc/roja/never.txt]
feeds:
  - id: akep-al
    source: /var/lib/roja/inbox/akep-al
    ca: /ca.pem
    subject: "CN=AKEP Feed,O=AKEP,C=AL"
    tls_ca: /tls.pem
    client_cert: /c.pem
    client_key: /c.key
    poll: 30s
    connect_timeout: 5s
    timeout: 1m
    attempts: 2
    max_bytes: 64MiB
    action: nxdomain
    reason: blocked
    max_shrink_percent: 20
    max_growth_percent: 0
    ratio_min_entries: 10
)");
    REQUIRE(result.is_ok());
    const FeedConfig& feed = result.config->feeds.at(0);
    CHECK_FALSE(feed.is_https());
    CHECK(feed.subject == "CN=AKEP Feed,O=AKEP,C=AL");
    CHECK(feed.poll == std::chrono::seconds(30));
    CHECK(feed.timeout == std::chrono::minutes(1));
    CHECK(feed.attempts == 2);
    CHECK(feed.max_bytes == 64 * kMiB);
    CHECK(feed.action == ListAction::nxdomain);
    CHECK(feed.max_growth_percent == 0);
    CHECK(result.config->never_block == std::vector<std::string>{"/etc/roja/never.txt"});
}

TEST_CASE("a feed without trust, over plain http, or reusing a list id is refused") {
    CHECK(problems_of("feeds:\n  - id: a\n    source: /d\n").find("a feed needs its trust") !=
          std::string::npos);
    CHECK(problems_of("feeds:\n  - id: a\n    source: http://x/\n    keys: [/k]\n")
              .find("no other scheme") != std::string::npos);
    CHECK(
        problems_of(
            "lists:\n  - id: a\n    path: /l\nfeeds:\n  - id: a\n    source: /d\n    keys: [/k]\n")
            .find("already a list id") != std::string::npos);
    CHECK(problems_of("feeds:\n  - id: a\n    source: /d\n    ca: /c\n    client_cert: /c.pem\n")
              .find("client_cert and client_key go together") != std::string::npos);
    CHECK(problems_of("feeds:\n  - id: a\n    source: /d\n    keys: [/k]\n    subject: CN=x\n")
              .find("needs ca") != std::string::npos);
}

TEST_CASE("a group names a feed like a list") {
    const auto result = load(R"(feeds:
  - id: akep-al
    source: /d
    keys: [/k]
groups:
  - name: students
    prefixes: ["10.1.0.0/16"]
    lists: [akep-al]
)");
    REQUIRE(result.is_ok());
    CHECK(result.config->groups.at(0).lists == std::vector<std::string>{"akep-al"});
}
