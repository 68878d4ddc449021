#include "filter/policy.hpp"

#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "policy_test_support.hpp"

using namespace roja::filter;
using namespace roja::filter::test;
using boost::asio::ip::address;
using boost::asio::ip::make_address;

namespace {

constexpr std::uint16_t kTxt = 16;
constexpr GroupIndex kDefault = 0;

Verdict decide(const Policy& policy, std::string_view name, GroupIndex group = kDefault) {
    return policy.decide(name, kQtypeA, group);
}

}  // namespace

static_assert(sizeof(Verdict) <= 24, "a verdict stays a small value");

TEST_CASE("a name nothing lists passes") {
    PolicyBuilder builder;
    add_list(builder, list_info("l", ReasonClass::blocked), {blocks("example.com")});
    const auto policy = std::move(builder).build();
    const Verdict v = decide(*policy, "example.org");
    CHECK(v.kind == VerdictKind::pass);
    CHECK_FALSE(v.matched());
    CHECK(decide(*policy, "").kind == VerdictKind::pass);
}

TEST_CASE("the most specific listed name decides") {
    PolicyBuilder builder;
    const auto wide =
        add_list(builder, list_info("wide", ReasonClass::blocked), {blocks("example.com")});
    const auto narrow =
        add_list(builder, list_info("narrow", ReasonClass::blocked), {blocks("ads.example.com")});
    const auto policy = std::move(builder).build();
    const Verdict deep = decide(*policy, "x.ads.example.com");
    CHECK(deep.is_blocked());
    CHECK(deep.list == narrow);
    CHECK(deep.depth == 1);
    const Verdict other = decide(*policy, "www.example.com");
    CHECK(other.list == wide);
    CHECK(other.depth == 1);
    CHECK(decide(*policy, "example.com").depth == 0);
}

TEST_CASE("an exact entry blocks the name alone while a domain entry blocks its subtree") {
    PolicyBuilder builder;
    add_list(builder, list_info("l", ReasonClass::blocked),
             {blocks_exact("exact.test"), blocks("sub.test")});
    const auto policy = std::move(builder).build();
    CHECK(decide(*policy, "exact.test").is_blocked());
    CHECK(decide(*policy, "exact.test").match == EntryType::exact);
    CHECK_FALSE(decide(*policy, "a.exact.test").matched());
    CHECK(decide(*policy, "sub.test").is_blocked());
    CHECK(decide(*policy, "a.b.sub.test").match == EntryType::domain);
    CHECK_FALSE(decide(*policy, "notsub.test").matched());
    CHECK_FALSE(decide(*policy, "test").matched());
}

TEST_CASE("an allow entry beats a block entry of the same scope") {
    PolicyBuilder builder;
    const auto block = add_list(builder, list_info("block", ReasonClass::blocked),
                                {blocks("example.com"), blocks("x.test")});
    const auto allow = add_list(builder, list_info("allow", ReasonClass::blocked),
                                {allows_exact("good.example.com"), allows("x.test")});
    const auto policy = std::move(builder).build();
    const Verdict good = decide(*policy, "good.example.com");
    CHECK(good.kind == VerdictKind::allowed);
    CHECK(good.list == allow);
    CHECK(decide(*policy, "bad.example.com").list == block);
    CHECK(decide(*policy, "bad.example.com").is_blocked());
    CHECK(decide(*policy, "x.test").is_allowed());  // equal depth: allow wins
    CHECK(decide(*policy, "a.x.test").is_allowed());
}

TEST_CASE("a more specific block beats a less specific allow") {
    PolicyBuilder builder;
    add_list(builder, list_info("allow", ReasonClass::blocked), {allows("example.org")});
    const auto block =
        add_list(builder, list_info("block", ReasonClass::blocked), {blocks("ads.example.org")});
    const auto policy = std::move(builder).build();
    CHECK(decide(*policy, "www.example.org").is_allowed());
    CHECK(decide(*policy, "t.ads.example.org").is_blocked());
    CHECK(decide(*policy, "t.ads.example.org").list == block);
}

TEST_CASE("an allow entry never overrides a block of another scope") {
    PolicyBuilder builder;
    const auto order =
        add_list(builder, list_info("akep", ReasonClass::censored), {blocks("casino.test")});
    add_list(builder, list_info("school-allow", ReasonClass::filtered), {allows("casino.test")});
    const auto category =
        add_list(builder, list_info("games", ReasonClass::filtered), {blocks("games.test")});
    add_list(builder, list_info("school-allow-2", ReasonClass::filtered), {allows("games.test")});
    const auto policy = std::move(builder).build();
    const Verdict censored = decide(*policy, "casino.test");
    CHECK(censored.is_blocked());
    CHECK(censored.list == order);
    CHECK(censored.reason == ReasonClass::censored);
    CHECK(decide(*policy, "games.test").is_allowed());
    CHECK(category != 0);
}

