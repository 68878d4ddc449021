// Upstream queries in flight per client prefix, for one worker (rate_limit.max_outstanding), so
// that one client cannot fill the upstream pool's max_outstanding for everyone. A prefix has an
// entry only while it has queries in flight: the table never holds more entries than there are
// queries waiting for an upstream. Used on the miss path only, which allocates anyway.
#pragma once

#include <cstdint>
#include <unordered_map>

namespace roja::server {

class ClientOutstanding {
  public:
    explicit ClientOutstanding(std::uint32_t cap) : cap_(cap) {}

    // Counts one more query for `key`; false (and nothing counted) when it is at the cap.
    bool try_add(std::uint64_t key);
    void remove(std::uint64_t key) noexcept;
    std::size_t prefixes() const noexcept { return in_flight_.size(); }

  private:
    std::uint32_t cap_;
    std::unordered_map<std::uint64_t, std::uint32_t> in_flight_;
};

}  // namespace roja::server
