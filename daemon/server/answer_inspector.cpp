#include "daemon/server/answer_inspector.hpp"

#include <boost/asio/ip/address.hpp>

namespace roja::server {

void AnswerInspector::consider(const filter::Verdict& verdict, filter::GroupIndex group,
                               bool address) noexcept {
    if (!verdict.is_blocked()) return;
    any_group_ = true;
    if (group == group_ && !verdict_.is_blocked()) {
        verdict_ = verdict;
        by_address_ = address;
    }
}

void AnswerInspector::on_cname(std::string_view, std::string_view target) noexcept {
    for (std::size_t g = 0; g < policy_.group_count(); ++g) {
        const auto group = static_cast<filter::GroupIndex>(g);
        consider(policy_.decide(target, qtype_, group), group, false);
    }
}

void AnswerInspector::on_address(std::string_view, std::span<const std::uint8_t> address) noexcept {
    boost::asio::ip::address ip;
    if (address.size() == 4) {
        boost::asio::ip::address_v4::bytes_type bytes;
        std::copy(address.begin(), address.end(), bytes.begin());
        ip = boost::asio::ip::address_v4(bytes);
    } else if (address.size() == 16) {
        boost::asio::ip::address_v6::bytes_type bytes;
        std::copy(address.begin(), address.end(), bytes.begin());
        ip = boost::asio::ip::address_v6(bytes);
    } else {
        return;
    }
    for (std::size_t g = 0; g < policy_.group_count(); ++g) {
        const auto group = static_cast<filter::GroupIndex>(g);
        consider(policy_.decide_address(ip, group, qtype_), group, true);
    }
}

}  // namespace roja::server