TEST_CASE("an allowlist that names a scope acts in that scope") {
    PolicyBuilder builder;
    add_list(builder, list_info("akep", ReasonClass::censored), {blocks("court-lifted.test")});
    ListInfo lifted = list_info("lifted", ReasonClass::blocked);
    lifted.scope = "censored";
    add_list(builder, lifted, {allows("court-lifted.test")});
    const auto policy = std::move(builder).build();
    CHECK(decide(*policy, "court-lifted.test").is_allowed());
}

TEST_CASE("censored is preferred over filtered even when the filter entry is more specific") {
    PolicyBuilder builder;
    add_list(builder, list_info("school", ReasonClass::filtered), {blocks_exact("a.b.test")});
    const auto order =
        add_list(builder, list_info("akep", ReasonClass::censored), {blocks("b.test")});
    add_list(builder, list_info("own", ReasonClass::blocked), {blocks("a.b.test")});
    const auto policy = std::move(builder).build();
    const Verdict v = decide(*policy, "a.b.test");
    CHECK(v.list == order);
    CHECK(v.reason == ReasonClass::censored);
    CHECK(v.depth == 1);
    CHECK(ede_code(v.reason) == 16);
}

TEST_CASE("a group sees only the lists it enables") {
    PolicyBuilder builder;
    const auto ads =
        add_list(builder, list_info("ads", ReasonClass::blocked), {blocks("ads.test")});
    const auto games =
        add_list(builder, list_info("games", ReasonClass::filtered), {blocks("games.test")});
    builder.set_default_group(group_with("everyone", {ads}));
    const auto students =
        builder.add_group(group_with("students", {ads, games}), std::array{prefix("10.1.0.0/16")});
    const auto policy = std::move(builder).build();
    CHECK_FALSE(decide(*policy, "games.test", kDefault).matched());
    CHECK(decide(*policy, "games.test", students).is_blocked());
    CHECK(decide(*policy, "ads.test", kDefault).is_blocked());
    CHECK(policy->decide("games.test", kQtypeA, make_address("10.1.2.3")).is_blocked());
    CHECK(policy->decide("games.test", kQtypeA, make_address("10.2.2.3")).kind ==
          VerdictKind::pass);
    CHECK(policy->decide("games.test", kQtypeA, make_address("10.1.2.3")).group == students);
}

TEST_CASE("a client falls in the group of its longest prefix, IPv4 and IPv6") {
    PolicyBuilder builder;
    const auto school = builder.add_group(
        group_with("school", {}), std::array{prefix("10.0.0.0/8"), prefix("2001:db8::/32")});
    const auto staff = builder.add_group(
        group_with("staff", {}), std::array{prefix("10.9.0.0/16"), prefix("2001:db8:9::/48")});
    const auto policy = std::move(builder).build();
    CHECK(policy->group_of(make_address("10.1.1.1")) == school);
    CHECK(policy->group_of(make_address("10.9.1.1")) == staff);
    CHECK(policy->group_of(make_address("2001:db8:1::1")) == school);
    CHECK(policy->group_of(make_address("2001:db8:9::1")) == staff);
    CHECK(policy->group_of(make_address("::ffff:10.9.1.1")) == staff);  // v4-mapped is IPv4
    CHECK(policy->group_of(make_address("192.0.2.1")) == kDefault);
    CHECK(policy->group_of(make_address("2001:db9::1")) == kDefault);
    CHECK(policy->group(staff).name == "staff");
    CHECK(policy->find_group("school") == school);
}

TEST_CASE("a list's configured action applies to its entries") {
    PolicyBuilder builder;
    add_list(builder, list_info("nx", ReasonClass::blocked, BlockAction::nxdomain),
             {blocks("nx.test")});
    add_list(builder, list_info("refused", ReasonClass::blocked, BlockAction::refuse),
             {blocks("refused.test")});
    add_list(builder, list_info("redirect", ReasonClass::blocked), {blocks("page.test")});
    const auto policy = std::move(builder).build();
    CHECK(decide(*policy, "nx.test").action == BlockAction::nxdomain);
    CHECK(decide(*policy, "refused.test").action == BlockAction::refuse);
    CHECK(decide(*policy, "page.test").action == BlockAction::redirect);
    CHECK(policy->local_data(decide(*policy, "page.test")).empty());
}

