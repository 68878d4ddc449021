// One TCP connection to the RPZ listener: reads queries one after another and answers each —
// SOA, AXFR, IXFR (condensed: a full zone, or the SOA alone when the client is current) — or
// refuses it. A transfer is streamed message by message from a ZoneWalk over the version it
// started with, so a new version swapped in meanwhile does not mix into it.
#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "daemon/audit/audit_log.hpp"
#include "daemon/rpz/rpz_counters.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/zone_catalog.hpp"

namespace roja::rpz {

struct XfrContext {
    const ZoneCatalog& catalog;
    const TsigKeyring& keys;
    // "consumer X took serial N at T", one record per completed transfer (null: no audit log).
    audit::AuditLog* audit = nullptr;
    RpzCounters* counters = nullptr;  // null: not counted (tests)
};

boost::asio::awaitable<void> serve_xfr_connection(boost::asio::ip::tcp::socket socket,
                                                  const XfrContext& context);

// The same queries over UDP, where consumers send their SOA checks (BIND asks by UDP first):
// SOA answered, IXFR answered with the SOA alone, AXFR refused with NOTIMP.
boost::asio::awaitable<void> serve_xfr_datagrams(boost::asio::ip::udp::socket& socket,
                                                 const XfrContext& context);

}  // namespace roja::rpz
