// GET /api/v1/status (version, uptime, feeds, degraded flags) and GET /api/v1/lists (each list of
// the policy in force: authority, reason, and for feed lists the serial, entries and applied time).
#include <boost/json/array.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/server/server.hpp"
#include "daemon/server/state_holder.hpp"
#include "filter/utc_time.hpp"

namespace roja::api {

namespace {

std::vector<feed::FeedStatus> feed_status(const ApiSources& sources) {
    return sources.feeds ? sources.feeds->status() : std::vector<feed::FeedStatus>{};
}

ApiResponse status(const ApiSources& sources) {
    const auto now = std::chrono::system_clock::now();
    boost::json::array feeds;
    bool is_degraded = false;
    for (const feed::FeedStatus& feed : feed_status(sources)) {
        is_degraded = is_degraded || feed.is_degraded();
        boost::json::object item = feed::to_json(feed);
        item["degraded"] = feed.is_degraded();
        feeds.push_back(std::move(item));
    }
    boost::json::object body{
        {"version", ROJA_VERSION},
        {"started_at", filter::format_utc(sources.started)},
        {"uptime_seconds",
         std::chrono::duration_cast<std::chrono::seconds>(now - sources.started).count()},
        {"workers", sources.server ? sources.server->threads() : 0u},
        {"policy_generation", sources.states ? sources.states->generation() : 0},
        {"degraded", is_degraded},
        {"feeds", std::move(feeds)},
    };
    if (sources.server) {
        const auto totals = sources.server->totals();
        body["queries"] =
            boost::json::object{{"total", totals.queries}, {"blocked", totals.blocked},
                                {"cached", totals.cached}, {"upstream", totals.upstream},
                                {"stale", totals.stale},   {"servfail", totals.servfail}};
    }
    return json_response(body);
}

// The feed status entry of a policy list named "<feed>/<list>", if it is one.
const feed::FeedListStatus* feed_list(const std::vector<feed::FeedStatus>& feeds,
                                      std::string_view id, const feed::FeedStatus** owner) {
    for (const feed::FeedStatus& feed : feeds)
        for (const feed::FeedListStatus& list : feed.lists)
            if (id.size() == feed.feed.size() + 1 + list.id.size() && id.starts_with(feed.feed) &&
                id[feed.feed.size()] == '/' && id.ends_with(list.id)) {
                *owner = &feed;
                return &list;
            }
    return nullptr;
}

boost::json::object list_json(const filter::ListInfo& info,
                              const std::vector<feed::FeedStatus>& feeds) {
    boost::json::object item{{"id", info.id},
                             {"authority", info.authority},
                             {"title", info.title},
                             {"category", info.category},
                             {"reason", filter::to_string(info.reason)},
                             {"action", filter::to_string(info.action)}};
    const feed::FeedStatus* owner = nullptr;
    if (const feed::FeedListStatus* list = feed_list(feeds, info.id, &owner)) {
        item["feed"] = owner->feed;
        item["serial"] =
            owner->serial ? boost::json::value(*owner->serial) : boost::json::value(nullptr);
        item["entries"] = list->entries;
        item["loaded"] = list->loaded;
        item["never_blocked"] = list->never_blocked;
        item["applied_at"] = owner->applied_at;
        item["issued_at"] = owner->issued_at;
    }
    return item;
}

ApiResponse lists(const ApiSources& sources) {
    const auto state = sources.states ? sources.states->current() : nullptr;
    if (!state || !state->policy) return error_response(503, "no policy in force yet");
    const auto feeds = feed_status(sources);
    boost::json::array lists;
    for (std::size_t i = 0; i < state->policy->list_count(); ++i)
        lists.push_back(list_json(state->policy->list(static_cast<filter::ListIndex>(i)), feeds));
    return json_response(boost::json::object{{"policy_generation", sources.states->generation()},
                                             {"lists", std::move(lists)}});
}

}  // namespace

void add_status_routes(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/status", Access::any_role,
                [&sources](const ApiRequest&) { return status(sources); }});
    router.add({"GET", "/api/v1/lists", Access::any_role,
                [&sources](const ApiRequest&) { return lists(sources); }});
}

}  // namespace roja::api
