#include "daemon/rpz/xfr_session.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "daemon/log/log.hpp"
#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_request.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_name.hpp"
#include "filter/ip_prefix.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint16_t kRcodeNotImp = 4;
constexpr std::uint16_t kRcodeRefused = 5;

// One answer on its way out: where it goes, to what question, and its signer (if signed).
struct Reply {
    tcp::socket* stream;    // either a TCP connection
    udp::socket* datagram;  // or a UDP socket and the client's endpoint
    udp::endpoint peer;
    const XfrRequest& request;
    TsigSigner* signer = nullptr;
    std::size_t messages = 0;
    std::size_t bytes = 0;
    bool ok = true;
};

asio::awaitable<bool> send(Reply& reply, XfrMessage& message) {
    if (reply.signer) reply.signer->sign(message, tsig_time_now());
    const std::span<const std::uint8_t> bytes = message.bytes();
    std::array<std::uint8_t, 2> prefix;
    wire::store_u16(prefix.data(), static_cast<std::uint16_t>(bytes.size()));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(prefix),
                                                    asio::buffer(bytes.data(), bytes.size())};
    auto [error, n] = reply.datagram
                          ? co_await reply.datagram->async_send_to(
                                asio::buffer(bytes.data(), bytes.size()), reply.peer, kNoThrow)
                          : co_await asio::async_write(*reply.stream, buffers, kNoThrow);
    ++reply.messages;
    reply.bytes += n;
    reply.ok = reply.ok && !error;
    co_return !error;
}

// RFC 1982: whether serial `a` is at least `b`.
bool serial_at_least(std::uint32_t a, std::uint32_t b) {
    return a == b || static_cast<std::int32_t>(a - b) > 0;
}

// SOA alone: an SOA query, or an IXFR from a client that is already current (RFC 1995 §2).
asio::awaitable<void> send_soa(Reply& reply, const ZoneVersion& version) {
    auto message = std::make_unique<XfrMessage>(version.wire_form);
    message->start(reply.request.id, reply.request.qtype);
    message->add_soa(version.soa());
    co_await send(reply, *message);
}

// SOA, NS, every trigger, SOA (RFC 5936 §2.2), as many messages as it takes.
asio::awaitable<void> send_zone(Reply& reply, const ZoneVersion& version) {
    auto message = std::make_unique<XfrMessage>(version.wire_form);
    ZoneWalk walk(*version.state->policy, version.shape);
    message->start(reply.request.id, reply.request.qtype);
    message->add_soa(version.soa());
    message->add_ns();
    for (;;) {
        if (walk.fill(*message)) break;
        if (!co_await send(reply, *message)) co_return;
        message->start(reply.request.id, reply.request.qtype);
    }
    if (!message->has_room(1)) {  // the closing SOA goes in a message of its own
        if (!co_await send(reply, *message)) co_return;
        message->start(reply.request.id, reply.request.qtype);
    }
    message->add_soa(version.soa());
    co_await send(reply, *message);
}

// RFC 1995 §4 after the first SOA: per kept difference the old SOA, its removed records, the
// newer SOA, its added records. Fills one message at a time, like ZoneWalk.
class DeltaWalk {
  public:
    DeltaWalk(const std::vector<std::shared_ptr<const ZoneDelta>>& deltas, SoaFields soa)
        : deltas_(deltas), soa_(soa) {}

    // Returns true when every difference is in; false when `message` is full.
    bool fill(XfrMessage& message) {
        for (; delta_ < deltas_.size(); ++delta_, part_ = 0) {
            const ZoneDelta& delta = *deltas_[delta_];
            for (; part_ < 2; ++part_, record_ = 0, soa_written_ = false) {
                const auto& records = part_ == 0 ? delta.removed : delta.added;
                if (!soa_written_) {
                    if (!message.has_room(1)) return false;
                    soa_.serial = part_ == 0 ? delta.from_serial : delta.to_serial;
                    message.add_soa(soa_);
                    soa_written_ = true;
                }
                for (; record_ < records.size(); ++record_) {
                    if (!message.has_room(1)) return false;
                    message.add(records[record_].view());
                }
            }
        }
        return true;
    }

  private:
    const std::vector<std::shared_ptr<const ZoneDelta>>& deltas_;
    SoaFields soa_;
    std::size_t delta_ = 0, part_ = 0, record_ = 0;
    bool soa_written_ = false;
};

