// One client connection to the warning page: requests read under the limits, each answered
// with the page for its Host (451 or 404), keep-alive up to the per-connection cap. Plain HTTP,
// or HTTPS in school mode (SchoolTls) after a handshake for a blocked name.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "config/http_config.hpp"
#include "daemon/http/http_counters.hpp"
#include "daemon/http/warning_page.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::http {

class SchoolTls;

// What every warning connection of one HTTP thread shares.
struct WarningContext {
    const WarningPage& page;
    server::StateView& state;
    const config::HttpLimits& limits;
    HttpCounters& counters;
};

boost::asio::awaitable<void> serve_warning_connection(boost::asio::ip::tcp::socket socket,
                                                      WarningContext& context);

// School mode on port 443: the handshake succeeds only for a name blocked for this client.
boost::asio::awaitable<void> serve_warning_tls(boost::asio::ip::tcp::socket socket,
                                               WarningContext& context, SchoolTls& tls);

}  // namespace roja::http
