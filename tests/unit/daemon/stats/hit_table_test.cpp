// The hit table: every key keeps its own tally through growth, entries come back in the order
// they were first hit, keys differing in one field only stay apart, and the hit buffer's
// hand-over starts the next interval with room for as many entries as the last one saw.
#include "daemon/stats/hit_table.hpp"

#include <doctest/doctest.h>

#include <map>
#include <tuple>

#include "daemon/stats/hit_buffer.hpp"

using roja::stats::HitKey;
using roja::stats::HitTable;

namespace {

auto as_tuple(const HitKey& key) {
    return std::tuple(key.policy, key.record, key.list, key.group);
}

}  // namespace

TEST_CASE("a new key starts at zero and the same key finds the same tally") {
    HitTable table;
    CHECK(table.empty());
    ++table[{.policy = 0, .record = 7, .list = 1, .group = 0}].count;
    ++table[{.policy = 0, .record = 7, .list = 1, .group = 0}].count;
    ++table[{.policy = 0, .record = 7, .list = 1, .group = 2}].count;
    REQUIRE(table.size() == 2);
    CHECK(table[{.policy = 0, .record = 7, .list = 1, .group = 0}].count == 2);
    CHECK(table[{.policy = 0, .record = 7, .list = 1, .group = 2}].count == 1);
}

TEST_CASE("200,000 keys that differ in one field each survive growth with their own counts") {
    HitTable table;
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint16_t, std::uint16_t>, std::uint64_t>
        expected;
    for (std::uint32_t i = 0; i < 50'000; ++i) {
        for (const HitKey key : {HitKey{.policy = 0, .record = i, .list = 0, .group = 0},
                                 HitKey{.policy = 1, .record = i, .list = 0, .group = 0},
                                 HitKey{.policy = 0, .record = i, .list = 3, .group = 0},
                                 HitKey{.policy = 0, .record = i, .list = 0, .group = 5}}) {
            const std::uint64_t times = 1 + i % 3;
            table[key].count += times;
            expected[as_tuple(key)] += times;
        }
    }
    REQUIRE(table.size() == expected.size());
    std::size_t seen = 0;
    for (const auto& [key, tally] : table) {
        CHECK(tally.count == expected.at(as_tuple(key)));
        ++seen;
    }
    CHECK(seen == expected.size());
}

TEST_CASE("entries come back in the order they were first hit") {
    HitTable table;
    for (std::uint32_t record : {9u, 3u, 9u, 12u, 3u, 1u})
        ++table[{.policy = 0, .record = record, .list = 0, .group = 0}].count;
    std::vector<std::uint32_t> order;
    for (const auto& [key, tally] : table) order.push_back(key.record);
    CHECK(order == std::vector<std::uint32_t>{9, 3, 12, 1});
}

TEST_CASE("a table sized for the last interval takes that many entries and stays correct") {
    HitTable table(1000);
    for (std::uint32_t i = 0; i < 3000; ++i)
        ++table[{.policy = 0, .record = i % 1500, .list = 0, .group = 0}].count;
    CHECK(table.size() == 1500);
    for (const auto& [key, tally] : table) CHECK(tally.count == 2);
}
