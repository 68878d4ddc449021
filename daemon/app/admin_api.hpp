// rojad's admin side: the router with every API route, its tokens, and the Beast listener. It
// binds (and reads its TLS key) with the DNS sockets, before rojad leaves root, and serves once
// the workers run. A listener that cannot bind is logged and left out: serving DNS matters more.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "daemon/api/admin_listener.hpp"
#include "daemon/api/api_sources.hpp"
#include "daemon/app/options.hpp"

namespace roja::app {

class AdminApi {
  public:
    // Null when the configuration turns the listener off, a bare quick start did not ask for it
    // (--admin-listen), or it could not bind.
    static std::unique_ptr<AdminApi> bind(const config::Config& config, const Options& options,
                                          api::ApiSources sources);
    ~AdminApi();

    // Serves from now on; `hits` and `client_log` (either may be null) are the stores opened
    // after the bind.
    void start(stats::HitStore* hits, stats::ClientLogStore* client_log);

  private:
    AdminApi(const config::Config& config, api::ApiSources sources);

    api::ApiSources sources_;  // the routes hold references to it
    std::size_t tokens_ = 0;
    bool metrics_token_ = false;
    api::ApiRouter router_;
    std::unique_ptr<api::AdminListener> listener_;
};

// The address the self-test queries for a listen endpoint: a wildcard (0.0.0.0, ::) becomes
// loopback.
config::Endpoint loopback_view(const config::Endpoint& listen);

// Runs `work` on the thread that runs `main_io` and waits for its outcome: the API's reload goes
// through the same thread as SIGHUP, one at a time. Gives up when `stopping` is set.
api::ReloadOutcome run_on_main_thread(boost::asio::io_context& main_io,
                                      const std::atomic<bool>& stopping,
                                      std::function<api::ReloadOutcome()> work);

}  // namespace roja::app
