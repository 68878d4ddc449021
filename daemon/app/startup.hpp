// rojad's start-up helpers: the effective configuration, the log level, the state directory and
// audit log, and the log lines of a policy load. Start-up may throw StartupError.
#pragma once

#include <memory>
#include <stdexcept>
#include <string_view>

#include <boost/json/object.hpp>

#include "config/config.hpp"
#include "daemon/app/options.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/server/state_loader.hpp"

namespace roja::app {

struct StartupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The file named by --config, else /etc/roja/roja.yaml when there are no quick-start flags and
// it exists, else the built-in default; the flags then override it.
config::Config effective_config(const Options& options);
void set_log_level(const config::Config& config, const Options& options);
// The state directory is used when a configuration file or --state-dir/--feed asks for it; a bare
// quick start (tests, benchmarks, several daemons side by side) runs without one.
std::unique_ptr<StateDirectory> open_state_directory(const config::Config& config,
                                                     const Options& options);
// Null without a state directory, or when the log cannot be used (serving goes on; logged).
std::unique_ptr<audit::AuditLog> open_audit_log(const StateDirectory* state,
                                                const config::Config& config);
// An audit record, when there is an audit log; a failed write is logged, never fatal.
void record(audit::AuditLog* audit, std::string_view type, boost::json::object details);
// The log lines of a policy load: per list, per feed list, per rejected line, then `event`.
void log_load(const server::StateLoad& load, std::string_view event);
// One audit record (and a warning) per local record marked override: true whose name the
// policy in `state` blocks for some group: the documented exception, on the record.
void record_local_overrides(audit::AuditLog* audit, const server::ServingState& state);

}  // namespace roja::app
