// rojahub's counters for its /metrics page. Bumped by the poll threads (several at once, hence
// fetch_add rather than metrics::Counter's single-writer add); the open alarms are read from the
// database when the page is asked for.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "daemon/hub/alarm_store.hpp"

namespace roja::hub {

struct HubCounters {
    std::atomic<std::uint64_t> polls_ok{0}, polls_failed{0}, cycles{0};
    std::atomic<std::uint64_t> audit_records{0};
    std::array<std::atomic<std::uint64_t>, kAlarmKindNames.size()> alarms_raised{};
    std::array<std::atomic<std::uint64_t>, kAlarmKindNames.size()> alarms_cleared{};
};

HubCounters& hub_counters() noexcept;

}  // namespace roja::hub
