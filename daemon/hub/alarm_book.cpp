#include "daemon/hub/alarm_book.hpp"

#include "daemon/hub/hub_counters.hpp"
#include "daemon/log/log.hpp"

namespace roja::hub {

namespace {

std::size_t index_of(AlarmKind kind) {
    return static_cast<std::size_t>(kind);
}

}  // namespace

void raise(sqlite3* db, const std::string& node_id, AlarmKind kind, const std::string& subject,
           const std::string& detail, std::int64_t now) {
    const auto raised = raise_alarm(db, node_id, kind, subject, detail, now);
    if (!raised) {
        log::error("hub_alarm_not_stored",
                   {{"node", node_id}, {"reason", raised.error().message()}});
        return;
    }
    if (!*raised) return;
    hub_counters().alarms_raised[index_of(kind)].fetch_add(1, std::memory_order_relaxed);
    log::warning("hub_alarm_raised", {{"node", node_id},
                                      {"alarm", kAlarmKindNames[index_of(kind)]},
                                      {"subject", subject},
                                      {"detail", detail}});
}

void clear(sqlite3* db, const std::string& node_id, AlarmKind kind, const std::string& subject,
           std::int64_t now) {
    const auto cleared = clear_alarm(db, node_id, kind, subject, now);
    if (!cleared || !*cleared) return;
    hub_counters().alarms_cleared[index_of(kind)].fetch_add(1, std::memory_order_relaxed);
    log::info(
        "hub_alarm_cleared",
        {{"node", node_id}, {"alarm", kAlarmKindNames[index_of(kind)]}, {"subject", subject}});
}

void set_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind, bool is_on,
               const std::string& detail, std::int64_t now) {
    if (is_on)
        raise(db, node_id, kind, "", detail, now);
    else
        clear(db, node_id, kind, "", now);
}

}  // namespace roja::hub
