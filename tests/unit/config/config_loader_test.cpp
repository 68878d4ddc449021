#include "config/config_loader.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "config/default_paths.hpp"

#ifndef ROJA_TEST_DATA
#error "ROJA_TEST_DATA must name tests/data"
#endif

using namespace roja::config;
using namespace std::chrono_literals;

namespace {

// tests/data may not exist, so ".." is resolved lexically rather than by the file system.
std::filesystem::path source_path(std::string_view relative) {
    return (std::filesystem::path(ROJA_TEST_DATA) / "../.." / relative).lexically_normal();
}

constexpr std::string_view kResolvConf = "nameserver 192.0.2.53\n";

// The schema of the issue, every key written.
constexpr std::string_view kFullConfig = R"(log_level: debug
state_dir: /var/lib/roja-test
server:
  listen: ["127.0.0.1:5353", "[::1]:5353", "127.0.0.2"]
  threads: 4
  udp_payload: 1400
  tcp:
    idle_timeout: 250ms
    max_connections: 2048
    max_connections_per_client: 16
    max_queries_per_connection: 500
    max_buffered_bytes: 128KiB
access:
  allow: ["127.0.0.0/8", "::1/128", "10.0.0.0/8"]
  refused_action: drop
upstream:
  servers: ["127.0.0.53:5300", "[::1]"]
  timeout: 2s
  min_timeout: 20ms
  deadline: 3s
  max_outstanding: 100
  sockets: 4
  socket_lifetime: 2m
  fresh_port: ["[::1]"]
cache:
  max_memory: 1GiB
  min_ttl: 5s
  max_ttl: 1d
  max_negative_ttl: 1h
  serve_stale: false
  stale_ttl: 30s
  max_stale: 2d
  prefetch: true
blocking:
  warning_addresses: ["127.0.0.80", "::1"]
  ttl: 60
  ede: false
  contact: "mailto:abuse@example.al"
  organisation: "Example ISP"
  language: sq
  safesearch_ttl: 5m
lists:
  - id: akep-orders
    path: /etc/roja/lists/akep.csv
    format: csv
    action: redirect
    reason: censored
    authority: AKEP
    title: "AKEP orders"
  - id: gambling
    path: lists/gambling.txt
    action: nxdomain
    reason: filtered
    scope: school
  - id: school-allow
    path: lists/allow.txt
    reason: filtered
    allowlist: true
groups:
  - name: students
    prefixes: ["10.1.0.0/16", "fd00:1::/48"]
    lists: [akep-orders, gambling, school-allow]
    safesearch: true
    url_filter: true
  - name: default
    lists: [akep-orders]
)";

LoadResult load(std::string_view yaml) {
    return load_config_text(yaml, "roja.yaml", kResolvConf);
}

Config load_valid(std::string_view yaml) {
    auto result = load(yaml);
    for (const auto& problem : result.problems) FAIL_CHECK(format_problem(problem));
    REQUIRE(result.is_ok());
    return std::move(*result.config);
}

std::vector<std::string> texts(const std::vector<Endpoint>& endpoints) {
    std::vector<std::string> out;
    for (const auto& endpoint : endpoints) out.push_back(to_string(endpoint));
    return out;
}

std::vector<std::string> texts(const std::vector<IpPrefix>& prefixes) {
    std::vector<std::string> out;
    for (const auto& prefix : prefixes) out.push_back(to_string(prefix));
    return out;
}

}  // namespace

TEST_CASE("a full config round-trips into the server, access and upstream structs") {
    const Config config = load_valid(kFullConfig);
    CHECK(config.log_level == LogLevel::debug);
    CHECK(config.state_dir == "/var/lib/roja-test");
    CHECK(texts(config.server.listen) ==
          std::vector<std::string>{"127.0.0.1:5353", "[::1]:5353", "127.0.0.2:53"});
    CHECK(config.server.threads == 4);
    CHECK(config.server.udp_payload == 1400);
    CHECK(config.server.tcp.idle_timeout == 250ms);
    CHECK(config.server.tcp.max_connections == 2048);
    CHECK(config.server.tcp.max_connections_per_client == 16);
    CHECK(config.server.tcp.max_queries_per_connection == 500);
    CHECK(config.server.tcp.max_buffered_bytes == 128 * 1024);
    CHECK(texts(config.access.allow) ==
          std::vector<std::string>{"127.0.0.0/8", "::1/128", "10.0.0.0/8"});
    CHECK(config.access.refused_action == RefusedAction::drop);
    CHECK(texts(config.upstream.servers) ==
          std::vector<std::string>{"127.0.0.53:5300", "[::1]:53"});
    CHECK_FALSE(config.upstream.servers_from_resolv_conf);
    CHECK(config.upstream.timeout == 2s);
    CHECK(config.upstream.max_outstanding == 100);
    CHECK(config.upstream.min_timeout == 20ms);
    CHECK(config.upstream.deadline == 3s);
    CHECK(config.upstream.sockets == 4);
    CHECK(config.upstream.socket_lifetime == 120s);
    CHECK(texts(config.upstream.fresh_port) == std::vector<std::string>{"[::1]:53"});
}

