#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "config/config_loader.hpp"

using namespace roja::config;

namespace {

LoadResult load(std::string_view yaml) {
    return load_config_text(yaml, "roja.yaml", "nameserver 192.0.2.53\n");
}

// The only problem of `yaml`, which must not load.
ConfigProblem only_problem(std::string_view yaml) {
    const auto result = load(yaml);
    CHECK_FALSE(result.is_ok());
    REQUIRE_MESSAGE(result.problems.size() == 1, yaml);
    return result.problems[0];
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a problem is formatted as file, line, column, path and message") {
    CHECK(format_problem({"roja.yaml", 3, 7, "lists[2].action", "expected x, found y"}) ==
          "roja.yaml:3:7: lists[2].action: expected x, found y");
    CHECK(format_problem({"roja.yaml", 1, 2, "", "YAML syntax: bad"}) ==
          "roja.yaml:1:2: YAML syntax: bad");
}

TEST_CASE("an unknown top-level key names the key and lists the allowed ones") {
    const auto problem = only_problem("log_level: info\nlisten: [\"127.0.0.1:53\"]\n");
    CHECK(problem.file == "roja.yaml");
    CHECK(problem.line == 2);
    CHECK(problem.column == 1);
    CHECK(problem.path == "listen");
    CHECK(contains(problem.message, "unknown key \"listen\""));
    CHECK(contains(problem.message,
                   "log_level, state_dir, server, access, upstream, cache, blocking, lists, feeds, "
                   "never_block, groups"));
}

TEST_CASE("an unknown nested key is reported with its full path") {
    const auto problem = only_problem("server:\n  tcp:\n    idle_timout: 5s\n");
    CHECK(problem.line == 3);
    CHECK(problem.column == 5);
    CHECK(problem.path == "server.tcp.idle_timout");
    CHECK(contains(problem.message, "(did you mean \"idle_timeout\"?)"));
    CHECK(contains(problem.message, "idle_timeout, max_connections"));
    const auto in_list = only_problem("lists:\n  - id: a\n    path: a.txt\n    kind: csv\n");
    CHECK(in_list.line == 4);
    CHECK(in_list.column == 5);
    CHECK(in_list.path == "lists[0].kind");
}

TEST_CASE("a wrong word is reported at the value with the words expected") {
    const auto problem = only_problem(
        "lists:\n  - id: a\n    path: a.txt\n  - id: b\n    path: b.txt\n"
        "    action: block\n");
    CHECK(problem.line == 6);
    CHECK(problem.column == 13);
    CHECK(problem.path == "lists[1].action");
    CHECK(problem.message == "expected redirect, nxdomain, nodata or refuse, found \"block\"");
}

TEST_CASE("wrong types are reported as what was found and what was expected") {
    auto problem = only_problem("server:\n  threads: many\n");
    CHECK(problem.path == "server.threads");
    CHECK(problem.message == "expected a whole number from 0 to 1024, found \"many\"");
    problem = only_problem("server: [a, b]\n");
    CHECK(problem.path == "server");
    CHECK(problem.message == "expected a map of keys, found a list");
    problem = only_problem("cache:\n  serve_stale: sometimes\n");
    CHECK(problem.message == "expected true or false, found \"sometimes\"");
    problem = only_problem("access:\n  allow: 10.0.0.0/8\n");
    CHECK(contains(problem.message, "expected a list"));
    problem = only_problem("blocking:\n  organisation:\n");
    CHECK(contains(problem.message, "found nothing"));
}

TEST_CASE("out-of-range numbers state the range") {
    auto problem = only_problem("server:\n  udp_payload: 65535\n");
    CHECK(problem.line == 2);
    CHECK(problem.column == 16);
    CHECK(problem.message == "expected a whole number from 512 to 4096, found \"65535\"");
    problem = only_problem(
        "server:\n  tcp:\n    max_connections: 10\n    max_connections_per_client: 20\n");
    CHECK(problem.path == "server.tcp.max_connections_per_client");
    CHECK(contains(problem.message, "from 1 to 10"));
    problem = only_problem("upstream:\n  timeout: 5m\n");
    CHECK(problem.message == "expected a duration from 10ms to 1m, found \"5m\"");
}

TEST_CASE("bad durations, sizes and TTLs are reported with the accepted forms") {
    auto problem = only_problem("server:\n  tcp:\n    idle_timeout: 10 seconds\n");
    CHECK(problem.path == "server.tcp.idle_timeout");
    CHECK(contains(problem.message, "250ms, 10s, 5m, 1h, 1d"));
    problem = only_problem("cache:\n  max_memory: 64MB\n");
    CHECK(contains(problem.message, "64MiB"));
    problem = only_problem("blocking:\n  ttl: 1500ms\n");
    CHECK(contains(problem.message, "whole seconds"));
    problem = only_problem("cache:\n  min_ttl: 1h\n  max_ttl: 5m\n");
    CHECK(problem.path == "cache.max_ttl");
    CHECK(contains(problem.message, "below min_ttl"));
}

TEST_CASE("bad addresses and prefixes are reported, host bits with the likely meaning") {
    auto problem = only_problem("access:\n  allow: [\"127.0.0.0/8\", \"10.1.2.3/16\"]\n");
    CHECK(problem.line == 2);
    CHECK(problem.column == 26);  // the opening quote of the second item
    CHECK(problem.path == "access.allow[1]");
    CHECK(contains(problem.message, "did you mean 10.1.0.0/16?"));
    problem = only_problem("upstream:\n  servers: [\"dns.example:53\"]\n");
    CHECK(problem.path == "upstream.servers[0]");
    problem = only_problem("server:\n  listen: [\"127.0.0.1:99999\"]\n");
    CHECK(contains(problem.message, "port from 1 to 65535"));
    problem = only_problem("server:\n  listen:\n    - [::1]\n");
    CHECK(contains(problem.message, "quote bracketed IPv6 addresses"));
    problem =
        only_problem("blocking:\n  warning_addresses: [\"127.0.0.80\", \"warning.example\"]\n");
    CHECK(problem.path == "blocking.warning_addresses[1]");
}

TEST_CASE("empty and repeated entries in address lists are problems") {
    auto problem = only_problem("access:\n  allow: []\n");
    CHECK(problem.message == "expected at least one entry, found an empty list");
    problem = only_problem("server:\n  listen: [\"127.0.0.1:53\", \"127.0.0.1\"]\n");
    CHECK(problem.path == "server.listen[1]");
    CHECK(contains(problem.message, "listed twice"));
}

TEST_CASE("list ids are required, well-formed and unique") {
    auto problem = only_problem("lists:\n  - path: a.txt\n");
    CHECK(problem.line == 2);
    CHECK(problem.column == 5);
    CHECK(problem.path == "lists[0].id");
    CHECK(problem.message == "missing required key \"id\"");
    problem = only_problem("lists:\n  - {id: AKEP, path: a.txt}\n");
    CHECK(problem.path == "lists[0].id");
    problem = only_problem("lists:\n  - {id: a, path: a.txt}\n  - {id: a, path: b.txt}\n");
    CHECK(problem.line == 3);
    CHECK(problem.path == "lists[1].id");
    CHECK(problem.message == "\"a\" is already used by lists[0]");
    problem = only_problem("lists:\n  - {id: a, path: a.txt, format: json}\n");
    CHECK(problem.message == "expected plain, hosts, adblock, rpz or csv, found \"json\"");
}

TEST_CASE("groups must name defined lists and only the default group goes without prefixes") {
    auto problem = only_problem(
        "lists:\n  - {id: a, path: a.txt}\ngroups:\n  - {name: kids, prefixes: [10.0.0.0/8], "
        "lists: [a, gambling]}\n");
    CHECK(problem.line == 4);
    CHECK(problem.path == "groups[0].lists[1]");
    CHECK(problem.message == "unknown list \"gambling\"; defined lists and feeds: a");
    problem = only_problem("groups:\n  - name: default\n    prefixes: [10.0.0.0/8]\n");
    CHECK(problem.path == "groups[0].prefixes");
    problem = only_problem("groups:\n  - name: staff\n");
    CHECK(problem.path == "groups[0].prefixes");
    CHECK(contains(problem.message, "missing"));
    problem = only_problem(
        "groups:\n  - {name: a, prefixes: [10.0.0.0/8]}\n  - {name: b, prefixes: [10.0.0.0/8]}\n");
    CHECK(problem.path == "groups[1].prefixes[0]");
    CHECK(contains(problem.message, "already in group \"a\""));
    problem = only_problem(
        "groups:\n  - {name: a, prefixes: [10.0.0.0/8]}\n  - {name: a, prefixes: [10.1.0.0/16]}\n");
    CHECK(problem.path == "groups[1].name");
}

TEST_CASE("a key written twice is a problem at the second one") {
    const auto problem = only_problem("log_level: info\nlog_level: debug\n");
    CHECK(problem.line == 2);
    CHECK(problem.path == "log_level");
    CHECK(contains(problem.message, "written twice (first on line 1)"));
}

TEST_CASE("a YAML syntax error is a problem with its line and column") {
    const auto problem = only_problem("server:\n  listen: [\"127.0.0.1:53\"\n  threads: 2\n");
    CHECK(problem.line > 0);
    CHECK(problem.column > 0);
    CHECK(problem.path.empty());
    CHECK(contains(problem.message, "YAML syntax"));
    CHECK(only_problem("log_level: info\n---\nlog_level: debug\n").message ==
          "expected one YAML document, found a second one here");
    const auto stray_comma = only_problem(",log_level: debug\n");
    CHECK(stray_comma.line == 1);
    CHECK(contains(stray_comma.message, "YAML syntax"));
    CHECK(contains(only_problem("just text\n").message, "expected a map of keys"));
}

TEST_CASE("every problem of a file is reported at once, in document order") {
    const auto result = load(
        "log_level: loud\n"
        "server:\n"
        "  threads: -1\n"
        "  colour: red\n"
        "upstream:\n"
        "  servers: [\"192.0.2.1:53\", \"nonsense\"]\n"
        "lists:\n"
        "  - {id: a, path: a.txt, action: explode}\n"
        "groups:\n"
        "  - {name: kids, prefixes: [10.0.0.1/8], lists: [b]}\n"
        "surprise: true\n");
    CHECK_FALSE(result.is_ok());
    std::vector<std::string> paths;
    for (const auto& problem : result.problems) paths.push_back(problem.path);
    CHECK(paths == std::vector<std::string>{"log_level", "server.threads", "server.colour",
                                            "upstream.servers[1]", "lists[0].action",
                                            "groups[0].prefixes[0]", "groups[0].lists[0]",
                                            "surprise"});
    std::vector<int> lines;
    for (const auto& problem : result.problems) lines.push_back(problem.line);
    CHECK(lines == std::vector<int>{1, 3, 4, 6, 8, 10, 10, 11});
}
