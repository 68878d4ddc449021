#include "daemon/app/hit_statistics.hpp"

#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

// How long a flush waits for a busy worker's hand-over before leaving it for the next flush.
constexpr auto kHandOverWait = std::chrono::seconds(2);

}  // namespace

HitStatistics::HitStatistics(std::unique_ptr<stats::HitStore> store, server::Server& server)
    : store_(std::move(store)), server_(server) {
    for (unsigned i = 0; i < server.threads(); ++i)
        mailboxes_.push_back(std::make_unique<Mailbox>());
}

HitStatistics::~HitStatistics() {
    stop_flusher();
}

std::unique_ptr<HitStatistics> HitStatistics::start(const config::Config& config,
                                                    const StateDirectory* state,
                                                    server::Server& server) {
    if (!state || !config.stats.enabled) return nullptr;
    const auto path = state->path() / "hits.sqlite";
    auto store = stats::HitStore::open(path);
    if (!store) {
        log::error("hit_store_unusable", {{"path", path.string()},
                                          {"reason", store.error().message()},
                                          {"missing", "hit statistics"}});
        return nullptr;
    }
    std::unique_ptr<HitStatistics> statistics(new HitStatistics(std::move(*store), server));
    if (config.stats.client_log) statistics->open_client_log(config.stats, *state);
    HitStatistics* self = statistics.get();
    statistics->flusher_ = std::make_unique<stats::HitFlusher>(
        *statistics->store_, [self](const stats::SipKey& key) { return self->collect(key); },
        config.stats.flush_interval, config.stats.retention);
    statistics->flusher_->start();
    log::info("hit_statistics",
              {{"path", path.string()},
               {"flush_interval_s", std::to_string(config.stats.flush_interval.count())},
               {"retention_days", std::to_string(config.stats.retention.count())}});
    return statistics;
}

void HitStatistics::open_client_log(const config::StatsConfig& config,
                                    const StateDirectory& state) {
    const auto path = state.path() / "client-log.sqlite";
    auto store = stats::ClientLogStore::open(path);
    if (!store) {
        log::error("client_log_unusable", {{"path", path.string()},
                                           {"reason", store.error().message()},
                                           {"missing", "per-client log"}});
        return;
    }
    client_log_store_ = std::move(*store);
    client_log_ = std::make_unique<stats::ClientLogWriter>(
        *client_log_store_, config.client_log_retention, config.client_log_buffer);
    // Personal data: say so where the operator looks.
    log::warning("client_log_on",
                 {{"path", path.string()},
                  {"retention_days", std::to_string(config.client_log_retention.count())},
                  {"note", "personal data: client addresses and names"}});
}

void HitStatistics::write_client_log(std::vector<stats::ClientLogBatch> batches) {
    if (client_log_) client_log_->write(batches, std::chrono::system_clock::now());
}

std::vector<stats::HitBatch> HitStatistics::collect(const stats::SipKey& next_key) {
    last_key_ = next_key;
    const std::size_t room = client_log_room();
    std::vector<std::uint64_t> awaited(mailboxes_.size());
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        Mailbox* box = mailboxes_[i].get();
        {
            std::lock_guard lock(box->mutex);
            awaited[i] = box->rounds + 1;
        }
        stats::HitBuffer* buffer = &server_.worker(i).hits();
        stats::ClientLogBuffer* client_log = &server_.worker(i).client_log();
        server_.worker(i).post([box, buffer, client_log, room, next_key] {
            stats::HitBatch batch = buffer->take(next_key);
            stats::ClientLogBatch queries =
                room > 0 ? client_log->take(room) : stats::ClientLogBatch{};
            std::lock_guard lock(box->mutex);
            box->batch.merge(std::move(batch));
            if (!queries.empty()) box->client_log.push_back(std::move(queries));
            ++box->rounds;
            box->arrived.notify_all();
        });
    }
    std::vector<stats::HitBatch> batches;
    std::vector<stats::ClientLogBatch> queries;
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        Mailbox& box = *mailboxes_[i];
        std::unique_lock lock(box.mutex);
        box.arrived.wait_for(lock, kHandOverWait, [&] { return box.rounds >= awaited[i]; });
        batches.push_back(std::move(box.batch));
        box.batch = {};
        for (auto& batch : box.client_log) queries.push_back(std::move(batch));
        box.client_log.clear();
    }
    // Written here, on the flusher's thread, before the hits: the flusher knows nothing of it.
    write_client_log(std::move(queries));
    return batches;
}

void HitStatistics::stop_flusher() {
    if (flusher_) flusher_->stop();
}

void HitStatistics::final_flush() {
    if (!flusher_) return;
    std::vector<stats::HitBatch> batches;
    std::vector<stats::ClientLogBatch> queries;
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        std::lock_guard lock(mailboxes_[i]->mutex);
        batches.push_back(std::move(mailboxes_[i]->batch));
        mailboxes_[i]->batch = {};
        batches.push_back(server_.worker(i).hits().take(last_key_));
        for (auto& batch : mailboxes_[i]->client_log) queries.push_back(std::move(batch));
        mailboxes_[i]->client_log.clear();
        if (client_log_) queries.push_back(server_.worker(i).client_log().take(0));
    }
    write_client_log(std::move(queries));
    flusher_->write_final(std::move(batches));
}

}  // namespace roja::app
