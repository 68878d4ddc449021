#include "config/config_loader.hpp"

#include <yaml-cpp/yaml.h>

#include "config/default_paths.hpp"
#include "config/map_reader.hpp"
#include "config/problem_list.hpp"
#include "config/resolv_conf.hpp"
#include "config/sections.hpp"
#include "config/yaml_document.hpp"

namespace roja::config {

namespace {

std::vector<std::string> list_and_feed_ids(const Config& config) {
    std::vector<std::string> ids;
    for (const ListConfig& list : config.lists) ids.push_back(list.id);
    for (const FeedConfig& feed : config.feeds) ids.push_back(feed.id);
    return ids;
}

template <class Section, class Reader>
void read_section(MapReader& map, std::string_view key, Section& out, Reader reader) {
    if (const auto field = map.find(key)) out = reader(*field);
}

Config read_document(const YAML::Node& root, ProblemList& problems) {
    Config config;
    config.state_dir = std::string(default_state_dir());
    MapReader map(Field{root, "", problems});
    map.read("log_level", config.log_level,
             [](const Field& field) { return read_choice<LogLevel>(field, kLogLevelNames); });
    map.read("state_dir", config.state_dir, read_text);
    read_section(map, "server", config.server, read_server);
    read_section(map, "access", config.access, read_access);
    read_section(map, "upstream", config.upstream, read_upstream);
    read_section(map, "cache", config.cache, read_cache);
    read_section(map, "blocking", config.blocking, read_blocking);
    read_section(map, "lists", config.lists, read_lists);
    if (const auto feeds = map.find("feeds")) config.feeds = read_feeds(*feeds, config.lists);
    map.read("never_block", config.never_block,
             [](const Field& field) { return read_list(field, read_text); });
    // Groups refer to lists and feeds by id, so those are read first whatever the order in the
    // file.
    if (const auto groups = map.find("groups"))
        config.groups = read_groups(*groups, list_and_feed_ids(config));
    read_section(map, "local_records", config.local_records, read_local_records);
    read_section(map, "rate_limit", config.rate_limit, read_rate_limit);
    read_section(map, "admin", config.admin, read_admin);
    read_section(map, "stats", config.stats, read_stats);
    read_section(map, "audit", config.audit, read_audit);
    read_section(map, "warning_page", config.warning_page, read_warning_page);
    read_section(map, "http_filter", config.http_filter, read_http_filter);
    if (const auto rpz = map.find("rpz_export"))
        config.rpz_export = read_rpz_export(*rpz, config.lists, config.feeds);
    map.report_unknown_keys();
    return config;
}

// What the file leaves to the system or implies: resolv.conf upstreams and the default group.
void complete(Config& config, std::string_view resolv_conf_text) {
    if (config.upstream.servers.empty()) {
        config.upstream.servers = upstreams_from_resolv_conf(resolv_conf_text);
        config.upstream.servers_from_resolv_conf = true;
    }
    for (const GroupConfig& group : config.groups) {
        if (group.name == kDefaultGroupName) return;
    }
    GroupConfig fallback{std::string(kDefaultGroupName), {}, {}, false, false, true};
    fallback.lists = list_and_feed_ids(config);
    config.groups.push_back(std::move(fallback));
}

}  // namespace

LoadResult load_config_text(std::string_view yaml_text, std::string_view file_name,
                            std::string_view resolv_conf_text) {
    ProblemList problems{std::string(file_name)};
    Config config;
    const YAML::Node root = load_one_document(yaml_text, problems);
    try {
        config = read_document(root, problems);
    } catch (const YAML::Exception& error) {
        // Not expected once the document is parsed; kept so a yaml-cpp surprise is a problem.
        problems.add(error.mark, "", "YAML: " + error.msg);
    }
    LoadResult result;
    if (problems.empty()) {
        complete(config, resolv_conf_text);
        result.config = std::move(config);
    }
    result.problems = problems.take_sorted();
    return result;
}

LoadResult load_config_text(std::string_view yaml_text, std::string_view file_name) {
    return load_config_text(yaml_text, file_name, read_resolv_conf());
}

LoadResult load_config_file(const std::string& path, std::string_view resolv_conf_text) {
    std::string text;
    if (auto problem = read_config_bytes(path, text)) return LoadResult{std::nullopt, {*problem}};
    return load_config_text(text, path, resolv_conf_text);
}

LoadResult load_config_file(const std::string& path) {
    return load_config_file(path, read_resolv_conf());
}

}  // namespace roja::config
