// URL entries ("host/path...", normalised by the parser) by host: DNS asks whether a host has any
// (to send it to the HTTP filter), the HTTP filter asks which entries match a request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filter/list_entry.hpp"
#include "filter/result.hpp"
#include "filter/rule_set.hpp"

namespace roja::filter {

struct UrlHit {
    ListIndex list = 0;
    Disposition disposition = Disposition::block;
    RecordIndex record = 0;
    bool exact = false;             // the entry path equals the request's
    std::uint16_t path_length = 0;  // longer = more specific
};

// An entry path P matches a request path R when R == P, or R starts with P and the match ends
// at a boundary: P ends in '/', or R continues with '/' or '?' ('&' too when P has a query).
// So "/a" matches "/a/b" and "/a?x" but not "/ab".
bool url_path_matches(std::string_view entry_path, std::string_view request_path) noexcept;

class UrlRules {
  public:
    // Calls visit(const UrlHit&) for each entry of the host matching `path_and_query`
    // (empty = "/"), in path order. No allocation.
    template <class Visit>
    void for_each_match(std::string_view canonical_host, std::string_view path_and_query,
                        Visit&& visit) const;
    // Calls visit(ListIndex) for each entry of the host, matching or not.
    template <class Visit>
    void for_each_list(std::string_view canonical_host, Visit&& visit) const;

    std::size_t size() const noexcept { return entries_.size(); }
    // Calls visit(ListIndex) for every entry (exporters count what they cannot carry).
    template <class Visit>
    void for_each_entry_list(Visit&& visit) const {
        for (const Entry& e : entries_) visit(e.list);
    }
    std::size_t memory_bytes() const noexcept;

  private:
    friend class UrlRulesBuilder;
    struct Entry {
        std::uint32_t host;  // offsets into arena_
        std::uint32_t path;
        std::uint16_t host_length;
        std::uint16_t path_length;
        ListIndex list;
        Disposition disposition;
        RecordIndex record;
    };
    std::string_view host_of(const Entry& e) const noexcept {
        return {arena_.data() + e.host, e.host_length};
    }
    std::string_view path_of(const Entry& e) const noexcept {
        return {arena_.data() + e.path, e.path_length};
    }
    std::pair<std::size_t, std::size_t> host_range(std::string_view host) const noexcept;

    std::vector<Entry> entries_;  // sorted by host, then path
    std::string arena_;
};

class UrlRulesBuilder {
  public:
    // `host_and_path`: "host" or "host/path?query"; fails (errc::invalid_argument) without a host
    // or when a part exceeds 65535 characters.
    Result<void> add(std::string_view host_and_path, Disposition disposition, ListIndex list,
                     RecordIndex record);
    UrlRules build() &&;

  private:
    UrlRules rules_;
};

template <class Visit>
void UrlRules::for_each_match(std::string_view canonical_host, std::string_view path_and_query,
                              Visit&& visit) const {
    if (path_and_query.empty()) path_and_query = "/";
    const auto [first, last] = host_range(canonical_host);
    for (std::size_t i = first; i < last; ++i) {
        const Entry& e = entries_[i];
        const std::string_view path = path_of(e);
        if (!url_path_matches(path, path_and_query)) continue;
        const UrlHit hit{e.list, e.disposition, e.record, path.size() == path_and_query.size(),
                         e.path_length};
        if (!visit(hit)) return;
    }
}

template <class Visit>
void UrlRules::for_each_list(std::string_view canonical_host, Visit&& visit) const {
    const auto [first, last] = host_range(canonical_host);
    for (std::size_t i = first; i < last; ++i)
        if (!visit(entries_[i].list)) return;
}

}  // namespace roja::filter
