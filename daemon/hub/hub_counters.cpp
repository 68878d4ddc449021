#include "daemon/hub/hub_counters.hpp"

namespace roja::hub {

HubCounters& hub_counters() noexcept {
    static HubCounters counters;
    return counters;
}

}  // namespace roja::hub
