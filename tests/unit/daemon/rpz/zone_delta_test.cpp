#include <doctest/doctest.h>

#include <memory>

#include "daemon/rpz/zone_delta.hpp"
#include "filter/policy_builder.hpp"

namespace roja::rpz {

namespace {

std::shared_ptr<const server::ServingState> state_with(
    std::initializer_list<std::string_view> domains, std::string_view ip) {
    filter::PolicyBuilder builder;
    filter::ListInfo info;
    info.id = "orders";
    const auto index = builder.add_list(std::move(info));
    {
        filter::ListLoader loader = builder.loader(index);
        filter::ListEntry e;
        e.line = 1;
        for (const auto domain : domains) {
            e.value = domain;
            loader.on_entry(e);
        }
        e.type = filter::EntryType::ip;
        e.value = ip;
        loader.on_entry(e);
    }
    auto state = std::make_shared<server::ServingState>();
    state->policy = std::move(builder).build();
    return state;
}

}  // namespace

TEST_CASE("the difference of two versions holds exactly the removed and added triggers") {
    config::RpzZoneConfig zone;
    zone.name = "rpz.test";
    zone.lists = {"orders"};
    auto older = build_zone_version(zone, state_with({"a.example", "b.example"}, "192.0.2.1"));
    older->serial = 7;
    auto newer = build_zone_version(zone, state_with({"b.example", "c.example"}, "192.0.2.2"));
    newer->serial = 8;
    const auto delta = diff_versions(*older, *newer, 100);
    REQUIRE(delta);
    CHECK(delta->from_serial == 7);
    CHECK(delta->to_serial == 8);
    std::vector<std::string> removed, added;
    for (const auto& r : delta->removed) removed.push_back(r.owner);
    for (const auto& r : delta->added) added.push_back(r.owner);
    std::sort(removed.begin(), removed.end());
    std::sort(added.begin(), added.end());
    CHECK(removed == std::vector<std::string>{"*.a.example", "32.1.2.0.192.rpz-ip", "a.example"});
    CHECK(added == std::vector<std::string>{"*.c.example", "32.2.2.0.192.rpz-ip", "c.example"});
    CHECK_FALSE(diff_versions(*older, *newer, 5));  // over the cap: not kept
}

}  // namespace roja::rpz
