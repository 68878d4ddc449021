// server, access and upstream: where rojad listens, whom it answers, whom it asks.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::uint64_t kMaxThreads = 1024;
constexpr std::uint64_t kMaxCount = 10'000'000;

auto endpoints_reader(std::uint16_t default_port) {
    return [default_port](const Field& list) {
        return read_list(list,
                         [&](const Field& item) { return read_endpoint(item, default_port); });
    };
}

auto prefixes_reader() {
    return [](const Field& list) { return read_list(list, read_prefix); };
}

auto integer_reader(std::uint64_t min, std::uint64_t max) {
    return [=](const Field& field) { return read_integer(field, min, max); };
}

// A list that must not be empty and whose items must be distinct.
template <class T, class Reader>
void read_distinct_list(MapReader& map, std::string_view key, std::vector<T>& out, Reader reader) {
    const auto field = map.find(key);
    if (!field) return;
    auto values = reader(*field);
    if (!values) return;
    if (values->empty()) {
        field->report_expected("at least one entry");
        return;
    }
    report_duplicates(*field, *values);
    out = std::move(*values);
}

void read_tcp_limits(MapReader& map, TcpLimits& tcp) {
    map.read("idle_timeout", tcp.idle_timeout, [](const Field& value) {
        return read_duration(value, milliseconds(100), std::chrono::hours(1));
    });
    map.read("max_connections", tcp.max_connections, integer_reader(1, 1'000'000));
    const auto per_client = map.find("max_connections_per_client");
    if (per_client) {
        if (auto value = read_integer(*per_client, 1, tcp.max_connections)) {
            tcp.max_connections_per_client = static_cast<std::uint32_t>(*value);
        }
    }
    map.read("max_queries_per_connection", tcp.max_queries_per_connection,
             integer_reader(1, kMaxCount));
    map.read("max_buffered_bytes", tcp.max_buffered_bytes,
             [](const Field& value) { return read_size(value, 512, 64 * kMiB); });
}

TcpLimits read_tcp(const Field& field) {
    TcpLimits tcp;
    MapReader map(field);
    read_tcp_limits(map, tcp);
    map.report_unknown_keys();
    return tcp;
}

constexpr std::uint16_t kDotPort = 853;

// server.tls: where DoT listens, its certificate and key, and the same caps as server.tcp.
DotConfig read_dot(const Field& field) {
    DotConfig dot;
    MapReader map(field);
    read_distinct_list(map, "listen", dot.listen, endpoints_reader(kDotPort));
    map.read("certificate", dot.certificate, read_text);
    map.read("key", dot.key, read_text);
    read_tcp_limits(map, dot.limits);
    if (!dot.listen.empty() && (dot.certificate.empty() || dot.key.empty()))
        map.field().report("DoT needs a certificate and a key");
    map.report_unknown_keys();
    return dot;
}

}  // namespace

template <class T>
void report_duplicates(const Field& list_field, const std::vector<T>& values) {
    std::size_t index = 0;
    for (const YAML::Node& node : list_field.node) {
        if (index >= values.size()) break;
        const auto first = std::find(values.begin(), values.end(), values[index]);
        if (first != values.begin() + static_cast<std::ptrdiff_t>(index)) {
            list_field.item(index, node)
                .report("listed twice (first as item " + std::to_string(first - values.begin()) +
                        ")");
        }
        ++index;
    }
}

template void report_duplicates(const Field&, const std::vector<Endpoint>&);
template void report_duplicates(const Field&, const std::vector<IpPrefix>&);
template void report_duplicates(const Field&, const std::vector<boost::asio::ip::address>&);
template void report_duplicates(const Field&, const std::vector<std::string>&);

