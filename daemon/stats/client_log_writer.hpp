// The per-client log's flush: the workers' batches become rows (list and entry ids and group
// names from the policy each query was decided with) written in one transaction; a failed
// write keeps them, up to a bound, for the next flush; once an hour rows older than the
// retention are deleted. Runs on the hit flusher's thread, off the query path.
#pragma once

#include <chrono>
#include <vector>

#include "daemon/stats/client_log_buffer.hpp"
#include "daemon/stats/client_log_store.hpp"

namespace roja::stats {

std::vector<ClientLogRow> client_log_rows(const std::vector<ClientLogBatch>& batches);

class ClientLogWriter {
  public:
    ClientLogWriter(ClientLogStore& store, std::chrono::days retention, std::size_t capacity)
        : store_(store), retention_(retention), capacity_(capacity) {}

    // Records each worker may hold between two flushes.
    std::size_t capacity() const noexcept { return capacity_; }
    void write(const std::vector<ClientLogBatch>& batches,
               std::chrono::system_clock::time_point now);

  private:
    void expire(std::chrono::system_clock::time_point now);

    ClientLogStore& store_;
    std::chrono::days retention_;
    std::size_t capacity_;
    std::vector<ClientLogRow> pending_;  // rows a failed write left for the next one
    std::int64_t expired_hour_ = -1;
};

}  // namespace roja::stats
