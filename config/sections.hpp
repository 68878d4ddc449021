// One reader per top-level section of roja.yaml. Each returns the section with defaults for
// what is not written and reports every problem through its Field. Internal to config/.
#pragma once

#include <vector>

#include "config/config.hpp"
#include "config/field_readers.hpp"

namespace roja::config {

// RFC 2181: a TTL is at most 2^31 - 1 seconds.
inline constexpr std::chrono::seconds kMaxTtl{2147483647};

ServerConfig read_server(const Field& field);
AccessConfig read_access(const Field& field);
RateLimitConfig read_rate_limit(const Field& field);
// Leaves `servers` empty when not written; the loader fills it from resolv.conf.
UpstreamConfig read_upstream(const Field& field);
// upstream.zones (config/forward_zone_sections.cpp); `upstream` holds the values read so far.
std::vector<ForwardZoneConfig> read_forward_zones(const Field& field,
                                                  const UpstreamConfig& upstream);
CacheConfig read_cache(const Field& field);
BlockingConfig read_blocking(const Field& field);
std::vector<ListConfig> read_lists(const Field& field);
// A list's `source:` map: the primary it is transferred from (config/list_source_sections.cpp).
std::optional<RpzPrimaryConfig> read_list_source(const Field& field);
// A zone apex: canonical text without the trailing dot; the root cannot hold a policy zone.
std::optional<std::string> read_zone_name(const Field& field);
// `lists` are the lists already read: a feed id may not reuse a list id.
std::vector<FeedConfig> read_feeds(const Field& field, const std::vector<ListConfig>& lists);
// `names` are the list and feed ids already read, for checking the names groups refer to.
std::vector<GroupConfig> read_groups(const Field& field, const std::vector<std::string>& names);
// local_records (config/local_record_sections.cpp).
LocalRecordsConfig read_local_records(const Field& field);
// The HTTP side (config/http_sections.cpp).
WarningPageConfig read_warning_page(const Field& field);
HttpFilterConfig read_http_filter(const Field& field);

// admin, stats and audit (config/admin_sections.cpp).
AdminConfig read_admin(const Field& field);
StatsConfig read_stats(const Field& field);
AuditConfig read_audit(const Field& field);

// rpz_export (config/rpz_export_sections.cpp); `lists` and `feeds` are the ids already read.
RpzExportConfig read_rpz_export(const Field& field, const std::vector<ListConfig>& lists,
                                const std::vector<FeedConfig>& feeds);

// Reports each value after the first that equals an earlier one ("listed twice").
template <class T>
void report_duplicates(const Field& list_field, const std::vector<T>& values);

}  // namespace roja::config
