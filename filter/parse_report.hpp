// What a list parser found: counts by kind and the first errors with file, line and reason.
// A bad line is counted and skipped; it never stops the load.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filter/list_entry.hpp"
#include "filter/list_format.hpp"

namespace roja::filter {

struct ParseError {
    std::string file;
    std::uint32_t line = 0;
    std::string reason;
};

class ParseReport {
  public:
    static constexpr std::size_t kMaxErrors = 100;  // the rest are counted, not kept

    ParseReport(std::string file, ListFormat format) : file_(std::move(file)), format_(format) {}

    void count(const ListEntry& entry) noexcept {
        ++counts_[static_cast<std::size_t>(entry.type)]
                 [static_cast<std::size_t>(entry.disposition)];
    }
    void count_unsupported(std::uint32_t line, std::string_view reason);
    void count_invalid(std::uint32_t line, std::string_view reason);
    void set_lines(std::size_t lines) noexcept { lines_ = lines; }
    // Lines that are well-formed but deliberately not entries (hosts' localhost lines).
    void count_skipped() noexcept { ++skipped_; }
    // Something worth telling the operator that is not a line error (e.g. ignored CSV columns).
    void add_note(std::string_view note) { notes_.emplace_back(note); }
    // The file as a whole is unusable (e.g. a CSV without its required columns): no entries
    // were emitted and the caller should treat the load as failed.
    void fail(std::uint32_t line, std::string_view reason);

    const std::string& file() const noexcept { return file_; }
    ListFormat format() const noexcept { return format_; }
    std::size_t lines() const noexcept { return lines_; }
    std::size_t count_of(EntryType type, Disposition disposition) const noexcept {
        return counts_[static_cast<std::size_t>(type)][static_cast<std::size_t>(disposition)];
    }
    std::size_t entries() const noexcept;
    std::size_t unsupported() const noexcept { return unsupported_; }
    std::size_t invalid() const noexcept { return invalid_; }
    std::size_t skipped() const noexcept { return skipped_; }
    bool failed() const noexcept { return failed_; }
    const std::vector<std::string>& notes() const noexcept { return notes_; }
    // Unsupported and invalid lines both land here (first kMaxErrors of them), in line order.
    const std::vector<ParseError>& errors() const noexcept { return errors_; }

  private:
    void keep_error(std::uint32_t line, std::string_view reason);

    std::string file_;
    ListFormat format_;
    std::size_t lines_ = 0;
    std::array<std::array<std::size_t, 2>, kEntryTypeCount> counts_{};
    std::size_t unsupported_ = 0;
    std::size_t invalid_ = 0;
    std::size_t skipped_ = 0;
    bool failed_ = false;
    std::vector<ParseError> errors_;
    std::vector<std::string> notes_;
};

}  // namespace roja::filter
