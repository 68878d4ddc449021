#include "daemon/hub/alarm_store.hpp"

namespace roja::hub {

namespace {

std::string_view name_of(AlarmKind kind) {
    return kAlarmKindNames[static_cast<std::size_t>(kind)];
}

Alarm alarm_at(const Query& query) {
    Alarm alarm{query.integer_at(0), query.text_at(1),    query.text_at(2), query.text_at(3),
                query.text_at(4),    query.integer_at(5), std::nullopt};
    if (!query.is_null_at(6)) alarm.cleared_at = query.integer_at(6);
    return alarm;
}

constexpr std::string_view kColumns =
    "SELECT id, node_id, kind, subject, detail, raised_at, cleared_at FROM alarms ";

}  // namespace

Result<bool> raise_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind,
                         const std::string& subject, const std::string& detail, std::int64_t now) {
    Query query(db,
                "INSERT OR IGNORE INTO alarms (node_id, kind, subject, detail, raised_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5)");
    query.text(1, node_id).text(2, name_of(kind)).text(3, subject).text(4, detail).integer(5, now);
    if (auto done = query.run(); !done)
        return Result<bool>(boost::system::in_place_error, done.error());
    return sqlite3_changes(db) > 0;
}

Result<bool> clear_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind,
                         const std::string& subject, std::int64_t now) {
    Query query(db,
                "UPDATE alarms SET cleared_at = ?4 WHERE node_id = ?1 AND kind = ?2 AND "
                "subject = ?3 AND cleared_at IS NULL");
    query.text(1, node_id).text(2, name_of(kind)).text(3, subject).integer(4, now);
    if (auto done = query.run(); !done)
        return Result<bool>(boost::system::in_place_error, done.error());
    return sqlite3_changes(db) > 0;
}

Result<std::vector<Alarm>> open_alarms(sqlite3* db, const std::string& node_id, AlarmKind kind) {
    Query query(db, std::string(kColumns) +
                        "WHERE node_id = ?1 AND kind = ?2 AND cleared_at IS NULL ORDER BY id");
    query.text(1, node_id).text(2, name_of(kind));
    std::vector<Alarm> alarms;
    while (query.next()) alarms.push_back(alarm_at(query));
    if (query.error) return query.error;
    return alarms;
}

Result<std::vector<Alarm>> alarm_history(sqlite3* db, const std::string& node_id,
                                         std::size_t limit) {
    Query query(
        db, std::string(kColumns) + "WHERE (?1 = '' OR node_id = ?1) ORDER BY id DESC LIMIT ?2");
    query.text(1, node_id).integer(2, static_cast<std::int64_t>(limit));
    std::vector<Alarm> alarms;
    while (query.next()) alarms.push_back(alarm_at(query));
    if (query.error) return query.error;
    return alarms;
}

}  // namespace roja::hub
