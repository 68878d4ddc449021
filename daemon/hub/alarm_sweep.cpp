#include "daemon/hub/alarm_sweep.hpp"

#include <algorithm>
#include <set>

#include "daemon/hub/alarm_book.hpp"
#include "daemon/hub/compliance_matrix.hpp"
#include "filter/utc_time.hpp"

namespace roja::hub {

namespace {

std::string utc(std::int64_t unix_seconds) {
    return filter::format_utc(std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
}

// A node taken out of hub.yaml keeps its history in the store but is no longer watched.
bool is_configured(const config::HubConfig& hub, const std::string& node) {
    return std::any_of(hub.nodes.begin(), hub.nodes.end(),
                       [&](const config::HubNodeConfig& n) { return n.id == node; });
}

Result<void> sweep_silent(sqlite3* db, const config::HubConfig& hub, std::int64_t now) {
    Query query(db,
                "SELECT node_id, coalesce(last_success_at, first_seen_at), "
                "last_success_at IS NULL FROM nodes");
    while (query.next()) {
        if (!is_configured(hub, query.text_at(0))) continue;
        const std::int64_t since = query.integer_at(1);
        const bool is_silent = now - since > hub.silent_after.count();
        const std::string detail = query.integer_at(2) != 0
                                       ? "never polled successfully since " + utc(since)
                                       : "no successful poll since " + utc(since);
        set_alarm(db, query.text_at(0), AlarmKind::silent, is_silent, detail, now);
    }
    if (query.error) return query.error;
    return {};
}

std::string subject_of(const MatrixVersion& version) {
    return version.feed + "/" + std::to_string(version.serial);
}

Result<void> sweep_late(sqlite3* db, const config::HubConfig& hub, std::int64_t now) {
    const DeadlineOf deadline = [&hub](const std::string& feed) {
        return static_cast<std::int64_t>(hub.deadline_of(feed).count());
    };
    const auto matrix = read_matrix(db, deadline, now, 0);
    if (!matrix) return matrix.error();
    for (std::size_t n = 0; n < matrix->nodes.size(); ++n) {
        const std::string& node = matrix->nodes[n].id;
        if (!is_configured(hub, node)) continue;
        const auto open = open_alarms(db, node, AlarmKind::late);
        if (!open) return open.error();
        std::set<std::string> is_open;
        for (const Alarm& alarm : *open) is_open.insert(alarm.subject);
        for (std::size_t v = 0; v < matrix->versions.size(); ++v) {
            const MatrixVersion& version = matrix->versions[v];
            const bool is_late = matrix->cells[v][n].state == CellState::late;
            const std::string subject = subject_of(version);
            if (is_late && !is_open.contains(subject))
                raise(db, node, AlarmKind::late, subject,
                      "serial " + std::to_string(version.serial) + " of " + version.feed +
                          " (issued " + version.issued_at + ") not applied within " +
                          std::to_string(version.deadline_seconds) + " s",
                      now);
            if (!is_late && is_open.contains(subject))
                clear(db, node, AlarmKind::late, subject, now);
        }
    }
    return {};
}

}  // namespace

Result<void> sweep_alarms(sqlite3* db, const config::HubConfig& hub, std::int64_t now) {
    if (auto silent = sweep_silent(db, hub, now); !silent) return silent;
    return sweep_late(db, hub, now);
}

}  // namespace roja::hub
