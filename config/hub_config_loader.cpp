// hub.yaml: rojahub's nodes by ISP, its poll schedule, its deadlines and its own API. Read with
// the same map readers as roja.yaml, so every problem is reported with file:line:column.
#include <algorithm>

#include "config/hub_config.hpp"
#include "config/map_reader.hpp"
#include "config/sections.hpp"
#include "config/yaml_document.hpp"

namespace roja::config {

namespace {

auto seconds_reader(std::chrono::seconds min, std::chrono::seconds max) {
    return [=](const Field& value) -> std::optional<std::chrono::seconds> {
        const auto duration = read_duration(value, min, max);
        if (!duration) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::seconds>(*duration);
    };
}

std::optional<std::string> read_base_url(const Field& field) {
    auto text = read_text(field);
    if (!text) return std::nullopt;
    const bool is_url = (text->starts_with("http://") && text->size() > 7) ||
                        (text->starts_with("https://") && text->size() > 8);
    if (!is_url || text->find_first_of(" ?#") != std::string::npos) {
        field.report_expected("an http:// or https:// base URL such as https://192.0.2.10:8053");
        return std::nullopt;
    }
    while (text->back() == '/') text->pop_back();
    return text;
}

HubPollConfig read_poll(const Field& field) {
    HubPollConfig poll;
    MapReader map(field);
    map.read("interval", poll.interval,
             seconds_reader(std::chrono::seconds(1), std::chrono::hours(24)));
    map.read("jitter", poll.jitter, seconds_reader(std::chrono::seconds(0), std::chrono::hours(1)));
    map.read("parallel", poll.parallel,
             [](const Field& value) { return read_integer(value, 1, 256); });
    map.read("timeout", poll.timeout,
             seconds_reader(std::chrono::seconds(1), std::chrono::minutes(30)));
    map.read("max_response", poll.max_response,
             [](const Field& value) { return read_size(value, 64 * 1024, 4ULL << 30); });
    if (poll.jitter >= poll.interval && poll.jitter.count() > 0)
        map.field().report("jitter must be shorter than interval");
    map.report_unknown_keys();
    return poll;
}

std::vector<HubFeedConfig> read_hub_feeds(const Field& field) {
    const auto items = read_list(field, [](const Field& item) -> std::optional<HubFeedConfig> {
        HubFeedConfig feed;
        MapReader map(item);
        if (!map.find("id")) map.report_missing("id");
        map.read("id", feed.id, read_identifier);
        map.read("late_after", feed.late_after,
                 seconds_reader(std::chrono::seconds(1), std::chrono::days(30)));
        map.report_unknown_keys();
        return feed;
    });
    return items.value_or(std::vector<HubFeedConfig>{});
}

// `earlier`: the nodes already read, for the uniqueness of ids over the whole hub.
HubNodeConfig read_node(const Field& field, const std::string& isp,
                        const std::vector<HubNodeConfig>& earlier) {
    HubNodeConfig node;
    node.isp = isp;
    MapReader map(field);
    for (const char* key : {"id", "api", "token_file"})
        if (!map.find(key)) map.report_missing(key);
    map.read("id", node.id, read_identifier);
    const bool is_repeat = std::any_of(earlier.begin(), earlier.end(), [&](const auto& other) {
        return !node.id.empty() && other.id == node.id;
    });
    if (is_repeat) map.find("id")->report("node id " + node.id + " is used twice");
    map.read("api", node.api, read_base_url);
    map.read("token_file", node.token_file, read_text);
    map.read("ca", node.ca_file, read_text);
    map.read("pinned_key", node.pinned_key, read_text);
    map.read("checkpoint_key", node.checkpoint_key, read_text);
    map.read("resolver", node.resolver,
             [](const Field& value) { return read_endpoint(value, 53); });
    if (!node.ca_file.empty() && !node.pinned_key.empty())
        map.find("pinned_key")
            ->report("ca and pinned_key exclude each other: trust a CA or pin one key");
    if ((!node.ca_file.empty() || !node.pinned_key.empty()) && node.api.starts_with("http://"))
        map.find("api")->report("ca and pinned_key need an https:// api");
    map.report_unknown_keys();
    return node;
}

void read_isp(const Field& field, std::vector<HubNodeConfig>& nodes) {
    MapReader map(field);
    std::string name;
    if (!map.find("name")) map.report_missing("name");
    map.read("name", name, read_text);
    const auto list = map.find("nodes");
    if (!list) map.report_missing("nodes");
    map.report_unknown_keys();
    if (!list) return;
    if (!list->node.IsSequence()) return list->report_expected("a list of nodes");
    std::size_t index = 0;
    for (const YAML::Node& node : list->node)
        nodes.push_back(read_node(list->item(index++, node), name, nodes));
}

std::vector<HubNodeConfig> read_isps(const Field& field) {
    std::vector<HubNodeConfig> nodes;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of ISPs, each a map with name and nodes");
        return nodes;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node) read_isp(field.item(index++, node), nodes);
    return nodes;
}

HubProbeConfig read_probes(const Field& field) {
    HubProbeConfig probes;
    MapReader map(field);
    if (!map.find("dir")) map.report_missing("dir");
    map.read("dir", probes.dir, read_text);
    if (!map.find("keys")) map.report_missing("keys");
    map.read("keys", probes.keys, [](const Field& value) { return read_list(value, read_text); });
    map.report_unknown_keys();
    return probes;
}

HubConfig read_hub_document(const YAML::Node& root, ProblemList& problems) {
    HubConfig hub;
    hub.api.listen.port = kDefaultHubPort;
    MapReader map(Field{root, "", problems});
    map.read("log_level", hub.log_level,
             [](const Field& field) { return read_choice<LogLevel>(field, kLogLevelNames); });
    map.read("state_dir", hub.state_dir, read_text);
    if (const auto poll = map.find("poll")) hub.poll = read_poll(*poll);
    map.read("silent_after", hub.silent_after,
             seconds_reader(std::chrono::seconds(1), std::chrono::days(30)));
    map.read("late_after", hub.late_after,
             seconds_reader(std::chrono::seconds(1), std::chrono::days(30)));
    if (const auto feeds = map.find("feeds")) hub.feeds = read_hub_feeds(*feeds);
    if (const auto api = map.find("api")) hub.api = read_admin(*api);
    map.read("report_key", hub.report_key, read_text);
    if (const auto probes = map.find("probes")) hub.probes = read_probes(*probes);
    if (const auto isps = map.find("isps"))
        hub.nodes = read_isps(*isps);
    else
        map.report_missing("isps");
    map.report_unknown_keys();
    return hub;
}

}  // namespace

std::chrono::seconds HubConfig::deadline_of(std::string_view feed) const {
    for (const HubFeedConfig& f : feeds)
        if (f.id == feed) return f.late_after;
    return late_after;
}

HubLoadResult load_hub_config_text(std::string_view yaml_text, std::string_view file_name) {
    ProblemList problems{std::string(file_name)};
    HubConfig hub;
    const YAML::Node root = load_one_document(yaml_text, problems);
    try {
        hub = read_hub_document(root, problems);
    } catch (const YAML::Exception& error) {
        problems.add(error.mark, "", "YAML: " + error.msg);
    }
    HubLoadResult result;
    if (problems.empty()) result.config = std::move(hub);
    result.problems = problems.take_sorted();
    return result;
}

HubLoadResult load_hub_config_file(const std::string& path) {
    std::string text;
    if (auto problem = read_config_bytes(path, text))
        return HubLoadResult{std::nullopt, {*problem}};
    return load_hub_config_text(text, path);
}

}  // namespace roja::config
