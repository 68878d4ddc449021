// The self-test: every blocking name entry the policy holds, resolved through the running
// daemon's own DNS listener as a client of the loopback group would, and the answer compared
// with the block the entry asks for. A miss means a listed name was not enforced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "config/endpoint.hpp"
#include "daemon/server/serving_state.hpp"

namespace roja::api {

struct SelftestMiss {
    std::string name;
    std::string list;
    std::string expected;  // redirect, nxdomain, nodata, refuse
    std::string got;       // "rcode 0, 1 answer", "timeout"
};

struct SelftestReport {
    std::size_t checked = 0;
    std::size_t passed = 0;
    std::size_t skipped = 0;  // lists the loopback group does not enable, or an allow entry wins
    std::vector<SelftestMiss> misses;
    bool is_truncated = false;  // more entries than `limit`

    boost::json::object to_json() const;
};

// Queries `server` (UDP, from loopback) for up to `limit` entries of `state`'s policy.
SelftestReport run_selftest(const server::ServingState& state, const config::Endpoint& server,
                            std::size_t limit);

}  // namespace roja::api
