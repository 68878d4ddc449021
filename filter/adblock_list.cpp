// Adblock-style lists: only the rules a DNS filter can honour exactly become entries —
// "||name^" (block the name and its subdomains) and "@@||name^" (allow them). Everything else
// a browser extension would apply (cosmetic rules, paths, regexes, substrings, options) is
// counted as unsupported with the reason, so that `rojactl list check` shows what was dropped.
#include <string>

#include "filter/line_reader.hpp"
#include "filter/list_name.hpp"
#include "filter/list_parser.hpp"

namespace roja::filter {

namespace {

enum class LineKind { skip, rule, unsupported };

struct Classified {
    LineKind kind = LineKind::skip;
    std::string_view reason;  // for unsupported
};

bool is_cosmetic(std::string_view rule) noexcept {
    for (std::string_view marker : {"##", "#@#", "#?#", "#$#", "#%#", "#@$#", "#@?#"})
        if (rule.find(marker) != std::string_view::npos) return true;
    return false;
}

// Comments, headers and cosmetic rules: decided before the rule itself is read.
Classified classify(std::string_view line) noexcept {
    if (line.empty() || line.front() == '!') return {};
    if (line.front() == '[' && line.back() == ']') return {};  // "[Adblock Plus 2.0]"
    if (is_cosmetic(line)) return {LineKind::unsupported, "a cosmetic (element hiding) rule"};
    if (line.front() == '#') return {};  // hosts-style comment some lists carry
    return {LineKind::rule, {}};
}

bool is_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// What is left after "||name": only a separator (or nothing) keeps the rule name-shaped.
std::string_view tail_reason(std::string_view tail) noexcept {
    if (tail.empty() || tail == "^" || tail == "^|") return {};
    if (tail.front() == '/') return "a path rule (only whole names are supported)";
    if (tail.front() == '*' || tail.find('*') != std::string_view::npos)
        return "a wildcard pattern";
    if (tail.front() == ':') return "a port in the rule";
    return "a pattern after the name (only '||name^' is supported)";
}

// Options a DNS filter can apply without changing the rule's meaning.
bool is_honoured_option(std::string_view options) noexcept {
    return options == "all";
}

class AdblockLineParser {
  public:
    AdblockLineParser(ParseReport& report, EntrySink& sink) : report_(report), sink_(sink) {
        name_.reserve(kMaxCanonicalChars);
    }

    void parse(std::string_view line, std::uint32_t number) {
        line = trim_blanks(line);
        const Classified c = classify(line);
        if (c.kind == LineKind::skip) return;
        if (c.kind == LineKind::unsupported)
            return report_.count_unsupported(number, describe(c.reason, line));
        parse_rule(line, number);
    }

  private:
    void parse_rule(std::string_view line, std::uint32_t number) {
        std::string_view rule = line;
        const bool allow = rule.starts_with("@@");
        if (allow) rule.remove_prefix(2);
        if (const auto reason = shape_reason(rule); !reason.empty())
            return report_.count_unsupported(number, describe(reason, line));
        const auto dollar = rule.find('$');
        if (dollar != std::string_view::npos && !is_honoured_option(rule.substr(dollar + 1)))
            return report_.count_unsupported(number,
                                             describe("options a DNS filter cannot honour", line));
        std::string_view name =
            rule.substr(2, dollar == std::string_view::npos ? dollar : dollar - 2);
        std::size_t end = 0;
        while (end < name.size() && is_name_char(name[end])) ++end;
        if (const auto reason = tail_reason(name.substr(end)); !reason.empty())
            return report_.count_unsupported(number, describe(reason, line));
        if (!canonicalize_listed_name(name.substr(0, end), name_, number, report_)) return;
        emit(allow ? Disposition::allow : Disposition::block, number);
    }

    // Rules that are not "||..." at all.
    static std::string_view shape_reason(std::string_view rule) noexcept {
        if (rule.starts_with("||")) return {};
        if (rule.size() > 1 && rule.front() == '/') return "a regular expression";
        if (rule.starts_with("|")) return "an address-anchored rule ('|http://...')";
        return "a substring pattern (only '||name^' rules are supported)";
    }

    void emit(Disposition disposition, std::uint32_t number) {
        emit_domain(report_, sink_, name_, number, disposition);
    }

    ParseReport& report_;
    EntrySink& sink_;
    std::string name_;  // reused for every rule
};

}  // namespace

ParseReport parse_adblock_list(std::string_view content, std::string_view file_name,
                               EntrySink& sink) {
    return parse_each_line<AdblockLineParser>(content, file_name, ListFormat::adblock, sink);
}

}  // namespace roja::filter
