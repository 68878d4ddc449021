// The TCP try, run as a session coroutine raced against a deadline timer (when the timer wins,
// the session's pending operation is cancelled and ends with operation_aborted), and the
// classification of replies that UDP and TCP tries share.
#include "daemon/upstream/upstream_exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <span>
#include <tuple>
#include <utility>
#include <variant>

namespace roja::upstream {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace asio::experimental::awaitable_operators;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint8_t kRcodeServfail = 2;
constexpr std::uint8_t kRcodeRefused = 5;

std::chrono::microseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

// An aborted operation means our own deadline cancelled the session: not a network error.
TryOutcome failure(const boost::system::error_code& ec, UpstreamCounters& counters) {
    if (ec == asio::error::operation_aborted) {
        return TryOutcome{TryStatus::timeout, {}, {}};
    }
    ++counters.network_errors;
    return TryOutcome{TryStatus::network_error, {}, {}};
}

TryOutcome accepted(std::vector<std::uint8_t> reply, Clock::time_point sent_at,
                    UpstreamCounters& counters) {
    const TryStatus status = classify_reply(reply, counters, false);
    return TryOutcome{status, std::move(reply), since(sent_at)};
}

void count_rejected(ReplyVerdict verdict, UpstreamCounters& counters) {
    ++(verdict == ReplyVerdict::forged ? counters.forged : counters.malformed);
}

asio::awaitable<TryOutcome> run_until(asio::awaitable<TryOutcome> session, Deadline deadline,
                                      UpstreamCounters& counters) {
    asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
    auto result = co_await (std::move(session) || timer.async_wait(kNoThrow));
    if (result.index() == 0) {
        co_return std::get<0>(std::move(result));
    }
    ++counters.timeouts;
    co_return TryOutcome{TryStatus::timeout, {}, {}};
}

// Reads one length-prefixed message (RFC 7766 §8).
asio::awaitable<std::tuple<boost::system::error_code, std::vector<std::uint8_t>>> read_framed(
    tcp::socket& socket) {
    std::array<std::uint8_t, 2> length{};
    auto [length_ec, length_read] =
        co_await asio::async_read(socket, asio::buffer(length), kNoThrow);
    if (length_ec) {
        co_return std::tuple{length_ec, std::vector<std::uint8_t>{}};
    }
    std::vector<std::uint8_t> message((std::size_t{length[0]} << 8) | length[1]);
    auto [read_ec, body_read] = co_await asio::async_read(socket, asio::buffer(message), kNoThrow);
    co_return std::tuple{read_ec, std::move(message)};
}

asio::awaitable<TryOutcome> tcp_session(tcp::endpoint server, std::vector<std::uint8_t>& query,
                                        ExchangeContext context) {
    tcp::socket socket(co_await asio::this_coro::executor);
    const auto question = parse_question(query);
    if (!question || query.size() > 0xFFFF) {
        co_return failure(
            question ? boost::system::error_code{asio::error::message_size} : question.error(),
            context.counters);
    }
    auto [connect_ec] = co_await socket.async_connect(server, kNoThrow);
    if (connect_ec) {
        co_return failure(connect_ec, context.counters);
    }
    const std::uint16_t id = context.ids.random_id();  // a connection carries one query: no table
    set_message_id(query, id);
    const std::array<std::uint8_t, 2> prefix{static_cast<std::uint8_t>(query.size() >> 8),
                                             static_cast<std::uint8_t>(query.size() & 0xFF)};
    ++context.counters.queries_sent;
    const auto sent_at = Clock::now();
    const std::array<asio::const_buffer, 2> request{asio::buffer(prefix), asio::buffer(query)};
    auto [write_ec, written] = co_await asio::async_write(socket, request, kNoThrow);
    if (write_ec) {
        co_return failure(write_ec, context.counters);
    }
    auto [read_ec, reply] = co_await read_framed(socket);
    if (read_ec) {
        co_return failure(read_ec, context.counters);
    }
    // On a connection we opened, a wrong reply is a broken server, not a race: fail the try.
    const auto verdict = check_reply(reply, id, *question);
    if (verdict != ReplyVerdict::accept) {
        count_rejected(verdict, context.counters);
        co_return TryOutcome{TryStatus::network_error, {}, {}};
    }
    TryOutcome outcome = accepted(std::move(reply), sent_at, context.counters);
    outcome.via_tcp = true;
    co_return outcome;
}

}  // namespace

TryStatus classify_reply(std::span<const std::uint8_t> reply, UpstreamCounters& counters,
                         bool allow_truncated) noexcept {
    if (allow_truncated && is_truncated(reply)) return TryStatus::truncated;
    if (rcode(reply) == kRcodeServfail || rcode(reply) == kRcodeRefused) {
        ++counters.error_rcodes;
        return TryStatus::error_rcode;
    }
    ++counters.replies_accepted;
    return TryStatus::answered;
}

asio::awaitable<TryOutcome> tcp_exchange(tcp::endpoint server, std::vector<std::uint8_t>& query,
                                         ExchangeContext context, Deadline deadline) {
    co_return co_await run_until(tcp_session(server, query, context), deadline, context.counters);
}

}  // namespace roja::upstream