TEST_CASE("fresh_port must name a configured server, and min_timeout stay below timeout") {
    const auto result = load(R"(upstream:
  servers: ["127.0.0.53"]
  timeout: 100ms
  min_timeout: 200ms
  fresh_port: ["127.0.0.54"]
)");
    REQUIRE(result.problems.size() == 2);
    CHECK(format_problem(result.problems[0]).find("not in upstream.servers") != std::string::npos);
    CHECK(format_problem(result.problems[1]).find("must not exceed") != std::string::npos);
}

TEST_CASE("a full config round-trips into the cache and blocking structs") {
    const Config config = load_valid(kFullConfig);
    CHECK(config.cache.max_memory == 1ULL << 30);
    CHECK(config.cache.min_ttl == 5s);
    CHECK(config.cache.max_ttl == 86400s);
    CHECK(config.cache.max_negative_ttl == 3600s);
    CHECK_FALSE(config.cache.serve_stale);
    CHECK(config.cache.stale_ttl == 30s);
    CHECK(config.cache.max_stale == 2 * 86400s);
    CHECK(config.cache.prefetch);
    REQUIRE(config.blocking.warning_addresses.size() == 2);
    CHECK(config.blocking.warning_addresses[0].to_string() == "127.0.0.80");
    CHECK(config.blocking.warning_addresses[1].to_string() == "::1");
    CHECK(config.blocking.ttl == 60s);
    CHECK_FALSE(config.blocking.ede);
    CHECK(config.blocking.contact == "mailto:abuse@example.al");
    CHECK(config.blocking.organisation == "Example ISP");
    CHECK(config.blocking.language == "sq");
    CHECK(config.blocking.safesearch_ttl == 300s);
}

TEST_CASE("a full config round-trips into lists and groups, defaults filled per list") {
    const Config config = load_valid(kFullConfig);
    REQUIRE(config.lists.size() == 3);
    const ListConfig& akep = config.lists[0];
    CHECK(akep.id == "akep-orders");
    CHECK(akep.path == "/etc/roja/lists/akep.csv");
    CHECK(akep.format == roja::filter::ListFormat::csv);
    CHECK(akep.action == ListAction::redirect);
    CHECK(akep.reason == ReasonClass::censored);
    CHECK(akep.authority == "AKEP");
    CHECK(akep.title == "AKEP orders");
    CHECK(akep.scope == "censored");
    CHECK_FALSE(akep.allowlist);
    const ListConfig& gambling = config.lists[1];
    CHECK_FALSE(gambling.format.has_value());
    CHECK(gambling.action == ListAction::nxdomain);
    CHECK(gambling.title == "gambling");
    CHECK(gambling.scope == "school");
    CHECK(config.lists[2].allowlist);
    CHECK(config.lists[2].scope == "filtered");
    REQUIRE(config.groups.size() == 2);
    CHECK(config.groups[0].name == "students");
    CHECK(texts(config.groups[0].prefixes) ==
          std::vector<std::string>{"10.1.0.0/16", "fd00:1::/48"});
    CHECK(config.groups[0].lists ==
          std::vector<std::string>{"akep-orders", "gambling", "school-allow"});
    CHECK(config.groups[0].safesearch);
    CHECK(config.groups[0].url_filter);
    CHECK(config.groups[1].name == "default");
    CHECK(config.groups[1].prefixes.empty());
    CHECK(config.groups[1].lists == std::vector<std::string>{"akep-orders"});
    CHECK_FALSE(config.groups[1].is_implicit);
}

