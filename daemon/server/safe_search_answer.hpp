// The answer a SafeSearch group gets for a search front end: a CNAME from the asked name to
// the engine's safe endpoint, followed by the endpoint's addresses as the upstream gave them.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "daemon/wire/query_view.hpp"
#include "daemon/wire/reply_view.hpp"

namespace roja::server {

// Gathers the A/AAAA records of the safe endpoint from the upstream's answer.
class EndpointAddresses final : public wire::RecordVisitor {
  public:
    static constexpr std::size_t kMax = 16;
    void on_cname(std::string_view, std::string_view) noexcept override {}
    void on_address(std::string_view owner,
                    std::span<const std::uint8_t> address) noexcept override;

    std::size_t count() const noexcept { return count_; }
    std::span<const std::uint8_t> address(std::size_t i) const noexcept {
        return {bytes_[i].data(), sizes_[i]};
    }

  private:
    std::array<std::array<std::uint8_t, 16>, kMax> bytes_{};
    std::array<std::uint8_t, kMax> sizes_{};
    std::size_t count_ = 0;
};

// A query for `target` with everything else as in `query` (type, class, flags, EDNS).
wire::QueryView retarget(const wire::QueryView& query, std::string_view target) noexcept;

// Writes CNAME (ttl = cname_ttl) then each address (ttl = min(cname_ttl, address_ttl)).
// Returns 0 when it does not fit; the caller then answers SERVFAIL.
std::size_t write_safe_search_answer(std::span<std::uint8_t> out, std::size_t limit,
                                     const wire::QueryView& query, std::string_view target,
                                     std::uint32_t cname_ttl, const EndpointAddresses& addresses,
                                     std::uint32_t address_ttl, std::uint16_t our_payload) noexcept;

}  // namespace roja::server
