// One connected UDP socket to one upstream server, shared by many queries (RFC 5452 §9.2: each
// in flight is the pair (this socket's port, a random ID), unique). The kernel drops datagrams
// from any other address or port (connect); a reply must then match an ID in flight and its
// question. Replies are read, all that are queued at once, into the pool's one buffer and only
// the matched bytes are copied out: nothing proportional to 64 KiB per query.
#pragma once

#include "daemon/upstream/query_id_table.hpp"
#include "daemon/upstream/upstream_counters.hpp"
#include "filter/result.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace roja::upstream {

class PendingExchange;

// What every socket of a pool shares: one receive buffer (a worker is one thread, and a socket
// drains its queue synchronously, so one buffer serves all), the counters and the ID source.
struct SocketShared {
    std::vector<std::uint8_t> buffer;
    UpstreamCounters& counters;
    QueryIdTable& ids;
};

class UpstreamSocket : public std::enable_shared_from_this<UpstreamSocket> {
  public:
    using Clock = std::chrono::steady_clock;

    // Opened on a kernel-chosen random port, connected to `server`, reading at once. A
    // single-use socket retires after its first send (a fresh port per query).
    static Result<std::shared_ptr<UpstreamSocket>> open(boost::asio::io_context& io,
                                                        boost::asio::ip::udp::endpoint server,
                                                        SocketShared& shared,
                                                        Clock::time_point retire_at,
                                                        bool is_single_use = false);
    UpstreamSocket(boost::asio::io_context& io, boost::asio::ip::udp::endpoint server,
                   SocketShared& shared, Clock::time_point retire_at, bool is_single_use);

    // Sends `query` with a fresh ID unique on this socket (written into it) as a new try of
    // `exchange` at `server`. Fails when no free ID is found or the kernel refuses the datagram.
    Result<void> send(std::span<std::uint8_t> query, PendingExchange& exchange, std::size_t server,
                      Clock::time_point now);
    // The exchange ended without this try's reply: the ID stays taken until `reserved_until`.
    void forget(std::uint16_t id, Clock::time_point reserved_until) noexcept;

    bool is_expired(Clock::time_point now) const noexcept { return now >= retire_at_; }
    // No new tries; closed as soon as none is waiting (at once when none is).
    void retire() noexcept;
    void close() noexcept;
    std::size_t waiting() const noexcept;

  private:
    struct Entry {
        std::uint16_t id = 0;
        PendingExchange* exchange = nullptr;  // null: forgotten, kept only to reserve the ID
        std::size_t index = 0;
        Clock::time_point reserved_until;
    };

    void wait_readable();
    void drain();
    void deliver(std::span<const std::uint8_t> datagram);
    void fail_all();
    void purge(Clock::time_point now) noexcept;
    bool is_taken(std::uint16_t id) const noexcept;

    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint server_;
    SocketShared& shared_;
    Clock::time_point retire_at_;
    bool is_single_use_;
    bool is_retired_ = false;
    std::vector<Entry> entries_;  // a handful per socket: a linear scan beats hashing
};

}  // namespace roja::upstream
