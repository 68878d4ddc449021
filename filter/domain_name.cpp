// Name canonicalisation: escapes, IDN, case and RFC 1035 limits, with a precise reason on failure.
#include "filter/domain_name.hpp"

#include <idn2.h>

#include <array>
#include <memory>

namespace roja::filter {

namespace {

class NameErrorCategory final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "roja.name"; }
    std::string message(int code) const override {
        switch (static_cast<NameError>(code)) {
            case NameError::empty:
                return "empty name";
            case NameError::empty_label:
                return "empty label";
            case NameError::label_too_long:
                return "label longer than 63 octets";
            case NameError::name_too_long:
                return "name longer than 255 octets";
            case NameError::bad_escape:
                return "bad escape sequence";
            case NameError::invalid_character:
                return "space or control character in name";
            case NameError::idn_invalid:
                return "not a valid internationalised name (IDNA2008)";
        }
        return "unknown name error";
    }
};

bool needs_escape(std::uint8_t c) noexcept {
    return c == '.' || c == '\\' || c < 0x21 || c > 0x7e;
}

bool has_non_ascii(std::string_view text) noexcept {
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// Reads one escape after the backslash at text[i]; advances i past it.
Result<std::uint8_t> read_escape(std::string_view text, std::size_t& i) {
    if (i + 1 >= text.size()) return NameError::bad_escape;
    const auto is_digit = [&](std::size_t k) {
        return k < text.size() && text[k] >= '0' && text[k] <= '9';
    };
    if (!is_digit(i + 1)) {
        i += 2;
        return static_cast<std::uint8_t>(text[i - 1]);
    }
    if (!is_digit(i + 2) || !is_digit(i + 3)) return NameError::bad_escape;
    const int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    if (value > 255) return NameError::bad_escape;
    i += 4;
    return static_cast<std::uint8_t>(value);
}

// The next octet of a label at text[i], plain or escaped; advances i past it.
Result<std::uint8_t> read_octet(std::string_view text, std::size_t& i) {
    const auto c = static_cast<std::uint8_t>(text[i]);
    if (c == '\\') return read_escape(text, i);
    if (c <= 0x20 || c == 0x7f) return NameError::invalid_character;
    ++i;
    return c;
}

// "example.com." and "example.com" are the same name; an escaped final dot is part of a label.
std::string_view without_root_dot(std::string_view text) {
    if (text.back() == '.' && !(text.size() >= 2 && text[text.size() - 2] == '\\'))
        text.remove_suffix(1);
    return text;
}

// Splits presentation text into raw labels and writes them canonically into `out`.
Result<void> canonicalize_ascii(std::string_view text, std::string& out) {
    out.clear();
    if (text.empty()) return NameError::empty;
    if (text == ".") return {};
    text = without_root_dot(text);
    std::array<std::uint8_t, kMaxLabelOctets + 1> label{};
    std::size_t label_length = 0;
    std::size_t wire_length = 1;  // the root label
    std::array<char, 4 * (kMaxLabelOctets + 1)> spelled{};
    const auto finish_label = [&]() -> Result<void> {
        if (label_length == 0) return NameError::empty_label;
        wire_length += label_length + 1;
        if (wire_length > kMaxNameOctets) return NameError::name_too_long;
        if (!out.empty()) out.push_back('.');
        out.append(spelled.data(),
                   append_canonical_label(label.data(), label_length, spelled.data()));
        label_length = 0;
        return {};
    };
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '.') {
            if (auto r = finish_label(); !r) return r;
            ++i;
            continue;
        }
        const auto octet = read_octet(text, i);
        if (!octet) return octet.error();
        if (label_length == kMaxLabelOctets) return NameError::label_too_long;
        label[label_length++] = *octet;
    }
    return finish_label();
}

struct IdnFree {
    void operator()(char* p) const noexcept { idn2_free(p); }
};

}  // namespace

const boost::system::error_category& name_error_category() noexcept {
    static const NameErrorCategory category;
    return category;
}

std::size_t append_canonical_label(const std::uint8_t* label, std::size_t length,
                                   char* out) noexcept {
    char* start = out;
    for (std::size_t i = 0; i < length; ++i) {
        std::uint8_t c = label[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c + ('a' - 'A'));
        if (!needs_escape(c)) {
            *out++ = static_cast<char>(c);
            continue;
        }
        *out++ = '\\';
        *out++ = static_cast<char>('0' + c / 100);
        *out++ = static_cast<char>('0' + (c / 10) % 10);
        *out++ = static_cast<char>('0' + c % 10);
    }
    return static_cast<std::size_t>(out - start);
}

Result<void> canonicalize(std::string_view text, std::string& out) {
    if (!has_non_ascii(text)) return canonicalize_ascii(text, out);
    // IDN: UTF-8 to A-labels. libidn2 wants a NUL-terminated string and lower-cases for us.
    std::string input(text);
    char* ascii = nullptr;
    const int rc = idn2_to_ascii_8z(input.c_str(), &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    std::unique_ptr<char, IdnFree> owned(ascii);
    if (rc != IDN2_OK) {
        out.clear();
        return rc == IDN2_TOO_BIG_DOMAIN  ? NameError::name_too_long
               : rc == IDN2_TOO_BIG_LABEL ? NameError::label_too_long
                                          : NameError::idn_invalid;
    }
    return canonicalize_ascii(owned.get(), out);
}

Result<DomainName> DomainName::parse(std::string_view text) {
    std::string canonical;
    if (auto r = canonicalize(text, canonical); !r) return r.error();
    return DomainName(std::move(canonical));
}

std::size_t DomainName::label_count() const noexcept {
    if (text_.empty()) return 0;
    std::size_t labels = 1;
    for (char c : text_) labels += c == '.';
    return labels;
}

DomainName DomainName::parent() const {
    const auto dot = text_.find('.');
    return dot == std::string::npos ? DomainName() : DomainName(text_.substr(dot + 1));
}

bool DomainName::is_subdomain_of(const DomainName& ancestor) const noexcept {
    const std::string_view self = text_, other = ancestor.text_;
    if (other.empty() || self == other) return true;
    return self.size() > other.size() && self.ends_with(other) &&
           self[self.size() - other.size() - 1] == '.';
}

}  // namespace roja::filter
