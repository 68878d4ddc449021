#include "daemon/app/service_watchdog.hpp"

#include <systemd/sd-daemon.h>

#include <string>

#include <boost/asio/post.hpp>

#include "daemon/log/log.hpp"

namespace roja::app {

ServiceWatchdog::ServiceWatchdog(boost::asio::io_context& main_io,
                                 std::vector<boost::asio::any_io_executor> workers,
                                 std::chrono::microseconds interval, Notify notify)
    : workers_(std::move(workers)),
      probes_(std::make_shared<Probes>(workers_.size())),
      interval_(interval),
      notify_(std::move(notify)),
      timer_(main_io) {}

std::optional<std::chrono::microseconds> ServiceWatchdog::interval_from_systemd() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
    return std::chrono::microseconds(usec);
}

void ServiceWatchdog::start() {
    round_ = 1;
    for (std::size_t i = 0; i < workers_.size(); ++i) probe(i);
    arm();
}

void ServiceWatchdog::probe(std::size_t worker) {
    boost::asio::post(workers_[worker], [probes = probes_, worker, round = round_] {
        probes->ran[worker].store(round, std::memory_order_release);
    });
}

std::vector<std::size_t> ServiceWatchdog::stalled_workers() const {
    std::vector<std::size_t> stalled;
    for (std::size_t i = 0; i < workers_.size(); ++i)
        if (probes_->ran[i].load(std::memory_order_acquire) < round_) stalled.push_back(i);
    return stalled;
}

bool ServiceWatchdog::tick() {
    const std::vector<std::size_t> stalled = stalled_workers();
    if (!stalled.empty()) {
        if (!reported_stall_) {
            notify_("STATUS=worker " + std::to_string(stalled.front()) +
                    " stalled: watchdog not fed");
            log::error("worker_stalled",
                       {{"worker", std::to_string(stalled.front())},
                        {"stalled", std::to_string(stalled.size())},
                        {"action", "watchdog not fed; systemd will restart rojad"}});
        }
        reported_stall_ = true;
        return false;
    }
    if (reported_stall_) log::info("worker_recovered", {});
    reported_stall_ = false;
    notify_("WATCHDOG=1");
    ++round_;
    for (std::size_t i = 0; i < workers_.size(); ++i) probe(i);
    return true;
}

std::unique_ptr<ServiceWatchdog> start_service_watchdog(
    boost::asio::io_context& main_io, std::vector<boost::asio::any_io_executor> workers) {
    const auto interval = ServiceWatchdog::interval_from_systemd();
    if (!interval) return nullptr;
    auto watchdog = std::make_unique<ServiceWatchdog>(
        main_io, std::move(workers), *interval,
        [](std::string_view state) { sd_notify(0, std::string(state).c_str()); });
    watchdog->start();
    log::info("watchdog_started", {{"interval_ms", std::to_string(interval->count() / 1000)}});
    return watchdog;
}

void ServiceWatchdog::arm() {
    timer_.expires_after(interval_ / 2);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        tick();
        arm();
    });
}

}  // namespace roja::app
