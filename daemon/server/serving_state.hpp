// Everything a worker needs to answer that can change on reload, as one immutable snapshot:
// the policy, who may query, and what blocked answers look like. Built beside the old one and
// published with one swap (StateHolder); workers never see half of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/server/local_records.hpp"
#include "daemon/wire/canned_answers.hpp"
#include "filter/policy.hpp"
#include "filter/prefix_map.hpp"

namespace roja::server {

struct BlockSettings {
    std::vector<wire::Ipv4Address> ipv4;  // warning page addresses for A
    std::vector<wire::Ipv6Address> ipv6;  // and for AAAA
    std::uint32_t ttl = 60;
    bool ede = true;
    std::string contact;  // structured DNS error fields (draft-ietf-dnsop-structured-dns-error)
    std::string organisation;
    std::string language;
};

// Where hosts with URL-level or server-name entries are sent for groups that filter URLs: the
// HTTP filter's addresses (http_filter.addresses); empty = off, such hosts resolve normally.
struct UrlFilterSettings {
    std::vector<wire::Ipv4Address> ipv4;
    std::vector<wire::Ipv6Address> ipv6;
    bool enabled() const noexcept { return !ipv4.empty() || !ipv6.empty(); }
};

struct ServingState {
    std::shared_ptr<const filter::Policy> policy;
    filter::PrefixMap access;  // clients allowed to query (value unused)
    config::RefusedAction refused_action = config::RefusedAction::refuse;
    BlockSettings blocking;
    UrlFilterSettings url_filter;
    std::uint16_t udp_payload = 1232;
    std::uint32_t safesearch_ttl = 300;  // TTL of the CNAME to a safe endpoint
    LocalRecords local_records;          // local_records: the network's own names
    std::uint64_t serial = 0;            // counts successful loads, for logs
};

}  // namespace roja::server
