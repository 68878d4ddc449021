// Domain names on the wire: reading (with or without compression) into canonical text and/or
// uncompressed wire bytes, writing canonical text back to wire form, and comparing wire names.
// Everything works on caller-provided fixed buffers; nothing allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "daemon/wire/wire_error.hpp"
#include "filter/result.hpp"

namespace roja::wire {

// Whether a name may use compression pointers where it is read.
enum class Compression { forbidden, backwards };

// Where read_name puts what it decodes; either may be null.
struct NameOutput {
    char* text = nullptr;  // room for kMaxNameChars: canonical text (filter/domain_name.hpp)
    std::uint8_t* wire = nullptr;  // room for kMaxNameOctets: uncompressed wire, case kept
};

struct NameExtent {
    std::size_t next = 0;         // offset just past the name where it started (after a pointer)
    std::size_t wire_length = 0;  // uncompressed octets, root label included
    std::size_t text_length = 0;  // characters written to NameOutput::text
};

// Reads the name at `pos`. Pointers must point strictly backwards and into the message body
// (offset >= 12); a hop limit and the 255-octet limit make loops impossible.
Result<NameExtent> read_name(std::span<const std::uint8_t> message, std::size_t pos,
                             Compression compression, NameOutput output = {}) noexcept;

// Writes canonical (or presentation) text as uncompressed wire form; returns octets written.
// "" and "." are the root. Understands "\DDD" and "\X" escapes.
Result<std::size_t> encode_name(std::string_view text, std::span<std::uint8_t> out) noexcept;

// Compares two uncompressed wire names, ASCII case-insensitively (0x20 randomisation).
bool wire_names_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

}  // namespace roja::wire
