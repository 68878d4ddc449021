#include "daemon/app/hit_statistics.hpp"

#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

// How long a flush waits for a busy worker's hand-over before leaving it for the next flush.
constexpr auto kHandOverWait = std::chrono::seconds(2);

}  // namespace

HitStatistics::HitStatistics(std::unique_ptr<stats::HitStore> store, server::Server& server)
    : store_(std::move(store)), server_(server) {
    for (unsigned i = 0; i < server.threads(); ++i) mailboxes_.push_back(std::make_unique<Mailbox>());
}

HitStatistics::~HitStatistics() {
    stop_flusher();
}

std::unique_ptr<HitStatistics> HitStatistics::start(const config::Config& config, const StateDirectory* state,
                                                    server::Server& server) {
    if (!state || !config.stats.enabled) return nullptr;
    const auto path = state->path() / "hits.sqlite";
    auto store = stats::HitStore::open(path);
    if (!store) {
        log::error("hit_store_unusable", {{"path", path.string()}, {"reason", store.error().message()}, {"missing", "hit statistics"}});
        return nullptr;
    }
    std::unique_ptr<HitStatistics> statistics(new HitStatistics(std::move(*store), server));
    HitStatistics* self = statistics.get();
    statistics->flusher_ = std::make_unique<stats::HitFlusher>(
        *statistics->store_, [self](const stats::SipKey& key) { return self->collect(key); }, config.stats.flush_interval,
        config.stats.retention);
    statistics->flusher_->start();
    log::info("hit_statistics", {{"path", path.string()}, {"flush_interval_s", std::to_string(config.stats.flush_interval.count())},
                                 {"retention_days", std::to_string(config.stats.retention.count())}});
    return statistics;
}

std::vector<stats::HitBatch> HitStatistics::collect(const stats::SipKey& next_key) {
    last_key_ = next_key;
    std::vector<std::uint64_t> awaited(mailboxes_.size());
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        Mailbox* box = mailboxes_[i].get();
        {
            std::lock_guard lock(box->mutex);
            awaited[i] = box->rounds + 1;
        }
        stats::HitBuffer* buffer = &server_.worker(i).hits();
        server_.worker(i).post([box, buffer, next_key] {
            stats::HitBatch batch = buffer->take(next_key);
            std::lock_guard lock(box->mutex);
            box->batch.merge(std::move(batch));
            ++box->rounds;
            box->arrived.notify_all();
        });
    }
    std::vector<stats::HitBatch> batches;
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        Mailbox& box = *mailboxes_[i];
        std::unique_lock lock(box.mutex);
        box.arrived.wait_for(lock, kHandOverWait, [&] { return box.rounds >= awaited[i]; });
        batches.push_back(std::move(box.batch));
        box.batch = {};
    }
    return batches;
}

void HitStatistics::stop_flusher() {
    if (flusher_) flusher_->stop();
}

void HitStatistics::final_flush() {
    if (!flusher_) return;
    std::vector<stats::HitBatch> batches;
    for (unsigned i = 0; i < mailboxes_.size(); ++i) {
        std::lock_guard lock(mailboxes_[i]->mutex);
        batches.push_back(std::move(mailboxes_[i]->batch));
        mailboxes_[i]->batch = {};
        batches.push_back(server_.worker(i).hits().take(last_key_));
    }
    flusher_->write_final(std::move(batches));
}

}  // namespace roja::app
