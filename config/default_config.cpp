// The built-in defaults: what a Config holds before any YAML is read.
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include "config/config_loader.hpp"
#include "config/default_paths.hpp"
#include "config/resolv_conf.hpp"

namespace roja::config {

namespace {
using boost::asio::ip::address_v4;
using boost::asio::ip::address_v6;
}  // namespace

std::vector<Endpoint> default_listen_endpoints() {
    return {Endpoint{address_v4::loopback(), kDefaultListenPort}};
}

std::vector<IpPrefix> loopback_prefixes() {
    return {IpPrefix{address_v4({127, 0, 0, 0}), 8}, IpPrefix{address_v6::loopback(), 128}};
}

std::vector<boost::asio::ip::address> default_warning_addresses() {
    return {address_v4::any(), address_v6::any()};
}

std::vector<Endpoint> upstreams_from_resolv_conf(std::string_view resolv_conf_text) {
    auto servers = nameservers_from_resolv_conf(resolv_conf_text);
    if (servers.empty()) servers.push_back(Endpoint{address_v4::loopback(), kDnsPort});
    return servers;
}

Config default_config(std::string_view resolv_conf_text) {
    Config config;
    config.state_dir = std::string(default_state_dir());
    config.upstream.servers = upstreams_from_resolv_conf(resolv_conf_text);
    config.upstream.servers_from_resolv_conf = true;
    ListConfig example;
    example.id = "example";
    example.path = std::string(kExampleListPath);
    example.format = filter::ListFormat::plain;
    example.title = "Example list (fake names under .example)";
    example.scope = std::string(to_string(example.reason));
    config.lists.push_back(example);
    config.groups.push_back(
        GroupConfig{std::string(kDefaultGroupName), {}, {example.id}, false, false, true});
    return config;
}

}  // namespace roja::config
