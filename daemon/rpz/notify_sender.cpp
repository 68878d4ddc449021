#include "daemon/rpz/notify_sender.hpp"

#include <array>
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/log/log.hpp"
#include "daemon/rpz/tsig.hpp"
#include "daemon/wire/byte_io.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr int kAttempts = 8;  // waits of 1, 2, 4 ... 128 s: about four minutes in all
constexpr std::chrono::seconds kFirstWait{1};

// The answer to our NOTIFY: same ID, QR set, opcode NOTIFY. Its rcode is logged, not judged:
// any answer means the consumer heard us and will ask for the SOA.
bool is_answer(std::span<const std::uint8_t> reply, std::uint16_t id) {
    return reply.size() >= wire::kHeaderSize && wire::load_u16(reply.data()) == id &&
           (wire::load_u16(reply.data() + 2) & 0xf800) == (wire::flag::kQr | (4 << 11));
}

}  // namespace

void NotifySender::announce(const std::shared_ptr<const ZoneVersion>& version) {
    const std::uint64_t round = ++rounds_[version->config->name];
    for (const config::Endpoint& consumer : version->config->notify)
        asio::co_spawn(io_, notify(version, consumer, round), asio::detached);
}

// GCC 12 at -O2 reports Asio's coroutine frame allocation (aligned_alloc behind its own
// operator new/delete pair) as mismatched here: a false positive (GCC bug 109224).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<void> NotifySender::notify(std::shared_ptr<const ZoneVersion> version,
                                           config::Endpoint consumer, std::uint64_t round) {
    const config::RpzZoneConfig& zone = *version->config;
    const udp::endpoint to(consumer.address, consumer.port);
    const TsigKey* key = zone.notify_key.empty() ? nullptr : keys_.find(zone.notify_key);
    boost::system::error_code ec;
    udp::socket socket(io_);
    socket.open(to.protocol(), ec);
    if (!ec && source_.is_v4() == to.address().is_v4()) socket.bind(udp::endpoint(source_, 0), ec);
    auto message = std::make_unique<XfrMessage>(version->wire_form);
    std::array<std::uint8_t, 512> reply;
    auto wait = kFirstWait;
    for (int attempt = 1; attempt <= kAttempts && !ec; ++attempt, wait *= 2) {
        if (rounds_[zone.name] != round) co_return;  // a newer version is being announced
        const std::uint16_t id = random_message_id();
        message->start_notify(id);
        message->add_soa(version->soa());  // the new serial, so a current consumer need not ask
        if (key) sign_request(*message, *key, id, tsig_time_now());
        const auto bytes = message->bytes();
        co_await socket.async_send_to(asio::buffer(bytes.data(), bytes.size()), to, kNoThrow);
        counters_.notify(zone.name, "sent");
        // No answer within `wait`: the timer cancels the receive, and the NOTIFY goes again.
        asio::steady_timer timer(io_, wait);
        timer.async_wait([&socket](const boost::system::error_code& error) {
            if (!error) socket.cancel();
        });
        for (;;) {
            udp::endpoint from;
            auto [error, n] =
                co_await socket.async_receive_from(asio::buffer(reply), from, kNoThrow);
            if (error) break;
            if (from != to || !is_answer(std::span(reply.data(), n), id)) continue;
            timer.cancel();
            counters_.notify(zone.name, "acknowledged");
            log::info("rpz_notify_acknowledged", {{"zone", zone.name},
                                                  {"consumer", config::to_string(consumer)},
                                                  {"serial", std::to_string(version->serial)},
                                                  {"attempt", std::to_string(attempt)}});
            co_return;
        }
    }
    counters_.notify(zone.name, "failed");
    log::warning("rpz_notify_failed", {{"zone", zone.name},
                                       {"consumer", config::to_string(consumer)},
                                       {"serial", std::to_string(version->serial)},
                                       {"reason", ec ? ec.message() : "no answer"}});
}

#pragma GCC diagnostic pop

}  // namespace roja::rpz
