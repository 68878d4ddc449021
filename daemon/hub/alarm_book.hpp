// Raising and clearing an alarm is three things at once: the row (alarm_store.hpp), one log line
// and a counter. Only a change makes a line: raising an open alarm again is silent.
#pragma once

#include <cstdint>
#include <string>

#include "daemon/hub/alarm_store.hpp"

namespace roja::hub {

void raise(sqlite3* db, const std::string& node_id, AlarmKind kind, const std::string& subject,
           const std::string& detail, std::int64_t now);
void clear(sqlite3* db, const std::string& node_id, AlarmKind kind, const std::string& subject,
           std::int64_t now);
// raise when `is_on`, else clear.
void set_alarm(sqlite3* db, const std::string& node_id, AlarmKind kind, bool is_on,
               const std::string& detail, std::int64_t now);

}  // namespace roja::hub
