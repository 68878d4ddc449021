#include "daemon/api/metrics_page/exposition.hpp"

#include <charconv>
#include <cmath>

namespace roja::metrics {

namespace {

// HELP text escapes backslash and newline; label values also the double quote.
void append_escaped(std::string& out, std::string_view text, bool is_label) {
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && is_label)
            out += "\\\"";
        else
            out.push_back(c);
    }
}

void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buffer[64];
    // Whole numbers (timestamps, serials) in plain digits rather than 1.7e+09.
    const bool is_whole = std::abs(value) < 1e15 && value == std::floor(value);
    const auto [end, ec] =
        is_whole ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value))
                 : std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, ec == std::errc() ? end : buffer);
}

}  // namespace

void Exposition::family(std::string_view name, std::string_view type, std::string_view help) {
    text_ += "# HELP ";
    text_ += name;
    text_ += ' ';
    append_escaped(text_, help, false);
    text_ += "\n# TYPE ";
    text_ += name;
    text_ += ' ';
    text_ += type;
    text_ += '\n';
}

void Exposition::start_sample(std::string_view name, std::initializer_list<Label> labels) {
    text_ += name;
    if (labels.size() > 0) {
        text_ += '{';
        bool first = true;
        for (const Label& label : labels) {
            if (!first) text_ += ',';
            first = false;
            text_ += label.name;
            text_ += "=\"";
            append_escaped(text_, label.value, true);
            text_ += '"';
        }
        text_ += '}';
    }
    text_ += ' ';
}

void Exposition::sample(std::string_view name, std::initializer_list<Label> labels,
                        std::uint64_t value) {
    start_sample(name, labels);
    text_ += std::to_string(value);
    text_ += '\n';
}

void Exposition::sample(std::string_view name, std::initializer_list<Label> labels, double value) {
    start_sample(name, labels);
    append_number(text_, value);
    text_ += '\n';
}

void Exposition::single(std::string_view name, std::string_view type, std::string_view help,
                        std::uint64_t value) {
    family(name, type, help);
    sample(name, {}, value);
}

void Exposition::single(std::string_view name, std::string_view type, std::string_view help,
                        double value) {
    family(name, type, help);
    sample(name, {}, value);
}

}  // namespace roja::metrics
