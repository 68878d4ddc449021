#include "daemon/http/page_template.hpp"

#include <stdexcept>

#include "daemon/http/html_escape.hpp"

namespace roja::http {

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Where the next "{{name}}" is: the text before it, the tag's content, and the rest.
struct Tag {
    std::string_view before;
    std::string_view name;
    std::string_view rest;
    bool found = false;
};

Tag next_tag(std::string_view text) {
    const auto open = text.find("{{");
    if (open == std::string_view::npos) return {text, {}, {}, false};
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
        return {text.substr(0, open), text.substr(open + 2), {}, true};
    return {text.substr(0, open), trim(text.substr(open + 2, close - open - 2)),
            text.substr(close + 2), true};
}

}  // namespace

class PageTemplate::Compiler {
  public:
    Compiler(PageTemplate& out, const TextCatalog& texts, std::string_view source_name)
        : out_(out), texts_(texts), source_name_(source_name) {}

    void compile(std::string_view source) {
        for (Tag tag = next_tag(source);; tag = next_tag(tag.rest)) {
            add_literal(tag.before);
            if (!tag.found) break;
            on_tag(tag.name);
        }
        if (!open_.empty()) fail("section {{#" + name_of(open_.back()) + "}} is never closed");
    }

  private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw std::runtime_error(std::string(source_name_) + ": " + problem);
    }
    std::string name_of(std::size_t op) const {
        return std::string(kPageFieldNames[static_cast<std::size_t>(out_.ops_[op].field)]);
    }

    PageField field(std::string_view name) const {
        const auto field = page_field_from_name(name);
        if (!field) fail("unknown value {{" + std::string(name) + "}}");
        return *field;
    }

    void on_tag(std::string_view name) {
        if (name.empty()) fail("an empty {{}}");
        if (name.front() == '#' || name.front() == '^') {
            open_.push_back(out_.ops_.size());
            out_.ops_.push_back({name.front() == '#' ? OpKind::section : OpKind::inverted,
                                 field(trim(name.substr(1)))});
        } else if (name.front() == '/') {
            const PageField closing = field(trim(name.substr(1)));
            if (open_.empty() || out_.ops_[open_.back()].field != closing)
                fail("{{" + std::string(name) + "}} closes no open section of that name");
            out_.ops_[open_.back()].skip_to = static_cast<std::uint32_t>(out_.ops_.size());
            open_.pop_back();
            sealed_ = true;  // what follows the section is outside it: never merge into it
        } else if (name.starts_with("t.")) {
            add_text(name.substr(2));
        } else {
            out_.ops_.push_back({OpKind::value, field(name)});
        }
    }

    // A text's literal parts are escaped now; its {{name}} parts become value slots.
    void add_text(std::string_view key) {
        const auto text = texts_.find(key);
        if (!text) fail("no text \"" + std::string(key) + "\" in this language");
        std::string escaped;
        for (Tag tag = next_tag(*text);; tag = next_tag(tag.rest)) {
            escaped.clear();
            append_html_escaped(tag.before, escaped);
            add_literal(escaped);
            if (!tag.found) break;
            if (tag.name.empty() || tag.name.front() == '#' || tag.name.front() == '^' ||
                tag.name.front() == '/' || tag.name.starts_with("t."))
                fail("text \"" + std::string(key) + "\" may only hold {{value}} tags");
            out_.ops_.push_back({OpKind::value, field(tag.name)});
        }
    }

    void add_literal(std::string_view html) {
        if (html.empty()) return;
        auto& ops = out_.ops_;
        if (ops.empty() || ops.back().kind != OpKind::literal || sealed_) {
            ops.push_back({OpKind::literal, PageField::lang,
                           static_cast<std::uint32_t>(out_.literals_.size()), 0});
        }
        out_.literals_.append(html);
        ops.back().literal_length += static_cast<std::uint32_t>(html.size());
        sealed_ = false;
    }

    PageTemplate& out_;
    const TextCatalog& texts_;
    std::string_view source_name_;
    std::vector<std::size_t> open_;  // ops of the sections not yet closed
    bool sealed_ = false;
};

PageTemplate PageTemplate::compile(std::string_view source, const TextCatalog& texts,
                                   std::string_view source_name) {
    PageTemplate page;
    Compiler(page, texts, source_name).compile(source);
    return page;
}

void PageTemplate::render(const PageValues& values, std::string& out) const {
    out.reserve(out.size() + literals_.size() + 512);
    for (std::size_t i = 0; i < ops_.size();) {
        const Op& op = ops_[i];
        switch (op.kind) {
            case OpKind::literal:
                out.append(literals_, op.literal_offset, op.literal_length);
                break;
            case OpKind::value:
                append_html_escaped(values.get(op.field), out);
                break;
            case OpKind::section:
            case OpKind::inverted:
                if (values.get(op.field).empty() == (op.kind == OpKind::section)) {
                    i = op.skip_to;
                    continue;
                }
                break;
        }
        ++i;
    }
}

}  // namespace roja::http
