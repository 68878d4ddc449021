// admin, stats and audit sections: defaults, every key, and the problems an operator makes.
#include <doctest/doctest.h>

#include "config/config_loader.hpp"

using namespace roja::config;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kResolvConf = "nameserver 192.0.2.53\n";
const std::string kHash(64, 'a');

LoadResult load(std::string_view text) {
    return load_config_text(text, "roja.yaml", kResolvConf);
}

bool mentions(const LoadResult& result, std::string_view text) {
    for (const auto& problem : result.problems)
        if (format_problem(problem).find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE(
    "without the sections the admin listener is on 127.0.0.1:8053, stats on, no checkpoints") {
    const auto result = load("{}\n");
    REQUIRE(result.is_ok());
    const Config& c = *result.config;
    CHECK(c.admin.enabled);
    CHECK(c.admin.listen.address.to_string() == "127.0.0.1");
    CHECK(c.admin.listen.port == 8053);
    CHECK(c.admin.tokens.empty());
    CHECK(c.stats.enabled);
    CHECK(c.stats.flush_interval == 5s);
    CHECK(c.stats.retention == std::chrono::days(400));
    CHECK_FALSE(c.stats.client_log);
    CHECK(c.stats.client_log_retention == std::chrono::days(30));
    CHECK(c.stats.client_log_buffer == 16384);
    CHECK(c.audit.signing_key.empty());
    CHECK(c.audit.checkpoint_records == 0);
}

TEST_CASE("every admin, stats and audit key is read") {
    const std::string text =
        "admin:\n  enabled: true\n  listen: \"[::1]:9000\"\n  metrics_token: true\n"
        "  tls_certificate: /etc/roja/admin.pem\n  tls_key: /etc/roja/admin.key\n"
        "  tokens:\n    - {name: ops, role: admin, sha256: " +
        kHash +
        "}\n"
        "    - {name: akep, role: regulator, sha256: " +
        std::string(64, 'B') +
        "}\n"
        "stats:\n  flush_interval: 2s\n  retention: 30d\n  client_log: false\n  "
        "client_log_retention: 7d\n"
        "audit:\n  rotate_bytes: 1MiB\n  signing_key: /etc/roja/audit.key\n  checkpoint_records: "
        "50\n"
        "  checkpoint_interval: 10m\n";
    const auto result = load(text);
    for (const auto& p : result.problems) INFO(format_problem(p));
    REQUIRE(result.is_ok());
    const Config& c = *result.config;
    CHECK(c.admin.listen.port == 9000);
    CHECK(c.admin.metrics_token);
    REQUIRE(c.admin.tokens.size() == 2);
    CHECK(c.admin.tokens[0].role == ApiRole::admin);
    CHECK(c.admin.tokens[1].role == ApiRole::regulator);
    CHECK(c.admin.tokens[1].sha256 == std::string(64, 'b'));  // stored lower case
    CHECK(c.stats.flush_interval == 2s);
    CHECK(c.stats.retention == std::chrono::days(30));
    CHECK_FALSE(c.stats.client_log);
    CHECK(c.stats.client_log_retention == std::chrono::days(7));
    CHECK(c.audit.rotate_bytes == 1024 * 1024);
    CHECK(c.audit.checkpoint_records == 50);
    CHECK(c.audit.checkpoint_interval == 10min);
}

TEST_CASE("a token in clear, an unknown role, a missing hash and a lone TLS file are reported") {
    CHECK(mentions(load("admin:\n  tokens:\n    - {name: a, role: admin, sha256: hunter2}\n"),
                   "64 hex digits"));
    CHECK(mentions(load("admin:\n  tokens:\n    - {name: a, role: root, sha256: " + kHash + "}\n"),
                   "admin"));
    CHECK(mentions(load("admin:\n  tokens:\n    - {name: a, role: admin}\n"), "sha256"));
    CHECK(mentions(load("admin:\n  tls_certificate: /x.pem\n"), "go together"));
    CHECK(mentions(load("admin:\n  tokens:\n    - {name: a, role: admin, sha256: " + kHash +
                        "}\n    - {name: b, role: regulator, sha256: " + kHash + "}\n"),
                   "twice"));
    CHECK(mentions(load("audit:\n  checkpoint_records: 10\n"), "signing_key"));
    CHECK(mentions(load("stats:\n  enabled: false\n  client_log: true\n"), "enabled: true"));
    CHECK(mentions(load("stats:\n  client_log: true\n  client_log_buffer: 10\n"),
                   "client_log_buffer"));
}

TEST_CASE("the per-client log is read when turned on, with its retention and room") {
    const auto result = load(
        "stats:\n  client_log: true\n  client_log_retention: 14d\n  client_log_buffer: 4096\n");
    for (const auto& p : result.problems) INFO(format_problem(p));
    REQUIRE(result.is_ok());
    CHECK(result.config->stats.client_log);
    CHECK(result.config->stats.client_log_retention == std::chrono::days(14));
    CHECK(result.config->stats.client_log_buffer == 4096);
}
