#include "daemon/rpz/xfr_client.hpp"

#include <array>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_response.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

XfrOutcome failed(XfrOutcome outcome, XfrFailure failure, std::string detail) {
    outcome.failure = failure;
    outcome.detail = std::move(detail);
    return outcome;
}

// The state of one exchange: what was asked, how the answer is checked, what it came to.
struct Exchange {
    const XfrTarget& target;
    std::uint16_t id = 0;
    std::uint16_t qtype = 0;
    std::optional<TsigVerifier> verifier;
    XfrOutcome outcome;
    std::chrono::steady_clock::time_point expires;
    bool has_expired() const { return std::chrono::steady_clock::now() >= expires; }
};

// Checks one message of the answer and feeds its records to the reader; true once complete.
Result<bool> take_message(Exchange& x, std::span<const std::uint8_t> bytes, std::string& detail) {
    auto response = parse_xfr_response(bytes);
    if (!response) {
        detail = "malformed message: " + response.error().message();
        return XfrFailure::garbled;
    }
    if (response->id != x.id || !response->is_response || response->opcode != 0 ||
        response->is_truncated) {
        detail = "not an answer to our query";
        return XfrFailure::garbled;
    }
    if (x.verifier) {
        if (const auto error = x.verifier->verify(bytes, response->tsig, tsig_time_now())) {
            detail = response->tsig ? "TSIG error " + std::to_string(static_cast<int>(*error))
                                    : "unsigned message";
            return XfrFailure::bad_tsig;
        }
    }
    if (response->rcode != 0) {
        detail = "rcode " + std::to_string(response->rcode);
        return XfrFailure::refused;
    }
    if (x.outcome.messages == 0 && (!response->question || *response->question != x.target.apex ||
                                    response->qtype != x.qtype)) {
        detail = "the question is not ours";
        return XfrFailure::garbled;
    }
    ++x.outcome.messages;
    auto done = x.outcome.reader->take(response->answers);
    if (!done) detail = "message " + std::to_string(x.outcome.messages) + " breaks the transfer";
    return done;
}

asio::awaitable<bool> send_query(tcp::socket& socket, Exchange& x,
                                 const std::optional<SoaFields>& current) {
    ZoneWireForm form;
    form.apex.resize(wire::kMaxNameOctets);
    const auto encoded = wire::encode_name(x.target.apex, form.apex);
    form.apex.resize(encoded ? *encoded : 0);
    auto message = std::make_unique<XfrMessage>(form);
    message->start_query(x.id, x.qtype);
    if (x.qtype == kTypeIxfr && current) message->add_authority_soa(*current);
    if (x.target.key)
        x.verifier.emplace(*x.target.key,
                           sign_request(*message, *x.target.key, x.id, tsig_time_now()));
    const auto bytes = message->bytes();
    std::array<std::uint8_t, 2> prefix{};
    wire::store_u16(prefix.data(), static_cast<std::uint16_t>(bytes.size()));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(prefix),
                                                    asio::buffer(bytes.data(), bytes.size())};
    auto [error, n] = co_await asio::async_write(socket, buffers, kNoThrow);
    co_return !error;
}

// Reads messages until the reader has the whole answer, the caps are hit or the stream ends.
asio::awaitable<void> read_answer(tcp::socket& socket, Exchange& x) {
    std::vector<std::uint8_t> message;
    for (;;) {
        std::array<std::uint8_t, 2> prefix{};
        auto [error, n] = co_await asio::async_read(socket, asio::buffer(prefix), kNoThrow);
        if (!error) {
            message.resize(wire::load_u16(prefix.data()));
            std::tie(error, n) = co_await asio::async_read(socket, asio::buffer(message), kNoThrow);
        }
        if (error) {
            x.outcome = failed(
                std::move(x.outcome), x.has_expired() ? XfrFailure::timeout : XfrFailure::truncated,
                "after " + std::to_string(x.outcome.messages) + " messages: " + error.message());
            co_return;
        }
        x.outcome.bytes += 2 + message.size();
        if (x.outcome.bytes > x.target.max_bytes) {
            x.outcome = failed(std::move(x.outcome), XfrFailure::oversized,
                               "more than max_bytes " + std::to_string(x.target.max_bytes));
            co_return;
        }
        std::string detail;
        auto done = take_message(x, message, detail);
        if (!done) {
            if (done.error() == XfrFailure::oversized)
                detail = "more than max_records " + std::to_string(x.target.max_records);
            x.outcome = failed(std::move(x.outcome), XfrFailure(done.error().value()), detail);
            co_return;
        }
        // An SOA query needs the first message alone, whatever else it holds.
        if (*done || (x.qtype == wire::type::kSoa && x.outcome.reader->has_soa())) break;
    }
    if (x.verifier && !x.verifier->ends_signed())
        x.outcome =
            failed(std::move(x.outcome), XfrFailure::bad_tsig, "the last message is unsigned");
}

}  // namespace

// GCC 12 false positive on Asio's coroutine frames (GCC bug 109224), as in notify_sender.cpp.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<XfrOutcome> ask_primary(asio::io_context& io, const XfrTarget& target,
                                        std::uint16_t qtype, std::optional<SoaFields> current) {
    Exchange x{target, random_message_id(),
               qtype,  std::nullopt,
               {},     std::chrono::steady_clock::now() + target.timeout};
    x.outcome.reader = std::make_unique<XfrReader>(
        target.apex, current ? std::optional(current->serial) : std::nullopt, target.max_records);
    // The whole exchange has one deadline; the timer closes the socket, which ends any wait.
    auto socket = std::make_shared<tcp::socket>(io);
    asio::steady_timer deadline(io, target.timeout);
    deadline.async_wait([weak = std::weak_ptr<tcp::socket>(socket)](boost::system::error_code ec) {
        boost::system::error_code ignored;
        if (auto alive = weak.lock(); alive && !ec) alive->close(ignored);
    });
    auto [error] = co_await socket->async_connect(target.primary, kNoThrow);
    if (error) {
        co_return failed(std::move(x.outcome),
                         x.has_expired() ? XfrFailure::timeout : XfrFailure::unreachable,
                         error.message());
    }
    if (!co_await send_query(*socket, x, current))
        co_return failed(std::move(x.outcome), XfrFailure::unreachable, "the query was not sent");
    co_await read_answer(*socket, x);
    x.outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                      (x.expires - target.timeout))
                            .count();
    co_return std::move(x.outcome);
}
#pragma GCC diagnostic pop

}  // namespace roja::rpz
