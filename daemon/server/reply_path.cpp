#include "daemon/server/reply_path.hpp"

#include "daemon/server/tcp_connection.hpp"
#include "daemon/server/udp_listener.hpp"

namespace roja::server {

void ReplyPath::send(std::span<const std::uint8_t> answer) const {
    if (stream) {
        stream->send_later(answer);
    } else if (udp != nullptr && !answer.empty()) {
        udp->send_later(answer, udp_client);
    }
}

}  // namespace roja::server
