// GET /api/v1/why?name=NAME[&client=IP][&type=A]: which list, entry, authority and decision decide
// this name for that client (default: a client of the default group), as the running policy
// decides it, without sending a query; "answer": "local" when a local record answers it.
#include <charconv>

#include "daemon/api/api_sources.hpp"
#include "daemon/server/state_holder.hpp"
#include "filter/domain_name.hpp"

namespace roja::api {

namespace {

boost::json::object verdict_json(const filter::Policy& policy, const filter::Verdict& verdict) {
    boost::json::object out{{"verdict", filter::to_string(verdict.kind)},
                            {"group", policy.group(verdict.group).name}};
    if (!verdict.matched()) return out;
    const filter::EntryView view = policy.entry_view(verdict);
    out["list"] = view.list_id;
    out["entry"] = filter::entry_id(view);
    out["authority"] = view.authority;
    out["decision"] = view.decision;
    out["decision_date"] = view.decision_date;
    out["legal_basis"] = view.legal_basis;
    out["category"] = view.category;
    out["reason"] = filter::to_string(view.reason);
    if (verdict.is_blocked()) out["action"] = filter::to_string(verdict.action);
    out["labels_removed"] = verdict.depth;  // how far above the name the entry sits
    return out;
}

ApiResponse why(const ApiSources& sources, const ApiRequest& request) {
    const auto state = sources.states ? sources.states->current() : nullptr;
    if (!state || !state->policy) return error_response(503, "no policy in force yet");
    const auto name = request.param("name");
    if (!name || name->empty()) return error_response(400, "name is needed (?name=www.example.al)");
    std::string canonical;
    if (!filter::canonicalize(*name, canonical))
        return error_response(400, "name: not a domain name");
    std::uint16_t qtype = 1;
    if (const auto type = request.param("type")) {
        if (*type == "AAAA")
            qtype = 28;
        else if (*type != "A")
            return error_response(400, "type: A or AAAA");
    }
    filter::GroupIndex group = 0;
    if (const auto client = request.param("client")) {
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address(std::string(*client), ec);
        if (ec) return error_response(400, "client: not an IP address");
        group = state->policy->group_of(address);
    }
    const filter::Verdict verdict = state->policy->decide(canonical, qtype, group);
    boost::json::object body = verdict_json(*state->policy, verdict);
    body["name"] = canonical;
    // A local record answers unless the policy blocks the name and the record does not
    // override it (docs/configuration.md, local_records).
    if (const auto* local = state->local_records.find(canonical)) {
        body["local"] = {{"records", local->records.size()}, {"override", local->override}};
        if (local->override || !verdict.is_blocked()) body["answer"] = "local";
    }
    return json_response(body);
}

}  // namespace

void add_why_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/why", Access::any_role,
                [&sources](const ApiRequest& request) { return why(sources, request); }});
}

}  // namespace roja::api
