// What the in-process pipeline benchmarks (stats_bench, rate_limit_bench) share: a query for
// www.<middle>.example with EDNS, and a serving state whose policy lists casino0..N.example and
// whose access list admits 127.0.0.0/8.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "daemon/server/serving_state.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace roja::bench {

inline std::vector<std::uint8_t> query_for(const std::string& middle) {
    std::vector<std::uint8_t> q = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1};
    for (const std::string& label : {std::string("www"), middle, std::string("example")}) {
        q.push_back(static_cast<std::uint8_t>(label.size()));
        q.insert(q.end(), label.begin(), label.end());
    }
    const std::uint8_t tail[] = {0, 0, 1, 0, 1, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0};
    q.insert(q.end(), std::begin(tail), std::end(tail));
    return q;
}

inline std::shared_ptr<const server::ServingState> casino_serving_state(int entries) {
    filter::PolicyBuilder builder;
    const auto list = builder.add_list(
        {.id = "akep", .authority = "AKEP", .reason = filter::ReasonClass::censored});
    std::string text;
    for (int i = 0; i < entries; ++i) text += "casino" + std::to_string(i) + ".example\n";
    auto loader = builder.loader(list);
    filter::parse_list(filter::ListFormat::plain, text, "akep.txt", loader);
    auto state = std::make_shared<server::ServingState>();
    state->policy = std::move(builder).build();
    filter::PrefixMapBuilder access;
    filter::IpPrefix loopback = filter::IpPrefix::host(boost::asio::ip::make_address("127.0.0.0"));
    loopback.length = 96 + 8;  // 127.0.0.0/8 in the shared v4/v6 space
    access.add(loopback, 1);
    state->access = std::move(access).build();
    state->blocking.ipv4.push_back({0, 0, 0, 0});
    return state;
}

}  // namespace roja::bench
