// Roja's whole configuration as plain values, already validated: a daemon component reads the
// part it needs and never sees YAML. Member initialisers are the documented defaults
// (docs/configuration.md); load_config_text() and default_config() are the ways to get one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "config/config_enums.hpp"
#include "config/endpoint.hpp"
#include "config/http_config.hpp"
#include "filter/list_format.hpp"

namespace roja::config {

inline constexpr std::uint16_t kDefaultListenPort = 5353;  // unprivileged, so `make run` works
inline constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

// 127.0.0.1:5353.
std::vector<Endpoint> default_listen_endpoints();
// 127.0.0.0/8 and ::1/128: never an open resolver unless the operator says so.
std::vector<IpPrefix> loopback_prefixes();
// 0.0.0.0 and :: (the "null" answer: clients fail fast instead of reaching someone else).
std::vector<boost::asio::ip::address> default_warning_addresses();

struct TcpLimits {
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(10)};
    std::uint32_t max_connections = 1024;
    std::uint32_t max_connections_per_client = 32;
    std::uint32_t max_queries_per_connection = 1000;
    std::uint64_t max_buffered_bytes = 65536;
};

// DNS over TLS (RFC 7858, docs/encrypted-dns.md): off while `listen` is empty.
struct DotConfig {
    std::vector<Endpoint> listen;
    std::string certificate;  // PEM chain, leaf first; re-read on SIGHUP
    std::string key;          // PEM private key; re-read on SIGHUP
    TcpLimits limits;         // as server.tcp, counted apart from it
    bool is_on() const noexcept { return !listen.empty(); }
};

struct ServerConfig {
    std::vector<Endpoint> listen = default_listen_endpoints();  // UDP and TCP on each
    unsigned threads = 0;                                       // 0 = one per core
    std::uint16_t udp_payload = 1232;                           // our advertised EDNS size
    TcpLimits tcp;
    DotConfig tls;
};

struct AccessConfig {
    std::vector<IpPrefix> allow = loopback_prefixes();
    RefusedAction refused_action = RefusedAction::refuse;
};

// Conditional forwarding: names at or below `zone` go to these servers instead of the default
// ones (the longest matching zone wins; docs/configuration.md, `upstream.zones`).
struct ForwardZoneConfig {
    std::string zone;  // canonical, no trailing dot, never the root
    std::vector<Endpoint> servers;
    std::chrono::milliseconds timeout{1500};  // per try, as upstream.timeout (its default)
    bool cache = true;                        // false: this zone's answers are never cached

    friend bool operator==(const ForwardZoneConfig&, const ForwardZoneConfig&) = default;
};

// Per-client rate limit (docs/configuration.md, `rate_limit`): a token bucket per address
// prefix, per worker; 0 qps = off.
struct RateLimitConfig {
    std::uint32_t qps = 0;
    std::uint32_t burst = 0;  // 0 = qps
    unsigned ipv4_prefix = 32;
    unsigned ipv6_prefix = 56;
    RateLimitAction action = RateLimitAction::drop;
    std::uint32_t slip = 2;  // every slip-th over-limit UDP query gets TC=1 (0 = never)
    std::vector<IpPrefix> exempt;
    std::uint32_t max_clients = 65536;  // table slots per worker (16 bytes each)
    std::uint32_t max_outstanding = 0;  // upstream queries in flight per prefix; 0 = no cap

    bool enabled() const noexcept { return qps > 0; }
};

struct UpstreamConfig {
    std::vector<Endpoint> servers;
    bool servers_from_resolv_conf = false;      // true when `servers` was not configured
    std::chrono::milliseconds timeout{1500};    // per try: the ceiling of its RTT-derived timeout
    std::chrono::milliseconds min_timeout{50};  // per try: the floor
    std::chrono::milliseconds deadline{4000};   // the whole query, retransmits included
    std::uint32_t max_outstanding = 4096;
    std::uint32_t sockets = 8;  // per server and worker
    std::chrono::milliseconds socket_lifetime{60000};
    std::vector<Endpoint> fresh_port;  // servers that get a new socket per query
    std::vector<ForwardZoneConfig> zones;
    // RFC 6303 zones (private and special reverse ranges) answered here with NXDOMAIN, unless a
    // forward zone at or below one of them sends its names somewhere.
    bool local_zones = true;
};

struct CacheConfig {
    std::uint64_t max_memory = 64 * kMiB;  // 0 turns the cache off
    std::chrono::seconds min_ttl{0};
    std::chrono::seconds max_ttl{std::chrono::days(1)};
    std::chrono::seconds max_negative_ttl{std::chrono::hours(1)};
    bool serve_stale = true;
    std::chrono::seconds stale_ttl{30};                    // TTL written in stale answers
    std::chrono::seconds max_stale{std::chrono::days(1)};  // how long past expiry
    bool prefetch = false;
};

