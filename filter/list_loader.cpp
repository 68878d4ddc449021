// ListLoader: one parsed entry → the policy table of its type (names, sni, ip, url), plus its
// record (lists with records) and its own action (RPZ) when it has one.
#include <string>

#include "filter/policy_builder.hpp"

namespace roja::filter {

namespace {

constexpr std::size_t kMaxRuleName = 255;  // RuleSet's limit on stored names

bool storable_name(std::string_view name) noexcept {
    return !name.empty() && name.size() <= kMaxRuleName;
}

}  // namespace

ListLoader::ListLoader(PolicyBuilder& builder, ListIndex list)
    : builder_(builder), list_(list), has_records_(builder.policy_->lists_.at(list).has_records) {}

void ListLoader::on_entry(const ListEntry& entry) {
    if (merge_local_data(entry)) return;
    bool ok = false;
    switch (entry.type) {
        case EntryType::domain:
        case EntryType::exact:
            ok = load_name(entry);
            break;
        case EntryType::ip:
            ok = load_ip(entry);
            break;
        case EntryType::url:
            ok = load_url(entry);
            break;
        case EntryType::sni:
            ok = load_sni(entry);
            break;
    }
    ++(ok ? loaded_ : rejected_);
}

RecordIndex ListLoader::record_of(const ListEntry& entry) {
    return has_records_ ? builder_.policy_->records_.add(entry.fields, entry.line) : entry.line;
}

void ListLoader::note_action(const ListEntry& entry, RecordIndex record) {
    if (entry.action == EntryAction::list_default || entry.disposition == Disposition::allow)
        return;
    Policy& p = *builder_.policy_;
    p.has_entry_actions_[list_] = true;
    const std::uint32_t row = p.entry_actions_.add(list_, record, entry.action);
    if (entry.action != EntryAction::redirect || entry.local_data.empty()) return;
    p.entry_actions_.add_local_data(row, entry.local_data);
    redirect_rows_.emplace(std::string(1, static_cast<char>(entry.type)) + std::string(entry.value),
                           row);
}

bool ListLoader::merge_local_data(const ListEntry& entry) {
    if (entry.action != EntryAction::redirect || entry.local_data.empty() || redirect_rows_.empty())
        return false;
    const auto it = redirect_rows_.find(std::string(1, static_cast<char>(entry.type)) +
                                        std::string(entry.value));
    if (it == redirect_rows_.end()) return false;
    builder_.policy_->entry_actions_.add_local_data(it->second, entry.local_data);
    return true;
}

bool ListLoader::load_name(const ListEntry& entry) {
    if (!storable_name(entry.value)) return false;
    const RecordIndex record = record_of(entry);
    const MatchScope scope = entry.type == EntryType::exact ? MatchScope::exact
                             : entry.subdomains_only        ? MatchScope::below
                                                            : MatchScope::subtree;
    builder_.names_.add(entry.value, scope, entry.disposition, list_, record);
    note_action(entry, record);
    return true;
}

bool ListLoader::load_sni(const ListEntry& entry) {
    // "*.example.com" covers the name and everything below; anything else is that name alone.
    std::string_view name = entry.value;
    MatchScope scope = MatchScope::exact;
    if (name.starts_with("*.")) {
        name.remove_prefix(2);
        scope = MatchScope::subtree;
    }
    if (!storable_name(name)) return false;
    builder_.sni_.add(name, scope, entry.disposition, list_, record_of(entry));
    return true;
}

bool ListLoader::load_ip(const ListEntry& entry) {
    const auto prefix = parse_ip_prefix(entry.value);
    if (!prefix) return false;
    Policy& p = *builder_.policy_;
    const RecordIndex record = record_of(entry);
    builder_.ip_prefixes_.add(*prefix, static_cast<std::uint32_t>(p.ip_entries_.size()));
    p.ip_entries_.push_back({list_, entry.disposition, record});
    note_action(entry, record);
    return true;
}

bool ListLoader::load_url(const ListEntry& entry) {
    // Validate before taking a record, so a rejected URL leaves nothing behind.
    const std::string_view url = entry.value;
    if (url.empty() || url.size() > 0xffff || url.front() == '/' || url.front() == '?')
        return false;
    return builder_.urls_.add(entry.value, entry.disposition, list_, record_of(entry)).has_value();
}

}  // namespace roja::filter
