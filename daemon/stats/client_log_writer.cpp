#include "daemon/stats/client_log_writer.hpp"

#include "daemon/log/log.hpp"
#include "daemon/metrics/daemon_counters.hpp"
#include "daemon/metrics/qtype_slots.hpp"
#include "filter/entry_record.hpp"

namespace roja::stats {

namespace {

// Rows a failing store may hold back before they are given up (and counted as dropped).
constexpr std::size_t kMaxPendingRows = 1'000'000;

std::string type_text(std::uint16_t qtype) {
    const std::size_t slot = metrics::qtype_slot(qtype);
    if (slot + 1 < metrics::kQtypeNames.size()) return std::string(metrics::kQtypeNames[slot]);
    return "TYPE" + std::to_string(qtype);
}

std::string_view verdict_text(const filter::Verdict& verdict) {
    return verdict.is_blocked() ? "blocked" : verdict.is_allowed() ? "allowed" : "pass";
}

ClientLogRow row_of(const ClientRecord& record, const filter::Policy& policy) {
    ClientLogRow row{record.at_ms,
                     record.client().to_string(),
                     std::string(record.qname()),
                     type_text(record.qtype),
                     std::string(verdict_text(record.verdict)),
                     std::string(to_string(record.answer)),
                     {},
                     {},
                     policy.group(record.group).name};
    if (record.verdict.matched()) {
        const filter::EntryView view = policy.entry_view(record.verdict);
        row.list = view.list_id;
        row.entry = filter::entry_id(view);
    }
    return row;
}

}  // namespace

std::vector<ClientLogRow> client_log_rows(const std::vector<ClientLogBatch>& batches) {
    std::vector<ClientLogRow> rows;
    for (const ClientLogBatch& batch : batches)
        for (const ClientRecord& record : batch.records)
            rows.push_back(row_of(record, *batch.policies[record.policy]));
    return rows;
}

void ClientLogWriter::write(const std::vector<ClientLogBatch>& batches,
                            std::chrono::system_clock::time_point now) {
    auto& counters = metrics::daemon_counters();
    for (const ClientLogBatch& batch : batches) counters.client_log_dropped.add(batch.dropped);
    std::vector<ClientLogRow> rows = std::move(pending_);
    pending_ = {};
    for (ClientLogRow& row : client_log_rows(batches)) rows.push_back(std::move(row));
    if (!rows.empty()) {
        if (auto written = store_.write(rows); written) {
            counters.client_log_written.add(rows.size());
        } else if (rows.size() <= kMaxPendingRows) {
            log::error("client_log_write_failed",
                       {{"reason", written.error().message()},
                        {"kept", std::to_string(rows.size()) + " rows"}});
            pending_ = std::move(rows);
        } else {
            log::error("client_log_write_failed",
                       {{"reason", written.error().message()},
                        {"dropped", std::to_string(rows.size()) + " rows"}});
            counters.client_log_dropped.add(rows.size());
        }
    }
    expire(now);
}

void ClientLogWriter::expire(std::chrono::system_clock::time_point now) {
    const std::int64_t hour =
        std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count();
    if (hour == expired_hour_) return;
    expired_hour_ = hour;
    if (auto expired = store_.expire(now, retention_); !expired)
        log::warning("client_log_expiry_failed", {{"reason", expired.error().message()}});
}

}  // namespace roja::stats
