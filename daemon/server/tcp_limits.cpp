#include "daemon/server/tcp_limits.hpp"

namespace roja::server {

bool TcpAdmission::admit(const boost::asio::ip::address& client) {
    std::lock_guard lock(mutex_);
    auto& mine = per_client_[client];
    if (total_ >= limits_.max_connections || mine >= limits_.max_connections_per_client) {
        if (mine == 0) per_client_.erase(client);
        ++refused_;
        return false;
    }
    ++mine;
    ++total_;
    return true;
}

void TcpAdmission::release(const boost::asio::ip::address& client) {
    std::lock_guard lock(mutex_);
    auto it = per_client_.find(client);
    if (it == per_client_.end()) return;
    if (--it->second == 0) per_client_.erase(it);
    --total_;
}

std::uint64_t TcpAdmission::refused() const noexcept {
    std::lock_guard lock(mutex_);
    return refused_;
}

}  // namespace roja::server
