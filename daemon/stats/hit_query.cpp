// HitStore::query: the three groupings the API offers (by entry, by decision, by day with the
// distinct-client estimate), filtered by time, authority and list.
#include "daemon/stats/hit_store.hpp"

namespace roja::stats {

namespace {

std::string where_clause(const HitQuery& query) {
    std::string where = " WHERE hour >= ?1 AND hour < ?2";
    if (query.authority) where += " AND authority = ?3";
    if (query.list) where += " AND list = ?4";
    return where;
}

std::string query_sql(const HitQuery& query) {
    const std::string where = where_clause(query);
    switch (query.by) {
        case HitGrouping::entry:
            return "SELECT 0, entry, list, authority, decision, reason, SUM(count), 1 FROM hits" +
                   where + " GROUP BY entry, list ORDER BY 7 DESC, entry LIMIT ?5";
        case HitGrouping::decision:
            return "SELECT 0, '', '', authority, decision, '', SUM(count), COUNT(DISTINCT entry) "
                   "FROM hits" +
                   where +
                   " GROUP BY authority, decision ORDER BY 7 DESC, authority, decision LIMIT ?5";
        case HitGrouping::day_authority:
            return "SELECT hour / 86400 * 86400 AS day, '', '', authority, '', '', SUM(count), "
                   "COUNT(DISTINCT entry) FROM hits" +
                   where + " GROUP BY day, authority ORDER BY day, authority LIMIT ?5";
        case HitGrouping::day:
            return "SELECT hour / 86400 * 86400 AS day, entry, list, authority, decision, reason, "
                   "SUM(count), 1 FROM hits" +
                   where + " GROUP BY day, entry, list ORDER BY day, 7 DESC, entry LIMIT ?5";
    }
    return {};
}

HitSummary read_summary(sqlite3_stmt* s) {
    HitSummary row;
    row.day = sqlite3_column_int64(s, 0);
    row.entry = column_text(s, 1);
    row.list = column_text(s, 2);
    row.authority = column_text(s, 3);
    row.decision = column_text(s, 4);
    row.reason = column_text(s, 5);
    row.hits = static_cast<std::uint64_t>(sqlite3_column_int64(s, 6));
    row.entries = static_cast<std::uint64_t>(sqlite3_column_int64(s, 7));
    return row;
}

}  // namespace

Result<std::vector<HitSummary>> HitStore::query(const HitQuery& query) const {
    std::lock_guard lock(mutex_);
    auto statement = prepare(db_.get(), query_sql(query));
    if (!statement) return statement.error();
    sqlite3_stmt* s = statement->get();
    sqlite3_bind_int64(s, 1, query.from);
    sqlite3_bind_int64(s, 2, query.to);
    if (query.authority) bind_text(s, 3, *query.authority);
    if (query.list) bind_text(s, 4, *query.list);
    sqlite3_bind_int64(s, 5, static_cast<std::int64_t>(query.limit));
    std::vector<HitSummary> rows;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(read_summary(s));
    if (rc != SQLITE_DONE) return sqlite_error(rc);
    if (query.by == HitGrouping::day) {
        if (auto estimates = add_estimates(rows); !estimates) return estimates.error();
    }
    return rows;
}

Result<void> HitStore::add_estimates(std::vector<HitSummary>& days) const {
    auto statement = prepare(
        db_.get(), "SELECT sketch FROM clients WHERE day = ?1 AND entry = ?2 AND list = ?3");
    if (!statement) return statement.error();
    sqlite3_stmt* s = statement->get();
    for (HitSummary& row : days) {
        sqlite3_bind_int64(s, 1, row.day);
        bind_text(s, 2, row.entry);
        bind_text(s, 3, row.list);
        if (sqlite3_step(s) == SQLITE_ROW) {
            const auto* blob = static_cast<const char*>(sqlite3_column_blob(s, 0));
            const std::string_view bytes{blob ? blob : "",
                                         static_cast<std::size_t>(sqlite3_column_bytes(s, 0))};
            if (const auto sketch = ClientSketch::parse(bytes)) {
                row.clients_estimate = sketch->estimate();
                row.clients_sketch = std::string(bytes);
            }
        }
        sqlite3_reset(s);
    }
    return {};
}

}  // namespace roja::stats
