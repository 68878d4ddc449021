// The answer to a blocked query: the verdict's action (redirect to the warning page, NXDOMAIN,
// NODATA, REFUSED) plus, for EDNS clients, an RFC 8914 Extended DNS Error naming who ordered
// the block: plain text ("AKEP 123/2025"), or the JSON of draft-ietf-dnsop-structured-dns-error
// when the client asked for it by sending an EDE option in its query.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "daemon/server/serving_state.hpp"
#include "daemon/wire/query_view.hpp"
#include "filter/verdict.hpp"

namespace roja::server {

class BlockAnswerWriter {
  public:
    // Returns the message written into `out`, or an empty span if nothing could be written.
    std::span<const std::uint8_t> write(std::span<std::uint8_t> out, std::size_t limit,
                                        const wire::QueryView& query,
                                        const filter::Verdict& verdict,
                                        const ServingState& state) noexcept;

  private:
    std::string_view extra_text(const wire::QueryView& query, const filter::Verdict& verdict,
                                const ServingState& state) noexcept;

    static constexpr std::size_t kMaxRedirects = 8;
    std::array<char, 1024> text_{};
    std::array<wire::Ipv4Address, kMaxRedirects> local_v4_{};
    std::array<wire::Ipv6Address, kMaxRedirects> local_v6_{};
};

}  // namespace roja::server