// The new SOA, the differences, the new SOA again (RFC 1995 §4).
asio::awaitable<void> send_deltas(Reply& reply, const ZoneVersion& version,
                                  const std::vector<std::shared_ptr<const ZoneDelta>>& deltas) {
    auto message = std::make_unique<XfrMessage>(version.wire_form);
    DeltaWalk walk(deltas, version.soa());
    message->start(reply.request.id, reply.request.qtype);
    message->add_soa(version.soa());
    for (;;) {
        if (walk.fill(*message)) break;
        if (!co_await send(reply, *message)) co_return;
        message->start(reply.request.id, reply.request.qtype);
    }
    if (!message->has_room(1)) {
        if (!co_await send(reply, *message)) co_return;
        message->start(reply.request.id, reply.request.qtype);
    }
    message->add_soa(version.soa());
    co_await send(reply, *message);
}

asio::awaitable<void> send_rcode(Reply& reply, std::uint16_t rcode,
                                 std::optional<TsigError> unsigned_tsig = std::nullopt) {
    ZoneWireForm question;  // the name asked for, whatever zone it is
    question.apex.resize(wire::kMaxNameOctets);
    const auto octets = wire::encode_name(reply.request.zone, question.apex);
    question.apex.resize(octets ? *octets : 1);
    auto message = std::make_unique<XfrMessage>(question);
    message->start(reply.request.id, reply.request.qtype, rcode);
    if (unsigned_tsig)
        append_unsigned_tsig(*message, *reply.request.tsig, *unsigned_tsig, tsig_time_now());
    co_await send(reply, *message);
}

bool is_in(const asio::ip::address& client, const std::vector<config::IpPrefix>& prefixes) {
    for (const auto& prefix : prefixes) {
        // config prefixes count IPv4 lengths from 0; the filter's shared space from 96.
        const unsigned length = prefix.address.is_v4() ? prefix.length + 96 : prefix.length;
        const filter::IpPrefix host = filter::IpPrefix::host(prefix.address);
        if (filter::IpPrefix{filter::mask(host.bits, length), static_cast<std::uint8_t>(length)}
                .contains(client))
            return true;
    }
    return false;
}

std::string_view kind_of(std::uint16_t qtype) {
    return qtype == kTypeAxfr ? "axfr" : qtype == kTypeIxfr ? "ixfr" : "soa";
}

// A refusal: logged with its reason, counted under a bounded label (`outcome`), and answered.
// The zone label is the exported zone's name, or empty for a name rojad does not export, so a
// client cannot grow the metric with names of its choosing.
asio::awaitable<void> refuse(Reply& reply, const asio::ip::address& client,
                             const XfrContext& context, std::string_view zone,
                             std::string_view outcome, std::uint16_t rcode,
                             std::optional<TsigError> unsigned_tsig = std::nullopt) {
    log::warning("rpz_transfer_refused", {{"zone", reply.request.zone},
                                          {"client", client.to_string()},
                                          {"kind", kind_of(reply.request.qtype)},
                                          {"reason", outcome}});
    co_await send_rcode(reply, rcode, unsigned_tsig);
    if (context.counters)
        context.counters->transfer(zone, kind_of(reply.request.qtype), outcome, reply.bytes);
}

// The regulator's confirmation can then say which resolver took which version, and when.
void audit_transfer(const Reply& reply, const asio::ip::address& client, const ZoneVersion& version,
                    std::string_view outcome, audit::AuditLog* audit) {
    if (!audit || !reply.ok || outcome == "current") return;
    boost::json::object details{
        {"zone", reply.request.zone},
        {"consumer", client.to_string()},
        {"serial", version.serial},
        {"kind", kind_of(reply.request.qtype)},
        {"outcome", outcome},
        {"tsig_key", reply.request.tsig ? reply.request.tsig->key_name : ""},
        {"messages", reply.messages},
        {"bytes", reply.bytes}};
    // The order version the consumer now enforces, for that version's confirmation.
    if (version.feed_serial) {
        details["feed"] = version.config->feeds.front();
        details["feed_serial"] = *version.feed_serial;
    }
    if (auto appended = audit->append("rpz_transfer", std::move(details)); !appended)
        log::error("audit_write_failed",
                   {{"type", "rpz_transfer"}, {"reason", appended.error().message()}});
}

