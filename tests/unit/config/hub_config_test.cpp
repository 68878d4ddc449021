// hub.yaml: defaults, nodes by ISP, per-feed deadlines, and the problems an operator makes, each
// with its line and column.
#include <doctest/doctest.h>

#include "config/hub_config.hpp"

using namespace roja::config;
using namespace std::chrono_literals;

namespace {

HubLoadResult load(std::string_view text) {
    return load_hub_config_text(text, "hub.yaml");
}

bool mentions(const HubLoadResult& result, std::string_view text) {
    for (const auto& problem : result.problems)
        if (format_problem(problem).find(text) != std::string::npos) return true;
    return false;
}

constexpr std::string_view kTwoIsps = R"(isps:
  - name: ISP One
    nodes:
      - {id: one-a, api: "https://192.0.2.1:8053/", token_file: /t/a, ca: /ca.pem}
      - {id: one-b, api: "http://127.0.0.1:8053", token_file: /t/b}
  - name: ISP Two
    nodes:
      - {id: two-a, api: "https://192.0.2.2:8053", token_file: /t/c, pinned_key: "sha256//x=", checkpoint_key: /k.pub}
feeds:
  - {id: akep-al, late_after: 10m}
)";

}  // namespace

TEST_CASE("a hub with nodes only polls every 5 min and keeps its state in /var/lib/roja-hub") {
    const auto result = load(kTwoIsps);
    REQUIRE(result.is_ok());
    const HubConfig& hub = *result.config;
    CHECK(hub.state_dir == "/var/lib/roja-hub");
    CHECK(hub.poll.interval == 300s);
    CHECK(hub.silent_after == 900s);
    CHECK(hub.api.listen.port == kDefaultHubPort);
    REQUIRE(hub.nodes.size() == 3);
    CHECK(hub.nodes[0].isp == "ISP One");
    CHECK(hub.nodes[0].api == "https://192.0.2.1:8053");  // the trailing slash dropped
    CHECK(hub.nodes[2].isp == "ISP Two");
    CHECK(hub.nodes[2].pinned_key == "sha256//x=");
    CHECK(hub.deadline_of("akep-al") == 600s);
    CHECK(hub.deadline_of("other") == 1800s);
}

TEST_CASE("a node id used twice, a bad URL and CA with pin are reported where written") {
    const auto result = load(R"(isps:
  - name: A
    nodes:
      - {id: n1, api: "https://192.0.2.1", token_file: /t, ca: /c, pinned_key: sha256//x}
      - {id: n1, api: "ftp://192.0.2.1", token_file: /t}
      - {id: n2, api: "http://192.0.2.1", token_file: /t, ca: /c}
)");
    REQUIRE_FALSE(result.is_ok());
    CHECK(mentions(
        result,
        "hub.yaml:4:80: isps[0].nodes[0].pinned_key: ca and pinned_key exclude each other"));
    CHECK(mentions(result, "hub.yaml:5:14: isps[0].nodes[1].id: node id n1 is used twice"));
    CHECK(mentions(result, "hub.yaml:5:23: isps[0].nodes[1].api: expected an http:// or https://"));
    CHECK(mentions(result,
                   "hub.yaml:6:23: isps[0].nodes[2].api: ca and pinned_key need an https:// api"));
}

TEST_CASE("a missing isps, a missing token file and an unknown key are problems") {
    CHECK(mentions(load("poll: {interval: 1m}\n"), "missing required key \"isps\""));
    CHECK(mentions(load("isps: [{name: A, nodes: [{id: a, api: \"http://x\"}]}]\n"),
                   "missing required key \"token_file\""));
    CHECK(mentions(load("isps: []\npoll: {intervall: 1m}\n"), "intervall"));
    CHECK(mentions(load("isps: []\npoll: {interval: 10s, jitter: 10s}\n"),
                   "jitter must be shorter than interval"));
}

TEST_CASE("probes need a directory and keys, and a node's resolver takes port 53 by default") {
    const auto result = load(R"(isps:
  - name: A
    nodes:
      - {id: a, api: "http://192.0.2.1:8053", token_file: /t, resolver: 192.0.2.53}
probes: {dir: /var/lib/roja-hub/probes, keys: [/p.pub]}
)");
    REQUIRE(result.is_ok());
    REQUIRE(result.config->nodes[0].resolver.has_value());
    CHECK(result.config->nodes[0].resolver->port == 53);
    CHECK(result.config->probes.keys.size() == 1);
    CHECK(mentions(load("isps: []\nprobes: {dir: /x}\n"), "missing required key \"keys\""));
}
