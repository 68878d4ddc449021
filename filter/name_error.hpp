// Why a domain name was rejected; an error_code enum so it travels inside Result<T>.
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

namespace roja::filter {

enum class NameError {
    empty = 1,          // no characters at all (the root is written ".")
    empty_label,        // "a..b" or a leading dot
    label_too_long,     // a label over 63 octets
    name_too_long,      // over 255 octets in wire form
    bad_escape,         // "\" not followed by a character or three digits <= 255
    invalid_character,  // space or control character outside an escape
    idn_invalid,        // UTF-8 that IDNA2008 rejects
};

const boost::system::error_category& name_error_category() noexcept;

inline boost::system::error_code make_error_code(NameError e) noexcept {
    return {static_cast<int>(e), name_error_category()};
}

}  // namespace roja::filter

template <>
struct boost::system::is_error_code_enum<roja::filter::NameError> : std::true_type {};