TEST_CASE("an empty file is a valid config of defaults with resolv.conf upstreams") {
    for (std::string_view text : {"", "# only a comment\n", "---\n"}) {
        const Config config = load_valid(text);
        CHECK(config.log_level == LogLevel::info);
        CHECK(config.state_dir == default_state_dir());
        CHECK(texts(config.server.listen) == std::vector<std::string>{"127.0.0.1:5353"});
        CHECK(config.server.threads == 0);
        CHECK(config.server.udp_payload == 1232);
        CHECK(config.server.tcp.idle_timeout == 10s);
        CHECK(texts(config.access.allow) == std::vector<std::string>{"127.0.0.0/8", "::1/128"});
        CHECK(config.access.refused_action == RefusedAction::refuse);
        CHECK(texts(config.upstream.servers) == std::vector<std::string>{"192.0.2.53:53"});
        CHECK(config.upstream.servers_from_resolv_conf);
        CHECK(config.upstream.timeout == 1500ms);
        CHECK(config.cache.max_memory == 64ULL << 20);
        CHECK(config.cache.serve_stale);
        CHECK(config.blocking.ttl == 60s);
        CHECK(config.blocking.ede);
        CHECK(config.lists.empty());
        REQUIRE(config.groups.size() == 1);
        CHECK(config.groups[0].is_implicit);
    }
}

TEST_CASE("empty sections keep their defaults") {
    const Config config = load_valid("server:\ncache:\nblocking:\nlists:\ngroups:\n");
    CHECK(config.server.udp_payload == 1232);
    CHECK(config.cache.max_ttl == 86400s);
    CHECK(config.lists.empty());
}

TEST_CASE("without a default group one is made up that applies every list") {
    const Config config = load_valid(
        "lists:\n  - {id: a, path: a.txt}\n  - {id: b, path: b.txt}\n"
        "groups:\n  - {name: staff, prefixes: [10.2.0.0/16], lists: []}\n");
    REQUIRE(config.groups.size() == 2);
    CHECK(config.groups[0].lists.empty());
    CHECK(config.groups[1].name == "default");
    CHECK(config.groups[1].is_implicit);
    CHECK(config.groups[1].lists == std::vector<std::string>{"a", "b"});
}

TEST_CASE("the built-in default serves loopback on 5353 with the example list") {
    const Config config = default_config("nameserver 192.0.2.1\nnameserver 192.0.2.2\n");
    CHECK(texts(config.server.listen) == std::vector<std::string>{"127.0.0.1:5353"});
    CHECK(texts(config.access.allow) == std::vector<std::string>{"127.0.0.0/8", "::1/128"});
    CHECK(texts(config.upstream.servers) ==
          std::vector<std::string>{"192.0.2.1:53", "192.0.2.2:53"});
    REQUIRE(config.lists.size() == 1);
    CHECK(config.lists[0].path == kExampleListPath);
    CHECK(std::filesystem::exists(source_path(kExampleListPath)));
    REQUIRE(config.groups.size() == 1);
    CHECK(config.groups[0].lists == std::vector<std::string>{config.lists[0].id});
    CHECK(texts(default_config("").upstream.servers) == std::vector<std::string>{"127.0.0.1:53"});
}

TEST_CASE("every shipped example config loads without a problem") {
    const std::filesystem::path examples = source_path("config/examples");
    std::size_t loaded = 0;
    for (const auto& entry : std::filesystem::directory_iterator(examples)) {
        if (entry.path().extension() != ".yaml") continue;
        const LoadResult result = load_config_file(entry.path().string(), kResolvConf);
        for (const auto& problem : result.problems) FAIL_CHECK(format_problem(problem));
        CHECK_MESSAGE(result.is_ok(), entry.path().string());
        ++loaded;
    }
    CHECK(loaded >= 1);
}

TEST_CASE("the minimal example names one upstream and one list") {
    const auto result =
        load_config_file(source_path("config/examples/minimal.yaml").string(), kResolvConf);
    REQUIRE(result.is_ok());
    CHECK(texts(result.config->upstream.servers) == std::vector<std::string>{"127.0.0.53:5300"});
    CHECK(result.config->lists.size() == 1);
}

TEST_CASE("a missing file is one problem without a line") {
    const auto result = load_config_file("/nonexistent/roja.yaml", kResolvConf);
    CHECK_FALSE(result.is_ok());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].line == 0);
    CHECK(format_problem(result.problems[0]) == "/nonexistent/roja.yaml: cannot read the file");
}
