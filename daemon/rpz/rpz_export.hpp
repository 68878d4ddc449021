// rojad as an RPZ primary (docs/rpz-export.md): its own thread with one io_context runs the TCP
// listener, every transfer, and the watch that rebuilds the zones when a new serving state is
// published. Workers never wait on it; it reads the states they answer from.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/config.hpp"
#include "daemon/rpz/notify_sender.hpp"
#include "daemon/rpz/rpz_counters.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/xfr_session.hpp"
#include "daemon/rpz/zone_catalog.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::rpz {

class RpzExport {
  public:
    // Binds the listener (start-up: throws std::runtime_error when it cannot). Null when the
    // configuration exports nothing. `config` must outlive the export; `state_dir` may be empty.
    static std::unique_ptr<RpzExport> bind(const config::RpzExportConfig& config,
                                           const server::StateHolder& states,
                                           FeedSerialOf feed_serial,
                                           const std::filesystem::path& state_dir,
                                           audit::AuditLog* audit);
    RpzExport(const config::RpzExportConfig& config, const server::StateHolder& states,
              FeedSerialOf feed_serial, const std::filesystem::path& state_dir,
              audit::AuditLog* audit);
    ~RpzExport();
    RpzExport(const RpzExport&) = delete;
    RpzExport& operator=(const RpzExport&) = delete;

    void start();
    void stop();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    // For /metrics, read from the admin listener's thread.
    const RpzCounters& counters() const { return counters_; }

  private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> watch_states();
    void rebuild_if_new();

    const config::RpzExportConfig& config_;
    const server::StateHolder& states_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::udp::socket datagrams_;  // SOA checks on the same address
    TsigKeyring keys_;
    RpzCounters counters_;
    ZoneCatalog catalog_;
    XfrContext context_;
    NotifySender notifier_;
    std::uint64_t seen_generation_ = 0;
    std::size_t connections_ = 0;  // on the RPZ thread only
    std::thread thread_;
};

}  // namespace roja::rpz
