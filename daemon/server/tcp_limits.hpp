// TCP caps shared by every worker (RFC 7766 section 10): connections in total and per client
// address. Taken at accept and released at close; never touched per query.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <map>
#include <mutex>

#include "config/config.hpp"

namespace roja::server {

class TcpAdmission {
  public:
    explicit TcpAdmission(const config::TcpLimits& limits) : limits_(limits) {}

    bool admit(const boost::asio::ip::address& client);
    void release(const boost::asio::ip::address& client);
    const config::TcpLimits& limits() const noexcept { return limits_; }
    std::uint64_t refused() const noexcept;

  private:
    config::TcpLimits limits_;
    mutable std::mutex mutex_;
    std::map<boost::asio::ip::address, std::uint32_t> per_client_;
    std::uint32_t total_ = 0;
    std::uint64_t refused_ = 0;
};

}  // namespace roja::server
