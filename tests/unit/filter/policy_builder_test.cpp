#include "filter/policy_builder.hpp"

#include <doctest/doctest.h>

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "policy_test_support.hpp"

using namespace roja::filter;
using namespace roja::filter::test;
using boost::asio::ip::address;
using boost::asio::ip::make_address;

TEST_CASE("the loader routes each entry type to its own table") {
    PolicyBuilder builder;
    const auto list = builder.add_list(list_info("mixed", ReasonClass::blocked));
    ListLoader loader = builder.loader(list);
    loader.on_entry(blocks("name.test"));
    loader.on_entry(blocks_exact("exact.test"));
    loader.on_entry(entry(EntryType::ip, "192.0.2.0/24"));
    loader.on_entry(entry(EntryType::url, "url.test/path"));
    loader.on_entry(entry(EntryType::sni, "sni.test"));
    CHECK(loader.loaded() == 5);
    CHECK(loader.rejected() == 0);
    const auto policy = std::move(builder).build();
    CHECK(policy->name_entries() == 2);
    CHECK(policy->decide("name.test", kQtypeA, GroupIndex{0}).is_blocked());
    CHECK_FALSE(policy->decide("url.test", kQtypeA, GroupIndex{0}).matched());
    CHECK(policy->decide_address(make_address("192.0.2.1"), 0).is_blocked());
    CHECK(policy->decide_url("url.test", "/path", 0).is_blocked());
    CHECK(policy->decide_sni("sni.test", 0).is_blocked());
    CHECK(policy->memory_bytes() > 0);
}

TEST_CASE("entries the policy cannot hold are counted as rejected") {
    PolicyBuilder builder;
    ListLoader loader = builder.loader(builder.add_list(list_info("bad", ReasonClass::blocked)));
    const std::string long_name(300, 'a');
    for (const ListEntry& e :
         {entry(EntryType::ip, "not-an-address"), entry(EntryType::ip, "10.0.0.0/33"),
          entry(EntryType::url, "/path-only"), entry(EntryType::url, ""), blocks(""),
          blocks(long_name), entry(EntryType::sni, "*.")}) {
        loader.on_entry(e);
    }
    CHECK(loader.rejected() == 7);
    CHECK(loader.loaded() == 0);
    const auto policy = std::move(builder).build();
    CHECK(policy->name_entries() == 0);
}

TEST_CASE("without a configured default group every list applies to every client") {
    PolicyBuilder builder;
    add_list(builder, list_info("a", ReasonClass::blocked), {blocks("a.test")});
    add_list(builder, list_info("b", ReasonClass::filtered), {blocks("b.test")});
    const auto policy = std::move(builder).build();
    CHECK(policy->group_count() == 1);
    CHECK(policy->group(0).name == "default");
    CHECK(policy->decide("a.test", kQtypeA, make_address("192.0.2.1")).is_blocked());
    CHECK(policy->decide("b.test", kQtypeA, make_address("2001:db8::1")).is_blocked());
}

TEST_CASE("a configured default group applies only the lists it names") {
    PolicyBuilder builder;
    add_list(builder, list_info("a", ReasonClass::blocked), {blocks("a.test")});
    const auto b = add_list(builder, list_info("b", ReasonClass::filtered), {blocks("b.test")});
    ClientGroup base = group_with("base", {b});
    base.safesearch = true;
    builder.set_default_group(base);
    const auto policy = std::move(builder).build();
    CHECK_FALSE(policy->decide("a.test", kQtypeA, GroupIndex{0}).matched());
    CHECK(policy->decide("b.test", kQtypeA, GroupIndex{0}).is_blocked());
    CHECK(policy->group(0).safesearch);
}

TEST_CASE("an unknown group index reads as the default group") {
    PolicyBuilder builder;
    add_list(builder, list_info("a", ReasonClass::blocked), {blocks("a.test")});
    const auto policy = std::move(builder).build();
    CHECK(policy->decide("a.test", kQtypeA, GroupIndex{999}).is_blocked());
}

TEST_CASE("the first group added wins a prefix that two groups name") {
    PolicyBuilder builder;
    const auto first = builder.add_group(group_with("first", {}), std::array{prefix("10.0.0.0/8")});
    builder.add_group(group_with("second", {}), std::array{prefix("10.0.0.0/8")});
    const auto policy = std::move(builder).build();
    CHECK(policy->group_of(make_address("10.1.1.1")) == first);
}

TEST_CASE("redirect addresses an RPZ owner spreads over several lines are merged") {
    PolicyBuilder builder;
    const std::array v4{make_address("192.0.2.80")};
    const std::array v6{make_address("2001:db8::80")};
    ListEntry a = blocks_exact("walled.test", 10);
    a.action = EntryAction::redirect;
    a.local_data = v4;
    ListEntry aaaa = a;
    aaaa.line = 11;
    aaaa.local_data = v6;
    const auto list =
        builder.add_list(list_info("rpz", ReasonClass::blocked, BlockAction::nxdomain));
    ListLoader loader = builder.loader(list);
    loader.on_entry(a);
    loader.on_entry(aaaa);
    const auto policy = std::move(builder).build();
    const Verdict v = policy->decide("walled.test", kQtypeAaaa, GroupIndex{0});
    CHECK(v.action == BlockAction::redirect);
    CHECK(v.record == 10);
    const auto data = policy->local_data(v);
    CHECK(std::vector<address>(data.begin(), data.end()) == std::vector<address>{v4[0], v6[0]});
}

TEST_CASE("lists and groups are found by name") {
    PolicyBuilder builder;
    const auto list = builder.add_list(list_info("akep", ReasonClass::censored));
    const auto group = builder.add_group(group_with("staff", {list}), {});
    const auto policy = std::move(builder).build();
    CHECK(policy->find_list("akep") == list);
    CHECK(policy->find_list("nope") == std::nullopt);
    CHECK(policy->find_group("staff") == group);
    CHECK(policy->list(list).reason == ReasonClass::censored);
    CHECK(policy->list_count() == 1);
}

TEST_CASE("too many lists or scopes are a configuration error") {
    PolicyBuilder builder;
    for (std::size_t i = 0; i < kMaxLists; ++i)
        builder.add_list(list_info("l" + std::to_string(i), ReasonClass::blocked));
    CHECK_THROWS_AS(builder.add_list(list_info("one-more", ReasonClass::blocked)),
                    std::length_error);

    PolicyBuilder scoped;
    for (std::size_t i = 0; i + 3 < kMaxScopes; ++i) {
        ListInfo info = list_info("s" + std::to_string(i), ReasonClass::blocked);
        info.scope = "scope-" + std::to_string(i);
        scoped.add_list(info);
    }
    scoped.add_list(list_info("censored", ReasonClass::censored));
    scoped.add_list(list_info("blocked", ReasonClass::blocked));
    scoped.add_list(list_info("filtered", ReasonClass::filtered));
    ListInfo extra = list_info("extra", ReasonClass::blocked);
    extra.scope = "one-too-many";
    CHECK_THROWS_AS(scoped.add_list(extra), std::length_error);
}

TEST_CASE("a list with many lists enabled decides by the highest list index too") {
    PolicyBuilder builder;
    for (std::size_t i = 0; i < 300; ++i)
        builder.add_list(list_info("l" + std::to_string(i), ReasonClass::blocked));
    const auto last =
        add_list(builder, list_info("last", ReasonClass::blocked), {blocks("last.test")});
    builder.set_default_group(group_with("default", {last}));
    const auto policy = std::move(builder).build();
    CHECK(last == 300);
    CHECK(policy->decide("last.test", kQtypeA, GroupIndex{0}).list == last);
}
