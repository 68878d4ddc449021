// rojad's life as named steps, run in this order by run():
//   load_policy      configuration, state directory, audit log, then each feed's last good
//                    version and every list → the first policy, published before any socket
//                    opens, so the first answer already enforces it;
//   bind             the DNS, HTTP, admin and RPZ export sockets (privileged ports need root
//                    or the capability);
//   drop_privileges  after every bind and before any thread exists: capabilities are per thread;
//   start_serving    workers, the HTTP side, hit statistics (their file owned by the serving
//                    user), the admin API, the upstream watch, READY=1 and the watchdog;
//   start_feeds      the feed thread and the RPZ secondary's, last: an update may only swap a
//                    policy that is served;
//   wait_for_signals this thread's only job from here: SIGHUP reloads, SIGTERM/SIGINT stop;
//   stop             drain the queries in flight, flush the hits, record the totals.
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "config/config.hpp"
#include "daemon/api/api_sources.hpp"
#include "daemon/app/admin_api.hpp"
#include "daemon/app/hit_statistics.hpp"
#include "daemon/app/options.hpp"
#include "daemon/app/service_watchdog.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/app/upstream_watch.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/rpz/rpz_export.hpp"
#include "daemon/rpz/rpz_secondary.hpp"
#include "daemon/server/policy_sources.hpp"
#include "daemon/server/server.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::app {

class Rojad {
  public:
    // Start-up failures throw (StartupError, std::runtime_error): main() reports them.
    explicit Rojad(Options options);
    Rojad(const Rojad&) = delete;
    Rojad& operator=(const Rojad&) = delete;

    int run();

  private:
    void load_policy();
    void bind();
    void drop_privileges();
    void start_serving();
    void start_feeds();
    void open_rpz_secondary();
    void wait_for_signals();
    void stop();
    api::ReloadOutcome reload();
    void notify_serving();

    // Members in start-up order: they are destroyed in reverse, the feed thread and the
    // listeners before the policy they read.
    const Options options_;
    const config::Config config_;
    std::unique_ptr<StateDirectory> state_;
    std::unique_ptr<audit::AuditLog> audit_;
    server::StateHolder states_;
    std::optional<server::PolicySources> sources_;
    std::optional<feed::FeedUpdater> updater_;
    std::unique_ptr<rpz::RpzSecondary> rpz_secondary_;  // null unless a list names a primary
    server::StateLoad first_load_;
    // Asio's signal handler only writes to a pipe, whichever thread the signal lands on; the
    // reload and the drain then run on this thread, never on a worker.
    boost::asio::io_context main_io_;
    // Made once the policy is loaded: until then a SIGTERM ends a slow start-up at once.
    std::optional<boost::asio::signal_set> signals_;
    std::optional<server::Server> server_;
    std::atomic<bool> stopping_admin_{false};
    std::optional<http::HttpServer> http_side_;   // the warning page and the HTTP filter
    std::unique_ptr<rpz::RpzExport> rpz_export_;  // null unless rpz_export is on
    std::unique_ptr<AdminApi> admin_;             // reads the RPZ export's counters
    std::unique_ptr<HitStatistics> hit_statistics_;
    std::optional<UpstreamWatch> upstream_watch_;
    std::unique_ptr<ServiceWatchdog> watchdog_;
};

}  // namespace roja::app
