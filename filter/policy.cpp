#include "filter/policy.hpp"

#include <algorithm>

namespace roja::filter {

namespace {

bool is_address_query(std::uint16_t qtype) noexcept {
    return qtype == kQtypeA || qtype == kQtypeAaaa;
}

std::string_view or_else(std::string_view own, std::string_view fallback) noexcept {
    return own.empty() ? fallback : own;
}

}  // namespace

Verdict Policy::finish(const ScopeResolver::Outcome& outcome, GroupIndex group,
                       std::uint16_t qtype) const noexcept {
    Verdict v;
    v.group = group;
    v.kind = outcome.kind;
    if (outcome.kind == VerdictKind::pass) return v;
    const MatchCandidate& c = outcome.winner;
    v.list = c.list;
    v.record = c.record;
    v.depth = c.depth;
    v.match = c.match;
    v.reason = reason_of_[c.list];
    if (outcome.kind != VerdictKind::blocked) return v;
    v.action = lists_[c.list].action;
    if (has_entry_actions_[c.list]) {
        v.entry_action = entry_actions_.find(c.list, c.record);
        if (v.entry_action != kNoEntryAction) v.action = entry_actions_.action(v.entry_action);
    }
    // A redirect has addresses to give only to A/AAAA; any other type gets an empty answer.
    if (v.action == BlockAction::redirect && !is_address_query(qtype))
        v.action = BlockAction::nodata;
    return v;
}

Verdict Policy::decide_in(const RuleSet& rules, bool sni, std::string_view name,
                          std::uint16_t qtype, GroupIndex group) const noexcept {
    ScopeResolver scopes = resolver(group);
    rules.for_each_match(name, [&](const RuleHit& hit) {
        const EntryType match = sni                              ? EntryType::sni
                                : hit.scope == MatchScope::exact ? EntryType::exact
                                                                 : EntryType::domain;
        scopes.offer({hit.list, hit.disposition, match, hit.depth, hit.depth, hit.record});
        return true;
    });
    return finish(scopes.outcome(), group, qtype);
}

Verdict Policy::decide(std::string_view canonical_name, std::uint16_t qtype,
                       GroupIndex group) const noexcept {
    return decide_in(names_, false, canonical_name, qtype, group);
}

Verdict Policy::decide_sni(std::string_view canonical_name, GroupIndex group) const noexcept {
    return decide_in(sni_, true, canonical_name, kQtypeA, group);
}

Verdict Policy::decide_address(const boost::asio::ip::address& answer, GroupIndex group,
                               std::uint16_t qtype) const noexcept {
    ScopeResolver scopes = resolver(group);
    ip_prefixes_.for_each_match(answer, [&](std::uint32_t row, std::uint8_t length) {
        const IpEntry& e = ip_entries_[row];
        const auto depth = static_cast<std::uint8_t>(128 - length);
        scopes.offer({e.list, e.disposition, EntryType::ip, depth, depth, e.record});
        return true;
    });
    return finish(scopes.outcome(), group, qtype);
}

Verdict Policy::decide_url(std::string_view canonical_host, std::string_view path_and_query,
                           GroupIndex group) const noexcept {
    ScopeResolver scopes = resolver(group);
    urls_.for_each_match(canonical_host, path_and_query, [&](const UrlHit& hit) {
        const auto rank = static_cast<std::uint16_t>(0xffff - hit.path_length);
        scopes.offer({hit.list, hit.disposition, EntryType::url,
                      hit.exact ? std::uint8_t{0} : std::uint8_t{1}, rank, hit.record});
        return true;
    });
    return finish(scopes.outcome(), group, kQtypeA);
}

bool Policy::has_url_entries(std::string_view canonical_host, GroupIndex group) const noexcept {
    const ClientGroup& g = group_or_default(group);
    if (!g.url_filter) return false;
    bool found = false;
    urls_.for_each_list(canonical_host, [&](ListIndex list) {
        found = g.lists[list];
        return !found;
    });
    return found;
}

GroupIndex Policy::group_of(const boost::asio::ip::address& client) const noexcept {
    const auto group = group_prefixes_.longest_match(client);
    return group ? static_cast<GroupIndex>(*group) : GroupIndex{0};
}

std::optional<GroupIndex> Policy::find_group(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < groups_.size(); ++i)
        if (groups_[i].name == name) return static_cast<GroupIndex>(i);
    return std::nullopt;
}

std::optional<ListIndex> Policy::find_list(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < lists_.size(); ++i)
        if (lists_[i].id == id) return static_cast<ListIndex>(i);
    return std::nullopt;
}

EntryView Policy::entry_view(const Verdict& verdict) const noexcept {
    EntryView view;
    if (!verdict.matched() || verdict.list >= lists_.size()) return view;
    const ListInfo& info = lists_[verdict.list];
    view.list_id = info.id;
    view.list_title = info.title;
    view.authority = info.authority;
    view.legal_basis = info.legal_basis;
    view.category = info.category;
    view.reason = info.reason;
    view.line = verdict.record;
    if (!info.has_records || verdict.record >= records_.size()) return view;
    const EntryRecord r = records_.get(verdict.record);
    view.id = r.id;
    view.line = r.line;
    view.authority = or_else(r.authority, info.authority);
    view.legal_basis = or_else(r.legal_basis, info.legal_basis);
    view.category = or_else(r.category, info.category);
    view.decision = r.decision;
    view.decision_date = r.decision_date;
    view.effective_from = r.effective_from;
    view.expires = r.expires;
    return view;
}

std::size_t Policy::memory_bytes() const noexcept {
    return sizeof(*this) + names_.memory_bytes() + sni_.memory_bytes() +
           ip_prefixes_.memory_bytes() + ip_entries_.capacity() * sizeof(IpEntry) +
           urls_.memory_bytes() + records_.memory_bytes() + entry_actions_.memory_bytes() +
           group_prefixes_.memory_bytes() + groups_.capacity() * sizeof(ClientGroup) +
           lists_.capacity() * sizeof(ListInfo);
}

}  // namespace roja::filter
