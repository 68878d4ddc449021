#include "daemon/server/server.hpp"

#include "daemon/upstream/upstream_config.hpp"

#include <algorithm>
#include <thread>

namespace roja::server {

namespace {

WorkerSettings worker_settings(const config::Config& config, unsigned workers) {
    WorkerSettings s;
    s.listen = config.server.listen;
    const auto& c = config.cache;
    s.cache.max_bytes =
        static_cast<std::size_t>(c.max_memory / workers);  // each worker its own share
    s.cache.min_ttl = c.min_ttl;
    s.cache.max_ttl = c.max_ttl;
    s.cache.max_negative_ttl = c.max_negative_ttl;
    s.cache.serve_stale = c.serve_stale;
    s.cache.stale_ttl = c.stale_ttl;
    s.cache.max_stale = c.max_stale;
    s.cache.prefetch = c.prefetch;
    s.upstream = upstream::options_from_config(config.upstream, workers);
    s.forwarding = zone_forwarding_from_config(config.upstream, workers);
    s.rate_limit = rate_limit_settings(config.rate_limit, workers);
    return s;
}

}  // namespace

unsigned worker_count(const config::ServerConfig& server) {
    if (server.threads > 0) return server.threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

Server::Server(const config::Config& config, const StateHolder& states)
    : admission_(config.server.tcp), dot_admission_(config.server.tls.limits) {
    const unsigned count = worker_count(config.server);
    WorkerSettings settings = worker_settings(config, count);
    if (config.server.tls.is_on()) {
        dot_ = std::make_unique<DotCredentials>(config.server.tls);
        settings.dot = {config.server.tls.listen, dot_.get(), &dot_admission_};
    }
    for (unsigned i = 0; i < count; ++i)
        workers_.push_back(std::make_unique<Worker>(settings, states, admission_));
}

std::string Server::reload_tls_credentials() {
    return dot_ ? dot_->reload() : std::string();
}

Server::~Server() {
    for (auto& worker : workers_) worker->stop_now();
    for (auto& worker : workers_) worker->join();
}

void Server::start() {
    for (auto& worker : workers_) worker->start();
}

void Server::drain(std::chrono::milliseconds grace) {
    for (auto& worker : workers_) worker->stop_listening();
    const auto until = std::chrono::steady_clock::now() + grace;
    const auto in_flight = [&] {
        std::int64_t n = 0;
        for (const auto& worker : workers_)
            n += worker->counters().in_flight.load(std::memory_order_relaxed);
        return n;
    };
    while (in_flight() > 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto& worker : workers_) worker->stop_now();
    for (auto& worker : workers_) worker->join();
}

std::vector<boost::asio::any_io_executor> Server::worker_executors() const {
    std::vector<boost::asio::any_io_executor> executors;
    for (const auto& worker : workers_) executors.emplace_back(worker->executor());
    return executors;
}

ServerTotals Server::totals() const {
    ServerTotals t;
    for (const auto& worker : workers_) {
        const WorkerCounters& c = worker->counters();
        for (const Counter& by_transport : c.queries) t.queries += by_transport.get();
        t.blocked += c.answered_blocked.get();
        t.cached += c.answered_cached.get();
        t.upstream += c.answered_upstream.get();
        t.stale += c.answered_stale.get();
        t.servfail += c.answered_servfail.get();
        t.refused += c.refused_acl.get() + c.refused_class.get();
        t.dropped += c.dropped_acl.get() + c.dropped_malformed.get();
        t.malformed += c.formerr.get() + c.notimp.get() + c.badvers.get();
    }
    return t;
}

}  // namespace roja::server
