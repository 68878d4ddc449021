// Shared by the list-parser fuzz targets: checks what every parser promises about its entries
// (non-empty, canonical names stay canonical) and traps when a promise is broken.
#pragma once

#include <string>

#include "filter/domain_name.hpp"
#include "filter/list_entry.hpp"

namespace roja::filter::fuzz {

class CheckingSink final : public EntrySink {
  public:
    void on_entry(const ListEntry& e) override {
        if (e.value.empty() || e.line == 0) __builtin_trap();
        if (e.type == EntryType::domain || e.type == EntryType::exact || e.type == EntryType::sni) {
            if (!canonicalize(e.value, again_) || again_ != e.value) __builtin_trap();
        }
    }

  private:
    std::string again_;
};

}  // namespace roja::filter::fuzz
