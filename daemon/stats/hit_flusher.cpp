#include "daemon/stats/hit_flusher.hpp"

#include <map>

#include "daemon/log/log.hpp"
#include "daemon/metrics/daemon_counters.hpp"
#include "filter/entry_record.hpp"

namespace roja::stats {

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
// Rows a failing store may hold back before the oldest are given up (and logged).
constexpr std::size_t kMaxPendingRows = 1'000'000;

std::int64_t unix_seconds(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t floor_to(std::int64_t t, std::int64_t unit) {
    return t - ((t % unit) + unit) % unit;
}

struct ClientKey {
    std::string entry, list;
    auto operator<=>(const ClientKey&) const = default;
};

}  // namespace

HitRows hit_rows(const std::vector<HitBatch>& batches, Clock::time_point at) {
    const std::int64_t hour = floor_to(unix_seconds(at), kHour);
    HitRows rows;
    std::map<ClientKey, ClientSketch> clients;  // one per entry: groups and workers merged
    for (const HitBatch& batch : batches) {
        for (const auto& [key, tally] : batch.tallies) {
            const filter::Policy& policy = *batch.policies[key.policy];
            filter::Verdict verdict;
            verdict.kind = filter::VerdictKind::blocked;
            verdict.list = key.list;
            verdict.record = key.record;
            const filter::EntryView view = policy.entry_view(verdict);
            HitRow row{hour,
                       filter::entry_id(view),
                       std::string(view.list_id),
                       std::string(view.authority),
                       std::string(view.decision),
                       std::string(filter::to_string(view.reason)),
                       policy.group(key.group).name,
                       tally.count};
            clients[{row.entry, row.list}].merge(tally.clients);
            rows.hits.push_back(std::move(row));
        }
    }
    for (auto& [key, sketch] : clients)
        if (!sketch.empty())
            rows.clients.push_back({floor_to(hour, kDay), key.entry, key.list, std::move(sketch)});
    return rows;
}

HitFlusher::HitFlusher(HitStore& store, CollectBatches collect, std::chrono::seconds interval,
                       std::chrono::days retention)
    : store_(store), collect_(std::move(collect)), interval_(interval), retention_(retention) {}

HitFlusher::~HitFlusher() {
    stop();
}

const SipKey& HitFlusher::key_for(Clock::time_point when) {
    const std::int64_t day = floor_to(unix_seconds(when), kDay);
    if (day != key_day_) {  // yesterday's key is overwritten: its hashes can no longer be linked
        key_ = random_sip_key();
        key_day_ = day;
    }
    return key_;
}

void HitFlusher::write(const std::vector<HitBatch>& batches, Clock::time_point interval_start) {
    HitRows rows = hit_rows(batches, interval_start);
    std::uint64_t hits = 0;
    for (const HitRow& row : rows.hits) hits += row.count;
    for (HitRow& row : pending_.hits) rows.hits.push_back(std::move(row));
    for (ClientRow& row : pending_.clients) rows.clients.push_back(std::move(row));
    pending_ = {};
    if (rows.empty()) return;
    auto& counters = metrics::daemon_counters();
    if (auto written = store_.write(rows); !written) {
        counters.hit_flush_failures.add();
        log::error("hit_flush_failed", {{"reason", written.error().message()},
                                        {"kept", std::to_string(rows.hits.size()) + " rows"}});
        if (rows.hits.size() <= kMaxPendingRows) pending_ = std::move(rows);
        return;
    }
    counters.hit_flushes.add();
    counters.hits_flushed.add(hits);
}

void HitFlusher::flush(Clock::time_point now) {
    const Clock::time_point started = interval_start_;
    std::vector<HitBatch> batches = collect_(key_for(now));
    interval_start_ = now;
    write(batches, started);
    const std::int64_t hour = floor_to(unix_seconds(now), kHour);
    if (hour != expired_hour_) {
        expired_hour_ = hour;
        if (auto expired = store_.expire(now, retention_); !expired)
            log::warning("hit_expiry_failed", {{"reason", expired.error().message()}});
    }
}

void HitFlusher::start() {
    interval_start_ = Clock::now();
    collect_(key_for(interval_start_));  // enables the buffers; nothing was recorded before
    thread_ = std::thread([this] { run(); });
}

void HitFlusher::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        // The next flush: after the interval, or at the next hour's start if that comes first.
        const auto hour_end = Clock::time_point(
            std::chrono::seconds(floor_to(unix_seconds(interval_start_), kHour) + kHour));
        const auto next = std::min(interval_start_ + interval_, hour_end);
        wake_.wait_until(lock, next, [this] { return stopping_; });
        lock.unlock();
        flush(Clock::now());
        lock.lock();
    }
}

void HitFlusher::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void HitFlusher::write_final(std::vector<HitBatch> batches) {
    write(batches, interval_start_);
}

}  // namespace roja::stats
