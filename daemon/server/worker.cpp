#include "daemon/server/worker.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include "daemon/server/worker_scheduling.hpp"

namespace roja::server {

namespace asio = boost::asio;

// The pipeline as a UDP socket sees it; one per socket, so a late answer leaves by the same one.
class Worker::UdpFront final : public DatagramHandler {
  public:
    UdpFront(QueryPipeline& pipeline, UdpListener& listener)
        : pipeline_(pipeline), listener_(listener) {}
    std::size_t on_datagram(std::span<const std::uint8_t> query,
                            const asio::ip::udp::endpoint& client,
                            std::span<std::uint8_t> answer) override {
        return pipeline_
            .handle({query, client.address(), Transport::udp, batch_ms_}, answer,
                    [&] {
                        return ReplyPath{&listener_, client, nullptr};
                    })
            .length;
    }

    void on_batch() override { batch_ms_ = pipeline_.batch_time(); }

  private:
    QueryPipeline& pipeline_;
    UdpListener& listener_;
    std::uint32_t batch_ms_ = 0;  // one clock read per receive batch (0: none needed)
};

// The pipeline as a stream sees it: DNS over TCP or over TLS, told apart for the counts.
class Worker::TcpFront final : public StreamHandler {
  public:
    TcpFront(QueryPipeline& pipeline, Transport transport)
        : pipeline_(pipeline), transport_(transport) {}
    StreamResult on_stream_query(std::span<const std::uint8_t> query,
                                 const asio::ip::tcp::endpoint& client,
                                 std::span<std::uint8_t> answer,
                                 const std::shared_ptr<StreamConnection>& connection) override {
        const Handled handled =
            pipeline_.handle({query, client.address(), transport_}, answer, [&] {
                return ReplyPath{nullptr, {}, connection};
            });
        return {handled.length, handled.later};
    }

  private:
    QueryPipeline& pipeline_;
    Transport transport_;
};

Worker::Worker(const WorkerSettings& settings, const StateHolder& states, TcpAdmission& admission)
    : pipeline_(io_, states, settings.cache, settings.upstream, counters_, settings.forwarding,
                settings.rate_limit) {
    for (const auto& endpoint : settings.listen) {
        udp_.push_back(std::make_unique<UdpListener>(
            io_, asio::ip::udp::endpoint(endpoint.address, endpoint.port)));
        tcp_.push_back(std::make_unique<TcpListener>(
            io_, asio::ip::tcp::endpoint(endpoint.address, endpoint.port), admission));
    }
    const std::size_t plain_tcp = tcp_.size();
    for (const auto& endpoint : settings.dot.listen)
        tcp_.push_back(std::make_unique<TcpListener>(
            io_, asio::ip::tcp::endpoint(endpoint.address, endpoint.port), *settings.dot.admission,
            settings.dot.credentials));
    tcp_front_ = std::make_unique<TcpFront>(pipeline_, Transport::tcp);
    dot_front_ = std::make_unique<TcpFront>(pipeline_, Transport::dot);
    for (auto& udp : udp_) {
        udp_fronts_.push_back(std::make_unique<UdpFront>(pipeline_, *udp));
        udp->start(*udp_fronts_.back());
    }
    for (std::size_t i = 0; i < tcp_.size(); ++i)
        asio::co_spawn(io_, tcp_[i]->serve(i < plain_tcp ? *tcp_front_ : *dot_front_),
                       asio::detached);
}

Worker::~Worker() {
    stop_now();
    join();
}

void Worker::start() {
    thread_ = std::thread([this] {
        request_short_slice();
        io_.run();
    });
}

void Worker::stop_listening() {
    asio::post(io_, [this] {
        for (auto& udp : udp_) udp->stop_receiving();
        for (auto& tcp : tcp_) tcp->close();
    });
}

void Worker::stop_now() {
    io_.stop();
}

void Worker::post(std::function<void()> task) {
    asio::post(io_, std::move(task));
}

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace roja::server