struct BlockingConfig {
    std::vector<boost::asio::ip::address> warning_addresses = default_warning_addresses();
    std::chrono::seconds ttl{60};  // of blocked answers, and the SOA minimum in NODATA
    bool ede = true;               // RFC 8914 Extended DNS Errors on blocked answers
    std::string contact;           // structured DNS error `c` (a URI); empty = not sent
    std::string organisation;      // `o`
    std::string language;          // `l`
    std::chrono::seconds safesearch_ttl{300};
};

// TSIG for a transfer from a primary (RFC 8945, hmac-sha256): the key's name and its secret,
// either a file holding the base64 secret alone or a key file in BIND's syntax.
struct TransferKeyConfig {
    std::string name;         // canonical, no trailing dot
    std::string secret_file;  // base64 secret, one line
    std::string key_file;     // BIND `key "name" { algorithm hmac-sha256; secret "..."; };`
    friend bool operator==(const TransferKeyConfig&, const TransferKeyConfig&) = default;
};

// A list taken by zone transfer from an RPZ primary (docs/rpz-export.md, "Consumer").
struct RpzPrimaryConfig {
    Endpoint primary;
    std::string zone;  // canonical, no trailing dot
    std::optional<TransferKeyConfig> tsig;
    // Where NOTIFY from the primary is heard (UDP); empty = no NOTIFY, the SOA timers only.
    std::optional<Endpoint> notify_listen;
    std::uint64_t max_bytes = 256 * kMiB;   // a whole transfer, every message counted
    std::uint64_t max_records = 4'000'000;  // records of the zone (a name and its wildcard: 2)
    std::chrono::seconds timeout{300};      // a whole transfer
    friend bool operator==(const RpzPrimaryConfig&, const RpzPrimaryConfig&) = default;
};

struct ListConfig {
    std::string id;    // unique, [a-z0-9._-]+
    std::string path;  // as written; relative paths are relative to the daemon's directory
    // Instead of a file: the zone a primary serves (format rpz); its last good copy is kept in
    // <state_dir>/rpz-secondary/<id>.zone (see transferred_zone_path).
    std::optional<RpzPrimaryConfig> primary;
    std::optional<filter::ListFormat> format;  // empty = guessed from the content
    ListAction action = ListAction::redirect;
    ReasonClass reason = ReasonClass::blocked;
    std::string authority;   // default authority for entries without one; may be empty
    std::string title;       // defaults to the id
    std::string scope;       // allow entries override blocks of lists with the same scope
    bool allowlist = false;  // every entry of this list is an allow entry
};

// A signed feed an authority publishes (docs/feed.md); its lists join the policy like lists do,
// and a group names the feed id to get all of them, whatever lists a later version carries.
struct FeedConfig {
    std::string id;      // must equal the manifest's "feed"; [a-z0-9._-]{1,64}
    std::string source;  // https:// base URL (manifest.json below it) or a local directory
    std::vector<std::string> keys;  // minisign public key files: any may sign (rotation)
    std::string ca;                 // CA bundle for CMS signatures; empty = none accepted
    std::string subject;            // CMS signer subject pin (RFC 2253); empty = any under ca
    std::string tls_ca;             // CA bundle for the HTTPS server; empty = the system's
    std::string client_cert;        // PEM client certificate and key for the HTTPS server
    std::string client_key;
    std::chrono::seconds poll{std::chrono::minutes(5)};
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds timeout{120};     // per file, the whole transfer
    std::uint32_t attempts = 4;            // per file and poll, with exponential backoff between
    std::uint64_t max_bytes = 512 * kMiB;  // cap per downloaded file, before the manifest's size
    ListAction action = ListAction::redirect;
    ReasonClass reason = ReasonClass::censored;  // an authority's order (EDE 16)
    // A new version whose list lost more than max_shrink_percent of its entries, or grew by more
    // than max_growth_percent, is rejected (0 = no limit); lists below ratio_min_entries are
    // exempt, since a handful of orders legitimately changes a lot.
    std::uint32_t max_shrink_percent = 50;
    std::uint32_t max_growth_percent = 1000;
    std::uint64_t ratio_min_entries = 100;

    bool is_https() const noexcept { return source.starts_with("https://"); }
    friend bool operator==(const FeedConfig&, const FeedConfig&) = default;
};

inline constexpr std::string_view kDefaultGroupName = "default";

struct GroupConfig {
    std::string name;                // unique, [a-z0-9._-]+
    std::vector<IpPrefix> prefixes;  // empty only for the default group
    std::vector<std::string> lists;  // ids of defined lists and feeds
    bool safesearch = false;
    bool url_filter = false;
    bool is_implicit = false;  // the default group made up because none was written
};

// --- statistics, audit and the admin API (config/admin_sections.cpp) ---------------------------

struct ApiToken {
    std::string name;  // who holds it, for the logs
    ApiRole role = ApiRole::regulator;
    std::string sha256;  // 64 lower-case hex digits of the token; the token itself is never stored
};

