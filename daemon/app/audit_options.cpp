#include "daemon/app/audit_options.hpp"

#include <stdexcept>

#include "daemon/audit/checkpoint_key.hpp"

namespace roja::app {

audit::AuditOptions audit_options(const config::AuditConfig& config) {
    audit::AuditOptions options;
    options.rotate_bytes = config.rotate_bytes;
    options.checkpoint_records = config.checkpoint_records;
    options.checkpoint_interval = config.checkpoint_interval;
    if (!config.signing_key.empty()) {
        auto signer = audit::CheckpointSigner::load(config.signing_key);
        if (!signer)
            throw std::runtime_error("audit.signing_key " + config.signing_key +
                                     ": not a readable Ed25519 private key (PEM)");
        options.signer = std::move(*signer);
    }
    return options;
}

}  // namespace roja::app
