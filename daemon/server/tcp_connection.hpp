// One client's DNS connection over a byte stream — TCP (RFC 7766) or TLS (DoT, RFC 7858): 2-byte
// length framing, several queries in flight answered as each completes, an idle deadline that
// also bounds slow senders and a slow TLS handshake (the whole next message must arrive within
// it), a cap on queries per connection and on answer bytes waiting for a client that does not
// read. The stream is a template parameter: TcpConnection here, DotConnection in
// dot_connection.hpp (which alone pulls in OpenSSL).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/server/tcp_limits.hpp"

namespace roja::server {

// What an answer that completes later needs of its connection.
class StreamConnection {
  public:
    virtual ~StreamConnection() = default;
    // Delivers an answer that completed after an upstream exchange (empty = none will come).
    virtual void send_later(std::span<const std::uint8_t> answer) = 0;
};

struct StreamResult {
    std::size_t length = 0;  // an answer to send now
    bool later = false;      // an answer will come through StreamConnection::send_later()
};

class StreamHandler {
  public:
    virtual ~StreamHandler() = default;
    virtual StreamResult on_stream_query(std::span<const std::uint8_t> query,
                                         const boost::asio::ip::tcp::endpoint& client,
                                         std::span<std::uint8_t> answer,
                                         const std::shared_ptr<StreamConnection>& connection) = 0;
};

template <class Stream>
class FramedConnection final : public StreamConnection,
                               public std::enable_shared_from_this<FramedConnection<Stream>> {
  public:
    // `holds`: what the stream needs alive as long as it lives (a TLS stream: its context).
    FramedConnection(Stream stream, boost::asio::ip::tcp::endpoint client, TcpAdmission& admission,
                     StreamHandler& handler, std::shared_ptr<const void> holds = {});
    ~FramedConnection() override;
    FramedConnection(const FramedConnection&) = delete;
    FramedConnection& operator=(const FramedConnection&) = delete;

    // Runs the handshake (TLS), then reader, writer and watchdog until the connection ends.
    void start();
    void send_later(std::span<const std::uint8_t> answer) override;

  private:
    using Clock = std::chrono::steady_clock;
    boost::asio::awaitable<void> handshake_then_serve();
    void serve();
    boost::asio::awaitable<void> read_loop();
    boost::asio::awaitable<bool> read_message(std::size_t& length);
    boost::asio::awaitable<void> write_loop();
    boost::asio::awaitable<void> watchdog();
    void queue(std::span<const std::uint8_t> answer);
    void close();
    bool finished() const noexcept { return reading_done_ && pending_ == 0 && outbox_.empty(); }

    std::shared_ptr<const void> holds_;  // declared before the stream: destroyed after it
    Stream stream_;
    boost::asio::ip::tcp::endpoint client_;
    TcpAdmission& admission_;
    StreamHandler& handler_;
    boost::asio::steady_timer watchdog_timer_;
    boost::asio::steady_timer writer_wake_;
    boost::asio::steady_timer reader_wake_;
    Clock::time_point deadline_;
    std::vector<std::uint8_t> in_;
    std::vector<std::uint8_t> answer_;
    std::vector<std::uint8_t> outbox_;   // framed answers waiting for the writer
    std::vector<std::uint8_t> writing_;  // what the writer is sending now
    std::uint32_t queries_ = 0;
    std::uint32_t pending_ = 0;  // answers still to come from upstream
    bool reading_done_ = false;
    bool closed_ = false;
};

using TcpConnection = FramedConnection<boost::asio::ip::tcp::socket>;
extern template class FramedConnection<boost::asio::ip::tcp::socket>;

}  // namespace roja::server
