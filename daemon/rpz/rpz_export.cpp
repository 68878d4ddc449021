#include "daemon/rpz/rpz_export.hpp"

#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/log/log.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// How often the thread looks for a new serving state: well inside the 1 s NOTIFY promise,
// and one integer compare per look.
constexpr std::chrono::milliseconds kWatchInterval{200};

}  // namespace

std::unique_ptr<RpzExport> RpzExport::bind(const config::RpzExportConfig& config,
                                           const server::StateHolder& states,
                                           FeedSerialOf feed_serial,
                                           const std::filesystem::path& state_dir,
                                           audit::AuditLog* audit) {
    if (!config.listen || config.zones.empty()) return nullptr;
    return std::make_unique<RpzExport>(config, states, std::move(feed_serial), state_dir, audit);
}

RpzExport::RpzExport(const config::RpzExportConfig& config, const server::StateHolder& states,
                     FeedSerialOf feed_serial, const std::filesystem::path& state_dir,
                     audit::AuditLog* audit)
    : config_(config),
      states_(states),
      acceptor_(io_),
      datagrams_(io_),
      keys_(config.keys_file.empty() ? TsigKeyring() : load_tsig_keys(config.keys_file)),
      catalog_(config, std::move(feed_serial), state_dir.empty() ? state_dir : state_dir / "rpz"),
      context_{catalog_, keys_, audit, &counters_},
      notifier_(io_, config.listen->address, keys_, counters_) {
    for (const auto& zone : config.zones) {
        auto names = zone.keys;
        if (!zone.notify_key.empty()) names.push_back(zone.notify_key);
        for (const auto& key : names)
            if (!keys_.find(key))
                throw std::runtime_error("rpz_export zone " + zone.name + ": key \"" + key +
                                         "\" is not in " + config.keys_file);
    }
    const tcp::endpoint local(config.listen->address, config.listen->port);
    boost::system::error_code ec;
    acceptor_.open(local.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(local, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec)
        datagrams_.open(local.protocol() == tcp::v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(),
                        ec);
    if (!ec) datagrams_.bind(asio::ip::udp::endpoint(local.address(), local.port()), ec);
    if (ec)
        throw std::runtime_error("rpz_export.listen " + config::to_string(*config.listen) + ": " +
                                 ec.message());
}

RpzExport::~RpzExport() {
    stop();
}

void RpzExport::start() {
    // The first build goes first on the RPZ thread: start-up does not wait for a large zone's
    // walk, and no transfer is served before it (the accept loop starts after it).
    asio::post(io_, [this] { rebuild_if_new(); });
    asio::co_spawn(io_, accept_loop(), asio::detached);
    asio::co_spawn(io_, watch_states(), asio::detached);
    asio::co_spawn(io_, serve_xfr_datagrams(datagrams_, context_), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
}

void RpzExport::stop() {
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

void RpzExport::rebuild_if_new() {
    const std::uint64_t generation = states_.generation();
    if (generation == seen_generation_) return;
    seen_generation_ = generation;
    if (auto state = states_.current())
        for (const auto& version : catalog_.rebuild(state)) {
            counters_.zone_built(*version);
            notifier_.announce(version);
        }
}

asio::awaitable<void> RpzExport::watch_states() {
    asio::steady_timer timer(io_);
    for (;;) {
        timer.expires_after(kWatchInterval);
        auto [error] = co_await timer.async_wait(kNoThrow);
        if (error) co_return;
        rebuild_if_new();
    }
}

asio::awaitable<void> RpzExport::accept_loop() {
    for (;;) {
        auto [error, socket] = co_await acceptor_.async_accept(kNoThrow);
        if (error == asio::error::operation_aborted) co_return;
        if (error) continue;
        if (connections_ >= config_.max_connections) continue;  // closed as it goes out of scope
        ++connections_;
        asio::co_spawn(io_, serve_xfr_connection(std::move(socket), context_),
                       [this](std::exception_ptr) { --connections_; });
    }
}

}  // namespace roja::rpz
