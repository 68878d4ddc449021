// A HyperLogLog sketch of distinct clients (2^10 registers: about 3% standard error), fed with
// keyed hashes of client addresses, never the addresses. Few clients keep it sparse (a list of
// register updates, 2 bytes each); past that it becomes the 1,024 registers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roja::stats {

class ClientSketch {
  public:
    static constexpr unsigned kIndexBits = 10;
    static constexpr std::size_t kRegisters = std::size_t{1} << kIndexBits;

    ClientSketch() = default;
    ClientSketch(const ClientSketch& other);
    ClientSketch& operator=(const ClientSketch& other);
    ClientSketch(ClientSketch&&) noexcept = default;
    ClientSketch& operator=(ClientSketch&&) noexcept = default;

    void add(std::uint64_t hash);
    void merge(const ClientSketch& other);
    double estimate() const;
    bool empty() const noexcept { return !dense_ && sparse_.empty(); }

    // 'S' + sorted distinct updates (2 bytes each, little-endian) or 'D' + the registers.
    std::string serialize() const;
    static std::optional<ClientSketch> parse(std::string_view bytes);

  private:
    using Registers = std::array<std::uint8_t, kRegisters>;
    static constexpr std::size_t kMaxSparse = 128;  // 256 bytes; past that, the 1,024 registers

    void add_sparse(std::uint16_t update);
    void densify();

    std::vector<std::uint16_t> sparse_;  // index << 6 | rank, sorted, one per register
    std::unique_ptr<Registers> dense_;
};

}  // namespace roja::stats
