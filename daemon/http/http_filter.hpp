// The HTTP filter for URL-level entries. Port 80: each request's URL is normalised and matched
// against the host's listed URLs; a match gets the warning page, anything else is forwarded to
// the real origin and the response streamed back unchanged. Port 443: the ClientHello's server
// name is read; a listed one is closed, any other connection spliced to the origin untouched
// (URL entries cannot be enforced inside TLS: such connections are counted as unenforced).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "config/config.hpp"
#include "daemon/http/host_header.hpp"
#include "daemon/http/http_counters.hpp"
#include "daemon/http/origin_relay.hpp"
#include "daemon/http/origin_resolver.hpp"
#include "daemon/http/request_reader.hpp"
#include "daemon/http/request_url.hpp"
#include "daemon/http/warning_page.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::http {

class HttpFilter {
  public:
    HttpFilter(boost::asio::io_context& io, const config::Config& config, server::StateView& state,
               const WarningPage& page, HttpCounters& counters);

    boost::asio::awaitable<void> serve_http(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<void> serve_tls(boost::asio::ip::tcp::socket socket);

  private:
    struct Origin;  // one client connection's kept-alive connection to its origin
    struct Decision;

    Decision decide(const RequestParser& parser, const boost::asio::ip::address& client,
                    PageResponse& page);
    boost::asio::awaitable<RelayResult> exchange(boost::beast::tcp_stream& client,
                                                 RequestParser& parser, Origin& origin);
    boost::asio::awaitable<bool> forward(boost::beast::tcp_stream& client, RequestParser& parser,
                                         const Decision& decision, std::uint16_t port,
                                         std::optional<Origin>& origin);
    boost::asio::awaitable<bool> answer_here(boost::beast::tcp_stream& stream,
                                             const RequestParser& parser, const Decision& decision,
                                             PageResponse& page);
    bool may_splice(const HostName& host, const boost::asio::ip::address& client);
    boost::asio::awaitable<bool> connect_tls_origin(const std::string& host, std::uint16_t port,
                                                    boost::asio::ip::tcp::socket& origin);
    boost::asio::awaitable<bool> connect_origin(const std::string& host, std::uint16_t port,
                                                std::optional<Origin>& origin);

    config::HttpFilterConfig settings_;
    server::StateView& state_;
    const WarningPage& page_;
    HttpCounters& counters_;
    OriginResolver resolver_;
    RequestUrlReader url_reader_;
};

// Every address the HTTP side answers on, which an origin must never resolve to.
std::vector<boost::asio::ip::address> own_http_addresses(const config::Config& config);

}  // namespace roja::http
