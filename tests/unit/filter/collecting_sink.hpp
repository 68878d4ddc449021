// Test helper: keeps copies of every entry a parser emits (the parser's views die with the call).
#pragma once

#include <string>
#include <vector>

#include "filter/list_entry.hpp"

namespace roja::filter::test {

struct CollectedEntry {
    EntryType type;
    Disposition disposition;
    std::string value;
    std::uint32_t line;
    std::string id, authority, decision, decision_date, legal_basis, category, effective_from,
        expires;
};

class CollectingSink final : public EntrySink {
  public:
    void on_entry(const ListEntry& e) override {
        const EntryFields& f = e.fields;
        entries.push_back({e.type, e.disposition, std::string(e.value), e.line, std::string(f.id),
                           std::string(f.authority), std::string(f.decision),
                           std::string(f.decision_date), std::string(f.legal_basis),
                           std::string(f.category), std::string(f.effective_from),
                           std::string(f.expires)});
    }
    std::vector<std::string> values() const {
        std::vector<std::string> out;
        for (const auto& e : entries) out.push_back(e.value);
        return out;
    }
    std::vector<CollectedEntry> entries;
};

}  // namespace roja::filter::test
