// A pooled upstream socket: send with a fresh ID, drain replies on readiness, hand each matched
// reply to its exchange.
#include "daemon/upstream/upstream_socket.hpp"

#include "daemon/upstream/dns_question.hpp"
#include "daemon/upstream/pending_exchange.hpp"

#include <boost/asio/error.hpp>

#include <algorithm>

namespace roja::upstream {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

constexpr int kMaxIdDraws = 16;
// Datagrams read per readiness event before the other sockets get their turn.
constexpr int kMaxDrain = 64;

}  // namespace

Result<std::shared_ptr<UpstreamSocket>> UpstreamSocket::open(asio::io_context& io,
                                                             udp::endpoint server,
                                                             SocketShared& shared,
                                                             Clock::time_point retire_at,
                                                             bool is_single_use) {
    auto socket = std::make_shared<UpstreamSocket>(io, server, shared, retire_at, is_single_use);
    boost::system::error_code ec;
    udp::socket& s = socket->socket_;
    s.open(server.protocol(), ec);
    // Port 0: the kernel picks a random free ephemeral port (RFC 5452 §10).
    if (!ec) s.bind(udp::endpoint(server.protocol(), 0), ec);
    if (!ec) s.connect(server, ec);
    if (!ec) s.non_blocking(true, ec);
    if (ec) return ec;
    ++shared.counters.sockets_opened;
    socket->wait_readable();
    return socket;
}

UpstreamSocket::UpstreamSocket(asio::io_context& io, udp::endpoint server, SocketShared& shared,
                               Clock::time_point retire_at, bool is_single_use)
    : socket_(io),
      server_(server),
      shared_(shared),
      retire_at_(retire_at),
      is_single_use_(is_single_use) {}

Result<void> UpstreamSocket::send(std::span<std::uint8_t> query, PendingExchange& exchange,
                                  std::size_t server, Clock::time_point now) {
    purge(now);
    if (is_single_use_) is_retired_ = true;  // closed once this try has its reply (or failed)
    std::uint16_t id = shared_.ids.random_id();
    for (int draw = 1; is_taken(id); ++draw) {
        if (draw == kMaxIdDraws) {
            ++shared_.counters.id_exhausted;
            if (is_retired_ && waiting() == 0) close();
            return asio::error::no_buffer_space;
        }
        id = shared_.ids.random_id();
    }
    set_message_id(query, id);
    boost::system::error_code ec;
    if (!socket_.is_open()) return asio::error::bad_descriptor;
    socket_.send(asio::buffer(query.data(), query.size()), 0, ec);
    if (ec) {
        ++shared_.counters.network_errors;
        if (is_retired_ && waiting() == 0) close();
        return ec;
    }
    ++shared_.counters.queries_sent;
    const std::size_t index = exchange.add({shared_from_this(), id, server, now});
    entries_.push_back({id, &exchange, index, {}});
    return {};
}

void UpstreamSocket::forget(std::uint16_t id, Clock::time_point reserved_until) noexcept {
    for (Entry& entry : entries_) {
        if (entry.id == id && entry.exchange) {
            entry.exchange = nullptr;
            entry.reserved_until = reserved_until;
        }
    }
    if (is_retired_ && waiting() == 0) close();
}

void UpstreamSocket::retire() noexcept {
    is_retired_ = true;
    if (waiting() == 0) close();
}

void UpstreamSocket::close() noexcept {
    boost::system::error_code ignored;
    socket_.close(ignored);  // the pending wait ends with operation_aborted and lets go of us
}

std::size_t UpstreamSocket::waiting() const noexcept {
    return static_cast<std::size_t>(std::count_if(
        entries_.begin(), entries_.end(), [](const Entry& e) { return e.exchange != nullptr; }));
}

// A plain completion handler, not a coroutine: one readiness event, no frame. It holds the
// socket alive while the socket is open.
void UpstreamSocket::wait_readable() {
    socket_.async_wait(udp::socket::wait_read,
                       [self = shared_from_this()](const boost::system::error_code& ec) {
                           if (ec || !self->socket_.is_open()) return;
                           self->drain();
                           if (self->socket_.is_open()) self->wait_readable();
                       });
}

void UpstreamSocket::drain() {
    for (int i = 0; i < kMaxDrain && socket_.is_open(); ++i) {
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t size = socket_.receive_from(asio::buffer(shared_.buffer), from, 0, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) return;
        if (ec) {  // ICMP port unreachable surfaces as connection_refused: the server is not there
            fail_all();
            if (ec != asio::error::connection_refused) return;
            continue;
        }
        if (from != server_) {  // the kernel filters for a connected socket; checked all the same
            ++shared_.counters.forged;
            continue;
        }
        deliver(std::span(shared_.buffer).first(size));
    }
}

void UpstreamSocket::deliver(std::span<const std::uint8_t> datagram) {
    if (datagram.size() < kDnsHeaderSize) {
        ++shared_.counters.malformed;
        return;
    }
    const std::uint16_t id = message_id(datagram);
    const auto entry =
        std::find_if(entries_.begin(), entries_.end(), [id](const Entry& e) { return e.id == id; });
    if (entry == entries_.end()) {
        ++shared_.counters.forged;
        return;
    }
    if (!entry->exchange) {  // its query was answered already, by another try
        ++shared_.counters.late_replies;
        return;
    }
    const auto verdict = check_reply(datagram, id, entry->exchange->question());
    if (verdict != ReplyVerdict::accept) {
        ++(verdict == ReplyVerdict::forged ? shared_.counters.forged : shared_.counters.malformed);
        return;
    }
    const Entry matched = *entry;
    entries_.erase(entry);
    matched.exchange->complete(matched.index, datagram, shared_.counters);
    if (is_retired_ && waiting() == 0) close();
}

void UpstreamSocket::fail_all() {
    const std::vector<Entry> failed = std::exchange(entries_, {});
    for (const Entry& entry : failed) {
        if (!entry.exchange) continue;
        ++shared_.counters.network_errors;
        entry.exchange->fail(entry.index);
    }
    if (is_retired_) close();
}

void UpstreamSocket::purge(Clock::time_point now) noexcept {
    std::erase_if(entries_,
                  [now](const Entry& e) { return !e.exchange && e.reserved_until <= now; });
}

bool UpstreamSocket::is_taken(std::uint16_t id) const noexcept {
    return std::any_of(entries_.begin(), entries_.end(),
                       [id](const Entry& e) { return e.id == id; });
}

}  // namespace roja::upstream
