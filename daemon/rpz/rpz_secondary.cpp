#include "daemon/rpz/rpz_secondary.hpp"

#include <array>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/log/log.hpp"
#include "daemon/metrics/zone_transfer_counters.hpp"
#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_request.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint8_t kOpcodeNotify = 4;
constexpr std::string_view kUnknownZone = "_unknown";  // NOTIFY for no zone we follow
constexpr std::chrono::seconds kRefusedLogGap{10};

bool wants_primary(const config::Config& config) {
    for (const auto& list : config.lists)
        if (list.primary) return true;
    return false;
}

}  // namespace

std::unique_ptr<RpzSecondary> RpzSecondary::create(const config::Config& config,
                                                   const ApplyZone& apply) {
    if (!wants_primary(config)) return nullptr;
    return std::make_unique<RpzSecondary>(config, apply);
}

RpzSecondary::RpzSecondary(const config::Config& config, const ApplyZone& apply) {
    for (const auto& list : config.lists) {
        if (!list.primary) continue;
        followers_.push_back(std::make_unique<ZoneFollower>(
            io_, list, config::transferred_zone_path(config, list), apply));
        const auto& listen = list.primary->notify_listen;
        if (!listen) continue;
        const bool is_bound = std::any_of(sockets_.begin(), sockets_.end(),
                                          [&](const auto& s) { return s->endpoint == *listen; });
        if (is_bound) continue;
        const udp::endpoint local(listen->address, listen->port);
        auto bound = std::make_unique<NotifySocket>(NotifySocket{*listen, udp::socket(io_)});
        boost::system::error_code ec;
        bound->socket.open(local.protocol(), ec);
        if (!ec) bound->socket.bind(local, ec);
        if (ec)
            throw std::runtime_error("list " + list.id + ": notify_listen " +
                                     config::to_string(*listen) + ": " + ec.message());
        sockets_.push_back(std::move(bound));
    }
}

RpzSecondary::~RpzSecondary() {
    stop();
}

std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>
RpzSecondary::load_last_good() {
    std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> zones;
    for (const auto& follower : followers_)
        if (auto text = follower->load_last_good())
            zones.emplace_back(follower->list_id(), std::move(text));
    return zones;
}

void RpzSecondary::start() {
    for (const auto& follower : followers_) asio::co_spawn(io_, follower->run(), asio::detached);
    for (const auto& listener : sockets_)
        asio::co_spawn(io_, receive_notify(*listener), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
}

void RpzSecondary::stop() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

asio::awaitable<void> RpzSecondary::receive_notify(NotifySocket& listener) {
    std::array<std::uint8_t, 1232> buffer{};
    for (;;) {
        udp::endpoint from;
        auto [error, n] =
            co_await listener.socket.async_receive_from(asio::buffer(buffer), from, kNoThrow);
        if (error == asio::error::operation_aborted) co_return;
        if (error) continue;
        answer_notify(listener, std::span(buffer.data(), n), from);
    }
}

ZoneFollower* RpzSecondary::follower_for(const std::string& zone, const config::Endpoint& listener,
                                         const asio::ip::address& from) const {
    for (const auto& follower : followers_) {
        const config::RpzPrimaryConfig& source = follower->source();
        if (source.zone == zone && source.notify_listen == listener &&
            source.primary.address == from)
            return follower.get();
    }
    return nullptr;
}

// RFC 1996 §3.10: a NOTIFY counts only from the zone's primary, and (RFC 8945) with its key.
// Anything else is dropped unanswered and counted; the one accepted is answered, signed when
// it was.
void RpzSecondary::answer_notify(NotifySocket& listener, std::span<const std::uint8_t> message,
                                 const udp::endpoint& from) {
    auto& counters = metrics::zone_transfer_counters();
    auto request = parse_xfr_request(message);
    if (!request || request->is_response || request->opcode != kOpcodeNotify) {
        counters.count_notify(kUnknownZone, "malformed");
        return;
    }
    ZoneFollower* follower = follower_for(request->zone, listener.endpoint, from.address());
    if (!follower) {
        counters.count_notify(kUnknownZone, "refused");
        return;
    }
    std::optional<TsigCheck> check;
    if (follower->keys().size() > 0) {
        if (request->tsig)
            check = check_tsig(message, *request->tsig, follower->keys(), tsig_time_now());
        if (!check || check->error != TsigError::none) {
            counters.count_notify(request->zone, "bad_tsig");
            // UDP is easy to forge: a flood gets counted, and logged once per kRefusedLogGap.
            const auto now = std::chrono::steady_clock::now();
            if (now - last_refused_log_ < kRefusedLogGap) return;
            last_refused_log_ = now;
            log::warning("rpz_notify_refused",
                         {{"list", follower->list_id()},
                          {"primary", config::to_string(follower->source().primary)},
                          {"zone", request->zone},
                          {"reason", check ? "bad TSIG" : "unsigned"}});
            return;
        }
    }
    counters.count_notify(request->zone, follower->on_notify());
    send_notify_answer(listener, *request, check, from);
}

void RpzSecondary::send_notify_answer(NotifySocket& listener, const XfrRequest& request,
                                      const std::optional<TsigCheck>& check,
                                      const udp::endpoint& to) {
    ZoneWireForm form;
    form.apex.resize(wire::kMaxNameOctets);
    const auto encoded = wire::encode_name(request.zone, form.apex);
    form.apex.resize(encoded ? *encoded : 0);
    auto answer = std::make_unique<XfrMessage>(form);
    answer->start_notify_answer(request.id);
    if (check) TsigSigner(*check, *request.tsig).sign(*answer, tsig_time_now());
    const auto bytes = answer->bytes();
    boost::system::error_code ignored;
    listener.socket.send_to(asio::buffer(bytes.data(), bytes.size()), to, 0, ignored);
}

}  // namespace roja::rpz
