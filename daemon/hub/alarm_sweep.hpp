// The alarms that no single poll decides, checked once after each poll cycle over the whole
// store: silent (no successful poll for silent_after) and late (a feed version not applied
// within its deadline after issued_at; cleared once applied or superseded).
#pragma once

#include <cstdint>

#include "config/hub_config.hpp"
#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

Result<void> sweep_alarms(sqlite3* db, const config::HubConfig& hub, std::int64_t now);

}  // namespace roja::hub