ServerConfig read_server(const Field& field) {
    ServerConfig server;
    MapReader map(field);
    read_distinct_list(map, "listen", server.listen, endpoints_reader(kDnsPort));
    map.read("threads", server.threads, integer_reader(0, kMaxThreads));
    map.read("udp_payload", server.udp_payload, integer_reader(512, 4096));
    if (const auto tcp = map.find("tcp")) server.tcp = read_tcp(*tcp);
    if (const auto tls = map.find("tls")) server.tls = read_dot(*tls);
    map.report_unknown_keys();
    return server;
}

AccessConfig read_access(const Field& field) {
    AccessConfig access;
    MapReader map(field);
    read_distinct_list(map, "allow", access.allow, prefixes_reader());
    map.read("refused_action", access.refused_action, [](const Field& value) {
        return read_choice<RefusedAction>(value, kRefusedActionNames);
    });
    map.report_unknown_keys();
    return access;
}

RateLimitConfig read_rate_limit(const Field& field) {
    RateLimitConfig limit;
    MapReader map(field);
    map.read("qps", limit.qps, integer_reader(0, 10'000'000));
    map.read("burst", limit.burst, integer_reader(0, 100'000'000));
    map.read("ipv4_prefix", limit.ipv4_prefix, integer_reader(8, 32));
    map.read("ipv6_prefix", limit.ipv6_prefix, integer_reader(16, 128));
    map.read("action", limit.action, [](const Field& value) {
        return read_choice<RateLimitAction>(value, kRateLimitActionNames);
    });
    map.read("slip", limit.slip, integer_reader(0, 100));
    read_distinct_list(map, "exempt", limit.exempt, prefixes_reader());
    map.read("max_clients", limit.max_clients, integer_reader(64, 16'777'216));
    map.read("max_outstanding", limit.max_outstanding, integer_reader(0, 1'000'000));
    map.report_unknown_keys();
    return limit;
}

namespace {

// Cross-key rules: a fresh_port entry names a configured server; the floor is below the ceiling.
void check_upstream(MapReader& map, UpstreamConfig& upstream) {
    if (auto field = map.find("fresh_port")) {
        for (const Endpoint& endpoint : upstream.fresh_port) {
            if (!upstream.servers.empty() &&
                std::find(upstream.servers.begin(), upstream.servers.end(), endpoint) ==
                    upstream.servers.end())
                field->report("fresh_port names " + endpoint.address.to_string() +
                              ", which is not in upstream.servers");
        }
    }
    if (upstream.min_timeout > upstream.timeout) {
        map.field().child("min_timeout").report("must not exceed upstream.timeout");
        upstream.min_timeout = upstream.timeout;
    }
}

}  // namespace

UpstreamConfig read_upstream(const Field& field) {
    UpstreamConfig upstream;
    MapReader map(field);
    read_distinct_list(map, "servers", upstream.servers, endpoints_reader(kDnsPort));
    map.read("timeout", upstream.timeout, [](const Field& value) {
        return read_duration(value, milliseconds(10), seconds(60));
    });
    map.read("min_timeout", upstream.min_timeout,
             [](const Field& value) { return read_duration(value, milliseconds(1), seconds(10)); });
    map.read("deadline", upstream.deadline, [](const Field& value) {
        return read_duration(value, milliseconds(100), seconds(60));
    });
    map.read("max_outstanding", upstream.max_outstanding, integer_reader(1, 1'000'000));
    map.read("sockets", upstream.sockets, integer_reader(1, 256));
    map.read("socket_lifetime", upstream.socket_lifetime,
             [](const Field& value) { return read_duration(value, seconds(1), hours(24)); });
    read_distinct_list(map, "fresh_port", upstream.fresh_port, endpoints_reader(kDnsPort));
    map.read("local_zones", upstream.local_zones, read_bool);
    // After timeout: a zone's own timeout defaults to it.
    if (const auto zones = map.find("zones")) upstream.zones = read_forward_zones(*zones, upstream);
    check_upstream(map, upstream);
    map.report_unknown_keys();
    return upstream;
}

}  // namespace roja::config
