// One query to a primary over TCP and its whole answer: SOA, AXFR (RFC 5936) or IXFR (RFC 1995),
// TSIG-signed when the list has a key, every message of the answer verified (RFC 8945 §5.3.1),
// read into an XfrReader within the byte, record and time caps. A failure says which
// (xfr_failure.hpp) and why, in words for the log.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/xfr_reader.hpp"

namespace roja::rpz {

struct XfrTarget {
    boost::asio::ip::tcp::endpoint primary;
    std::string apex;              // canonical
    const TsigKey* key = nullptr;  // null: unsigned
    std::uint64_t max_bytes = 0;
    std::uint64_t max_records = 0;
    std::chrono::seconds timeout{300};
};

struct XfrOutcome {
    std::unique_ptr<XfrReader> reader;  // complete when `failure` is clear
    boost::system::error_code failure;
    std::string detail;
    std::uint64_t bytes = 0;
    std::size_t messages = 0;
    double seconds = 0;  // connection to the last message
};

// `qtype` SOA, AXFR or IXFR; `current` our SOA (SOA and IXFR queries carry its serial).
boost::asio::awaitable<XfrOutcome> ask_primary(boost::asio::io_context& io, const XfrTarget& target,
                                               std::uint16_t qtype,
                                               std::optional<SoaFields> current);

}  // namespace roja::rpz
