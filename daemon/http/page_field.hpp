// The values a warning or not-found page can show: `{{name}}` in a template or a text.
// Every one is escaped when rendered (html_escape.hpp); none is ever inserted raw.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace roja::http {

enum class PageField : std::size_t {
    lang,       // "sq" or "en", for <html lang>
    host,       // what was blocked: the host, or host/path for a URL entry
    time,       // when the page was served (local time with UTC offset)
    authority,  // who ordered the block
    legal_basis,
    decision,  // decision number
    decision_date,
    category,
    list,          // the list's title
    entry,         // the entry id ("akep-1" or "list:line")
    reason,        // censored, blocked or filtered
    organisation,  // the operator
    operator_url,
    appeal_url,
    contact_email,
    contact_phone,
    helpline,            // the child helpline (ALO 116 111)
    reporting_platform,  // the national safe-internet reporting platform
    reporting_url,
    child_protection,  // non-empty for child-protection categories
    censored,          // non-empty for an authority's order
    count_
};

inline constexpr std::size_t kPageFieldCount = static_cast<std::size_t>(PageField::count_);

inline constexpr std::array<std::string_view, kPageFieldCount> kPageFieldNames{
    "lang",          "host",
    "time",          "authority",
    "legal_basis",   "decision",
    "decision_date", "category",
    "list",          "entry",
    "reason",        "organisation",
    "operator_url",  "appeal_url",
    "contact_email", "contact_phone",
    "helpline",      "reporting_platform",
    "reporting_url", "child_protection",
    "censored"};

inline std::optional<PageField> page_field_from_name(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kPageFieldCount; ++i)
        if (kPageFieldNames[i] == name) return static_cast<PageField>(i);
    return std::nullopt;
}

// One page's values, by field; views must outlive the render call.
class PageValues {
  public:
    void set(PageField field, std::string_view value) noexcept {
        values_[static_cast<std::size_t>(field)] = value;
    }
    std::string_view get(PageField field) const noexcept {
        return values_[static_cast<std::size_t>(field)];
    }

  private:
    std::array<std::string_view, kPageFieldCount> values_{};
};

}  // namespace roja::http
