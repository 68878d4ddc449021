// The compliance report for a period: every feed version issued in it with where each node
// stood (the matrix's cells), the alarms of the period, and counts — one JSON document that the
// hub signs with its Ed25519 key (audit/signed_document.hpp) so anyone with the hub's public
// key can check it offline (`rojactl report verify`). The CSV and the printable page show the
// same document and name its SHA-256.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "daemon/hub/hub_routes.hpp"

namespace roja::hub {

struct ReportPeriod {
    std::string from, to;  // days, "2026-12-01"; `to` inclusive
};

// nullopt-like failure as the store's error.
Result<boost::json::object> build_report(const HubViews& views, const ReportPeriod& period,
                                         std::int64_t now);

}  // namespace roja::hub
