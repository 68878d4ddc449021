// One worker thread: its own io_context, its own SO_REUSEPORT sockets on every listen address,
// its own pipeline (cache, upstream pool, counters). Workers share only the StateHolder.
#pragma once

#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "daemon/server/query_pipeline.hpp"
#include "daemon/server/tcp_listener.hpp"
#include "daemon/server/udp_listener.hpp"

namespace roja::server {

class DotCredentials;

// DoT's side of the workers (server.tls): where, with which credentials, under which caps.
struct DotSettings {
    std::vector<config::Endpoint> listen;
    const DotCredentials* credentials = nullptr;
    TcpAdmission* admission = nullptr;
};

struct WorkerSettings {
    std::vector<config::Endpoint> listen;
    DotSettings dot;
    cache::CacheLimits cache;            // this worker's share of the budget
    upstream::UpstreamOptions upstream;  // this worker's share of the outstanding cap
    ZoneForwarding forwarding;           // upstream.zones and the locally served zones
    RateLimitSettings rate_limit;        // this worker's share of the per-client limit
};

class Worker {
  public:
    // Binds every socket now (throws on failure: start-up), serves once run() is called.
    Worker(const WorkerSettings& settings, const StateHolder& states, TcpAdmission& admission);
    ~Worker();

    void start();           // runs the io_context on a new thread
    void stop_listening();  // closes the sockets: in-flight upstream answers still complete
    void join();
    void stop_now();  // ends the io_context (after draining)

    const WorkerCounters& counters() const noexcept { return counters_; }
    // Where to post work that must run on this worker's thread (the watchdog's probes).
    boost::asio::io_context::executor_type executor() noexcept { return io_.get_executor(); }
    // For /metrics: its counters are readable from any thread.
    const upstream::UpstreamPool& upstreams() const noexcept { return pipeline_.upstreams(); }
    // The hit store's hand-over: `task` runs on this worker's thread (take() of hits()); once the
    // worker has joined, hits() may be read directly.
    void post(std::function<void()> task);
    stats::HitBuffer& hits() noexcept { return counters_.hits; }
    stats::ClientLogBuffer& client_log() noexcept { return counters_.client_log; }

  private:
    class UdpFront;
    class TcpFront;

    boost::asio::io_context io_{1};
    WorkerCounters counters_;
    QueryPipeline pipeline_;
    std::vector<std::unique_ptr<UdpListener>> udp_;
    std::vector<std::unique_ptr<TcpListener>> tcp_;
    std::vector<std::unique_ptr<UdpFront>> udp_fronts_;
    std::unique_ptr<TcpFront> tcp_front_, dot_front_;
    std::thread thread_;
};

}  // namespace roja::server
