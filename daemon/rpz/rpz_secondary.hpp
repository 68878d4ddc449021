// rojad as an RPZ secondary: the lists that name a primary instead of a file. Its own thread
// and io_context run every list's refresh loop (zone_follower.hpp) and the UDP sockets where
// the primaries' NOTIFY arrive; workers never wait on it — a new zone reaches them as a new
// serving state, built and published through server::PolicySources::apply_zone.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "config/config.hpp"
#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_request.hpp"
#include "daemon/rpz/zone_follower.hpp"

namespace roja::rpz {

class RpzSecondary {
  public:
    // Null when no list names a primary. Start-up: throws std::runtime_error when a key cannot
    // be read or a NOTIFY socket cannot be bound.
    static std::unique_ptr<RpzSecondary> create(const config::Config& config,
                                                const ApplyZone& apply);
    RpzSecondary(const config::Config& config, const ApplyZone& apply);
    ~RpzSecondary();
    RpzSecondary(const RpzSecondary&) = delete;
    RpzSecondary& operator=(const RpzSecondary&) = delete;

    // Start-up, before the first policy: each list's last good zone from the state directory.
    std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> load_last_good();
    void start();
    void stop();

  private:
    struct NotifySocket {
        config::Endpoint endpoint;
        boost::asio::ip::udp::socket socket;
    };
    boost::asio::awaitable<void> receive_notify(NotifySocket& listener);
    void answer_notify(NotifySocket& listener, std::span<const std::uint8_t> message,
                       const boost::asio::ip::udp::endpoint& from);
    ZoneFollower* follower_for(const std::string& zone, const config::Endpoint& listener,
                               const boost::asio::ip::address& from) const;
    void send_notify_answer(NotifySocket& listener, const XfrRequest& request,
                            const std::optional<TsigCheck>& check,
                            const boost::asio::ip::udp::endpoint& to);

    boost::asio::io_context io_;
    std::vector<std::unique_ptr<ZoneFollower>> followers_;
    std::vector<std::unique_ptr<NotifySocket>> sockets_;
    std::chrono::steady_clock::time_point last_refused_log_{};  // on the secondary's thread
    std::thread thread_;
};

}  // namespace roja::rpz
