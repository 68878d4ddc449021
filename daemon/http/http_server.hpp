// The HTTP side of rojad on its own thread and io_context: the warning page listeners, the
// port-443 refusers beside them, and the HTTP filter's listeners. Built at start-up (sockets
// bound, templates compiled: throws on failure), started after the DNS workers, stopped first.
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "daemon/http/http_counters.hpp"
#include "daemon/http/http_listener.hpp"
#include "daemon/http/warning_session.hpp"
#include "daemon/server/state_holder.hpp"
#include "daemon/server/tcp_limits.hpp"

namespace roja::http {

class HttpFilter;
class SchoolTls;

// Where the warning page listens: warning_page.listen, else each warning address on port 80.
std::vector<config::Endpoint> warning_page_endpoints(const config::Config& config);

class HttpServer {
  public:
    HttpServer(const config::Config& config, const server::StateHolder& states);
    ~HttpServer();

    bool empty() const noexcept { return listeners_.empty(); }
    void start();
    void stop();  // closes the listeners and ends the thread; connections in flight are cut
    const HttpCounters& counters() const noexcept { return counters_; }
    // "http 127.0.0.80:80", one line per listener, for the start-up log.
    std::vector<std::string> describe() const;

  private:
    struct Listening {
        std::unique_ptr<HttpListener> listener;
        std::string role;  // warning, warning-tls-refuse, filter-http, filter-tls
    };
    void add_warning_page(const config::Config& config);
    void add_http_filter(const config::Config& config);
    void add_listener(const config::Endpoint& endpoint, std::string role, ConnectionHandler handler,
                      server::TcpAdmission* admission);

    // Declared before io_ so they outlive it: the connections' coroutine frames, destroyed with
    // the io_context, still release their admission tickets and refer to the page.
    server::StateView state_;
    HttpCounters counters_;
    config::HttpLimits warning_limits_;
    std::unique_ptr<server::TcpAdmission> warning_admission_;
    std::unique_ptr<server::TcpAdmission> filter_admission_;
    std::unique_ptr<WarningPage> page_;
    std::unique_ptr<WarningContext> warning_context_;
    std::unique_ptr<SchoolTls> school_tls_;
    boost::asio::io_context io_{1};
    // I/O objects: destroyed before io_.
    std::unique_ptr<HttpFilter> filter_;
    std::vector<Listening> listeners_;
    std::vector<ConnectionHandler> handlers_;  // by listener
    std::vector<server::TcpAdmission*> admissions_;
    std::thread thread_;
};

}  // namespace roja::http
