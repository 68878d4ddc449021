// The immutable policy snapshot: lists, their entries, client groups, and the decide_* functions
// every worker calls. Built off the hot path by PolicyBuilder, published by one atomic swap of a
// shared_ptr<const Policy>, shared read-only. Every decide_* is noexcept and allocates nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "filter/entry_actions.hpp"
#include "filter/entry_record.hpp"
#include "filter/list_info.hpp"
#include "filter/prefix_map.hpp"
#include "filter/record_store.hpp"
#include "filter/rule_set.hpp"
#include "filter/scope_resolver.hpp"
#include "filter/url_rules.hpp"
#include "filter/verdict.hpp"

namespace roja::filter {

class Policy {
  public:
    // A canonical query name (domain_name.hpp) for one client group. Entries of lists the group
    // does not enable are ignored; see ScopeResolver for how matches combine. A redirect for a
    // qtype other than A/AAAA becomes nodata.
    Verdict decide(std::string_view canonical_name, std::uint16_t qtype,
                   GroupIndex group) const noexcept;
    Verdict decide(std::string_view canonical_name, std::uint16_t qtype,
                   const boost::asio::ip::address& client) const noexcept {
        return decide(canonical_name, qtype, group_of(client));
    }

    // An address in an upstream answer (RPZ-IP): the longest listed prefix per scope decides.
    // `qtype` is the query's (A unless told), for the redirect → nodata rule.
    Verdict decide_address(const boost::asio::ip::address& answer, GroupIndex group,
                           std::uint16_t qtype = kQtypeA) const noexcept;

    // Whether one of the group's lists has a URL entry for this host and the group filters URLs.
    bool has_url_entries(std::string_view canonical_host, GroupIndex group) const noexcept;
    // Whether the HTTP filter handles this host for the group: it filters URLs and the host has
    // URL entries or a blocking TLS server-name (sni) entry. The DNS side then answers with the
    // filter's address, and the filter forwards nothing else, so it is never an open proxy.
    bool is_routed_to_http_filter(std::string_view canonical_host,
                                  GroupIndex group) const noexcept {
        if (!group_or_default(group).url_filter) return false;
        return has_url_entries(canonical_host, group) ||
               decide_sni(canonical_host, group).is_blocked();
    }
    // One HTTP request: the longest matching entry path per scope decides.
    Verdict decide_url(std::string_view canonical_host, std::string_view path_and_query,
                       GroupIndex group) const noexcept;
    // A TLS server name (canonical) against the sni entries.
    Verdict decide_sni(std::string_view canonical_name, GroupIndex group) const noexcept;

    // The group of the longest client prefix; the default group (0) when none contains it.
    GroupIndex group_of(const boost::asio::ip::address& client) const noexcept;
    // An index past the table reads as the default group.
    const ClientGroup& group(GroupIndex index) const noexcept { return group_or_default(index); }
    std::size_t group_count() const noexcept { return groups_.size(); }
    std::optional<GroupIndex> find_group(std::string_view name) const noexcept;

    const ListInfo& list(ListIndex index) const noexcept { return lists_[index]; }
    std::size_t list_count() const noexcept { return lists_.size(); }
    std::optional<ListIndex> find_list(std::string_view id) const noexcept;

    // Who and why, for a matched verdict (warning page, EDE text, audit). Views live as long as
    // the Policy.
    EntryView entry_view(const Verdict& verdict) const noexcept;
    // Redirect addresses the deciding entry carried itself (RPZ local data); empty = use the
    // warning page's addresses.
    std::span<const boost::asio::ip::address> local_data(const Verdict& verdict) const noexcept {
        return verdict.entry_action == kNoEntryAction
                   ? std::span<const boost::asio::ip::address>{}
                   : entry_actions_.local_data(verdict.entry_action);
    }

    std::size_t name_entries() const noexcept { return names_.size(); }
    // visit(std::string_view canonical_name, const RuleHit&) for every name entry (the API's
    // self-test resolves each one through the running daemon).
    template <class Visit>
    void for_each_name_entry(Visit&& visit) const {
        names_.for_each_entry(visit);
    }
    // Read-only views of the tables, for exporters (the RPZ zones of daemon/rpz): each table
    // holds every list's entries, each tagged with its list.
    const RuleSet& name_rules() const noexcept { return names_; }
    const RuleSet& sni_rules() const noexcept { return sni_; }
    const UrlRules& url_rules() const noexcept { return urls_; }
    struct IpEntryView {
        IpPrefix prefix;
        ListIndex list;
        Disposition disposition;
    };
    // 0 <= i < ip_entry_count(); equal prefixes are side by side.
    std::size_t ip_entry_count() const noexcept { return ip_prefixes_.size(); }
    IpEntryView ip_entry(std::size_t i) const noexcept {
        const IpEntry& e = ip_entries_[ip_prefixes_.value_at(i)];
        return {ip_prefixes_.prefix_at(i), e.list, e.disposition};
    }
    std::size_t memory_bytes() const noexcept;

  private:
    friend class PolicyBuilder;
    friend class ListLoader;

    ScopeResolver resolver(GroupIndex group) const noexcept {
        return ScopeResolver(group_or_default(group).lists, scope_of_.data(), reason_of_.data());
    }
    const ClientGroup& group_or_default(GroupIndex index) const noexcept {
        return groups_[index < groups_.size() ? index : 0];
    }
    Verdict finish(const ScopeResolver::Outcome& outcome, GroupIndex group,
                   std::uint16_t qtype) const noexcept;
    // `sni`: the rules are sni entries (reported as EntryType::sni).
    Verdict decide_in(const RuleSet& rules, bool sni, std::string_view name, std::uint16_t qtype,
                      GroupIndex group) const noexcept;

    struct IpEntry {
        ListIndex list;
        Disposition disposition;
        RecordIndex record;
    };

    std::vector<ListInfo> lists_;
    std::vector<std::uint8_t> scope_of_;   // by ListIndex
    std::vector<ReasonClass> reason_of_;   // by ListIndex
    std::vector<bool> has_entry_actions_;  // by ListIndex: skip the side-table search otherwise
    std::vector<ClientGroup> groups_;
    PrefixMap group_prefixes_;
    RuleSet names_;
    RuleSet sni_;
    PrefixMap ip_prefixes_;  // value: row of ip_entries_
    std::vector<IpEntry> ip_entries_;
    UrlRules urls_;
    RecordStore records_;
    EntryActions entry_actions_;
};

}  // namespace roja::filter
