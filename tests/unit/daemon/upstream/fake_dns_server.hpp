// Scripted DNS responders on 127.0.0.1 ephemeral ports, UDP and TCP on the same port number,
// running in the test's io_context. A script turns each query into timed replies (or none).
#pragma once

#include "daemon/upstream/upstream_options.hpp"
#include "tests/unit/daemon/upstream/dns_test_messages.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace roja::upstream::test {

namespace asio = boost::asio;

struct ScriptedReply {
    std::chrono::milliseconds delay{0};
    std::vector<std::uint8_t> bytes;
    bool from_other_port = false;  // sent from a second socket: a forgery from the wrong port
};

using Script = std::function<std::vector<ScriptedReply>(std::span<const std::uint8_t> query)>;

inline Script silent() {
    return [](std::span<const std::uint8_t>) { return std::vector<ScriptedReply>{}; };
}

class FakeDnsServer {
  public:
    FakeDnsServer(asio::io_context& io, Script udp_script, Script tcp_script = silent())
        : state_(std::make_shared<State>(io, std::move(udp_script), std::move(tcp_script))) {
        asio::co_spawn(io, serve_udp(state_), asio::detached);
        asio::co_spawn(io, serve_tcp(state_), asio::detached);
    }

    UpstreamServer server() const {
        return {asio::ip::make_address("127.0.0.1"), state_->udp.local_endpoint().port()};
    }
    int udp_queries() const { return state_->udp_queries; }
    int tcp_queries() const { return state_->tcp_queries; }

  private:
    struct State {
        State(asio::io_context& io, Script u, Script t)
            : udp(io),
              other(io, {asio::ip::make_address("127.0.0.1"), 0}),
              acceptor(io),
              udp_script(std::move(u)),
              tcp_script(std::move(t)) {
            bind_same_port();
        }
        // UDP takes an ephemeral port; TCP must get the same number, which another process may
        // already hold (tests run in parallel): then both try again with a new port.
        void bind_same_port() {
            const auto loopback = asio::ip::make_address("127.0.0.1");
            for (int attempt = 0;; ++attempt) {
                udp = asio::ip::udp::socket(udp.get_executor(), {loopback, 0});
                boost::system::error_code ec;
                acceptor = asio::ip::tcp::acceptor(acceptor.get_executor());
                acceptor.open(asio::ip::tcp::v4(), ec);
                if (!ec) acceptor.bind({loopback, udp.local_endpoint().port()}, ec);
                if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
                if (!ec) return;
                if (attempt == 100)
                    throw boost::system::system_error(ec, "fake DNS server: no free port pair");
            }
        }
        asio::ip::udp::socket udp;
        asio::ip::udp::socket other;
        asio::ip::tcp::acceptor acceptor;
        Script udp_script;
        Script tcp_script;
        int udp_queries = 0;
        int tcp_queries = 0;
    };

    static asio::awaitable<void> send_udp(std::shared_ptr<State> state, asio::ip::udp::endpoint to,
                                          std::vector<ScriptedReply> replies) {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (const auto& reply : replies) {
            timer.expires_after(reply.delay);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
            auto& socket = reply.from_other_port ? state->other : state->udp;
            co_await socket.async_send_to(asio::buffer(reply.bytes), to,
                                          asio::as_tuple(asio::use_awaitable));
        }
    }

    static asio::awaitable<void> serve_udp(std::shared_ptr<State> state) {
        std::vector<std::uint8_t> buffer(65535);
        asio::ip::udp::endpoint from;
        for (;;) {
            auto [ec, size] = co_await state->udp.async_receive_from(
                asio::buffer(buffer), from, asio::as_tuple(asio::use_awaitable));
            if (ec) {
                co_return;
            }
            ++state->udp_queries;
            auto replies = state->udp_script(std::span(buffer).first(size));
            asio::co_spawn(state->udp.get_executor(), send_udp(state, from, std::move(replies)),
                           asio::detached);
        }
    }

    static asio::awaitable<void> answer_tcp(std::shared_ptr<State> state,
                                            asio::ip::tcp::socket socket) {
        constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
        std::uint8_t length[2];
        auto [ec, n] = co_await asio::async_read(socket, asio::buffer(length), kNoThrow);
        std::vector<std::uint8_t> query((std::size_t{length[0]} << 8) | length[1]);
        if (ec || std::get<0>(co_await asio::async_read(socket, asio::buffer(query), kNoThrow))) {
            co_return;
        }
        ++state->tcp_queries;
        asio::steady_timer timer(socket.get_executor());
        for (auto& reply : state->tcp_script(query)) {
            timer.expires_after(reply.delay);
            co_await timer.async_wait(kNoThrow);
            const std::uint8_t prefix[2] = {static_cast<std::uint8_t>(reply.bytes.size() >> 8),
                                            static_cast<std::uint8_t>(reply.bytes.size() & 0xFF)};
            co_await asio::async_write(socket, asio::buffer(prefix), kNoThrow);
            co_await asio::async_write(socket, asio::buffer(reply.bytes), kNoThrow);
        }
        // Hold the connection open briefly so a silent script reads as a timeout, not a reset.
        timer.expires_after(std::chrono::seconds(2));
        co_await timer.async_wait(kNoThrow);
    }

    static asio::awaitable<void> serve_tcp(std::shared_ptr<State> state) {
        for (;;) {
            auto [ec, socket] =
                co_await state->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) {
                co_return;
            }
            asio::co_spawn(state->acceptor.get_executor(), answer_tcp(state, std::move(socket)),
                           asio::detached);
        }
    }

    std::shared_ptr<State> state_;
};

// Answers every query with the given reply shape.
inline Script answer_with(ReplyShape shape = {}, std::chrono::milliseconds delay = {}) {
    return [shape, delay](std::span<const std::uint8_t> query) {
        return std::vector<ScriptedReply>{{delay, make_reply(query, shape), false}};
    };
}

}  // namespace roja::upstream::test
