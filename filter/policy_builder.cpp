#include "filter/policy_builder.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace roja::filter {

PolicyBuilder::PolicyBuilder() : policy_(std::make_shared<Policy>()) {
    policy_->groups_.push_back(ClientGroup{.name = "default"});
}

std::uint8_t PolicyBuilder::scope_index(std::string_view scope) {
    const auto it = std::find(scopes_.begin(), scopes_.end(), scope);
    if (it != scopes_.end()) return static_cast<std::uint8_t>(it - scopes_.begin());
    if (scopes_.size() == kMaxScopes)
        throw std::length_error("more than " + std::to_string(kMaxScopes) + " list scopes");
    scopes_.emplace_back(scope);
    return static_cast<std::uint8_t>(scopes_.size() - 1);
}

ListIndex PolicyBuilder::add_list(ListInfo info) {
    Policy& p = *policy_;
    if (p.lists_.size() == kMaxLists)
        throw std::length_error("more than " + std::to_string(kMaxLists) + " lists");
    p.scope_of_.push_back(scope_index(effective_scope(info)));
    p.reason_of_.push_back(info.reason);
    p.has_entry_actions_.push_back(false);
    p.lists_.push_back(std::move(info));
    return static_cast<ListIndex>(p.lists_.size() - 1);
}

void PolicyBuilder::set_default_group(ClientGroup group) {
    policy_->groups_[0] = std::move(group);
    default_group_set_ = true;
}

GroupIndex PolicyBuilder::add_group(ClientGroup group, std::span<const IpPrefix> prefixes) {
    auto& groups = policy_->groups_;
    if (groups.size() > std::numeric_limits<GroupIndex>::max())
        throw std::length_error("too many client groups");
    const auto index = static_cast<GroupIndex>(groups.size());
    groups.push_back(std::move(group));
    for (const IpPrefix& prefix : prefixes) group_prefixes_.add(prefix, index);
    return index;
}

std::shared_ptr<const Policy> PolicyBuilder::build() && {
    Policy& p = *policy_;
    if (!default_group_set_)
        for (std::size_t i = 0; i < p.lists_.size(); ++i) p.groups_[0].lists.set(i);
    p.group_prefixes_ = std::move(group_prefixes_).build();
    p.names_ = std::move(names_).build();
    p.sni_ = std::move(sni_).build();
    p.ip_prefixes_ = std::move(ip_prefixes_).build();
    p.ip_entries_.shrink_to_fit();
    p.urls_ = std::move(urls_).build();
    p.records_.seal();
    p.entry_actions_.seal();
    return std::move(policy_);
}

}  // namespace roja::filter
