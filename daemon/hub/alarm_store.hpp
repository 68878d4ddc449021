// The hub's alarms: one row per alarm, raised_at when it began and cleared_at when its cause
// went (both kept). At most one open alarm per (node, kind, subject), by a unique index, so
// raising an alarm that is already open changes nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

enum class AlarmKind { chain_broken, silent, late, degraded, poll_failed };
inline constexpr std::array<std::string_view, 5> kAlarmKindNames{"chain_broken", "silent", "late",
                                                                 "degraded", "poll_failed"};

struct Alarm {
    std::int64_t id = 0;
    std::string node_id;
    std::string kind;
    std::string subject;  // "akep-al/42" for late; empty for node-wide alarms
    std::string detail;
    std::int64_t raised_at = 0;
    std::optional<std::int64_t> cleared_at;
};

// True when the alarm was not open before (a new one was raised).
Result<bool> raise_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind,
                         const std::string& subject, const std::string& detail, std::int64_t now);
// True when an open alarm was cleared.
Result<bool> clear_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind,
                         const std::string& subject, std::int64_t now);
// The node's open alarms of `kind` (to clear those whose cause went).
Result<std::vector<Alarm>> open_alarms(sqlite3* db, const std::string& node_id, AlarmKind kind);
// Every alarm, newest first, at most `limit`; `node_id` empty: all nodes.
Result<std::vector<Alarm>> alarm_history(sqlite3* db, const std::string& node_id,
                                         std::size_t limit);

}  // namespace roja::hub
