#include "filter/parse_report.hpp"

namespace roja::filter {

void ParseReport::keep_error(std::uint32_t line, std::string_view reason) {
    if (errors_.size() < kMaxErrors) errors_.push_back({file_, line, std::string(reason)});
}

void ParseReport::count_unsupported(std::uint32_t line, std::string_view reason) {
    ++unsupported_;
    keep_error(line, reason);
}

void ParseReport::count_invalid(std::uint32_t line, std::string_view reason) {
    ++invalid_;
    keep_error(line, reason);
}

void ParseReport::fail(std::uint32_t line, std::string_view reason) {
    failed_ = true;
    keep_error(line, reason);
}

std::size_t ParseReport::entries() const noexcept {
    std::size_t total = 0;
    for (const auto& by_disposition : counts_)
        for (std::size_t n : by_disposition) total += n;
    return total;
}

}  // namespace roja::filter