TEST_CASE("a redirect becomes nodata for types other than A and AAAA") {
    PolicyBuilder builder;
    add_list(builder, list_info("redirect", ReasonClass::blocked), {blocks("page.test")});
    add_list(builder, list_info("nx", ReasonClass::blocked, BlockAction::nxdomain),
             {blocks("nx.test")});
    const auto policy = std::move(builder).build();
    CHECK(policy->decide("page.test", kQtypeA, kDefault).action == BlockAction::redirect);
    CHECK(policy->decide("page.test", kQtypeAaaa, kDefault).action == BlockAction::redirect);
    CHECK(policy->decide("page.test", kTxt, kDefault).action == BlockAction::nodata);
    CHECK(policy->decide("nx.test", kTxt, kDefault).action == BlockAction::nxdomain);
}

TEST_CASE("an RPZ entry's own action overrides its list's") {
    PolicyBuilder builder;
    const std::array local{make_address("192.0.2.80"), make_address("2001:db8::80")};
    ListEntry nx = blocks("nx.test", 3);
    nx.action = EntryAction::nxdomain;
    ListEntry walled = blocks_exact("walled.test", 4);
    walled.action = EntryAction::redirect;
    walled.local_data = local;
    ListEntry drop = blocks("drop.test", 5);
    drop.action = EntryAction::refuse;
    add_list(builder, list_info("rpz", ReasonClass::blocked, BlockAction::nodata),
             {nx, walled, drop, blocks("plain.test", 6)});
    const auto policy = std::move(builder).build();
    CHECK(decide(*policy, "a.nx.test").action == BlockAction::nxdomain);
    CHECK(decide(*policy, "drop.test").action == BlockAction::refuse);
    CHECK(decide(*policy, "plain.test").action == BlockAction::nodata);
    const Verdict w = decide(*policy, "walled.test");
    CHECK(w.action == BlockAction::redirect);
    const auto addresses = policy->local_data(w);
    CHECK(std::vector<address>(addresses.begin(), addresses.end()) ==
          std::vector<address>(local.begin(), local.end()));
    CHECK(policy->decide("walled.test", kTxt, kDefault).action == BlockAction::nodata);
}

TEST_CASE("answer addresses are judged by their longest listed prefix") {
    PolicyBuilder builder;
    const auto wide =
        add_list(builder, list_info("wide", ReasonClass::blocked),
                 {entry(EntryType::ip, "198.51.100.0/24"), entry(EntryType::ip, "2001:db8::/32")});
    add_list(builder, list_info("exceptions", ReasonClass::blocked),
             {entry(EntryType::ip, "198.51.100.7/32", Disposition::allow)});
    const auto policy = std::move(builder).build();
    const Verdict v = policy->decide_address(make_address("198.51.100.9"), kDefault);
    CHECK(v.is_blocked());
    CHECK(v.list == wide);
    CHECK(v.match == EntryType::ip);
    CHECK(v.depth == 8);
    CHECK(policy->decide_address(make_address("198.51.100.7"), kDefault).is_allowed());
    CHECK(policy->decide_address(make_address("2001:db8::5"), kDefault).is_blocked());
    CHECK(policy->decide_address(make_address("::ffff:198.51.100.9"), kDefault).is_blocked());
    CHECK_FALSE(policy->decide_address(make_address("203.0.113.1"), kDefault).matched());
    CHECK(policy->decide_address(make_address("198.51.100.9"), kDefault, kTxt).action ==
          BlockAction::nodata);
}

TEST_CASE("a URL entry matches its path and what lies below it, at a boundary") {
    PolicyBuilder builder;
    ClientGroup filtered = group_with("filtered", {0});
    filtered.url_filter = true;
    const auto list =
        add_list(builder, list_info("urls", ReasonClass::censored),
                 {entry(EntryType::url, "example.com/a"), entry(EntryType::url, "example.com/b/")});
    builder.set_default_group(group_with("default", {list}));
    const auto group = builder.add_group(filtered, std::array{prefix("10.0.0.0/8")});
    const auto policy = std::move(builder).build();
    CHECK(policy->has_url_entries("example.com", group));
    CHECK_FALSE(policy->has_url_entries("www.example.com", group));
    CHECK_FALSE(
        policy->has_url_entries("example.com", kDefault));  // the group does not filter URLs
    CHECK(policy->has_url_entries("example.com", group));
    CHECK(policy->decide_url("example.com", "/a", group).is_blocked());
    CHECK(policy->decide_url("example.com", "/a", group).depth == 0);
    CHECK(policy->decide_url("example.com", "/a/b", group).is_blocked());
    CHECK(policy->decide_url("example.com", "/a/b", group).depth == 1);
    CHECK(policy->decide_url("example.com", "/a?x=1", group).is_blocked());
    CHECK_FALSE(policy->decide_url("example.com", "/ab", group).matched());
    CHECK(policy->decide_url("example.com", "/b/c", group).is_blocked());
    CHECK_FALSE(policy->decide_url("example.com", "/b", group).matched());
    CHECK_FALSE(policy->decide_url("example.com", "/", group).matched());
    CHECK_FALSE(policy->decide_url("other.com", "/a", group).matched());
    CHECK(policy->decide_url("example.com", "/a", group).match == EntryType::url);
}

