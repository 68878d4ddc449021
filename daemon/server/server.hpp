// All workers of one rojad: built from the config (sockets bound at construction, so a bad
// address fails start-up), started, and drained at shutdown.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "daemon/server/dot_credentials.hpp"
#include "daemon/server/state_holder.hpp"
#include "daemon/server/tcp_limits.hpp"
#include "daemon/server/worker.hpp"

namespace roja::server {

struct ServerTotals {
    std::uint64_t queries = 0, blocked = 0, cached = 0, upstream = 0, stale = 0, servfail = 0,
                  refused = 0, dropped = 0, malformed = 0;
};

class Server {
  public:
    Server(const config::Config& config, const StateHolder& states);
    ~Server();

    void start();
    // Stops taking queries, waits up to `grace` for answers still in flight, then stops.
    void drain(std::chrono::milliseconds grace);
    ServerTotals totals() const;
    unsigned threads() const noexcept { return static_cast<unsigned>(workers_.size()); }
    // One per worker: what the service watchdog probes to see each event loop still turns.
    std::vector<boost::asio::any_io_executor> worker_executors() const;
    // For /metrics, the hit store and the API (counters readable from any thread).
    const Worker& worker(unsigned index) const { return *workers_.at(index); }
    Worker& worker(unsigned index) { return *workers_.at(index); }
    // SIGHUP: DoT's certificate and key read again; the problem when the new pair is bad (the
    // old one stays), else empty. Nothing to do without DoT.
    std::string reload_tls_credentials();

  private:
    TcpAdmission admission_;
    TcpAdmission dot_admission_;           // DoT's caps, counted apart from TCP's
    std::unique_ptr<DotCredentials> dot_;  // null unless server.tls is on
    std::vector<std::unique_ptr<Worker>> workers_;
};

// The number of workers the config asks for (0 = one per core).
unsigned worker_count(const config::ServerConfig& server);

}  // namespace roja::server
