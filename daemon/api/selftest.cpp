#include "daemon/api/selftest.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <random>

#include <boost/json/array.hpp>

namespace roja::api {

namespace {

constexpr std::uint16_t kTypeA = 1;

// A question for `name` (canonical, no trailing dot), type A, class IN, RD set.
std::vector<std::uint8_t> make_query(std::string_view name, std::uint16_t id) {
    std::vector<std::uint8_t> q = {static_cast<std::uint8_t>(id >> 8),
                                   static_cast<std::uint8_t>(id),
                                   0x01,
                                   0x00,
                                   0,
                                   1,
                                   0,
                                   0,
                                   0,
                                   0,
                                   0,
                                   0};
    while (!name.empty()) {
        const std::size_t dot = name.find('.');
        const std::string_view label = name.substr(0, dot);
        q.push_back(static_cast<std::uint8_t>(label.size()));
        q.insert(q.end(), label.begin(), label.end());
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    q.insert(q.end(), {0, 0, kTypeA, 0, 1});
    return q;
}

class UdpClient {
  public:
    explicit UdpClient(const config::Endpoint& server) {
        const bool v4 = server.address.is_v4();
        fd_ = ::socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        timeval timeout{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        std::memset(&to_, 0, sizeof to_);
        if (v4) {
            auto* a = reinterpret_cast<sockaddr_in*>(&to_);
            a->sin_family = AF_INET;
            a->sin_port = htons(server.port);
            const auto bytes = server.address.to_v4().to_bytes();
            std::memcpy(&a->sin_addr, bytes.data(), 4);
            to_len_ = sizeof(sockaddr_in);
        } else {
            auto* a = reinterpret_cast<sockaddr_in6*>(&to_);
            a->sin6_family = AF_INET6;
            a->sin6_port = htons(server.port);
            const auto bytes = server.address.to_v6().to_bytes();
            std::memcpy(&a->sin6_addr, bytes.data(), 16);
            to_len_ = sizeof(sockaddr_in6);
        }
    }
    ~UdpClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    UdpClient(const UdpClient&) = delete;
    UdpClient& operator=(const UdpClient&) = delete;

    // The reply to `query` (same ID), or empty after the timeout.
    std::vector<std::uint8_t> exchange(const std::vector<std::uint8_t>& query) {
        if (fd_ < 0 || ::sendto(fd_, query.data(), query.size(), 0,
                                reinterpret_cast<sockaddr*>(&to_), to_len_) < 0)
            return {};
        std::array<std::uint8_t, 4096> buffer{};
        for (;;) {
            const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
            if (got < 0) return {};
            if (got >= 12 && buffer[0] == query[0] && buffer[1] == query[1])
                return {buffer.begin(), buffer.begin() + got};
        }
    }

  private:
    int fd_ = -1;
    sockaddr_storage to_{};
    socklen_t to_len_ = 0;
};

std::size_t skip_name(const std::vector<std::uint8_t>& m, std::size_t at) {
    while (at < m.size()) {
        const std::uint8_t length = m[at];
        if ((length & 0xC0) == 0xC0) return at + 2;
        if (length == 0) return at + 1;
        at += 1 + length;
    }
    return m.size();
}

// The A addresses in the answer section of `reply`.
std::vector<boost::asio::ip::address_v4::bytes_type> answer_addresses(
    const std::vector<std::uint8_t>& reply) {
    std::vector<boost::asio::ip::address_v4::bytes_type> out;
    const std::size_t answers = reply[6] << 8 | reply[7];
    std::size_t at = skip_name(reply, 12) + 4;
    for (std::size_t i = 0; i < answers && at < reply.size(); ++i) {
        at = skip_name(reply, at);
        if (at + 10 > reply.size()) break;
        const std::uint16_t type = static_cast<std::uint16_t>(reply[at] << 8 | reply[at + 1]);
        const std::size_t length = reply[at + 8] << 8 | reply[at + 9];
        at += 10;
        if (type == kTypeA && length == 4 && at + 4 <= reply.size())
            out.push_back({reply[at], reply[at + 1], reply[at + 2], reply[at + 3]});
        at += length;
    }
    return out;
}

// Empty when `reply` is the block `verdict` asks for; else what came instead.
std::string check_answer(const std::vector<std::uint8_t>& reply, const filter::Verdict& verdict,
                         const server::ServingState& state) {
    if (reply.empty()) return "timeout";
    const int rcode = reply[3] & 0x0F;
    const std::size_t answers = reply[6] << 8 | reply[7];
    const std::string got =
        "rcode " + std::to_string(rcode) + ", " + std::to_string(answers) + " answer(s)";
    switch (verdict.action) {
        case filter::BlockAction::nxdomain:
            return rcode == 3 ? "" : got;
        case filter::BlockAction::refuse:
            return rcode == 5 ? "" : got;
        case filter::BlockAction::nodata:
            return rcode == 0 && answers == 0 ? "" : got;
        case filter::BlockAction::redirect:
            break;
    }
    const auto addresses = answer_addresses(reply);
    if (rcode != 0 || addresses.empty()) return got;
    std::vector<boost::asio::ip::address_v4::bytes_type> expected;
    for (const auto& address : state.policy->local_data(verdict))
        if (address.is_v4()) expected.push_back(address.to_v4().to_bytes());
    if (expected.empty())
        for (const auto& address : state.blocking.ipv4) expected.push_back(address);
    for (const auto& address : addresses)
        if (std::find(expected.begin(), expected.end(), address) == expected.end())
            return got + " (not the block addresses)";
    return {};
}

// The name a query for `entry` asks: the name itself, or one below it for a "below" entry.
std::string probe_name(std::string_view entry, filter::MatchScope scope) {
    return scope == filter::MatchScope::below ? "roja-selftest." + std::string(entry)
                                              : std::string(entry);
}

}  // namespace

SelftestReport run_selftest(const server::ServingState& state, const config::Endpoint& server,
                            std::size_t limit) {
    SelftestReport report;
    const filter::Policy& policy = *state.policy;
    const filter::GroupIndex group = policy.group_of(server.address);
    UdpClient client(server);
    std::mt19937 ids(std::random_device{}());
    policy.for_each_name_entry([&](std::string_view name, const filter::RuleHit& hit) {
        if (hit.disposition != filter::Disposition::block) return;
        if (report.checked == limit) {
            report.is_truncated = true;
            return;
        }
        const std::string probe = probe_name(name, hit.scope);
        const filter::Verdict verdict = policy.decide(probe, kTypeA, group);
        if (!verdict.is_blocked()) {  // the loopback group does not enable the list, or an allow
                                      // entry wins
            ++report.skipped;
            return;
        }
        ++report.checked;
        const auto reply = client.exchange(make_query(probe, static_cast<std::uint16_t>(ids())));
        std::string problem = check_answer(reply, verdict, state);
        if (problem.empty())
            ++report.passed;
        else
            report.misses.push_back({probe, policy.list(hit.list).id,
                                     std::string(filter::to_string(verdict.action)),
                                     std::move(problem)});
    });
    return report;
}

boost::json::object SelftestReport::to_json() const {
    boost::json::array missed;
    for (const SelftestMiss& miss : misses)
        missed.push_back(boost::json::object{{"name", miss.name},
                                             {"list", miss.list},
                                             {"expected", miss.expected},
                                             {"got", miss.got}});
    return {{"checked", checked},
            {"passed", passed},
            {"skipped", skipped},
            {"misses", std::move(missed)},
            {"truncated", is_truncated}};
}

}  // namespace roja::api