void log_transfer(const Reply& reply, const asio::ip::address& client, const ZoneVersion& version,
                  std::string_view outcome, std::chrono::steady_clock::time_point started) {
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    log::info("rpz_transfer", {{"zone", reply.request.zone},
                               {"client", client.to_string()},
                               {"kind", kind_of(reply.request.qtype)},
                               {"serial", std::to_string(version.serial)},
                               {"outcome", outcome},
                               {"messages", std::to_string(reply.messages)},
                               {"bytes", std::to_string(reply.bytes)},
                               {"seconds", std::to_string(seconds.count())}});
}

// The metric's name for a consumer (rpz_counters.hpp): only names the operator wrote down.
ConsumerKey consumer_of(const Reply& reply, const asio::ip::address& client,
                        const ZoneVersion& version) {
    if (reply.request.tsig) return {version.config->name, reply.request.tsig->key_name};
    for (const config::Endpoint& notified : version.config->notify)
        if (notified.address == client) return {version.config->name, client.to_string()};
    return {version.config->name, "_unsigned"};
}

// A transfer that ran (or an SOA, or a client told it is current): logged, counted, audited,
// and the serial the consumer now holds remembered — for a broken transfer, nothing is held.
void record_transfer(const Reply& reply, const asio::ip::address& client, const XfrContext& context,
                     const ZoneVersion& version, std::string_view outcome,
                     std::chrono::steady_clock::time_point started) {
    const std::string_view counted = reply.ok ? outcome : "aborted";
    if (reply.request.qtype != wire::type::kSoa) {
        log_transfer(reply, client, version, counted, started);
        audit_transfer(reply, client, version, outcome, context.audit);
    }
    if (!context.counters) return;
    context.counters->transfer(version.config->name, kind_of(reply.request.qtype), counted,
                               reply.bytes);
    if (reply.ok && reply.request.qtype != wire::type::kSoa)
        context.counters->consumer_holds(consumer_of(reply, client, version), version.serial);
}

// The SOA alone for an IXFR: the client is current, or it asked over UDP (RFC 1995 §2: it comes
// by TCP when behind). Either way, the serial its IXFR named is the one it holds.
asio::awaitable<void> answer_ixfr_with_soa(Reply& reply, const asio::ip::address& client,
                                           const XfrContext& context, const ZoneVersion& version) {
    co_await send_soa(reply, version);
    const std::optional<std::uint32_t> held = reply.request.client_serial;
    const bool is_current = held && serial_at_least(*held, version.serial);
    if (!context.counters) co_return;
    context.counters->transfer(version.config->name, "ixfr", is_current ? "current" : "udp_soa",
                               reply.bytes);
    if (held && reply.ok)
        context.counters->consumer_holds(consumer_of(reply, client, version), *held);
}

// Who may have the zone, in order: the client in `allow`; then a request signed with a known
// key (BADKEY, BADSIG, BADTIME otherwise) that the zone lists, or an unsigned request from a
// prefix the operator allowed without a key. Returns whether the answer may go on; on false
// the refusal has been sent.
asio::awaitable<bool> admit(Reply& reply, std::span<const std::uint8_t> message,
                            const ZoneVersion& version, const asio::ip::address& client,
                            const XfrContext& context, std::optional<TsigSigner>& signer) {
    const config::RpzZoneConfig& zone = *version.config;
    const XfrRequest& request = reply.request;
    if (!is_in(client, zone.allow)) {
        co_await refuse(reply, client, context, zone.name, "not_allowed", kRcodeRefused);
        co_return false;
    }
    if (!request.tsig) {
        if (is_in(client, zone.allow_without_key)) co_return true;
        co_await refuse(reply, client, context, zone.name, "no_key", kRcodeRefused);
        co_return false;
    }
    const TsigCheck check = check_tsig(message, *request.tsig, context.keys, tsig_time_now());
    if (check.error == TsigError::badkey || check.error == TsigError::badsig) {
        co_await refuse(reply, client, context, zone.name,
                        check.error == TsigError::badkey ? "badkey" : "badsig", kRcodeNotAuth,
                        check.error);
        co_return false;
    }
    signer.emplace(check, *request.tsig);
    reply.signer = &*signer;
    const bool is_zone_key =
        std::find(zone.keys.begin(), zone.keys.end(), check.key->name) != zone.keys.end();
    if (check.error == TsigError::badtime || !is_zone_key) {
        const bool is_badtime = check.error == TsigError::badtime;
        co_await refuse(reply, client, context, zone.name, is_badtime ? "badtime" : "wrong_key",
                        is_badtime ? kRcodeNotAuth : kRcodeRefused);
        co_return false;
    }
    co_return true;
}

