#include "daemon/server/state_loader.hpp"

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"
#include "filter/whole_host_sink.hpp"

namespace roja::server {

namespace {

constexpr std::size_t kLineErrorsPerList = 10;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return text;
}

filter::ListInfo list_info(const config::ListConfig& list) {
    filter::ListInfo info;
    info.id = list.id;
    info.authority = list.authority;
    info.title = list.title.empty() ? list.id : list.title;
    info.action =
        static_cast<filter::BlockAction>(list.action);  // same order: see config_enums.hpp
    info.reason = static_cast<filter::ReasonClass>(list.reason);
    info.scope = list.scope;
    return info;
}

// An allowlist turns each of its entries into an allow entry before the policy sees it.
class AllowlistSink final : public filter::EntrySink {
  public:
    explicit AllowlistSink(filter::EntrySink& next) : next_(next) {}
    void on_entry(const filter::ListEntry& entry) override {
        filter::ListEntry allowed = entry;
        allowed.disposition = filter::Disposition::allow;
        next_.on_entry(allowed);
    }

  private:
    filter::EntrySink& next_;
};

// Which name a group uses for each list: its own id, or the feed id for a feed's lists.
using ListOwners = std::vector<std::pair<std::string, filter::ListIndex>>;

filter::ClientGroup client_group(const config::GroupConfig& group, const ListOwners& owners) {
    filter::ClientGroup out;
    out.name = group.name;
    out.safesearch = group.safesearch;
    out.url_filter = group.url_filter;
    for (const auto& id : group.lists)
        for (const auto& [owner, index] : owners)
            if (owner == id) out.lists.set(index);
    return out;
}

BlockSettings block_settings(const config::BlockingConfig& blocking) {
    BlockSettings out;
    for (const auto& address : blocking.warning_addresses) {
        if (address.is_v4())
            out.ipv4.push_back(address.to_v4().to_bytes());
        else
            out.ipv6.push_back(address.to_v6().to_bytes());
    }
    out.ttl = static_cast<std::uint32_t>(blocking.ttl.count());
    out.ede = blocking.ede;
    out.contact = blocking.contact;
    out.organisation = blocking.organisation;
    out.language = blocking.language;
    return out;
}

UrlFilterSettings url_filter_settings(const config::HttpFilterConfig& filter) {
    UrlFilterSettings out;
    if (!filter.enabled) return out;
    for (const auto& address : filter.addresses) {
        if (address.is_v4())
            out.ipv4.push_back(address.to_v4().to_bytes());
        else
            out.ipv6.push_back(address.to_v6().to_bytes());
    }
    return out;
}

// A list's text: its file, or for a list taken from a primary the zone copy in force (none yet:
// an empty zone, so the rest of the policy is served while the first transfer runs).
std::shared_ptr<const std::string> list_text(const config::ListConfig& list,
                                             const TransferredZones& zones) {
    if (list.primary) {
        const auto found = zones.find(list.id);
        return found != zones.end() && found->second ? found->second
                                                     : std::make_shared<const std::string>();
    }
    auto text = read_file(list.path);
    return text ? std::make_shared<const std::string>(std::move(*text)) : nullptr;
}

bool load_lists(const config::Config& config, const TransferredZones& zones,
                filter::PolicyBuilder& builder, StateLoad& load, ListOwners& owners) {
    for (const auto& list : config.lists) {
        const auto text = list_text(list, zones);
        if (!text) {
            load.failure = "list " + list.id + ": cannot read " + list.path;
            return false;
        }
        const std::string path =
            list.primary ? config::transferred_zone_path(config, list) : list.path;
        const filter::ListFormat format = list.format.value_or(filter::guess_list_format(*text));
        filter::ListInfo info = list_info(list);
        info.has_records = format == filter::ListFormat::csv;  // per-entry orders and decisions
        const filter::ListIndex index = builder.add_list(std::move(info));
        owners.emplace_back(list.id, index);
        filter::ListLoader loader = builder.loader(index);
        filter::WholeHostSink whole_hosts(loader, config.http_filter.whole_host_authorities,
                                          list.authority);
        AllowlistSink allow(whole_hosts);
        filter::EntrySink& sink =
            list.allowlist ? static_cast<filter::EntrySink&>(allow) : whole_hosts;
        const auto report = filter::parse_list(format, *text, path, sink);
        if (report.failed()) {  // e.g. a CSV without its header: nothing of it can be trusted
            load.failure =
                "list " + list.id + ": " + path + " could not be parsed" +
                (report.errors().empty() ? std::string() : ": " + report.errors().front().reason);
            return false;
        }
        load.lists.push_back({list.id, path, format, loader.loaded(), report.invalid(),
                              report.unsupported(), loader.rejected()});
        for (std::size_t i = 0; i < report.errors().size() && i < kLineErrorsPerList; ++i)
            load.line_errors.push_back(report.errors()[i]);
    }
    return true;
}

bool load_feeds(std::span<const FeedInput> feeds, const filter::NeverBlock& never_block,
                const std::vector<std::string>& whole_host_authorities,
                filter::PolicyBuilder& builder, StateLoad& load, ListOwners& owners) {
    for (const FeedInput& feed : feeds) {
        auto lists = add_feed_lists(feed, never_block, whole_host_authorities, builder, owners);
        if (!lists) {
            load.failed_feed = feed.config->id;
            load.failure = "feed " + feed.config->id + ": " + lists.error().detail;
            load.feed_problem = lists.error();
            return false;
        }
        for (auto& list : *lists) load.feed_lists.push_back(std::move(list));
    }
    return true;
}

}  // namespace

