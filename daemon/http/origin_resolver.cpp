#include "daemon/http/origin_resolver.hpp"

#include <algorithm>
#include <string>

#include "daemon/server/safe_search_answer.hpp"
#include "daemon/wire/reply_view.hpp"
#include "filter/verdict.hpp"

namespace roja::http {

namespace asio = boost::asio;

std::vector<std::uint8_t> address_query(std::string_view host, std::uint16_t qtype) {
    std::vector<std::uint8_t> q = {0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};  // RD, one question
    while (!host.empty()) {
        const auto dot = host.find('.');
        const std::string_view label = host.substr(0, dot);
        if (label.empty() || label.size() > 63) return {};
        q.push_back(static_cast<std::uint8_t>(label.size()));
        q.insert(q.end(), label.begin(), label.end());
        host = dot == std::string_view::npos ? std::string_view() : host.substr(dot + 1);
    }
    q.push_back(0);
    if (q.size() - 12 > 255) return {};
    q.insert(q.end(),
             {static_cast<std::uint8_t>(qtype >> 8), static_cast<std::uint8_t>(qtype), 0, 1});
    return q;
}

OriginResolver::OriginResolver(asio::io_context& io, upstream::UpstreamOptions options,
                               std::vector<asio::ip::address> own_addresses)
    : pool_(io, std::move(options)), own_(std::move(own_addresses)) {}

bool OriginResolver::is_own(const asio::ip::address& address) const noexcept {
    return address.is_unspecified() || std::find(own_.begin(), own_.end(), address) != own_.end();
}

asio::awaitable<std::optional<asio::ip::address>> OriginResolver::resolve(
    std::string_view canonical_host) {
    const std::string host(canonical_host);  // the caller's view may not outlive a suspension
    if (auto v4 = co_await resolve_type(host, filter::kQtypeA)) co_return v4;
    co_return co_await resolve_type(host, filter::kQtypeAaaa);
}

asio::awaitable<std::optional<asio::ip::address>> OriginResolver::resolve_type(
    std::string_view host, std::uint16_t qtype) {
    const std::vector<std::uint8_t> query = address_query(host, qtype);
    if (query.empty()) co_return std::nullopt;
    const upstream::UpstreamResult result = co_await pool_.resolve(query);
    if (result.status != upstream::UpstreamStatus::ok) co_return std::nullopt;
    server::EndpointAddresses addresses;  // every A/AAAA of the answer, CNAME chain followed
    wire::ReplyView view;
    if (!wire::walk_message(result.reply, view, &addresses)) co_return std::nullopt;
    for (std::size_t i = 0; i < addresses.count(); ++i) {
        const auto bytes = addresses.address(i);
        asio::ip::address address;
        if (bytes.size() == 4 && qtype == filter::kQtypeA) {
            asio::ip::address_v4::bytes_type b;
            std::copy(bytes.begin(), bytes.end(), b.begin());
            address = asio::ip::address_v4(b);
        } else if (bytes.size() == 16 && qtype == filter::kQtypeAaaa) {
            asio::ip::address_v6::bytes_type b;
            std::copy(bytes.begin(), bytes.end(), b.begin());
            address = asio::ip::address_v6(b);
        } else {
            continue;
        }
        if (!is_own(address)) co_return address;
    }
    co_return std::nullopt;
}

}  // namespace roja::http
