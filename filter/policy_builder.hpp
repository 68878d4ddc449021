// Builds a Policy off the hot path: lists (with their entries, loaded through a ListLoader that
// any list parser can feed) and client groups, then one immutable snapshot.
//
//   PolicyBuilder builder;
//   const ListIndex akep = builder.add_list({.id = "akep", .reason = ReasonClass::censored});
//   ListLoader loader = builder.loader(akep);
//   parse_list(format, text, file, loader);
//   builder.add_group(staff, staff_prefixes);
//   std::shared_ptr<const Policy> policy = std::move(builder).build();
//
// Errors in the configuration (too many lists, groups or scopes) throw std::length_error:
// this runs at start-up or reload, where the caller keeps the old policy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "filter/ip_prefix.hpp"
#include "filter/list_entry.hpp"
#include "filter/list_info.hpp"
#include "filter/policy.hpp"
#include "filter/prefix_map.hpp"
#include "filter/rule_set.hpp"
#include "filter/url_rules.hpp"

namespace roja::filter {

class PolicyBuilder;

// Routes a parsed list's entries to the builder's tables, tagged with one list.
// Entries the policy cannot hold (a bad prefix, a URL without host, a name over 255
// characters or the root) are counted as rejected and skipped.
class ListLoader final : public EntrySink {
  public:
    ListLoader(PolicyBuilder& builder, ListIndex list);
    void on_entry(const ListEntry& entry) override;

    std::size_t loaded() const noexcept { return loaded_; }
    std::size_t rejected() const noexcept { return rejected_; }

  private:
    bool load_name(const ListEntry& entry);
    bool load_ip(const ListEntry& entry);
    bool load_url(const ListEntry& entry);
    bool load_sni(const ListEntry& entry);
    bool merge_local_data(const ListEntry& entry);
    RecordIndex record_of(const ListEntry& entry);
    void note_action(const ListEntry& entry, RecordIndex record);

    PolicyBuilder& builder_;
    ListIndex list_;
    bool has_records_;
    std::size_t loaded_ = 0;
    std::size_t rejected_ = 0;
    // RPZ spreads one redirect's addresses over several lines of the same owner name.
    std::unordered_map<std::string, std::uint32_t> redirect_rows_;
};

class PolicyBuilder {
  public:
    PolicyBuilder();

    ListIndex add_list(ListInfo info);
    ListLoader loader(ListIndex list) { return ListLoader(*this, list); }

    // The group of clients no prefix covers. Without this call it enables every list, so a
    // configuration without groups filters everyone with everything.
    void set_default_group(ClientGroup group);
    // Clients in `prefixes` (longest prefix across groups wins; on an equal prefix the first
    // group added wins).
    GroupIndex add_group(ClientGroup group, std::span<const IpPrefix> prefixes);

    std::shared_ptr<const Policy> build() &&;

  private:
    friend class ListLoader;

    std::uint8_t scope_index(std::string_view scope);

    std::shared_ptr<Policy>
        policy_;  // lists and groups filled as added; tables moved in by build()
    std::vector<std::string> scopes_;
    bool default_group_set_ = false;
    PrefixMapBuilder group_prefixes_;
    RuleSetBuilder names_;
    RuleSetBuilder sni_;
    PrefixMapBuilder ip_prefixes_;
    UrlRulesBuilder urls_;
};

}  // namespace roja::filter
