#include "daemon/app/startup.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "config/config_loader.hpp"
#include "config/default_paths.hpp"
#include "daemon/app/audit_options.hpp"
#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

std::string read_resolv_conf() {
    std::ifstream in("/etc/resolv.conf");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

config::Config effective_config(const Options& options) {
    std::optional<std::string> file = options.config_file;
    if (!file && !options.has_quick_start_flags() &&
        std::filesystem::exists(config::default_config_path()))
        file = std::string(config::default_config_path());
    config::Config config;
    if (file) {
        auto result = config::load_config_file(*file);
        if (!result.is_ok()) {
            std::string message = "configuration " + *file + " rejected:";
            for (const auto& problem : result.problems)
                message += "\n  " + config::format_problem(problem);
            throw StartupError(message);
        }
        config = std::move(*result.config);
    } else {
        config = config::default_config(read_resolv_conf());
    }
    apply_options(options, config);
    return config;
}

void log_load(const server::StateLoad& load, std::string_view event) {
    for (const auto& list : load.lists)
        log::info("list_loaded", {{"list", list.list_id},
                                  {"path", list.path},
                                  {"format", filter::to_string(list.format)},
                                  {"entries", std::to_string(list.entries)},
                                  {"invalid", std::to_string(list.invalid)},
                                  {"unsupported", std::to_string(list.unsupported)}});
    for (const auto& list : load.feed_lists)
        log::info("feed_list_loaded", {{"feed", list.feed_id},
                                       {"list", list.list_id},
                                       {"entries", std::to_string(list.loaded)},
                                       {"invalid", std::to_string(list.invalid)},
                                       {"never_blocked", std::to_string(list.never_blocked)}});
    for (const auto& error : load.line_errors)
        log::warning(
            "list_line_rejected",
            {{"file", error.file}, {"line", std::to_string(error.line)}, {"reason", error.reason}});
    if (load.local_names > 0 || load.local_skipped > 0)
        log::info("local_records_loaded", {{"names", std::to_string(load.local_names)},
                                           {"skipped", std::to_string(load.local_skipped)}});
    log::info(event, {{"seconds", std::to_string(load.seconds)}});
}

void record_local_overrides(audit::AuditLog* audit, const server::ServingState& state) {
    const filter::Policy& policy = *state.policy;
    state.local_records.for_each(
        [&](const std::string& name, const server::LocalRecords::Name& local) {
            if (!local.override) return;
            for (filter::GroupIndex group = 0; group < policy.group_count(); ++group) {
                const filter::Verdict verdict = policy.decide(name, 1, group);
                if (!verdict.is_blocked()) continue;
                const filter::EntryView view = policy.entry_view(verdict);
                boost::json::object details{{"name", name},
                                            {"group", policy.group(group).name},
                                            {"list", view.list_id},
                                            {"entry", filter::entry_id(view)},
                                            {"authority", view.authority}};
                log::warning(
                    "local_record_overrides_block",
                    {{"name", name}, {"list", view.list_id}, {"group", policy.group(group).name}});
                record(audit, "local_record_override", std::move(details));
            }
        });
}

void set_log_level(const config::Config& config, const Options& options) {
    std::string_view level = options.log_level ? std::string_view(*options.log_level)
                                               : config::to_string(config.log_level);
    log::set_min_level(level == "debug"     ? log::Level::debug
                       : level == "warning" ? log::Level::warning
                       : level == "error"   ? log::Level::error
                                            : log::Level::info);
}

std::unique_ptr<StateDirectory> open_state_directory(const config::Config& config,
                                                     const Options& options) {
    const bool is_wanted = options.config_file || options.state_dir || !config.feeds.empty() ||
                           !options.has_quick_start_flags();
    if (!is_wanted) return nullptr;
    try {
        return std::make_unique<StateDirectory>(config.state_dir);
    } catch (const std::exception& e) {
        if (!config.feeds.empty())
            throw StartupError(std::string(e.what()) +
                               " (feeds keep their last good version there)");
        log::warning("no_state_directory", {{"reason", e.what()}, {"missing", "audit log"}});
        return nullptr;
    }
}

std::unique_ptr<audit::AuditLog> open_audit_log(const StateDirectory* state,
                                                const config::Config& config) {
    if (!state) return nullptr;
    auto log = audit::AuditLog::open(state->audit_log(), {}, app::audit_options(config.audit));
    if (!log) {
        // Serving goes on; the operator sees why there is no record.
        log::error("audit_log_unusable",
                   {{"path", state->audit_log().string()}, {"reason", log.error().message()}});
        return nullptr;
    }
    return std::move(*log);
}

void record(audit::AuditLog* audit, std::string_view type, boost::json::object details) {
    if (!audit) return;
    if (auto appended = audit->append(type, std::move(details)); !appended)
        log::error("audit_write_failed", {{"type", type}, {"reason", appended.error().message()}});
}

}  // namespace roja::app