asio::awaitable<void> answer(Reply& reply, std::span<const std::uint8_t> message,
                             const asio::ip::address& client, const XfrContext& context) {
    const XfrRequest& request = reply.request;
    if (request.opcode != 0 || request.is_response)
        co_return co_await send_rcode(reply, kRcodeNotImp);
    const auto version = context.catalog.find(request.zone);
    if (!version || request.qclass != wire::kClassIn)
        co_return co_await refuse(reply, client, context, "", "unknown_zone", kRcodeNotAuth);
    const std::string& zone = version->config->name;
    std::optional<TsigSigner> signer;
    if (!co_await admit(reply, message, *version, client, context, signer)) co_return;
    const auto started = std::chrono::steady_clock::now();
    if (request.qtype == wire::type::kSoa) {
        co_await send_soa(reply, *version);
        co_return record_transfer(reply, client, context, *version, "answered", started);
    }
    if (request.qtype != kTypeAxfr && request.qtype != kTypeIxfr)
        co_return co_await refuse(reply, client, context, zone, "notimp", kRcodeRefused);
    // Over UDP: no AXFR; an IXFR gets the SOA alone, which tells a client behind to come by
    // TCP (RFC 1995 §2).
    if (reply.datagram && request.qtype == kTypeAxfr)
        co_return co_await refuse(reply, client, context, zone, "notimp", kRcodeNotImp);
    const bool is_ixfr = request.qtype == kTypeIxfr && request.client_serial;
    if (reply.datagram || (is_ixfr && serial_at_least(*request.client_serial, version->serial)))
        co_return co_await answer_ixfr_with_soa(reply, client, context, *version);
    const auto deltas = is_ixfr ? context.catalog.deltas_since(request.zone, *request.client_serial)
                                : std::vector<std::shared_ptr<const ZoneDelta>>{};
    if (!deltas.empty() && deltas.back()->to_serial == version->serial) {
        co_await send_deltas(reply, *version, deltas);
        co_return record_transfer(reply, client, context, *version, "incremental", started);
    }
    co_await send_zone(reply, *version);
    record_transfer(reply, client, context, *version, "full", started);
}

}  // namespace

asio::awaitable<void> serve_xfr_connection(tcp::socket socket, const XfrContext& context) {
    std::vector<std::uint8_t> in(wire::kMaxMessageSize);
    boost::system::error_code ec;
    const asio::ip::address client = socket.remote_endpoint(ec).address();
    while (!ec) {
        std::array<std::uint8_t, 2> prefix;
        auto [error, n] = co_await asio::async_read(socket, asio::buffer(prefix), kNoThrow);
        if (error) break;
        const std::size_t length = wire::load_u16(prefix.data());
        auto [body_error, m] =
            co_await asio::async_read(socket, asio::buffer(in.data(), length), kNoThrow);
        if (body_error || length == 0) break;
        const std::span<const std::uint8_t> message(in.data(), length);
        const auto request = parse_xfr_request(message);
        if (!request) {
            // No reply: a FORMERR needs an ID and question we could not trust; closing is as clear.
            log::debug("rpz_request_malformed",
                       {{"client", client.to_string()}, {"reason", request.error().message()}});
            break;
        }
        Reply reply{&socket, nullptr, {}, *request};
        co_await answer(reply, message, client, context);
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

}  // namespace roja::rpz

namespace roja::rpz {

asio::awaitable<void> serve_xfr_datagrams(udp::socket& socket, const XfrContext& context) {
    std::vector<std::uint8_t> in(wire::kMaxMessageSize);
    for (;;) {
        udp::endpoint peer;
        auto [error, length] =
            co_await socket.async_receive_from(asio::buffer(in.data(), in.size()), peer, kNoThrow);
        if (error == asio::error::operation_aborted) co_return;
        if (error) continue;
        const std::span<const std::uint8_t> message(in.data(), length);
        const auto request = parse_xfr_request(message);
        if (!request) continue;  // nothing to trust enough to answer
        Reply reply{nullptr, &socket, peer, *request};
        co_await answer(reply, message, peer.address(), context);
    }
}

}  // namespace roja::rpz
