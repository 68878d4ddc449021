#include "daemon/server/tcp_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace roja::server {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

TcpConnection::TcpConnection(tcp::socket socket, tcp::endpoint client, TcpAdmission& admission,
                             StreamHandler& handler)
    : socket_(std::move(socket)),
      client_(std::move(client)),
      admission_(admission),
      handler_(handler),
      watchdog_timer_(socket_.get_executor()),
      writer_wake_(socket_.get_executor()),
      reader_wake_(socket_.get_executor()),
      in_(65535),
      answer_(65535) {}

TcpConnection::~TcpConnection() {
    admission_.release(client_.address());
}

void TcpConnection::start() {
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    deadline_ = Clock::now() + admission_.limits().idle_timeout;
    auto self = shared_from_this();
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->read_loop(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->write_loop(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->watchdog(); }, asio::detached);
}

asio::awaitable<bool> TcpConnection::read_message(std::size_t& length) {
    std::uint8_t prefix[2];
    auto [error, n] = co_await asio::async_read(socket_, asio::buffer(prefix), kNoThrow);
    if (error) co_return false;
    length = static_cast<std::size_t>(prefix[0]) << 8 | prefix[1];
    if (length == 0) co_return false;  // nothing can be answered: treat as the end
    auto [body_error, m] =
        co_await asio::async_read(socket_, asio::buffer(in_.data(), length), kNoThrow);
    co_return !body_error;
}

asio::awaitable<void> TcpConnection::read_loop() {
    const auto& limits = admission_.limits();
    auto self = shared_from_this();
    while (!closed_ && queries_ < limits.max_queries_per_connection) {
        // Hold reading while a client leaves answers unread: memory stays bounded per connection.
        while (!closed_ && outbox_.size() + writing_.size() > limits.max_buffered_bytes) {
            reader_wake_.expires_at(Clock::time_point::max());
            co_await reader_wake_.async_wait(kNoThrow);
        }
        std::size_t length = 0;
        if (closed_ || !co_await read_message(length)) break;
        ++queries_;
        deadline_ = Clock::now() + limits.idle_timeout;
        const StreamResult result =
            handler_.on_stream_query({in_.data(), length}, client_, answer_, self);
        if (result.later) ++pending_;
        if (result.length > 0) queue({answer_.data(), result.length});
    }
    reading_done_ = true;
    writer_wake_.cancel();
}

void TcpConnection::queue(std::span<const std::uint8_t> answer) {
    if (closed_ || answer.size() > 65535) return;
    outbox_.push_back(static_cast<std::uint8_t>(answer.size() >> 8));
    outbox_.push_back(static_cast<std::uint8_t>(answer.size()));
    outbox_.insert(outbox_.end(), answer.begin(), answer.end());
    writer_wake_.cancel();
}

void TcpConnection::send_later(std::span<const std::uint8_t> answer) {
    if (pending_ > 0) --pending_;
    if (!answer.empty()) queue(answer);
    writer_wake_.cancel();
}

asio::awaitable<void> TcpConnection::write_loop() {
    auto self = shared_from_this();
    while (!closed_) {
        if (outbox_.empty()) {
            if (finished()) break;
            writer_wake_.expires_at(Clock::time_point::max());
            co_await writer_wake_.async_wait(kNoThrow);
            continue;
        }
        writing_.swap(outbox_);
        auto [error, n] = co_await asio::async_write(socket_, asio::buffer(writing_), kNoThrow);
        writing_.clear();
        reader_wake_.cancel();
        if (error) break;
    }
    close();
}

asio::awaitable<void> TcpConnection::watchdog() {
    auto self = shared_from_this();
    while (!closed_) {
        watchdog_timer_.expires_at(deadline_);
        co_await watchdog_timer_.async_wait(kNoThrow);
        if (!closed_ && Clock::now() >= deadline_) close();
    }
}

void TcpConnection::close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    watchdog_timer_.cancel();
    writer_wake_.cancel();
    reader_wake_.cancel();
}

}  // namespace roja::server
