// Name decoding and encoding with every length checked before it is used.
#include "daemon/wire/wire_name.hpp"

#include <cstring>

#include "daemon/wire/dns_constants.hpp"
#include "filter/domain_name.hpp"

namespace roja::wire {

namespace {

// More hops than labels can never be needed; the length limit would stop a loop anyway.
constexpr int kMaxPointerHops = 128;

std::uint8_t ascii_lower(std::uint8_t c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + ('a' - 'A')) : c;
}

// Appends one label to whichever outputs the caller asked for.
void emit_label(const std::uint8_t* label, std::size_t length, NameOutput& output,
                NameExtent& extent) noexcept {
    if (output.wire != nullptr) {
        output.wire[extent.wire_length] = static_cast<std::uint8_t>(length);
        std::memcpy(output.wire + extent.wire_length + 1, label, length);
    }
    if (output.text != nullptr) {
        if (extent.text_length > 0) output.text[extent.text_length++] = '.';
        extent.text_length +=
            filter::append_canonical_label(label, length, output.text + extent.text_length);
    }
    extent.wire_length += length + 1;
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Reads one escape starting at the backslash text[i]; advances i past it.
Result<std::uint8_t> read_escape(std::string_view text, std::size_t& i) noexcept {
    if (i + 1 >= text.size()) return WireError::bad_name_text;
    if (!is_digit(text[i + 1])) {
        i += 2;
        return static_cast<std::uint8_t>(text[i - 1]);
    }
    if (i + 3 >= text.size()) return WireError::bad_name_text;
    if (!is_digit(text[i + 2]) || !is_digit(text[i + 3])) return WireError::bad_name_text;
    const int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    if (value > 255) return WireError::bad_name_text;
    i += 4;
    return static_cast<std::uint8_t>(value);
}

}  // namespace

Result<NameExtent> read_name(std::span<const std::uint8_t> message, std::size_t pos,
                             Compression compression, NameOutput output) noexcept {
    NameExtent extent;
    bool jumped = false;
    int hops = 0;
    std::size_t cursor = pos;
    for (;;) {
        if (cursor >= message.size()) return WireError::truncated;
        const std::uint8_t length = message[cursor];
        if ((length & 0xC0) == 0xC0) {
            if (compression == Compression::forbidden) return WireError::pointer_not_allowed;
            if (cursor + 1 >= message.size()) return WireError::truncated;
            const std::size_t target = (std::size_t{length & 0x3Fu} << 8) | message[cursor + 1];
            if (target >= cursor || target < kHeaderSize || ++hops > kMaxPointerHops)
                return WireError::bad_pointer;
            if (!jumped) extent.next = cursor + 2;
            jumped = true;
            cursor = target;
            continue;
        }
        if ((length & 0xC0) != 0) return WireError::bad_label;
        if (length == 0) break;
        if (message.size() - cursor - 1 < length) return WireError::truncated;
        if (extent.wire_length + length + 1 + 1 > kMaxNameOctets) return WireError::name_too_long;
        emit_label(message.data() + cursor + 1, length, output, extent);
        cursor += length + 1;
    }
    if (output.wire != nullptr) output.wire[extent.wire_length] = 0;
    extent.wire_length += 1;
    if (!jumped) extent.next = cursor + 1;
    return extent;
}

Result<std::size_t> encode_name(std::string_view text, std::span<std::uint8_t> out) noexcept {
    if (text == ".") text = {};
    if (!text.empty() && text.back() == '.' && !(text.size() >= 2 && text[text.size() - 2] == '\\'))
        text.remove_suffix(1);
    std::size_t written = 0;
    std::size_t label_start = 0;  // where the current label's length octet goes
    const std::size_t capacity = out.size() < kMaxNameOctets ? out.size() : kMaxNameOctets;
    if (capacity == 0) return WireError::output_too_small;
    written = 1;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '.') {
            if (written - label_start == 1) return WireError::bad_name_text;  // empty label
            label_start = written++;
            if (written > capacity) return WireError::name_too_long;
            ++i;
            continue;
        }
        std::uint8_t octet = static_cast<std::uint8_t>(text[i]);
        if (text[i] == '\\') {
            auto escaped = read_escape(text, i);
            if (!escaped) return escaped.error();
            octet = *escaped;
        } else {
            ++i;
        }
        if (written - label_start - 1 >= kMaxLabelOctets) return WireError::bad_label;
        if (written + 1 >= capacity) return WireError::name_too_long;  // keep room for the root
        out[written++] = octet;
        out[label_start] = static_cast<std::uint8_t>(written - label_start - 1);
    }
    if (!text.empty() && written - label_start == 1) return WireError::bad_name_text;
    if (written + 1 > capacity) return WireError::name_too_long;
    if (text.empty()) written = 0;
    out[written++] = 0;
    return written;
}

bool wire_names_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    if (a.size() != b.size()) return false;
    // Length octets are at most 63, below 'A', so lowering every byte is safe.
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

}  // namespace roja::wire
