// An operator-editable page, compiled once per language: the HTML template with the language's
// texts folded in as escaped literals, and slots for the request's values. Rendering is one
// pass of appends with no parsing.
//
// Syntax (a subset of Mustache, without any raw insertion):
//   {{name}}                 a value (page_field.hpp), HTML-escaped
//   {{t.key}}                the language's text `key`, HTML-escaped; a text may itself hold
//                            {{name}} values (not sections)
//   {{#name}} ... {{/name}}  the part is kept only when the value is not empty
//   {{^name}} ... {{/name}}  ... only when it is empty
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/page_field.hpp"
#include "daemon/http/text_catalog.hpp"

namespace roja::http {

class PageTemplate {
  public:
    // Throws std::runtime_error naming the place and the problem (start-up only): an unknown
    // name, a missing text, an unclosed or mismatched section.
    static PageTemplate compile(std::string_view source, const TextCatalog& texts,
                                std::string_view source_name);

    void render(const PageValues& values, std::string& out) const;

  private:
    enum class OpKind : std::uint8_t { literal, value, section, inverted };
    struct Op {
        OpKind kind = OpKind::literal;
        PageField field = PageField::lang;
        std::uint32_t literal_offset = 0;  // literal: into literals_
        std::uint32_t literal_length = 0;
        std::uint32_t skip_to = 0;  // section: the op after its end
    };
    class Compiler;

    std::vector<Op> ops_;
    std::string literals_;  // already escaped where they came from texts
};

}  // namespace roja::http
