// Slot choice and rotation. Both draw from the pool's CSPRNG, so neither which socket a query
// leaves by nor when a port is replaced can be predicted from outside.
#include "daemon/upstream/upstream_socket_set.hpp"

#include <algorithm>

namespace roja::upstream {

UpstreamSocketSet::UpstreamSocketSet(boost::asio::io_context& io,
                                     boost::asio::ip::udp::endpoint server, std::size_t slots,
                                     std::chrono::milliseconds lifetime, bool fresh_port,
                                     SocketShared& shared)
    : io_(io),
      server_(server),
      lifetime_(lifetime),
      fresh_port_(fresh_port),
      shared_(shared),
      slots_(std::max<std::size_t>(1, slots)) {}

UpstreamSocketSet::~UpstreamSocketSet() {
    for (auto& slot : slots_)
        if (slot) slot->close();
    for (auto& retired : retired_)
        if (auto socket = retired.lock()) socket->close();
}

Result<std::shared_ptr<UpstreamSocket>> UpstreamSocketSet::pick(Clock::time_point now) {
    if (fresh_port_) {  // used for one try: retired at once, closed when it has its reply
        auto socket = UpstreamSocket::open(io_, server_, shared_, now, true);
        if (socket) {
            std::erase_if(retired_, [](const auto& weak) { return weak.expired(); });
            retired_.push_back(*socket);
        }
        return socket;
    }
    auto& slot = slots_[shared_.ids.random_id() % slots_.size()];
    if (slot && !slot->is_expired(now)) return slot;
    return renew(slot, now);
}

Result<std::shared_ptr<UpstreamSocket>> UpstreamSocketSet::renew(
    std::shared_ptr<UpstreamSocket>& slot, Clock::time_point now) {
    // A lifetime uniform in [lifetime / 2, 3 * lifetime / 2): the rotation has no rhythm to watch.
    const auto jitter = lifetime_ * shared_.ids.random_id() / 65536;
    auto fresh = UpstreamSocket::open(io_, server_, shared_, now + lifetime_ / 2 + jitter);
    if (!fresh) return fresh;  // keep the old socket: a failing open must not cost the slot
    if (slot) {
        std::erase_if(retired_, [](const auto& weak) { return weak.expired(); });
        retired_.push_back(slot);
        slot->retire();
    }
    slot = *fresh;
    return slot;
}

std::size_t UpstreamSocketSet::waiting() const noexcept {
    std::size_t total = 0;
    for (const auto& slot : slots_)
        if (slot) total += slot->waiting();
    for (const auto& retired : retired_)
        if (auto socket = retired.lock()) total += socket->waiting();
    return total;
}

}  // namespace roja::upstream
