// NOTIFY (RFC 1996) to a zone's consumers when a new version is in force: one UDP message per
// consumer from the listener's address (secondaries accept NOTIFY only from their primary's),
// TSIG-signed with the zone's notify key, retried with doubling waits until answered. A newer
// version of the zone supersedes the retries of an older one.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "config/config.hpp"
#include "daemon/rpz/rpz_counters.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/zone_version.hpp"

namespace roja::rpz {

class NotifySender {
  public:
    NotifySender(boost::asio::io_context& io, boost::asio::ip::address source,
                 const TsigKeyring& keys, RpzCounters& counters)
        : io_(io), source_(source), keys_(keys), counters_(counters) {}

    // Starts notifying every consumer of `version`'s zone (on the RPZ thread).
    void announce(const std::shared_ptr<const ZoneVersion>& version);

  private:
    boost::asio::awaitable<void> notify(std::shared_ptr<const ZoneVersion> version,
                                        config::Endpoint consumer, std::uint64_t round);

    boost::asio::io_context& io_;
    boost::asio::ip::address source_;
    const TsigKeyring& keys_;
    RpzCounters& counters_;
    std::map<std::string, std::uint64_t> rounds_;  // by zone: a newer round stops older retries
};

}  // namespace roja::rpz
