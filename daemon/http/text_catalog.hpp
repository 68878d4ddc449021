// One language's texts for the pages: a file of `key = value` lines ('#' starts a comment
// line), so a translator edits sentences without touching HTML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roja::http {

class TextCatalog {
  public:
    // Throws std::runtime_error with "name:line: problem" for a line without '=', an empty key
    // or a key given twice (start-up only).
    static TextCatalog parse(std::string_view text, std::string_view source_name);

    std::optional<std::string_view> find(std::string_view key) const noexcept;
    std::size_t size() const noexcept { return texts_.size(); }

  private:
    std::vector<std::pair<std::string, std::string>> texts_;
};

}  // namespace roja::http
