// FramedConnection's members, included by the two files that instantiate it (tcp_connection.cpp,
// dot_connection.cpp) and nowhere else.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "daemon/server/tcp_connection.hpp"

namespace roja::server {

namespace framed {

inline constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// A TLS stream shakes hands first (as the server); a plain socket has nothing to do.
template <class Stream>
concept HasHandshake = requires(Stream& s) {
    s.next_layer();
};

}  // namespace framed

template <class Stream>
FramedConnection<Stream>::FramedConnection(Stream stream, boost::asio::ip::tcp::endpoint client,
                                           TcpAdmission& admission, StreamHandler& handler,
                                           std::shared_ptr<const void> holds)
    : holds_(std::move(holds)),
      stream_(std::move(stream)),
      client_(std::move(client)),
      admission_(admission),
      handler_(handler),
      watchdog_timer_(stream_.get_executor()),
      writer_wake_(stream_.get_executor()),
      reader_wake_(stream_.get_executor()),
      in_(65535),
      answer_(65535) {}

template <class Stream>
FramedConnection<Stream>::~FramedConnection() {
    admission_.release(client_.address());
}

template <class Stream>
void FramedConnection<Stream>::start() {
    boost::system::error_code ignored;
    stream_.lowest_layer().set_option(boost::asio::ip::tcp::no_delay(true), ignored);
    deadline_ = Clock::now() + admission_.limits().idle_timeout;
    auto self = this->shared_from_this();
    // The watchdog starts with the connection: a handshake that does not finish within the idle
    // timeout ends it like an idle client.
    boost::asio::co_spawn(
        stream_.get_executor(), [self] { return self->watchdog(); }, boost::asio::detached);
    if constexpr (framed::HasHandshake<Stream>)
        boost::asio::co_spawn(
            stream_.get_executor(), [self] { return self->handshake_then_serve(); },
            boost::asio::detached);
    else
        serve();
}

template <class Stream>
boost::asio::awaitable<void> FramedConnection<Stream>::handshake_then_serve() {
    auto self = this->shared_from_this();
    if constexpr (framed::HasHandshake<Stream>) {
        auto [error] = co_await stream_.async_handshake(Stream::server, framed::kNoThrow);
        if (error || closed_) {
            close();
            co_return;
        }
    }
    serve();
    co_return;  // a coroutine for either stream (a plain socket never comes here)
}

template <class Stream>
void FramedConnection<Stream>::serve() {
    auto self = this->shared_from_this();
    boost::asio::co_spawn(
        stream_.get_executor(), [self] { return self->read_loop(); }, boost::asio::detached);
    boost::asio::co_spawn(
        stream_.get_executor(), [self] { return self->write_loop(); }, boost::asio::detached);
}

template <class Stream>
boost::asio::awaitable<bool> FramedConnection<Stream>::read_message(std::size_t& length) {
    std::uint8_t prefix[2];
    auto [error, n] =
        co_await boost::asio::async_read(stream_, boost::asio::buffer(prefix), framed::kNoThrow);
    if (error) co_return false;
    length = static_cast<std::size_t>(prefix[0]) << 8 | prefix[1];
    if (length == 0) co_return false;  // nothing can be answered: treat as the end
    auto [body_error, m] = co_await boost::asio::async_read(
        stream_, boost::asio::buffer(in_.data(), length), framed::kNoThrow);
    co_return !body_error;
}

template <class Stream>
boost::asio::awaitable<void> FramedConnection<Stream>::read_loop() {
    const auto& limits = admission_.limits();
    // Held for the whole loop, as the handler sees it: no reference count touched per query.
    const std::shared_ptr<StreamConnection> connection = this->shared_from_this();
    while (!closed_ && queries_ < limits.max_queries_per_connection) {
        // Hold reading while a client leaves answers unread: memory stays bounded per connection.
        while (!closed_ && outbox_.size() + writing_.size() > limits.max_buffered_bytes) {
            reader_wake_.expires_at(Clock::time_point::max());
            co_await reader_wake_.async_wait(framed::kNoThrow);
        }
        std::size_t length = 0;
        if (closed_ || !co_await read_message(length)) break;
        ++queries_;
        deadline_ = Clock::now() + limits.idle_timeout;
        const StreamResult result =
            handler_.on_stream_query({in_.data(), length}, client_, answer_, connection);
        if (result.later) ++pending_;
        if (result.length > 0) queue({answer_.data(), result.length});
    }
    reading_done_ = true;
    writer_wake_.cancel();
}

template <class Stream>
void FramedConnection<Stream>::queue(std::span<const std::uint8_t> answer) {
    if (closed_ || answer.size() > 65535) return;
    outbox_.push_back(static_cast<std::uint8_t>(answer.size() >> 8));
    outbox_.push_back(static_cast<std::uint8_t>(answer.size()));
    outbox_.insert(outbox_.end(), answer.begin(), answer.end());
    writer_wake_.cancel();
}

template <class Stream>
void FramedConnection<Stream>::send_later(std::span<const std::uint8_t> answer) {
    if (pending_ > 0) --pending_;
    if (!answer.empty()) queue(answer);
    writer_wake_.cancel();
}

template <class Stream>
boost::asio::awaitable<void> FramedConnection<Stream>::write_loop() {
    auto self = this->shared_from_this();
    while (!closed_) {
        if (outbox_.empty()) {
            if (finished()) break;
            writer_wake_.expires_at(Clock::time_point::max());
            co_await writer_wake_.async_wait(framed::kNoThrow);
            continue;
        }
        writing_.swap(outbox_);
        auto [error, n] = co_await boost::asio::async_write(stream_, boost::asio::buffer(writing_),
                                                            framed::kNoThrow);
        writing_.clear();
        reader_wake_.cancel();
        if (error) break;
    }
    close();
}

template <class Stream>
boost::asio::awaitable<void> FramedConnection<Stream>::watchdog() {
    auto self = this->shared_from_this();
    while (!closed_) {
        watchdog_timer_.expires_at(deadline_);
        co_await watchdog_timer_.async_wait(framed::kNoThrow);
        if (!closed_ && Clock::now() >= deadline_) close();
    }
}

// The socket itself is closed (TLS without close_notify: DNS framing already tells each answer's
// end, and a client gone idle would not answer a TLS shutdown anyway).
template <class Stream>
void FramedConnection<Stream>::close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    auto& socket = stream_.lowest_layer();
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    watchdog_timer_.cancel();
    writer_wake_.cancel();
    reader_wake_.cancel();
}

}  // namespace roja::server
