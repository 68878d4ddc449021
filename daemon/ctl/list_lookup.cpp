#include "daemon/ctl/list_lookup.hpp"

#include <optional>
#include <ostream>
#include <string>

#include "filter/domain_name.hpp"

namespace roja::ctl {

namespace {

using filter::Disposition;
using filter::EntryType;
using filter::MatchScope;
using filter::RuleHit;

class IndexingSink final : public filter::EntrySink {
  public:
    void on_entry(const filter::ListEntry& e) override {
        if (e.type != EntryType::domain && e.type != EntryType::exact && e.type != EntryType::sni) {
            ++not_indexed;
            return;
        }
        const auto scope = e.type != EntryType::domain ? MatchScope::exact
                           : e.subdomains_only         ? MatchScope::below
                                                       : MatchScope::subtree;
        builder.add(e.value, scope, e.disposition, 0, e.line);
    }
    filter::RuleSetBuilder builder;
    std::size_t not_indexed = 0;
};

// Hits come most specific first; at the first hit's depth an allow entry beats a block entry.
std::optional<RuleHit> deciding_hit(const filter::RuleSet& rules, std::string_view canonical) {
    std::optional<RuleHit> best;
    rules.for_each_match(canonical, [&](const RuleHit& hit) {
        if (best && hit.depth != best->depth) return false;
        if (!best || hit.disposition == Disposition::allow) best = hit;
        return true;
    });
    return best;
}

// The listed name is the query with `depth` labels taken off the left.
std::string_view listed_name(std::string_view canonical, std::uint8_t depth) {
    for (std::uint8_t i = 0; i < depth; ++i) canonical.remove_prefix(canonical.find('.') + 1);
    return canonical;
}

}  // namespace

LookupIndex build_lookup_index(filter::ListFormat format, std::string_view content,
                               std::string_view file) {
    IndexingSink sink;
    auto report = filter::parse_list(format, content, file, sink);
    return {std::move(report), std::move(sink.builder).build(), sink.not_indexed};
}

void explain_lookup(const filter::RuleSet& rules, std::string_view name, std::ostream& out) {
    std::string canonical;
    if (auto r = filter::canonicalize(name, canonical); !r || canonical.empty()) {
        out << name << ": invalid name (" << (r ? std::string("the root") : r.error().message())
            << ")\n";
        return;
    }
    const auto hit = deciding_hit(rules, canonical);
    if (!hit) {
        out << name << ": no match\n";
        return;
    }
    out << name << ": " << (hit->disposition == Disposition::allow ? "allowed" : "blocked")
        << " by line " << hit->record << " (" << listed_name(canonical, hit->depth)
        << (hit->scope == MatchScope::subtree ? ", with subdomains"
            : hit->scope == MatchScope::below ? ", subdomains only"
                                              : ", exact")
        << ")\n";
}

}  // namespace roja::ctl
