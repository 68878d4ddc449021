// The UDP sockets of one pool (one worker) to one upstream server: a fixed number of slots, each
// holding a connected socket on a random port that is replaced after a random lifetime; or, for a
// server with `fresh_port`, a new socket for every try.
#pragma once

#include "daemon/upstream/upstream_socket.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <memory>
#include <vector>

namespace roja::upstream {

class UpstreamSocketSet {
  public:
    using Clock = std::chrono::steady_clock;

    UpstreamSocketSet(boost::asio::io_context& io, boost::asio::ip::udp::endpoint server,
                      std::size_t slots, std::chrono::milliseconds lifetime, bool fresh_port,
                      SocketShared& shared);
    ~UpstreamSocketSet();
    UpstreamSocketSet(const UpstreamSocketSet&) = delete;
    UpstreamSocketSet& operator=(const UpstreamSocketSet&) = delete;

    // A socket for the next try: a random slot (renewed first when its lifetime is over).
    Result<std::shared_ptr<UpstreamSocket>> pick(Clock::time_point now);
    std::size_t waiting() const noexcept;

  private:
    Result<std::shared_ptr<UpstreamSocket>> renew(std::shared_ptr<UpstreamSocket>& slot,
                                                  Clock::time_point now);

    boost::asio::io_context& io_;
    boost::asio::ip::udp::endpoint server_;
    std::chrono::milliseconds lifetime_;
    bool fresh_port_;
    SocketShared& shared_;
    std::vector<std::shared_ptr<UpstreamSocket>> slots_;
    // Retired sockets still waiting for replies, closed with the set at the latest.
    std::vector<std::weak_ptr<UpstreamSocket>> retired_;
};

}  // namespace roja::upstream