TEST_CASE("the longest URL entry path decides between block and allow") {
    PolicyBuilder builder;
    add_list(builder, list_info("block", ReasonClass::blocked),
             {entry(EntryType::url, "example.com")});
    add_list(builder, list_info("allow", ReasonClass::blocked),
             {entry(EntryType::url, "example.com/help", Disposition::allow)});
    const auto policy = std::move(builder).build();
    CHECK(policy->decide_url("example.com", "/", kDefault).is_blocked());
    CHECK(policy->decide_url("example.com", "", kDefault).is_blocked());
    CHECK(policy->decide_url("example.com", "/news", kDefault).is_blocked());
    CHECK(policy->decide_url("example.com", "/help/faq", kDefault).is_allowed());
}

TEST_CASE("server names match sni entries exactly or below a wildcard") {
    PolicyBuilder builder;
    add_list(builder, list_info("sni", ReasonClass::censored),
             {entry(EntryType::sni, "vpn.test"), entry(EntryType::sni, "*.proxy.test")});
    const auto policy = std::move(builder).build();
    CHECK(policy->decide_sni("vpn.test", kDefault).is_blocked());
    CHECK(policy->decide_sni("vpn.test", kDefault).match == EntryType::sni);
    CHECK_FALSE(policy->decide_sni("a.vpn.test", kDefault).matched());
    CHECK(policy->decide_sni("a.proxy.test", kDefault).is_blocked());
    CHECK(policy->decide_sni("proxy.test", kDefault).is_blocked());
    CHECK_FALSE(decide(*policy, "vpn.test").matched());  // sni entries are not DNS entries
}

TEST_CASE("a plain entry is shown as its list and line with the list's metadata") {
    PolicyBuilder builder;
    ListInfo info = list_info("akep-2026-014", ReasonClass::censored);
    info.authority = "AKEP";
    info.title = "Order 14";
    info.legal_basis = "Law 54/2024";
    add_list(builder, info, {blocks("one.test", 41), blocks("two.test", 42)});
    const auto policy = std::move(builder).build();
    const EntryView view = policy->entry_view(decide(*policy, "two.test"));
    CHECK(entry_id(view) == "akep-2026-014:42");
    CHECK(view.authority == "AKEP");
    CHECK(view.legal_basis == "Law 54/2024");
    CHECK(view.list_title == "Order 14");
    CHECK(view.reason == ReasonClass::censored);
    CHECK(view.decision.empty());
    CHECK(policy->entry_view(decide(*policy, "none.test")).list_id.empty());
}

TEST_CASE("a CSV entry is shown with its own record, falling back to its list's") {
    PolicyBuilder builder;
    ListInfo info = list_info("orders", ReasonClass::censored);
    info.has_records = true;
    info.authority = "AKEP";
    info.category = "gambling";
    ListEntry first = blocks("bet.test", 2);
    first.fields = {"AKEP-2026-1",  "KLSH", "Vendim 12",  "2026-01-05",
                    "Law 155/2015", "",     "2026-01-06", "2027-01-06"};
    ListEntry second = blocks("casino.test", 3);
    second.fields.decision = "Vendim 13";
    add_list(builder, info, {first, second});
    const auto policy = std::move(builder).build();
    const EntryView bet = policy->entry_view(decide(*policy, "www.bet.test"));
    CHECK(entry_id(bet) == "AKEP-2026-1");
    CHECK(bet.authority == "KLSH");
    CHECK(bet.decision == "Vendim 12");
    CHECK(bet.decision_date == "2026-01-05");
    CHECK(bet.legal_basis == "Law 155/2015");
    CHECK(bet.category == "gambling");
    CHECK(bet.effective_from == "2026-01-06");
    CHECK(bet.expires == "2027-01-06");
    CHECK(bet.line == 2);
    const EntryView casino = policy->entry_view(decide(*policy, "casino.test"));
    CHECK(entry_id(casino) == "orders:3");
    CHECK(casino.authority == "AKEP");
    CHECK(casino.decision == "Vendim 13");
}
