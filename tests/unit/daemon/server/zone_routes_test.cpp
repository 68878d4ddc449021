// Routing a name to the default upstreams, a forward zone or a locally served zone, and the
// answer of a locally served zone.
#include "daemon/server/zone_routes.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "../wire/wire_packet.hpp"
#include "daemon/server/local_zones.hpp"
#include "daemon/wire/reply_view.hpp"

using namespace roja;
using server::ZoneRoute;
using server::ZoneRoutes;

namespace {

config::UpstreamConfig upstream_with(std::vector<std::string> zones, bool local = true) {
    config::UpstreamConfig config;
    config.local_zones = local;
    for (std::string& zone : zones) {
        config::ForwardZoneConfig forward;
        forward.zone = std::move(zone);
        forward.servers.push_back({boost::asio::ip::make_address("10.0.0.5"), 53});
        config.zones.push_back(std::move(forward));
    }
    return config;
}

}  // namespace

TEST_CASE("the longest matching zone wins and other names go to the default servers") {
    const auto forwarding =
        server::zone_forwarding_from_config(upstream_with({"school.local", "lab.school.local"}), 1);
    const ZoneRoutes& routes = forwarding.routes;
    CHECK(routes.route("dc.school.local").kind == ZoneRoute::Kind::forward);
    CHECK(routes.route("dc.school.local").forward_zone == 0);
    CHECK(routes.route("school.local").zone == "school.local");
    CHECK(routes.route("pc.lab.school.local").forward_zone == 1);
    CHECK(routes.route("lab.school.local").forward_zone == 1);
    CHECK(routes.route("xlab.school.local").forward_zone == 0);  // labels, not characters
    CHECK(routes.route("local").kind == ZoneRoute::Kind::default_upstream);
    CHECK(routes.route("example.com").kind == ZoneRoute::Kind::default_upstream);
    CHECK(routes.route("").kind == ZoneRoute::Kind::default_upstream);
}

TEST_CASE("private reverse zones are local unless a forward zone of that name or below exists") {
    const auto forwarding = server::zone_forwarding_from_config(
        upstream_with({"10.in-addr.arpa", "1.168.192.in-addr.arpa"}), 1);
    const ZoneRoutes& routes = forwarding.routes;
    CHECK(routes.route("5.0.0.10.in-addr.arpa").kind == ZoneRoute::Kind::forward);
    CHECK(routes.route("5.1.168.192.in-addr.arpa").kind == ZoneRoute::Kind::forward);
    CHECK(routes.route("5.2.168.192.in-addr.arpa").kind == ZoneRoute::Kind::local);
    CHECK(routes.route("5.2.168.192.in-addr.arpa").zone == "168.192.in-addr.arpa");
    CHECK(routes.route("1.0.16.172.in-addr.arpa").zone == "16.172.in-addr.arpa");
    CHECK(routes.route("1.0.32.172.in-addr.arpa").kind == ZoneRoute::Kind::default_upstream);
    CHECK(routes.route("4.3.2.1.in-addr.arpa").kind == ZoneRoute::Kind::default_upstream);
    CHECK(routes.route("router.home.arpa").kind == ZoneRoute::Kind::local);
}

TEST_CASE("local_zones: false sends private reverse names upstream") {
    const auto forwarding = server::zone_forwarding_from_config(upstream_with({}, false), 1);
    CHECK(forwarding.routes.empty());
    CHECK(forwarding.routes.route("5.0.0.10.in-addr.arpa").kind ==
          ZoneRoute::Kind::default_upstream);
}

TEST_CASE("a zone's upstream options take its servers and timeout") {
    auto config = upstream_with({"school.local"});
    config.zones[0].timeout = std::chrono::milliseconds(300);
    config.zones[0].cache = false;
    const auto forwarding = server::zone_forwarding_from_config(config, 2);
    REQUIRE(forwarding.zones.size() == 1);
    CHECK(forwarding.zones[0].upstream.servers.size() == 1);
    CHECK(forwarding.zones[0].upstream.try_timeout == std::chrono::milliseconds(300));
    CHECK(forwarding.zones[0].upstream.max_outstanding == config.max_outstanding / 2);
    CHECK_FALSE(forwarding.zones[0].cache);
}

TEST_CASE("a locally served zone answers NXDOMAIN below its apex with its SOA in authority") {
    const auto query_packet = wire::test::simple_query("5.0.0.10.in-addr.arpa", 12, true);
    wire::QueryView query;
    wire::decode_query(query_packet.bytes(), query);
    std::vector<std::uint8_t> out(1232);
    const auto answer = server::write_local_zone_answer(out, out.size(), query, "10.in-addr.arpa");
    REQUIRE(answer.has_value());
    std::vector<std::uint8_t> bytes(answer->begin(), answer->end());
    wire::ReplyView view;
    REQUIRE(wire::walk_message(bytes, view));
    CHECK(view.rcode == 3);
    CHECK(view.answer_count == 0);
    CHECK(view.authority_count == 1);
    CHECK(view.has_soa);
    CHECK(view.soa_ttl == 10800);
}

TEST_CASE("a locally served zone's apex has its SOA, and NODATA for other types") {
    for (std::uint16_t qtype : {std::uint16_t{6}, std::uint16_t{1}}) {
        const auto query_packet = wire::test::simple_query("168.192.in-addr.arpa", qtype);
        wire::QueryView query;
        wire::decode_query(query_packet.bytes(), query);
        std::vector<std::uint8_t> out(512);
        const auto answer =
            server::write_local_zone_answer(out, out.size(), query, "168.192.in-addr.arpa");
        REQUIRE(answer.has_value());
        std::vector<std::uint8_t> bytes(answer->begin(), answer->end());
        wire::ReplyView view;
        REQUIRE(wire::walk_message(bytes, view));
        CHECK(view.rcode == 0);
        CHECK(view.answer_count == (qtype == 6 ? 1 : 0));
        CHECK(view.authority_count == (qtype == 6 ? 0 : 1));
    }
}
