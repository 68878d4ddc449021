// The per-client log: nothing is recorded (nor reserved) while it is off, a full buffer drops
// and counts, records become rows with the list, entry and group of their policy, and the
// store writes, reads back by client and time, and expires them.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "daemon/metrics/daemon_counters.hpp"
#include "daemon/stats/client_log_writer.hpp"
#include "filter/csv_header.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"
#include "tests/unit/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace roja;
using std::chrono::system_clock;

namespace {

using Dir = roja::test::TempDir;

std::shared_ptr<const filter::Policy> make_policy() {
    filter::PolicyBuilder builder;
    filter::ListInfo csv_info{.id = "akep",
                              .authority = "AKEP",
                              .reason = filter::ReasonClass::censored,
                              .has_records = true};
    const auto csv = builder.add_list(csv_info);
    auto loader = builder.loader(csv);
    filter::parse_list(filter::ListFormat::csv, "id,type,value\nAKEP-1,domain,casino.example\n",
                       "akep.csv", loader);
    const auto plain = builder.add_list(filter::ListInfo{.id = "own"});
    auto plain_loader = builder.loader(plain);
    filter::parse_list(filter::ListFormat::plain, "ads.example\n", "own.txt", plain_loader);
    return std::move(builder).build();
}

system_clock::time_point at_ms(std::int64_t ms) {
    return system_clock::time_point(std::chrono::milliseconds(ms));
}

void ask(stats::ClientLogBuffer& buffer, const std::shared_ptr<const filter::Policy>& policy,
         std::string_view name, const char* client, stats::ClientAnswer answer,
         std::int64_t ms = 1'800'000'000'000) {
    const filter::Verdict verdict = policy->decide(name, filter::kQtypeAaaa, filter::GroupIndex{0});
    const auto address = boost::asio::ip::make_address(client);
    buffer.record_at({address, name, filter::kQtypeAaaa, filter::GroupIndex{0}, verdict, answer},
                     policy, at_ms(ms));
}

}  // namespace

TEST_CASE("with the log off nothing is recorded and no room is reserved") {
    const auto policy = make_policy();
    stats::ClientLogBuffer buffer;
    ask(buffer, policy, "casino.example", "192.0.2.1", stats::ClientAnswer::blocked);
    const auto batch = buffer.take(0);
    CHECK(batch.empty());
    CHECK(batch.records.capacity() == 0);
    ask(buffer, policy, "casino.example", "192.0.2.1", stats::ClientAnswer::blocked);
    CHECK(buffer.take(0).empty());
}

TEST_CASE("a full buffer drops the queries that do not fit and counts them") {
    const auto policy = make_policy();
    stats::ClientLogBuffer buffer;
    buffer.take(2);
    for (int i = 0; i < 5; ++i)
        ask(buffer, policy, "example.org", "192.0.2.1", stats::ClientAnswer::upstream);
    const auto batch = buffer.take(2);
    CHECK(batch.records.size() == 2);
    CHECK(batch.dropped == 3);
    CHECK(buffer.take(0).records.empty());  // the new room was empty
}

TEST_CASE(
    "records become rows with time, client, name, type, verdict, answer, list, entry and group") {
    const auto policy = make_policy();
    stats::ClientLogBuffer buffer;
    buffer.take(16);
    ask(buffer, policy, "www.casino.example", "192.0.2.7", stats::ClientAnswer::blocked,
        1'800'000'000'123);
    ask(buffer, policy, "ads.example", "2001:db8::5", stats::ClientAnswer::blocked);
    ask(buffer, policy, "example.org", "192.0.2.7", stats::ClientAnswer::cached);
    const auto rows = stats::client_log_rows({buffer.take(0)});
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == stats::ClientLogRow{1'800'000'000'123, "192.0.2.7", "www.casino.example",
                                         "AAAA", "blocked", "blocked", "akep", "AKEP-1",
                                         "default"});
    CHECK(rows[1].client == "2001:db8::5");
    CHECK(rows[1].entry == "own:1");
    CHECK(rows[2].verdict == "pass");
    CHECK(rows[2].answer == "cached");
    CHECK(rows[2].list.empty());
    CHECK(rows[2].entry.empty());
}

TEST_CASE(
    "the writer stores the rows, counts written and dropped, and the store reads by client and "
    "expires") {
    Dir dir;
    auto store = stats::ClientLogStore::open(dir.path() / "client-log.sqlite");
    REQUIRE(store.has_value());
    const auto policy = make_policy();
    stats::ClientLogBuffer buffer;
    buffer.take(2);
    const std::int64_t day_ms = 86'400'000;
    const std::int64_t now = 1'800'000'000'000;
    ask(buffer, policy, "old.example", "192.0.2.1", stats::ClientAnswer::upstream,
        now - 31 * day_ms);
    ask(buffer, policy, "casino.example", "192.0.2.2", stats::ClientAnswer::blocked, now - 1000);
    ask(buffer, policy, "dropped.example", "192.0.2.2", stats::ClientAnswer::upstream, now - 500);

    auto& counters = metrics::daemon_counters();
    const auto written_before = counters.client_log_written.get();
    const auto dropped_before = counters.client_log_dropped.get();
    stats::ClientLogWriter writer(**store, std::chrono::days(30), 2);
    writer.write({buffer.take(0)}, at_ms(now));
    CHECK(counters.client_log_written.get() - written_before == 2);
    CHECK(counters.client_log_dropped.get() - dropped_before == 1);

    // Written, then the 31-day-old row expired in the same round.
    const auto all = (*store)->query({});
    REQUIRE(all.has_value());
    REQUIRE(all->size() == 1);
    CHECK(all->front().name == "casino.example");
    CHECK(all->front().verdict == "blocked");

    stats::ClientLogQuery other;
    other.client = "192.0.2.1";
    CHECK((*store)->query(other)->empty());
    stats::ClientLogQuery window;
    window.from_ms = now;
    CHECK((*store)->query(window)->empty());
}
