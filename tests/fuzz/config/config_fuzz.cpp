// Arbitrary text as roja.yaml: loading must report problems, never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = roja::config::load_config_text(text, "fuzz.yaml", "nameserver 127.0.0.1\n");
    // A result is either a config or problems, never both or neither.
    if (result.is_ok() == !result.problems.empty()) __builtin_trap();
    for (const auto& problem : result.problems) (void)roja::config::format_problem(problem);
    return 0;
}
