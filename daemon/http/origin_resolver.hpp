// The HTTP filter's own lookups of an origin's address: straight to rojad's upstream resolvers
// (never through rojad's filtering front, which would answer with the filter itself), A first,
// AAAA when there is no A. Addresses of the filter and of the warning page are refused, so a
// stale or hostile answer cannot make the filter call itself in a loop.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "daemon/upstream/upstream_pool.hpp"

namespace roja::http {

// A standard query (RD set, no EDNS) for a host name of letters, digits, '-', '_' and '.';
// empty when the name does not fit.
std::vector<std::uint8_t> address_query(std::string_view canonical_host, std::uint16_t qtype);

class OriginResolver {
  public:
    OriginResolver(boost::asio::io_context& io, upstream::UpstreamOptions options,
                   std::vector<boost::asio::ip::address> own_addresses);

    boost::asio::awaitable<std::optional<boost::asio::ip::address>> resolve(
        std::string_view canonical_host);

  private:
    boost::asio::awaitable<std::optional<boost::asio::ip::address>> resolve_type(
        std::string_view host, std::uint16_t qtype);
    bool is_own(const boost::asio::ip::address& address) const noexcept;

    upstream::UpstreamPool pool_;
    std::vector<boost::asio::ip::address> own_;
};

}  // namespace roja::http
