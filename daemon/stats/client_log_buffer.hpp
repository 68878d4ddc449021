// One worker's per-client log since the last flush (stats.client_log: schools only; personal
// data, docs/metrics.md): fixed-size records in room reserved at each hand-over, so recording a
// query takes no lock, does no I/O and allocates nothing. When the room is full, queries are
// dropped and counted. Handed over like the hit buffer: take() runs on the worker's thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "filter/policy.hpp"

namespace roja::stats {

// How the query was answered (the policy's part is in the verdict).
enum class ClientAnswer : std::uint8_t {
    blocked,
    cached,
    upstream,
    stale,
    safe_search,
    servfail,
    url_filter,
    local,  // a local record or a locally served zone, answered without an upstream
};

std::string_view to_string(ClientAnswer answer) noexcept;

struct ClientRecord {
    static constexpr std::size_t kNameRoom =
        255;  // longer names (only "\DDD"-escaped ones) are cut

    // User-provided so that emplace_back() does not zero the name first.
    ClientRecord() noexcept {}

    std::int64_t at_ms = 0;                  // Unix time in milliseconds
    std::array<std::uint8_t, 16> address{};  // IPv4 in the first 4 bytes when is_v4
    bool is_v4 = false;
    ClientAnswer answer = ClientAnswer::upstream;
    std::uint8_t name_length = 0;
    std::uint16_t qtype = 0;
    std::uint16_t policy = 0;  // position in ClientLogBatch::policies
    filter::GroupIndex group = 0;
    filter::Verdict verdict;
    std::array<char, kNameRoom> name;  // first name_length chars

    std::string_view qname() const noexcept { return {name.data(), name_length}; }
    boost::asio::ip::address client() const;
};

struct ClientLogBatch {
    std::vector<std::shared_ptr<const filter::Policy>> policies;  // keep list ids and groups alive
    std::vector<ClientRecord> records;  // reserved up front: recording never reallocates
    std::uint64_t dropped = 0;          // queries not recorded because the records were full

    bool empty() const noexcept { return records.empty() && dropped == 0; }
};

// One query as the pipeline knows it.
struct ClientQuery {
    const boost::asio::ip::address& client;
    std::string_view qname;
    std::uint16_t qtype;
    filter::GroupIndex group;
    const filter::Verdict& verdict;
    ClientAnswer answer;
};

class ClientLogBuffer {
  public:
    // Nothing is recorded until a take() with a capacity: with the log off, nothing is allocated.
    void record(const ClientQuery& query, const std::shared_ptr<const filter::Policy>& policy) {
        if (capacity_ == 0) return;
        record_at(query, policy, std::chrono::system_clock::now());
    }
    void record_at(const ClientQuery& query, const std::shared_ptr<const filter::Policy>& policy,
                   std::chrono::system_clock::time_point at);

    // Hands over what was recorded and makes room for `next_capacity` records (0 = stop).
    ClientLogBatch take(std::size_t next_capacity);

  private:
    std::size_t capacity_ = 0;
    ClientLogBatch batch_;
};

}  // namespace roja::stats
