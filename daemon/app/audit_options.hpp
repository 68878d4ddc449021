// The audit log's options from the configuration: rotation size and the checkpoint signer.
#pragma once

#include "config/config.hpp"
#include "daemon/audit/audit_log.hpp"

namespace roja::app {

// Throws std::runtime_error when the signing key cannot be loaded (start-up only).
audit::AuditOptions audit_options(const config::AuditConfig& config);

}  // namespace roja::app
