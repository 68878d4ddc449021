#include "daemon/hub/node_target.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/ip/udp.hpp>

namespace roja::hub {

namespace {

std::string read_whole(const std::string& node, const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad())
        throw std::runtime_error("node " + node + ": cannot read its " + what + " " + path);
    return text.str();
}

std::string first_line(std::string text) {
    text = text.substr(0, text.find('\n'));
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

std::vector<NodeTarget> load_node_targets(const config::HubConfig& hub) {
    std::vector<NodeTarget> targets;
    for (const config::HubNodeConfig& node : hub.nodes) {
        NodeTarget target{node, {}, nullptr, {}};
        target.endpoint = {
            node.api,         first_line(read_whole(node.id, node.token_file, "token file")),
            node.ca_file,     node.pinned_key,
            hub.poll.timeout, hub.poll.max_response};
        if (target.endpoint.token.empty())
            throw std::runtime_error("node " + node.id + ": the token file " + node.token_file +
                                     " is empty");
        if (!node.checkpoint_key.empty()) {
            auto key = audit::CheckpointVerifier::load(
                read_whole(node.id, node.checkpoint_key, "checkpoint key"));
            if (!key)
                throw std::runtime_error("node " + node.id + ": " + node.checkpoint_key +
                                         " is not an Ed25519 public key (PEM)");
            target.checkpoint_key = std::move(*key);
        }
        if (node.resolver) {
            std::ostringstream resolver;  // the spelling of `rojactl probe`'s report
            resolver << boost::asio::ip::udp::endpoint(node.resolver->address, node.resolver->port);
            target.resolver_text = resolver.str();
        }
        targets.push_back(std::move(target));
    }
    return targets;
}

}  // namespace roja::hub
