// The IP prefix parser on arbitrary text: no crash, a parsed prefix prints back to itself, and a
// prefix map built from it finds the prefix's own first address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "filter/prefix_map.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::filter;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto prefix = parse_ip_prefix(text);
    if (!prefix) return 0;
    if (prefix->length > 128 || mask(prefix->bits, prefix->length) != prefix->bits)
        __builtin_trap();
    const auto again = parse_ip_prefix(prefix->to_string());
    if (!again || *again != *prefix) __builtin_trap();

    PrefixMapBuilder builder;
    builder.add(*prefix, 42);
    const PrefixMap map = std::move(builder).build();
    boost::system::error_code ec;
    const auto first = boost::asio::ip::make_address(
        prefix->to_string().substr(0, prefix->to_string().find('/')), ec);
    if (ec || !prefix->contains(first) || map.longest_match(first) != 42U) __builtin_trap();
    return 0;
}
