// One worker's UDP socket on one address: datagrams are read and answered in batches with
// recvmmsg/sendmmsg (one system call per batch, not per packet), which is what lets a single
// core answer several hundred thousand queries a second.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>

namespace roja::server {

// The query pipeline as the UDP side sees it: an answer now (its length), or 0 when there is
// nothing to send now (dropped, or an upstream answer will follow through send_later()).
class DatagramHandler {
  public:
    virtual ~DatagramHandler() = default;
    virtual std::size_t on_datagram(std::span<const std::uint8_t> query,
                                    const boost::asio::ip::udp::endpoint& client,
                                    std::span<std::uint8_t> answer) = 0;
    // Before the datagrams of one receive batch: what is the same for all of them (the time).
    virtual void on_batch() {}
};

struct UdpCounters {
    std::uint64_t received = 0;
    std::uint64_t sent = 0;
    std::uint64_t oversized = 0;         // larger than our receive buffer: dropped
    std::uint64_t send_failures = 0;     // socket buffer full or other send error: answer lost
    std::uint64_t handler_failures = 0;  // the pipeline threw (out of memory): no answer
};

class UdpListener {
  public:
    static constexpr std::size_t kBatch = 32;
    static constexpr std::size_t kMaxQuery = 4096;   // larger datagrams are not queries we take
    static constexpr std::size_t kMaxAnswer = 4096;  // the largest EDNS UDP size we answer with

    // Binds with SO_REUSEPORT so every worker has its own socket on the same address; throws
    // (start-up only) when the address cannot be bound.
    UdpListener(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& local);

    // Serves until stop_receiving(). A plain completion handler rather than a coroutine: the
    // reactor then calls it directly, without the extra post (and eventfd wake-up) per batch.
    void start(DatagramHandler& handler);
    // For answers that complete later (upstream): a non-blocking send; a full socket buffer
    // loses the answer (counted) rather than stalling the worker.
    void send_later(std::span<const std::uint8_t> answer,
                    const boost::asio::ip::udp::endpoint& client) noexcept;
    // Stops reading queries; the socket stays open so answers in flight can still leave.
    void stop_receiving() noexcept;

    const UdpCounters& counters() const noexcept { return counters_; }
    boost::asio::ip::udp::endpoint local_endpoint() const;

  private:
    void arm();
    std::size_t receive_batch() noexcept;
    void answer_batch(std::size_t count, DatagramHandler& handler);
    std::size_t answer_one(std::size_t i, std::size_t slot, DatagramHandler& handler);
    void send_batch(std::size_t count) noexcept;

    boost::asio::ip::udp::socket socket_;
    DatagramHandler* handler_ = nullptr;
    bool receiving_ = true;
    UdpCounters counters_;
    // Per-batch buffers, allocated once: the hot path touches no allocator.
    std::vector<std::array<std::uint8_t, kMaxQuery>> in_;
    std::vector<std::array<std::uint8_t, kMaxAnswer>> out_;
    std::array<sockaddr_storage, kBatch> peers_{};
    std::array<iovec, kBatch> in_iov_{};
    std::array<mmsghdr, kBatch> in_msgs_{};
    std::array<iovec, kBatch> out_iov_{};
    std::array<mmsghdr, kBatch> out_msgs_{};
};

}  // namespace roja::server
