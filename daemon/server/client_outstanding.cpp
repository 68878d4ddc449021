#include "daemon/server/client_outstanding.hpp"

namespace roja::server {

bool ClientOutstanding::try_add(std::uint64_t key) {
    std::uint32_t& count = in_flight_[key];
    if (count >= cap_) return false;  // never 0 here: a new entry starts below any cap >= 1
    ++count;
    return true;
}

void ClientOutstanding::remove(std::uint64_t key) noexcept {
    const auto found = in_flight_.find(key);
    if (found == in_flight_.end()) return;
    if (--found->second == 0) in_flight_.erase(found);
}

}  // namespace roja::server
