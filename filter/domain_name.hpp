// Domain names in Roja's canonical text form: the one spelling every list entry and query is
// reduced to before matching, so that a lookup is a plain byte comparison.
//
// Canonical form: ASCII lower case, no trailing dot, labels joined by '.', and every octet that
// is '.', '\\', or outside 0x21..0x7e written as a three-digit "\DDD" escape. A raw '.' is
// therefore always a label separator. The root is the empty string. Non-ASCII (UTF-8) input is
// converted to A-labels (punycode) with IDNA2008 before that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "filter/name_error.hpp"
#include "filter/result.hpp"

namespace roja::filter {

inline constexpr std::size_t kMaxLabelOctets = 63;
inline constexpr std::size_t kMaxNameOctets = 255;       // wire form, root label included
inline constexpr std::size_t kMaxCanonicalChars = 1024;  // 255 octets, each at most "\DDD"

// Appends the canonical spelling of one raw label (octets as on the wire) to `out`.
// Returns the number of characters written; `out` needs room for 4 * label.size().
std::size_t append_canonical_label(const std::uint8_t* label, std::size_t length,
                                   char* out) noexcept;

// Parses presentation or UTF-8 text ("WWW.Example.COM.", "b\\046c.d", "bücher.de") into
// canonical form, replacing the contents of `out`. `out` keeps its capacity, so a parser
// reusing one string allocates nothing per entry.
Result<void> canonicalize(std::string_view text, std::string& out);

class DomainName {
  public:
    DomainName() = default;  // the root

    static Result<DomainName> parse(std::string_view text);

    std::string_view text() const noexcept { return text_; }
    bool is_root() const noexcept { return text_.empty(); }
    std::size_t label_count() const noexcept;
    // The name one label up ("b.c" for "a.b.c"); the root stays the root.
    DomainName parent() const;
    // True when this name equals `ancestor` or lies below it.
    bool is_subdomain_of(const DomainName& ancestor) const noexcept;

    friend bool operator==(const DomainName&, const DomainName&) = default;

  private:
    explicit DomainName(std::string text) : text_(std::move(text)) {}
    std::string text_;
};

}  // namespace roja::filter
