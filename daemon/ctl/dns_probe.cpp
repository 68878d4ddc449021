#include "daemon/ctl/dns_probe.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <optional>
#include <random>

#include "daemon/files/file_descriptor.hpp"
#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/reply_view.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::ctl {

namespace {

// Collects the answer's A and AAAA addresses.
class AddressCollector final : public wire::RecordVisitor {
  public:
    std::vector<boost::asio::ip::address> addresses;

    void on_cname(std::string_view, std::string_view) noexcept override {}
    void on_address(std::string_view, std::span<const std::uint8_t> raw) noexcept override {
        try {
            if (raw.size() == 4) {
                boost::asio::ip::address_v4::bytes_type bytes;
                std::copy(raw.begin(), raw.end(), bytes.begin());
                addresses.emplace_back(boost::asio::ip::address_v4(bytes));
            } else if (raw.size() == 16) {
                boost::asio::ip::address_v6::bytes_type bytes;
                std::copy(raw.begin(), raw.end(), bytes.begin());
                addresses.emplace_back(boost::asio::ip::address_v6(bytes));
            }
        } catch (...) {  // allocation failure: the address is left out
        }
    }
};

std::string answer_text(const std::vector<boost::asio::ip::address>& addresses) {
    std::string text = "answer";
    for (const auto& address : addresses) text += " " + address.to_string();
    return text;
}

ProbeAnswer by_rcode(const wire::ReplyView& view, const AddressCollector& answer,
                     std::span<const boost::asio::ip::address> warning) {
    using wire::Rcode;
    const auto rcode = static_cast<Rcode>(view.rcode);
    if (rcode == Rcode::NxDomain) return {ProbeVerdict::blocked, "nxdomain"};
    if (rcode == Rcode::ServFail) return {ProbeVerdict::error, "servfail"};
    if (rcode == Rcode::Refused) return {ProbeVerdict::error, "refused"};
    if (rcode != Rcode::NoError)
        return {ProbeVerdict::error, "rcode " + std::to_string(view.rcode)};
    if (answer.addresses.empty()) return {ProbeVerdict::blocked, "nodata"};
    const bool is_warning =
        std::any_of(answer.addresses.begin(), answer.addresses.end(), [&](const auto& address) {
            return std::find(warning.begin(), warning.end(), address) != warning.end();
        });
    if (is_warning) return {ProbeVerdict::blocked, "warning address", answer.addresses};
    return {ProbeVerdict::not_blocked, answer_text(answer.addresses), answer.addresses};
}

// A UDP socket connected to the resolver (the kernel then passes only its datagrams); not open
// when it cannot be made.
files::FileDescriptor connect_to(const boost::asio::ip::udp::endpoint& resolver) {
    files::FileDescriptor socket(
        ::socket(resolver.protocol().family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (socket.is_open() && ::connect(socket.get(), resolver.data(), resolver.size()) != 0)
        socket.close();
    return socket;
}

// Waits for the reply with `id` until `timeout`; other datagrams (late replies) are skipped.
std::optional<ProbeAnswer> await_reply(int fd, std::uint16_t id,
                                       std::span<const boost::asio::ip::address> warning,
                                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::array<std::uint8_t, wire::kMaxMessageSize> buffer{};
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (got < 0) return ProbeAnswer{ProbeVerdict::error, "network error"};
        const std::span<const std::uint8_t> reply(buffer.data(), static_cast<std::size_t>(got));
        if (reply.size() >= 2 && wire::load_u16(reply.data()) == id)
            return classify_probe_reply(reply, id, warning);
    }
}

}  // namespace

std::string_view probe_verdict_name(ProbeVerdict verdict) noexcept {
    switch (verdict) {
        case ProbeVerdict::blocked:
            return "blocked";
        case ProbeVerdict::not_blocked:
            return "not_blocked";
        case ProbeVerdict::error:
            return "error";
    }
    return "error";
}

std::vector<std::uint8_t> make_probe_query(std::string_view name, std::uint16_t id) {
    std::vector<std::uint8_t> query(wire::kHeaderSize + wire::kMaxNameOctets + 4 +
                                    wire::kOptFixedSize);
    wire::store_u16(query.data(), id);
    wire::store_u16(query.data() + 2, wire::flag::kRd);
    wire::store_u16(query.data() + 4, 1);   // one question
    wire::store_u16(query.data() + 10, 1);  // one additional: the OPT
    const auto written = wire::encode_name(
        name, std::span<std::uint8_t>(query).subspan(wire::kHeaderSize, wire::kMaxNameOctets));
    if (!written) return {};
    std::uint8_t* at = query.data() + wire::kHeaderSize + *written;
    wire::store_u16(at, wire::type::kA);
    wire::store_u16(at + 2, wire::kClassIn);
    at += 4;
    *at++ = 0;  // OPT: root owner, type, payload size, extended rcode/version/flags, no options
    wire::store_u16(at, wire::type::kOpt);
    wire::store_u16(at + 2, wire::kDefaultUdpPayload);
    wire::store_u32(at + 4, 0);
    wire::store_u16(at + 8, 0);
    query.resize(static_cast<std::size_t>(at + 10 - query.data()));
    return query;
}

ProbeAnswer classify_probe_reply(std::span<const std::uint8_t> reply, std::uint16_t id,
                                 std::span<const boost::asio::ip::address> warning) {
    wire::ReplyView view;
    AddressCollector answer;
    if (!wire::walk_message(reply, view, &answer)) return {ProbeVerdict::error, "malformed"};
    if (view.id != id) return {ProbeVerdict::error, "wrong id"};
    if (view.tc()) return {ProbeVerdict::error, "truncated"};
    const auto code = view.edns.extended_error_code;
    if (view.edns.has_extended_error &&
        (code == wire::ede::kBlocked || code == wire::ede::kCensored ||
         code == wire::ede::kFiltered))
        return {ProbeVerdict::blocked, "ede " + std::to_string(code)};
    return by_rcode(view, answer, warning);
}

ProbeAnswer ask_resolver(const boost::asio::ip::udp::endpoint& resolver, std::string_view name,
                         std::span<const boost::asio::ip::address> warning,
                         std::chrono::milliseconds timeout) {
    static std::mt19937 random(std::random_device{}());
    const files::FileDescriptor socket = connect_to(resolver);
    if (!socket.is_open()) return {ProbeVerdict::error, "cannot reach the resolver"};
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto id = static_cast<std::uint16_t>(random());
        const std::vector<std::uint8_t> query = make_probe_query(name, id);
        if (query.empty()) return {ProbeVerdict::error, "name cannot be encoded"};
        if (::send(socket.get(), query.data(), query.size(), 0) < 0)
            return {ProbeVerdict::error, "network error"};
        if (auto answer = await_reply(socket.get(), id, warning, timeout)) return *answer;
    }
    return {ProbeVerdict::error, "timeout"};
}

}  // namespace roja::ctl
