#include <doctest/doctest.h>

#include <string>

#include "config/config_loader.hpp"

using namespace roja::config;

namespace {

LoadResult load(std::string_view yaml) {
    return load_config_text(yaml, "roja.yaml", "nameserver 192.0.2.53\n");
}

std::string only_problem(std::string_view yaml) {
    const auto result = load(yaml);
    CHECK_FALSE(result.is_ok());
    REQUIRE_MESSAGE(result.problems.size() == 1, yaml);
    return format_problem(result.problems[0]);
}

}  // namespace

TEST_CASE("the warning page and the HTTP filter are off by default") {
    const auto result = load("");
    REQUIRE(result.is_ok());
    CHECK_FALSE(result.config->warning_page.enabled);
    CHECK(result.config->warning_page.listen.empty());
    CHECK(result.config->warning_page.https == WarningHttps::refuse);
    CHECK(result.config->warning_page.helpline == "ALO 116 111");
    CHECK_FALSE(result.config->http_filter.enabled);
    CHECK(result.config->http_filter.http_ports == std::vector<std::uint16_t>{80});
}

TEST_CASE("every warning_page and http_filter key is read") {
    const auto result = load(R"yaml(
warning_page:
  enabled: true
  listen: ["192.0.2.80", "[2001:db8::80]:8080"]
  https: off
  https_port: 8443
  templates: /srv/templates
  operator_url: "https://isp.example/blocks"
  appeal_url: "mailto:appeal@isp.example"
  contact_email: abuse@isp.example
  contact_phone: "+355 4 000 000"
  helpline: "ALO 116 111 (falas)"
  reporting_platform: "Platforma"
  reporting_url: "https://report.example"
  child_protection_categories: [csam, child-protection]
  limits:
    max_header_bytes: 16KiB
    max_body_bytes: 0
    read_timeout: 3s
    idle_timeout: 2s
    max_connections: 100
    max_connections_per_client: 10
    max_requests_per_connection: 5
http_filter:
  enabled: true
  addresses: ["192.0.2.81", "2001:db8::81"]
  http_ports: [80, 8080]
  https_ports: []
  connect_timeout: 2s
  origin_idle_timeout: 30s
)yaml");
    REQUIRE_MESSAGE(result.is_ok(),
                    (result.problems.empty() ? std::string() : format_problem(result.problems[0])));
    const auto& page = result.config->warning_page;
    CHECK(page.listen.size() == 2);
    CHECK(page.listen[1].port == 8080);
    CHECK(page.listen[0].port == 80);
    CHECK(page.https == WarningHttps::off);
    CHECK(page.https_port == 8443);
    CHECK(page.templates == "/srv/templates");
    CHECK(page.appeal_url == "mailto:appeal@isp.example");
    CHECK(page.child_protection_categories.size() == 2);
    CHECK(page.limits.max_header_bytes == 16384);
    CHECK(page.limits.max_body_bytes == 0);
    CHECK(page.limits.read_timeout == std::chrono::seconds(3));
    CHECK(page.limits.max_requests_per_connection == 5);
    const auto& filter = result.config->http_filter;
    CHECK(filter.addresses.size() == 2);
    CHECK(filter.http_ports == std::vector<std::uint16_t>{80, 8080});
    CHECK(filter.https_ports.empty());
    CHECK(filter.origin_idle_timeout == std::chrono::seconds(30));
}

TEST_CASE("page links must be http, https, mailto or tel, without quotes") {
    CHECK(only_problem("warning_page:\n  operator_url: \"javascript:alert(1)\"\n")
              .find("operator_url") != std::string::npos);
    CHECK(only_problem("warning_page:\n  appeal_url: 'https://x.example/\"onmouseover=x'\n")
              .find("appeal_url") != std::string::npos);
}

TEST_CASE("an enabled HTTP filter needs addresses, and ports are distinct") {
    CHECK(only_problem("http_filter:\n  enabled: true\n").find("no addresses") !=
          std::string::npos);
    CHECK(only_problem("http_filter:\n  http_ports: [80, 80]\n").find("listed twice") !=
          std::string::npos);
    CHECK(only_problem("http_filter:\n  http_ports: []\n").find("at least one port") !=
          std::string::npos);
    CHECK(only_problem("warning_page:\n  limits:\n    read_timout: 1s\n").find("read_timout") !=
          std::string::npos);
}

TEST_CASE("school mode needs the CA's certificate and key") {
    CHECK(only_problem("warning_page:\n  https: school\n").find("school_ca_certificate") !=
          std::string::npos);
    const auto result = load(
        "warning_page:\n  https: school\n  school_ca_certificate: /etc/roja/ca.pem\n"
        "  school_ca_key: /etc/roja/ca.key\n  school_certificate_lifetime: 12h\n");
    REQUIRE(result.is_ok());
    CHECK(result.config->warning_page.https == WarningHttps::school);
    CHECK(result.config->warning_page.school_certificate_lifetime == std::chrono::hours(12));
    CHECK(result.config->warning_page.school_ca_key == "/etc/roja/ca.key");
}
