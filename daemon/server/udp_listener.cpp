#include "daemon/server/udp_listener.hpp"

#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include "daemon/server/socket_options.hpp"

namespace roja::server {

namespace asio = boost::asio;
using asio::ip::udp;

UdpListener::UdpListener(asio::io_context& io, const udp::endpoint& local)
    : socket_(io), in_(kBatch), out_(kBatch) {
    socket_.open(local.protocol());
    set_reuse_port(socket_.native_handle());
    enlarge_buffers(socket_.native_handle(), 4 << 20);
    if (local.address().is_v6()) socket_.set_option(asio::ip::v6_only(true));
    socket_.bind(local);
    socket_.non_blocking(true);
    for (std::size_t i = 0; i < kBatch; ++i) {
        in_iov_[i] = {in_[i].data(), kMaxQuery};
        in_msgs_[i].msg_hdr.msg_iov = &in_iov_[i];
        in_msgs_[i].msg_hdr.msg_iovlen = 1;
        out_msgs_[i].msg_hdr.msg_iov = &out_iov_[i];
        out_msgs_[i].msg_hdr.msg_iovlen = 1;
    }
}

udp::endpoint UdpListener::local_endpoint() const {
    return socket_.local_endpoint();
}

void UdpListener::stop_receiving() noexcept {
    receiving_ = false;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
}

void UdpListener::start(DatagramHandler& handler) {
    handler_ = &handler;
    arm();
}

void UdpListener::arm() {
    socket_.async_wait(udp::socket::wait_read, [this](const boost::system::error_code& error) {
        if (error == asio::error::operation_aborted || !receiving_) return;
        // Drain what the kernel holds, a batch at a time; a short batch means it is empty.
        for (std::size_t count = kBatch; count == kBatch;) {
            count = receive_batch();
            if (count == 0) break;
            answer_batch(count, *handler_);
        }
        arm();
    });
}

std::size_t UdpListener::receive_batch() noexcept {
    for (std::size_t i = 0; i < kBatch; ++i) {
        in_msgs_[i].msg_hdr.msg_name = &peers_[i];
        in_msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        in_msgs_[i].msg_hdr.msg_flags = 0;
    }
    const int n =
        ::recvmmsg(socket_.native_handle(), in_msgs_.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return 0;  // EAGAIN: drained; other errors (ECONNREFUSED from ICMP) change nothing
    counters_.received += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

void UdpListener::answer_batch(std::size_t count, DatagramHandler& handler) {
    std::size_t replies = 0;
    handler.on_batch();
    for (std::size_t i = 0; i < count; ++i) {
        const msghdr& hdr = in_msgs_[i].msg_hdr;
        if (hdr.msg_flags & MSG_TRUNC) {
            ++counters_.oversized;
            continue;
        }
        const std::size_t length = answer_one(i, replies, handler);
        if (length == 0) continue;
        out_iov_[replies] = {out_[replies].data(), length};
        out_msgs_[replies].msg_hdr.msg_name = &peers_[i];
        out_msgs_[replies].msg_hdr.msg_namelen = hdr.msg_namelen;
        ++replies;
    }
    send_batch(replies);
}

// One datagram through the pipeline. A failure inside it (memory exhausted) costs this answer,
// never the listener: the next datagram is served as usual.
std::size_t UdpListener::answer_one(std::size_t i, std::size_t slot, DatagramHandler& handler) {
    udp::endpoint client;
    std::memcpy(client.data(), &peers_[i], in_msgs_[i].msg_hdr.msg_namelen);
    client.resize(in_msgs_[i].msg_hdr.msg_namelen);
    try {
        return handler.on_datagram({in_[i].data(), in_msgs_[i].msg_len}, client,
                                   {out_[slot].data(), kMaxAnswer});
    } catch (const std::exception&) {
        ++counters_.handler_failures;
        return 0;
    }
}

void UdpListener::send_batch(std::size_t count) noexcept {
    std::size_t done = 0;
    while (done < count) {
        const int n = ::sendmmsg(socket_.native_handle(), out_msgs_.data() + done,
                                 static_cast<unsigned>(count - done), MSG_DONTWAIT);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            // A datagram the kernel refused (buffer full, unreachable peer): skip it, send the
            // rest.
            ++counters_.send_failures;
            ++done;
            continue;
        }
        done += static_cast<std::size_t>(n);
        counters_.sent += static_cast<std::uint64_t>(n);
    }
}

void UdpListener::send_later(std::span<const std::uint8_t> answer,
                             const udp::endpoint& client) noexcept {
    const ssize_t n = ::sendto(socket_.native_handle(), answer.data(), answer.size(), MSG_DONTWAIT,
                               client.data(), static_cast<socklen_t>(client.size()));
    if (n < 0) {
        ++counters_.send_failures;
        return;
    }
    ++counters_.sent;
}

}  // namespace roja::server
