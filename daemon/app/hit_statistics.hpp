// rojad's hit statistics: the store in <state_dir>/hits.sqlite, the flusher thread, and how it
// takes the workers' buffers (a task posted to each worker; what a worker hands over late is
// kept in its mailbox for the next flush, never lost). Absent without a state directory or
// with stats.enabled false: the workers then record nothing. With stats.client_log on, the
// same hand-over takes the per-client log too, written to <state_dir>/client-log.sqlite.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "config/config.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/server/server.hpp"
#include "daemon/stats/client_log_writer.hpp"
#include "daemon/stats/hit_flusher.hpp"
#include "daemon/stats/hit_store.hpp"

namespace roja::app {

class HitStatistics {
  public:
    // Null (logged) when not wanted or the store cannot be opened: serving goes on.
    static std::unique_ptr<HitStatistics> start(const config::Config& config,
                                                const StateDirectory* state,
                                                server::Server& server);
    ~HitStatistics();

    stats::HitStore* store() noexcept { return store_.get(); }
    // Null unless stats.client_log is on and its file could be opened.
    stats::ClientLogStore* client_log_store() noexcept { return client_log_store_.get(); }
    // Before the workers drain: the flusher's last round, then its thread ends.
    void stop_flusher();
    // After the workers have joined: what they recorded since, written directly.
    void final_flush();

  private:
    struct Mailbox {
        std::mutex mutex;
        std::condition_variable arrived;
        stats::HitBatch batch;
        std::vector<stats::ClientLogBatch> client_log;
        std::uint64_t rounds = 0;  // hand-overs completed
    };

    HitStatistics(std::unique_ptr<stats::HitStore> store, server::Server& server);
    std::vector<stats::HitBatch> collect(const stats::SipKey& next_key);
    // Opens client-log.sqlite when stats.client_log asks for it (logged when it cannot).
    void open_client_log(const config::StatsConfig& config, const StateDirectory& state);
    // Room each worker gets for the next interval's client log (0: the log is off).
    std::size_t client_log_room() const noexcept {
        return client_log_ ? client_log_->capacity() : 0;
    }
    void write_client_log(std::vector<stats::ClientLogBatch> batches);

    std::unique_ptr<stats::HitStore> store_;
    server::Server& server_;
    std::vector<std::unique_ptr<Mailbox>> mailboxes_;
    std::unique_ptr<stats::HitFlusher> flusher_;
    std::unique_ptr<stats::ClientLogStore> client_log_store_;
    std::unique_ptr<stats::ClientLogWriter> client_log_;
    stats::SipKey last_key_{};
};

}  // namespace roja::app
