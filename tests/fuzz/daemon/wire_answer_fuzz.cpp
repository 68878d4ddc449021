// Fuzzes the upstream reply walker with a visitor, and checks that every reported TTL offset
// lies inside the message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "daemon/wire/reply_view.hpp"

namespace {

struct Touch final : roja::wire::RecordVisitor {
    std::size_t octets = 0;
    void on_cname(std::string_view owner, std::string_view target) noexcept override {
        octets += owner.size() + target.size();
    }
    void on_address(std::string_view owner,
                    std::span<const std::uint8_t> address) noexcept override {
        octets += owner.size() + address[address.size() - 1];
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    roja::wire::ReplyView reply;
    Touch touch;
    if (!roja::wire::walk_message({data, size}, reply, &touch)) return 0;
    for (std::size_t i = 0; i < reply.ttl_count; ++i)
        if (reply.ttl_offsets[i] + 4u > size) std::abort();
    if (reply.opt_offset + (reply.edns.present ? 11u : 0u) > size) std::abort();
    return 0;
}
