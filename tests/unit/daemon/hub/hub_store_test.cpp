// The hub's store is idempotent: a page, a confirmation or a day's hits stored twice (a poll
// repeated after kill -9) leaves the same rows; an open alarm is raised once and its clearing
// is kept beside it.
#include "daemon/hub/alarm_store.hpp"
#include "daemon/hub/audit_store.hpp"
#include "daemon/hub/compliance_matrix.hpp"
#include "daemon/hub/node_store.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include "daemon/crypto/sha256.hpp"

using namespace roja;

namespace {

std::int64_t count(sqlite3* db, const char* sql) {
    hub::Query query(db, sql);
    REQUIRE(query.next());
    return query.integer_at(0);
}

hub::AuditIntake two_records() {
    hub::AuditIntake page;
    page.records = {{1, "t", "daemon_started", "line one", crypto::sha256_hex("line one"),
                     std::string(audit::kGenesisHash)},
                    {2, "t", "feed_applied", "line two", crypto::sha256_hex("line two"),
                     crypto::sha256_hex("line one")}};
    page.versions = {{"akep-al", 7, "2026-12-01T10:00:00Z"}};
    page.last_seq = 2;
    return page;
}

}  // namespace

TEST_CASE("a page, a confirmation and a day's hits stored twice count once") {
    test::TempDir dir;
    auto db = hub::open_hub_database(dir.file("hub.sqlite").string());
    REQUIRE(db.has_value());
    sqlite3* d = db->get();
    REQUIRE(hub::register_node(d, {"n1", "ISP", "http://x", "/t", "", "", "", std::nullopt}, 100)
                .has_value());
    for (int repeat = 0; repeat < 2; ++repeat) {
        REQUIRE(hub::store_audit_page(d, "n1", two_records(), 100).has_value());
        REQUIRE(hub::store_confirmation(
                    d, "n1", {{"akep-al", 7}, "applied", "2026-12-01T10:00:05Z", 5.0, "", "{}"})
                    .has_value());
        REQUIRE(hub::store_day_hits(d, "n1",
                                    {{"2026-12-01", "A-1", "orders", "AKEP", "D-7", 40, 3, {}}}));
        REQUIRE(
            hub::register_node(d, {"n1", "ISP", "http://x", "/t", "", "", "", std::nullopt}, 100)
                .has_value());
    }
    CHECK(count(d, "SELECT count(*) FROM audit_records") == 2);
    CHECK(count(d, "SELECT count(*) FROM feed_versions") == 1);
    CHECK(count(d, "SELECT count(*) FROM confirmations") == 1);
    CHECK(count(d, "SELECT sum(hits) FROM hits") == 40);
    // A later poll of the same day replaces the node's running total.
    REQUIRE(
        hub::store_day_hits(d, "n1", {{"2026-12-01", "A-1", "orders", "AKEP", "D-7", 55, 4, {}}})
            .has_value());
    CHECK(count(d, "SELECT sum(hits) FROM hits") == 55);
    const auto tail = hub::stored_tail(d, "n1");
    REQUIRE(tail.has_value());
    CHECK(tail->seq == 2);
    CHECK(tail->hash == crypto::sha256_hex("line two"));
    const auto pending = hub::versions_to_confirm(d, "n1");
    REQUIRE(pending.has_value());
    CHECK(pending->empty());  // applied: not asked again
}

TEST_CASE("an alarm is raised once while open, and its clearing is kept") {
    test::TempDir dir;
    auto db = hub::open_hub_database(dir.file("hub.sqlite").string());
    REQUIRE(db.has_value());
    sqlite3* d = db->get();
    using hub::AlarmKind;
    CHECK(*hub::raise_alarm(d, "n1", AlarmKind::silent, "", "no poll", 10));
    CHECK_FALSE(*hub::raise_alarm(d, "n1", AlarmKind::silent, "", "no poll", 20));
    CHECK(*hub::raise_alarm(d, "n1", AlarmKind::late, "akep-al/7", "late", 20));
    CHECK(*hub::clear_alarm(d, "n1", AlarmKind::silent, "", 30));
    CHECK_FALSE(*hub::clear_alarm(d, "n1", AlarmKind::silent, "", 40));
    CHECK(*hub::raise_alarm(d, "n1", AlarmKind::silent, "", "again", 50));
    const auto history = hub::alarm_history(d, "n1", 10);
    REQUIRE(history.has_value());
    REQUIRE(history->size() == 3);
    CHECK(history->back().cleared_at == 30);  // the first silent alarm, newest first
    CHECK_FALSE(history->front().cleared_at);
}

TEST_CASE("the matrix shows applied, superseded, late and not yet from the stored facts") {
    test::TempDir dir;
    auto db = hub::open_hub_database(dir.file("hub.sqlite").string());
    REQUIRE(db.has_value());
    sqlite3* d = db->get();
    for (const char* node : {"a", "b", "c"})
        REQUIRE(hub::register_node(d, {node, "ISP", "http://x", "/t", "", "", "", std::nullopt}, 0)
                    .has_value());
    hub::AuditIntake page;
    page.versions = {{"f", 1, "2026-12-01T10:00:00Z"}, {"f", 2, "2026-12-01T11:00:00Z"}};
    REQUIRE(hub::store_audit_page(d, "a", page, 0).has_value());
    REQUIRE(hub::store_confirmation(d, "a", {{"f", 2}, "applied", "x", 3.0, "", "{}"}).has_value());
    REQUIRE(hub::store_confirmation(d, "b", {{"f", 1}, "applied", "x", 3.0, "", "{}"}).has_value());
    const std::int64_t issued2 = 1796122800;  // 2026-12-01T11:00:00Z
    const auto matrix = hub::read_matrix(
        d, [](const std::string&) { return std::int64_t{600}; }, issued2 + 601, 0);
    REQUIRE(matrix.has_value());
    REQUIRE(matrix->versions.size() == 2);
    CHECK(matrix->versions[0].serial == 2);  // newest first
    using hub::CellState;
    CHECK(matrix->cells[0][0].state == CellState::applied);
    CHECK(matrix->cells[0][1].state == CellState::late);
    CHECK(matrix->cells[1][0].state == CellState::superseded);
    CHECK(matrix->cells[1][1].state == CellState::applied);
    CHECK(matrix->cells[1][2].state == CellState::late);
    const auto early = hub::read_matrix(
        d, [](const std::string&) { return std::int64_t{600}; }, issued2 + 10, 0);
    CHECK(early->cells[0][2].state == CellState::not_yet);
}
