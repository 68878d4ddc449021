#include "daemon/rpz/zone_version.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

// A configured list joins by its id; a feed's lists are "<feed id>/<list id>" (feed_lists.cpp).
filter::ListSet zone_lists(const config::RpzZoneConfig& config, const filter::Policy& policy) {
    filter::ListSet lists;
    for (std::size_t i = 0; i < policy.list_count(); ++i) {
        const std::string& id = policy.list(static_cast<filter::ListIndex>(i)).id;
        const auto is_feed_list = [&](const std::string& feed) {
            return id.size() > feed.size() && id.starts_with(feed) && id[feed.size()] == '/';
        };
        if (std::find(config.lists.begin(), config.lists.end(), id) != config.lists.end() ||
            std::any_of(config.feeds.begin(), config.feeds.end(), is_feed_list))
            lists.set(i);
    }
    return lists;
}

ZoneWireForm wire_form_of(const config::RpzZoneConfig& config,
                          const server::BlockSettings& blocking) {
    ZoneWireForm form;
    std::array<std::uint8_t, wire::kMaxNameOctets> apex{};
    const auto octets = wire::encode_name(config.name, apex);
    form.apex.assign(apex.begin(), apex.begin() + static_cast<long>(octets ? *octets : 1));
    form.ttl = static_cast<std::uint32_t>(config.ttl.count());
    form.ipv4.assign(blocking.ipv4.begin(), blocking.ipv4.end());
    form.ipv6.assign(blocking.ipv6.begin(), blocking.ipv6.end());
    return form;
}

RpzTarget block_target(config::RpzAction action, const ZoneWireForm& form) {
    switch (action) {
        case config::RpzAction::nodata:
            return RpzTarget::nodata;
        case config::RpzAction::redirect:
            // No warning address to point at: NXDOMAIN rather than an empty redirect.
            return form.ipv4.empty() && form.ipv6.empty() ? RpzTarget::nxdomain
                                                          : RpzTarget::redirect;
        default:
            return RpzTarget::nxdomain;
    }
}

// Counts the records one walk produces; never full.
class CountingSink final : public RecordSink {
  public:
    CountingSink(ZoneCounts& counts, std::size_t redirect_records)
        : counts_(counts), redirect_records_(redirect_records) {}
    bool has_room(std::size_t) const noexcept override { return true; }
    void add(const RpzRecord& record) noexcept override {
        ++counts_.triggers;
        counts_.ip_triggers += record.is_ip;
        counts_.passthru += record.target == RpzTarget::passthru;
        counts_.records += record.target == RpzTarget::redirect ? redirect_records_ : 1;
        const std::size_t hash = std::hash<std::string_view>{}(record.owner);
        counts_.digest += (hash ^ static_cast<std::size_t>(record.target)) * 0x9e3779b97f4a7c15ULL;
    }

  private:
    ZoneCounts& counts_;
    std::size_t redirect_records_;
};

std::size_t not_expressible(const filter::Policy& policy, const filter::ListSet& lists) {
    std::size_t count = 0;
    policy.url_rules().for_each_entry_list(
        [&](filter::ListIndex list) { count += lists.test(list); });
    policy.sni_rules().for_each_entry(
        [&](std::string_view, const filter::RuleHit& hit) { count += lists.test(hit.list); });
    return count;
}

}  // namespace

SoaFields ZoneVersion::soa() const {
    return {serial, static_cast<std::uint32_t>(config->refresh.count()),
            static_cast<std::uint32_t>(config->retry.count()),
            static_cast<std::uint32_t>(config->expire.count()),
            static_cast<std::uint32_t>(config->ttl.count())};
}

std::shared_ptr<ZoneVersion> build_zone_version(const config::RpzZoneConfig& config,
                                                std::shared_ptr<const server::ServingState> state) {
    auto version = std::make_shared<ZoneVersion>();
    version->config = &config;
    version->state = std::move(state);
    const filter::Policy& policy = *version->state->policy;
    version->wire_form = wire_form_of(config, version->state->blocking);
    version->shape.lists = zone_lists(config, policy);
    version->shape.apex_octets = version->wire_form.apex.size();
    version->shape.block = block_target(config.action, version->wire_form);
    const std::size_t redirect_records =
        version->wire_form.ipv4.size() + version->wire_form.ipv6.size();
    CountingSink sink(version->counts, redirect_records);
    ZoneWalk walk(policy, version->shape);
    walk.fill(sink);
    version->counts.too_long = walk.too_long();
    version->counts.too_long_names = walk.too_long_names();
    version->counts.not_expressible = not_expressible(policy, version->shape.lists);
    return version;
}

}  // namespace roja::rpz
