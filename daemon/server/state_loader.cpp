#include "daemon/server/state_loader.hpp"

#include <malloc.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>

#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

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
    info.action = static_cast<filter::BlockAction>(list.action);  // same order: see config_enums.hpp
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

filter::ClientGroup client_group(const config::GroupConfig& group, const std::vector<std::string>& list_ids) {
    filter::ClientGroup out;
    out.name = group.name;
    out.safesearch = group.safesearch;
    out.url_filter = group.url_filter;
    for (const auto& id : group.lists)
        for (std::size_t i = 0; i < list_ids.size(); ++i)
            if (list_ids[i] == id) out.lists.set(i);
    return out;
}

filter::IpPrefix to_filter_prefix(const config::IpPrefix& prefix) {
    filter::IpPrefix out = filter::IpPrefix::host(prefix.address);
    const unsigned length = prefix.address.is_v4() ? prefix.length + 96 : prefix.length;
    out.length = static_cast<std::uint8_t>(length);
    out.bits = filter::mask(out.bits, length);
    return out;
}

BlockSettings block_settings(const config::BlockingConfig& blocking) {
    BlockSettings out;
    for (const auto& address : blocking.warning_addresses) {
        if (address.is_v4()) out.ipv4.push_back(address.to_v4().to_bytes());
        else out.ipv6.push_back(address.to_v6().to_bytes());
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
        if (address.is_v4()) out.ipv4.push_back(address.to_v4().to_bytes());
        else out.ipv6.push_back(address.to_v6().to_bytes());
    }
    return out;
}

bool load_lists(const config::Config& config, filter::PolicyBuilder& builder, StateLoad& load) {
    for (const auto& list : config.lists) {
        const auto text = read_file(list.path);
        if (!text) {
            load.failure = "list " + list.id + ": cannot read " + list.path;
            return false;
        }
        const filter::ListFormat format = list.format.value_or(filter::guess_list_format(*text));
        filter::ListInfo info = list_info(list);
        info.has_records = format == filter::ListFormat::csv;  // per-entry orders and decisions
        const filter::ListIndex index = builder.add_list(std::move(info));
        filter::ListLoader loader = builder.loader(index);
        AllowlistSink allow(loader);
        filter::EntrySink& sink = list.allowlist ? static_cast<filter::EntrySink&>(allow) : loader;
        const auto report = filter::parse_list(format, *text, list.path, sink);
        if (report.failed()) {  // e.g. a CSV without its header: nothing of it can be trusted
            load.failure = "list " + list.id + ": " + list.path + " could not be parsed" +
                           (report.errors().empty() ? std::string() : ": " + report.errors().front().reason);
            return false;
        }
        load.lists.push_back({list.id, list.path, format, loader.loaded(), report.invalid(), report.unsupported(),
                              loader.rejected()});
        for (std::size_t i = 0; i < report.errors().size() && i < kLineErrorsPerList; ++i)
            load.line_errors.push_back(report.errors()[i]);
    }
    return true;
}

}  // namespace

StateLoad load_serving_state(const config::Config& config, std::uint64_t serial) {
    const auto start = std::chrono::steady_clock::now();
    StateLoad load;
    filter::PolicyBuilder builder;
    if (!load_lists(config, builder, load)) return load;
    std::vector<std::string> list_ids;
    for (const auto& list : config.lists) list_ids.push_back(list.id);
    for (const auto& group : config.groups) {
        if (group.name == config::kDefaultGroupName) {
            if (!group.is_implicit) builder.set_default_group(client_group(group, list_ids));
            continue;
        }
        std::vector<filter::IpPrefix> prefixes;
        for (const auto& prefix : group.prefixes) prefixes.push_back(to_filter_prefix(prefix));
        builder.add_group(client_group(group, list_ids), prefixes);
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
    load.state = std::move(state);
    // The list texts and the builder's scratch tables are gone; hand their pages back to the
    // system so the resident size is what the policy needs, not what loading it needed.
    ::malloc_trim(0);
    load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return load;
}

}  // namespace roja::server
