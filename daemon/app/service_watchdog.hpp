// systemd's watchdog, fed only while every worker's event loop still turns. Each round posts a
// probe to every worker; the next round pings (WATCHDOG=1) only when all of them ran, so one
// stuck worker stops the pings and systemd restarts rojad (WatchdogSec= in rojad.service).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace roja::app {

class ServiceWatchdog {
  public:
    using Notify = std::function<void(std::string_view)>;  // sd_notify's state string

    ServiceWatchdog(boost::asio::io_context& main_io,
                    std::vector<boost::asio::any_io_executor> workers,
                    std::chrono::microseconds interval, Notify notify);
    ServiceWatchdog(const ServiceWatchdog&) = delete;
    ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

    // Sends the first probes and arms a timer that calls tick() every interval / 2.
    void start();
    // One round: ping when every worker ran the last probe, then probe again. Returns whether it
    // pinged. A worker still behind keeps its old probe (no pile-up of probes in its queue).
    bool tick();
    // The workers that have not run their last probe (indices), for the log.
    std::vector<std::size_t> stalled_workers() const;

    // WATCHDOG_USEC of this process (sd_watchdog_enabled), or nothing when systemd set none.
    static std::optional<std::chrono::microseconds> interval_from_systemd();

  private:
    struct Probes {
        explicit Probes(std::size_t n) : ran(n) {}
        std::vector<std::atomic<std::uint64_t>> ran;  // the last round each worker ran
    };

    void probe(std::size_t worker);
    void arm();

    std::vector<boost::asio::any_io_executor> workers_;
    std::shared_ptr<Probes> probes_;  // shared with probes still queued on a worker
    std::uint64_t round_ = 0;
    bool reported_stall_ = false;
    std::chrono::microseconds interval_;
    Notify notify_;
    boost::asio::steady_timer timer_;
};

// A started watchdog when systemd asked for one (WatchdogSec=), else null.
std::unique_ptr<ServiceWatchdog> start_service_watchdog(
    boost::asio::io_context& main_io, std::vector<boost::asio::any_io_executor> workers);

}  // namespace roja::app
