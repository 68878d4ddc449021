// Binds rojad's RPZ export (daemon/rpz) with what it reads from the rest of the daemon: the
// serving states and, for a feed's zone, the serial of the feed version in force.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/rpz/rpz_export.hpp"
#include "daemon/server/policy_sources.hpp"

namespace roja::app {

// Null when rpz_export is off. Throws (start-up) when the listener cannot be bound.
std::unique_ptr<rpz::RpzExport> bind_rpz_export(const config::Config& config,
                                                const server::StateHolder& states,
                                                const server::PolicySources& sources,
                                                const StateDirectory* state,
                                                audit::AuditLog* audit);

}  // namespace roja::app
