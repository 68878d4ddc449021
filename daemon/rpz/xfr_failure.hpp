// Why a refresh from a primary did not bring a new zone into force: each is a log line naming
// the primary, the zone and the detail, and the `outcome` label of the transfer metric.
#pragma once

#include <string_view>

#include <boost/system/error_code.hpp>

namespace roja::rpz {

enum class XfrFailure {
    unreachable = 1,   // no TCP connection to the primary
    timeout,           // no complete answer in time
    refused,           // an answer with an error rcode (REFUSED, NOTAUTH, NOTIMP ...)
    bad_tsig,          // unsigned, or a MAC that does not verify (RFC 8945)
    garbled,           // a message that does not parse or breaks the transfer's shape
    truncated,         // the connection closed before the closing SOA
    oversized,         // past max_bytes or max_records
    serial_backwards,  // the primary's serial is older than ours (RFC 1982)
    ixfr_mismatch,     // a difference that does not fit our copy (a full transfer follows)
    not_applied,       // the new zone could not be built, or not written to the state directory
};

std::string_view to_string(XfrFailure failure) noexcept;
const boost::system::error_category& xfr_failure_category() noexcept;
inline boost::system::error_code make_error_code(XfrFailure failure) noexcept {
    return {static_cast<int>(failure), xfr_failure_category()};
}

}  // namespace roja::rpz

template <>
struct boost::system::is_error_code_enum<roja::rpz::XfrFailure> : std::true_type {};