struct AdminConfig {
    bool enabled = true;  // a configuration file gets the listener unless it says enabled: false
    Endpoint listen{boost::asio::ip::make_address_v4("127.0.0.1"), 8053};
    std::vector<ApiToken> tokens;
    std::string tls_certificate;  // PEM files; both empty = plain HTTP
    std::string tls_key;
    bool metrics_token = false;  // true: /metrics needs a token too (any role)
};

struct StatsConfig {
    bool enabled = true;                     // hit statistics in <state_dir>/hits.sqlite
    std::chrono::seconds flush_interval{5};  // workers' buffers → the store
    std::chrono::days retention{400};        // hourly rows older than this are deleted
    bool client_log = false;                 // per-client log (personal data; schools)
    std::chrono::days client_log_retention{30};
    std::size_t client_log_buffer = 16384;  // records per worker between two flushes
};

struct AuditConfig {
    std::uint64_t rotate_bytes =
        64 * kMiB;            // a full file becomes audit-<first seq>.jsonl; the chain goes on
    std::string signing_key;  // Ed25519 private key (PEM) for checkpoints; empty = none
    std::uint32_t checkpoint_records =
        0;  // a signed checkpoint every N records (0 = not by count; 1000 once a key is set)
    std::chrono::seconds checkpoint_interval{0};  // or every interval (0 = not by time)
};

// --- rpz_export: the policy as RPZ zones for other resolvers (config/rpz_export_sections.cpp) ---

// What a zone's triggers answer at the consumer (docs/rpz-export.md).
enum class RpzAction : std::uint8_t { nxdomain, nodata, redirect };

struct RpzZoneConfig {
    std::string name;                // canonical, no trailing dot ("akep.rpz.roja")
    std::vector<std::string> feeds;  // feed ids whose lists make up the zone
    std::vector<std::string> lists;  // configured list ids
    RpzAction action = RpzAction::nxdomain;
    std::chrono::seconds ttl{60};                           // of every record, and the SOA minimum
    std::chrono::seconds refresh{std::chrono::minutes(5)};  // SOA timers for the consumers
    std::chrono::seconds retry{std::chrono::minutes(1)};
    std::chrono::seconds expire{std::chrono::days(7)};
    std::vector<IpPrefix> allow = loopback_prefixes();  // who may transfer at all
    std::vector<std::string> keys;                      // TSIG key names that may transfer
    std::vector<IpPrefix> allow_without_key;  // prefixes the operator lets in without TSIG
    std::vector<Endpoint> notify;             // consumers told of each new version (RFC 1996)
    std::string notify_key;                   // TSIG key signing NOTIFY; empty = keys[0], if any
};

struct RpzExportConfig {
    std::optional<Endpoint> listen;  // TCP; empty = the export is off
    std::string keys_file;           // TSIG keys, BIND `key "name" { ... };` syntax
    std::uint32_t max_connections = 64;
    std::uint32_t ixfr_versions = 10;  // differences kept per zone for IXFR (0 = AXFR only)
    std::vector<RpzZoneConfig> zones;
};

// --- local_records: names the network owns, answered here (config/local_record_sections.cpp) ---

struct LocalRecordConfig {
    std::string name;  // canonical owner
    LocalRecordType type = LocalRecordType::a;
    boost::asio::ip::address address;         // A, AAAA
    std::string target;                       // CNAME, PTR, MX exchange, SRV target: canonical
    std::string text;                         // TXT
    std::uint16_t priority = 0;               // MX preference, SRV priority
    std::uint16_t weight = 0;                 // SRV
    std::uint16_t port = 0;                   // SRV
    std::optional<std::chrono::seconds> ttl;  // empty: local_records.ttl
    bool override = false;  // answered even where the policy blocks the name (audited)
};

struct LocalRecordsConfig {
    std::chrono::seconds ttl{3600};
    bool generate_ptr = true;              // a PTR for each A/AAAA whose reverse name has none
    std::vector<std::string> hosts_files;  // "address name [alias...]" lines, read at each load
    std::vector<LocalRecordConfig> records;
};

struct Config {
    LogLevel log_level = LogLevel::info;
    std::string state_dir;  // default_state_dir() unless configured
    ServerConfig server;
    AccessConfig access;
    RateLimitConfig rate_limit;
    UpstreamConfig upstream;
    CacheConfig cache;
    BlockingConfig blocking;
    std::vector<ListConfig> lists;
    std::vector<FeedConfig> feeds;
    // Files of names (plain or hosts format) a feed may never block: the operator's own
    // services, the most popular domains. Feed entries that would are rejected one by one.
    std::vector<std::string> never_block;
    // Always ends up holding a group named "default" (made up with every list when not written).
    std::vector<GroupConfig> groups;
    LocalRecordsConfig local_records;
    AdminConfig admin;
    StatsConfig stats;
    AuditConfig audit;
    WarningPageConfig warning_page;  // the HTTP side: config/http_config.hpp
    HttpFilterConfig http_filter;
    RpzExportConfig rpz_export;
};

// Where the last good copy of a list taken from a primary is kept.
std::string transferred_zone_path(const Config& config, const ListConfig& list);

}  // namespace roja::config
