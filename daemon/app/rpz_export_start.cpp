#include "daemon/app/rpz_export_start.hpp"

#include "daemon/feed/feed_candidate.hpp"
#include "daemon/log/log.hpp"

namespace roja::app {

std::unique_ptr<rpz::RpzExport> bind_rpz_export(const config::Config& config,
                                                const server::StateHolder& states,
                                                const server::PolicySources& sources,
                                                const StateDirectory* state,
                                                audit::AuditLog* audit) {
    auto feed_serial = [&sources](const std::string& feed_id) -> std::optional<std::uint64_t> {
        const auto version = sources.version(feed_id);
        if (!version) return std::nullopt;
        return version->verified.manifest.serial;
    };
    auto exporter = rpz::RpzExport::bind(config.rpz_export, states, std::move(feed_serial),
                                         state ? state->path() : std::filesystem::path(), audit);
    if (exporter)
        log::info("listening_rpz", {{"address", config::to_string(*config.rpz_export.listen)},
                                    {"zones", std::to_string(config.rpz_export.zones.size())}});
    return exporter;
}

}  // namespace roja::app
