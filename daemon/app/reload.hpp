// SIGHUP and POST /api/v1/reload: build the new state beside the old; publish it only when it
// loaded completely, else keep the old one, say why and count it.
#pragma once

#include "daemon/api/api_sources.hpp"
#include "daemon/app/options.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/server/policy_sources.hpp"
#include "daemon/server/server.hpp"

namespace roja::app {

// DoT's certificate and key read again (a renewed certificate needs no restart); a bad new pair
// keeps the old one in use, logged and counted. Live connections keep the pair they started with.
void reload_tls_credentials(server::Server& server);

api::ReloadOutcome reload(const Options& options, server::PolicySources& sources,
                          const StateDirectory* state, audit::AuditLog* audit,
                          feed::FeedUpdater& updater);

}  // namespace roja::app
