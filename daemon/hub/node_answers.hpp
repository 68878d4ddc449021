// The node's answers (docs/api.md) read into the hub's values. Outside bytes: every field is
// checked, and an answer that is not what the API documents is an error naming what is wrong,
// never an exception (tests/fuzz/daemon/node_answers_fuzz.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "daemon/hub/node_store.hpp"

namespace roja::hub {

template <class T>
using Answer = boost::system::result<T, std::string>;

struct NodeStatus {
    bool is_degraded = false;
    std::string degraded_feeds;  // "akep-al (stale)": for the alarm's detail
};

// GET /api/v1/status
Answer<NodeStatus> read_status(std::string_view body);
// GET /api/v1/confirmation?feed&serial
Answer<NodeConfirmation> read_confirmation(std::string_view body, const FeedSerial& version);
// GET /api/v1/hits?by=day
Answer<std::vector<DayHits>> read_day_hits(std::string_view body);

}  // namespace roja::hub
