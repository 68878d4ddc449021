#include <doctest/doctest.h>

#include <set>
#include <string>
#include <tuple>

#include "daemon/rpz/rpz_ip_owner.hpp"
#include "daemon/rpz/zone_walk.hpp"
#include "filter/policy_builder.hpp"

namespace roja::rpz {

namespace {

using filter::Disposition;
using filter::EntryType;

filter::ListEntry entry(EntryType type, std::string_view value,
                        Disposition disposition = Disposition::block) {
    filter::ListEntry e;
    e.type = type;
    e.value = value;
    e.disposition = disposition;
    e.line = 1;
    return e;
}

filter::ListIndex add_list(filter::PolicyBuilder& builder, std::string id,
                           std::initializer_list<filter::ListEntry> entries) {
    filter::ListInfo info;
    info.id = std::move(id);
    const filter::ListIndex index = builder.add_list(std::move(info));
    filter::ListLoader loader = builder.loader(index);
    for (const auto& e : entries) loader.on_entry(e);
    REQUIRE(loader.rejected() == 0);
    return index;
}

using Record = std::tuple<std::string, RpzTarget, bool>;

// Collects records; with `room` set, says "full" every `room` triggers to force resumption.
class Collector final : public RecordSink {
  public:
    explicit Collector(std::size_t room = SIZE_MAX) : room_(room) {}
    bool has_room(std::size_t count) const noexcept override { return used_ + count <= room_; }
    void add(const RpzRecord& r) noexcept override {
        ++used_;
        records.insert({std::string(r.owner), r.target, r.is_ip});
        ++added;
    }
    void next_message() { used_ = 0; }
    std::multiset<Record> records;
    std::size_t added = 0;

  private:
    std::size_t room_;
    std::size_t used_ = 0;
};

std::string ip_owner(std::string_view text) {
    std::string out;
    append_rpz_ip_owner(*filter::parse_ip_prefix(text), out);
    return out;
}

}  // namespace

TEST_CASE("rpz-ip owners reverse the address under the prefix length") {
    CHECK(ip_owner("192.0.2.0/24") == "24.0.2.0.192.rpz-ip");
    CHECK(ip_owner("198.51.100.66") == "32.66.100.51.198.rpz-ip");
    CHECK(ip_owner("2001:db8::/32") == "32.zz.db8.2001.rpz-ip");
    CHECK(ip_owner("2001:db8:66::/48") == "48.zz.66.db8.2001.rpz-ip");
    CHECK(ip_owner("2001:db8::1") == "128.1.zz.db8.2001.rpz-ip");
    CHECK(ip_owner("2001:db8:0:1:0:0:0:1") == "128.1.zz.1.0.db8.2001.rpz-ip");
}

TEST_CASE("a zone walk maps each entry type and leaves other lists out") {
    filter::PolicyBuilder builder;
    const auto orders =
        add_list(builder, "orders",
                 {entry(EntryType::domain, "bet.example"), entry(EntryType::exact, "exact.example"),
                  entry(EntryType::ip, "192.0.2.0/24"), entry(EntryType::url, "bet.example/page"),
                  entry(EntryType::domain, "open.bet.example", Disposition::allow)});
    add_list(builder, "other", {entry(EntryType::domain, "elsewhere.example")});
    const auto policy = std::move(builder).build();
    ZoneShape shape;
    shape.lists.set(orders);
    shape.apex_octets = 14;
    ZoneWalk walk(*policy, shape);
    Collector sink;
    CHECK(walk.fill(sink));
    const std::multiset<Record> expected{
        {"bet.example", RpzTarget::nxdomain, false},
        {"*.bet.example", RpzTarget::nxdomain, false},
        {"exact.example", RpzTarget::nxdomain, false},
        {"open.bet.example", RpzTarget::passthru, false},
        {"*.open.bet.example", RpzTarget::passthru, false},
        {"24.0.2.0.192.rpz-ip", RpzTarget::nxdomain, true},
    };
    CHECK(sink.records == expected);
}

TEST_CASE("a name several lists carry is written once, and an allow among them wins") {
    filter::PolicyBuilder builder;
    const auto a =
        add_list(builder, "a",
                 {entry(EntryType::domain, "x.example"), entry(EntryType::ip, "2001:db8::/32")});
    const auto b = add_list(builder, "b",
                            {entry(EntryType::exact, "x.example", Disposition::allow),
                             entry(EntryType::ip, "2001:db8::/32")});
    const auto policy = std::move(builder).build();
    ZoneShape shape;
    shape.lists.set(a);
    shape.lists.set(b);
    ZoneWalk walk(*policy, shape);
    Collector sink;
    CHECK(walk.fill(sink));
    const std::multiset<Record> expected{
        {"x.example", RpzTarget::passthru, false},
        {"*.x.example", RpzTarget::nxdomain, false},
        {"32.zz.db8.2001.rpz-ip", RpzTarget::nxdomain, true},
    };
    CHECK(sink.records == expected);
}

TEST_CASE("a walk stopped by a full message goes on where it stopped, losing nothing") {
    filter::PolicyBuilder builder;
    std::vector<std::string> names;
    for (int i = 0; i < 200; ++i) names.push_back("n" + std::to_string(i) + ".example");
    const auto index = builder.add_list(filter::ListInfo{.id = "big"});
    {
        filter::ListLoader loader = builder.loader(index);
        for (const auto& name : names) loader.on_entry(entry(EntryType::domain, name));
        loader.on_entry(entry(EntryType::ip, "192.0.2.1"));
    }
    const auto policy = std::move(builder).build();
    ZoneShape shape;
    shape.lists.set(index);
    ZoneWalk walk(*policy, shape);
    Collector sink(7);  // an odd room: `name` and `*.name` must never be split
    int messages = 1;
    while (!walk.fill(sink)) {
        sink.next_message();
        ++messages;
    }
    CHECK(sink.added == 401);
    CHECK(sink.records.size() == 401);
    CHECK(messages > 50);
}

TEST_CASE("an owner over 255 octets with the apex is left out and counted") {
    const std::string label(63, 'a');
    const std::string long_name = label + "." + label + "." + label + "." + std::string(50, 'b');
    filter::PolicyBuilder builder;
    const auto index =
        add_list(builder, "l",
                 {entry(EntryType::domain, long_name), entry(EntryType::domain, "short.example")});
    const auto policy = std::move(builder).build();
    ZoneShape shape;
    shape.lists.set(index);
    shape.apex_octets = 30;  // the name fits alone, not with the apex and "*."
    ZoneWalk walk(*policy, shape);
    Collector sink;
    CHECK(walk.fill(sink));
    CHECK(walk.too_long() == 1);
    CHECK(sink.records.size() == 2);
}

}  // namespace roja::rpz