filter::IpPrefix to_filter_prefix(const config::IpPrefix& prefix) {
    filter::IpPrefix out = filter::IpPrefix::host(prefix.address);
    const unsigned length = prefix.address.is_v4() ? prefix.length + 96 : prefix.length;
    out.length = static_cast<std::uint8_t>(length);
    out.bits = filter::mask(out.bits, length);
    return out;
}

StateLoad load_serving_state(const config::Config& config, std::uint64_t serial) {
    return load_serving_state(config, {}, filter::NeverBlock{}, serial);
}

filter::NeverBlock load_never_block(const config::Config& config) {
    filter::NeverBlock guard;
    struct Names final : filter::EntrySink {
        filter::NeverBlock& guard;
        explicit Names(filter::NeverBlock& g) : guard(g) {}
        void on_entry(const filter::ListEntry& entry) override { guard.add(entry.value); }
    } names(guard);
    for (const auto& path : config.never_block) {
        const auto text = read_file(path);
        if (!text) throw std::runtime_error("never_block: cannot read " + path);
        const auto report =
            filter::parse_list(filter::guess_list_format(*text), *text, path, names);
        if (report.invalid() > 0 || report.failed()) {
            const auto& error = report.errors().front();
            throw std::runtime_error("never_block: " + error.file + ":" +
                                     std::to_string(error.line) + ": " + error.reason);
        }
    }
    return guard;
}

// local_records with its hosts files; an unreadable file fails the load (the old state stays).
bool load_local_records(const config::Config& config, StateLoad& load, ServingState& state) {
    std::vector<filter::LocalHost> hosts;
    for (const std::string& path : config.local_records.hosts_files) {
        const auto text = read_file(path);
        if (!text) {
            load.failure = "local_records: cannot read " + path;
            return false;
        }
        auto file = filter::parse_local_hosts(*text, path);
        for (std::size_t i = 0; i < file.errors.size() && i < kLineErrorsPerList; ++i)
            load.line_errors.push_back(file.errors[i]);
        hosts.insert(hosts.end(), file.hosts.begin(), file.hosts.end());
    }
    LocalRecordsLoad local = build_local_records(config.local_records, hosts);
    state.local_records = std::move(local.records);
    load.local_names = state.local_records.size();
    load.local_skipped = local.skipped;
    return true;
}

StateLoad load_serving_state(const config::Config& config, std::span<const FeedInput> feeds,
                             const filter::NeverBlock& never_block, std::uint64_t serial,
                             const TransferredZones& zones) {
    const auto start = std::chrono::steady_clock::now();
    StateLoad load;
    filter::PolicyBuilder builder;
    ListOwners owners;
    if (!load_lists(config, zones, builder, load, owners)) return load;
    if (!load_feeds(feeds, never_block, config.http_filter.whole_host_authorities, builder, load,
                    owners))
        return load;
    for (const auto& group : config.groups) {
        if (group.name == config::kDefaultGroupName) {
            if (!group.is_implicit) builder.set_default_group(client_group(group, owners));
            continue;
        }
        std::vector<filter::IpPrefix> prefixes;
        for (const auto& prefix : group.prefixes) prefixes.push_back(to_filter_prefix(prefix));
        builder.add_group(client_group(group, owners), prefixes);
    }
    auto state = std::make_shared<ServingState>();
    state->policy = std::move(builder).build();
    filter::PrefixMapBuilder access;
    for (const auto& prefix : config.access.allow) access.add(to_filter_prefix(prefix), 1);
    state->access = std::move(access).build();
    state->refused_action = config.access.refused_action;
    state->blocking = block_settings(config.blocking);
    state->url_filter = url_filter_settings(config.http_filter);
    state->udp_payload = config.server.udp_payload;
    state->safesearch_ttl = static_cast<std::uint32_t>(config.blocking.safesearch_ttl.count());
    state->serial = serial;
    if (!load_local_records(config, load, *state)) return load;
    load.state = std::move(state);
    load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return load;
}

}  // namespace roja::server
