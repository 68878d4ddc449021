// Why a DNS message was rejected; an error_code enum so it travels inside Result<T>.
#pragma once

#include <boost/system/error_code.hpp>

namespace roja::wire {

enum class WireError {
    short_header = 1,     // fewer than 12 bytes
    not_a_response,       // QR clear in what should be a reply
    truncated,            // a name, question or record runs past the end
    bad_label,            // label type 0x40/0x80 or a label over 63 octets
    name_too_long,        // over 255 octets once pointers are followed
    pointer_not_allowed,  // compression where the protocol forbids it
    bad_pointer,          // a pointer that does not point strictly backwards into the body
    bad_rdata,            // RDLENGTH disagrees with the record type's layout
    misplaced_opt,        // OPT outside the additional section or with a non-root owner
    duplicate_opt,        // more than one OPT record
    bad_option,           // an EDNS option runs past the OPT RDATA
    trailing_garbage,     // bytes after the last counted record
    bad_question_count,   // QDCOUNT != 1
    output_too_small,     // the caller's buffer cannot hold the message
    bad_name_text,        // canonical text that does not spell a name
    records_in_query,     // answer or authority records in a query
    bad_question,         // a reply's question does not match the query
};

const boost::system::error_category& wire_error_category() noexcept;

inline boost::system::error_code make_error_code(WireError e) noexcept {
    return {static_cast<int>(e), wire_error_category()};
}

}  // namespace roja::wire

template <>
struct boost::system::is_error_code_enum<roja::wire::WireError> : std::true_type {};
