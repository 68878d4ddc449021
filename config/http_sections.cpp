// warning_page and http_filter: the HTTP side (docs/warning-page.md).
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::milliseconds;

bool is_safe_link_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '"' && c != '\'' && c != '<' && c != '>' && c != '\\' &&
           c != '`';
}

// A link the page may put in an href: http(s) or mailto/tel only, so no operator typo can
// become a javascript: link, and nothing that needs escaping inside an attribute.
bool is_page_link(std::string_view text) {
    const bool known_scheme = text.starts_with("https://") || text.starts_with("http://") ||
                              text.starts_with("mailto:") || text.starts_with("tel:");
    return known_scheme && std::all_of(text.begin(), text.end(), is_safe_link_char);
}

auto link_reader() {
    return [](const Field& field) -> std::optional<std::string> {
        auto text = read_text(field);
        if (text && !is_page_link(*text)) {
            field.report_expected(
                "an http:, https:, mailto: or tel: link without spaces or quotes");
            return std::nullopt;
        }
        return text;
    };
}

auto integer_reader(std::uint64_t min, std::uint64_t max) {
    return [=](const Field& field) { return read_integer(field, min, max); };
}

auto port_reader() {
    return integer_reader(1, 65535);
}

std::optional<std::uint16_t> read_port(const Field& field) {
    const auto value = read_integer(field, 1, 65535);
    if (!value) return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

// A list of distinct ports; `allow_empty`: [] turns the listener off.
void read_ports(MapReader& map, std::string_view key, std::vector<std::uint16_t>& out,
                bool allow_empty) {
    const auto field = map.find(key);
    if (!field) return;
    auto ports = read_list(*field, read_port);
    if (!ports) return;
    if (ports->empty() && !allow_empty) {
        field->report_expected("at least one port");
        return;
    }
    for (std::size_t i = 0; i < ports->size(); ++i)
        if (std::find(ports->begin(), ports->begin() + static_cast<std::ptrdiff_t>(i),
                      (*ports)[i]) != ports->begin() + static_cast<std::ptrdiff_t>(i))
            field->report("port " + std::to_string((*ports)[i]) + " is listed twice");
    out = std::move(*ports);
}

HttpLimits read_limits(const Field& field, HttpLimits limits) {
    MapReader map(field);
    const auto size = [](std::uint64_t min, std::uint64_t max) {
        return [=](const Field& value) { return read_size(value, min, max); };
    };
    const auto duration = [](const Field& value) {
        return read_duration(value, milliseconds(100), std::chrono::hours(1));
    };
    map.read("max_header_bytes", limits.max_header_bytes, size(1024, kMiB));
    map.read("max_body_bytes", limits.max_body_bytes, size(0, 64 * kMiB));
    map.read("read_timeout", limits.read_timeout, duration);
    map.read("idle_timeout", limits.idle_timeout, duration);
    map.read("max_connections", limits.max_connections, integer_reader(1, 1'000'000));
    map.read("max_connections_per_client", limits.max_connections_per_client,
             integer_reader(1, 1'000'000));
    map.read("max_requests_per_connection", limits.max_requests_per_connection,
             integer_reader(1, 1'000'000));
    map.report_unknown_keys();
    return limits;
}

template <class T, class Reader>
void read_nonempty_list(MapReader& map, std::string_view key, std::vector<T>& out, Reader reader) {
    const auto field = map.find(key);
    if (!field) return;
    auto values = read_list(*field, reader);
    if (!values) return;
    if (values->empty()) {
        field->report_expected("at least one entry");
        return;
    }
    report_duplicates(*field, *values);
    out = std::move(*values);
}

void read_operator_fields(MapReader& map, WarningPageConfig& page) {
    map.read("operator_url", page.operator_url, link_reader());
    map.read("appeal_url", page.appeal_url, link_reader());
    map.read("contact_email", page.contact_email, read_text);
    map.read("contact_phone", page.contact_phone, read_text);
    map.read("helpline", page.helpline, read_text);
    map.read("reporting_platform", page.reporting_platform, read_text);
    map.read("reporting_url", page.reporting_url, link_reader());
    read_nonempty_list(map, "child_protection_categories", page.child_protection_categories,
                       read_text);
}

}  // namespace

WarningPageConfig read_warning_page(const Field& field) {
    WarningPageConfig page;
    MapReader map(field);
    map.read("enabled", page.enabled, read_bool);
    read_nonempty_list(map, "listen", page.listen,
                       [](const Field& item) { return read_endpoint(item, kHttpPort); });
    map.read("https", page.https, [](const Field& value) {
        return read_choice<WarningHttps>(value, kWarningHttpsNames);
    });
    map.read("https_port", page.https_port, port_reader());
    map.read("school_ca_certificate", page.school_ca_certificate, read_text);
    map.read("school_ca_key", page.school_ca_key, read_text);
    map.read("school_certificate_lifetime", page.school_certificate_lifetime,
             [](const Field& value) { return read_ttl(value, std::chrono::days(30)); });
    if (page.https == WarningHttps::school &&
        (page.school_ca_certificate.empty() || page.school_ca_key.empty()))
        map.field().report("https: school needs school_ca_certificate and school_ca_key");
    map.read("templates", page.templates, read_text);
    read_operator_fields(map, page);
    if (const auto limits = map.find("limits")) page.limits = read_limits(*limits, page.limits);
    map.report_unknown_keys();
    return page;
}

HttpFilterConfig read_http_filter(const Field& field) {
    HttpFilterConfig filter;
    MapReader map(field);
    map.read("enabled", filter.enabled, read_bool);
    read_nonempty_list(map, "addresses", filter.addresses, read_address);
    read_ports(map, "http_ports", filter.http_ports, false);
    read_ports(map, "https_ports", filter.https_ports, true);  // [] = no HTTPS pass-through
    const auto timeout = [](const Field& value) {
        return read_duration(value, milliseconds(100), std::chrono::hours(1));
    };
    map.read("connect_timeout", filter.connect_timeout, timeout);
    map.read("origin_idle_timeout", filter.origin_idle_timeout, timeout);
    if (const auto limits = map.find("limits")) filter.limits = read_limits(*limits, filter.limits);
    map.read("whole_host_authorities", filter.whole_host_authorities,
             [](const Field& value) { return read_list(value, read_text); });
    if (filter.enabled && filter.addresses.empty())
        map.field().report("http_filter is enabled but has no addresses");
    map.report_unknown_keys();
    return filter;
}

}  // namespace roja::config
