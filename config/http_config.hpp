// The HTTP side's configuration: the warning page server (`warning_page:`) and the HTTP filter
// for URL-level entries (`http_filter:`). Plain values with their documented defaults
// (docs/configuration.md, docs/warning-page.md); both are off unless configured.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "config/endpoint.hpp"

namespace roja::config {

inline constexpr std::uint16_t kHttpPort = 80;
inline constexpr std::uint16_t kHttpsPort = 443;

// What the warning page does with HTTPS (port 443) on its addresses: reset at once, leave the
// port alone, or (schools) show the page with certificates minted by a local CA.
enum class WarningHttps { refuse, off, school };
inline constexpr std::array<std::string_view, 3> kWarningHttpsNames{"refuse", "off", "school"};

// Caps for one HTTP listener (RFC 9112 leaves them to the server).
struct HttpLimits {
    std::uint32_t max_header_bytes = 8192;
    std::uint32_t max_body_bytes = 65536;
    std::chrono::milliseconds read_timeout{std::chrono::seconds(10)};  // a whole request
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(5)};   // between requests
    std::uint32_t max_connections = 4096;
    std::uint32_t max_connections_per_client = 64;
    std::uint32_t max_requests_per_connection = 100;
};

struct WarningPageConfig {
    bool enabled = false;
    std::vector<Endpoint> listen;  // empty = each blocking.warning_addresses on port 80
    WarningHttps https = WarningHttps::refuse;
    std::uint16_t https_port = kHttpsPort;
    std::string school_ca_certificate;  // https: school — the CA's PEM certificate and key
    std::string school_ca_key;
    std::chrono::seconds school_certificate_lifetime{std::chrono::hours(24)};
    std::string templates;     // empty = default_template_dir(); built-ins when absent
    std::string operator_url;  // Link: <...>; rel="blocked-by" (RFC 7725); empty = none
    std::string appeal_url;    // where to report an error or appeal
    std::string contact_email;
    std::string contact_phone;
    std::string helpline = "ALO 116 111";
    std::string reporting_platform = "iSigurt.al";
    std::string reporting_url;
    // Entry categories that get the child-protection help block.
    std::vector<std::string> child_protection_categories{"child-protection", "child-abuse", "csam"};
    HttpLimits limits;
};

struct HttpFilterConfig {
    bool enabled = false;
    // Given for hosts with URL entries (groups with url_filter: true); required when enabled.
    std::vector<boost::asio::ip::address> addresses;
    std::vector<std::uint16_t> http_ports{kHttpPort};    // URL filtering, forwarding the rest
    std::vector<std::uint16_t> https_ports{kHttpsPort};  // server name check, then splice
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
    std::chrono::milliseconds origin_idle_timeout{std::chrono::seconds(60)};
    HttpLimits limits;
    // Authorities whose URL entries also block their whole host: inside TLS a URL cannot be seen,
    // so for these orders over-blocking the host is preferred to not enforcing the URL. Applies
    // whether or not the filter is enabled.
    std::vector<std::string> whole_host_authorities;
};

}  // namespace roja::config
