// Per-entry records of the lists that carry them (CSV), packed into one text arena. Fields that
// repeat across entries (authority, decision, legal basis...) are stored once.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "filter/entry_record.hpp"
#include "filter/list_entry.hpp"
#include "filter/rule_set.hpp"

namespace roja::filter {

class RecordStore {
  public:
    // Build time only. Fields longer than 65535 characters are cut.
    RecordIndex add(const EntryFields& fields, std::uint32_t line);
    // Drops the build-time interning table; call before sharing.
    void seal();

    std::size_t size() const noexcept { return records_.size(); }
    // `index` must come from add().
    EntryRecord get(RecordIndex index) const noexcept;
    std::size_t memory_bytes() const noexcept;

  private:
    static constexpr std::size_t kFields = 8;
    struct Packed {
        std::array<std::uint32_t, kFields> offset;
        std::array<std::uint16_t, kFields> length;
        std::uint32_t line;
    };
    std::uint32_t intern(std::string_view text, bool share);

    std::vector<Packed> records_;
    std::string arena_;
    std::unordered_map<std::string, std::uint32_t> interned_;
};

}  // namespace roja::filter
