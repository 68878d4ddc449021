// The warning and not-found pages in every language, compiled at start-up from the operator's
// template directory, each file falling back to the built-in one when the directory lacks it.
#pragma once

#include <array>
#include <string>

#include "daemon/http/language.hpp"
#include "daemon/http/page_template.hpp"

namespace roja::http {

struct LanguagePages {
    PageTemplate blocked;
    PageTemplate not_found;
};

class WarningTemplates {
  public:
    // Throws std::runtime_error (start-up only) naming the file and line of any problem.
    static WarningTemplates load(const std::string& directory);
    // The built-in pages only (tests, benchmarks).
    static WarningTemplates builtin() { return load(""); }

    const LanguagePages& pages(Language language) const noexcept {
        return pages_[static_cast<std::size_t>(language)];
    }
    // Files taken from the directory rather than the built-ins, for the start-up log.
    std::size_t files_from_directory() const noexcept { return from_directory_; }

  private:
    std::array<LanguagePages, kLanguageCount> pages_;
    std::size_t from_directory_ = 0;
};

}  // namespace roja::http
