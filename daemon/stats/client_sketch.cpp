#include "daemon/stats/client_sketch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace roja::stats {

namespace {

constexpr std::uint16_t encode(std::size_t index, unsigned rank) {
    return static_cast<std::uint16_t>(index << 6 | rank);
}

}  // namespace

ClientSketch::ClientSketch(const ClientSketch& other)
    : sparse_(other.sparse_),
      dense_(other.dense_ ? std::make_unique<Registers>(*other.dense_) : nullptr) {}

ClientSketch& ClientSketch::operator=(const ClientSketch& other) {
    if (this != &other) {
        sparse_ = other.sparse_;
        dense_ = other.dense_ ? std::make_unique<Registers>(*other.dense_) : nullptr;
    }
    return *this;
}

void ClientSketch::add(std::uint64_t hash) {
    const std::size_t index = hash >> (64 - kIndexBits);
    // The rank: position of the first 1 in the remaining 54 bits (1-based), 55 when all zero.
    const std::uint64_t rest = hash << kIndexBits;
    const auto rank =
        static_cast<unsigned>(rest == 0 ? 64 - kIndexBits + 1 : std::countl_zero(rest) + 1);
    if (dense_) {
        (*dense_)[index] =
            std::max<std::uint8_t>((*dense_)[index], static_cast<std::uint8_t>(rank));
        return;
    }
    add_sparse(encode(index, rank));
}

// Keeps sparse_ sorted with the highest rank per register: a repeated client changes nothing.
void ClientSketch::add_sparse(std::uint16_t update) {
    const auto at =
        std::lower_bound(sparse_.begin(), sparse_.end(), static_cast<std::uint16_t>(update & ~63));
    if (at != sparse_.end() && (*at >> 6) == (update >> 6)) {
        *at = std::max(*at, update);
        return;
    }
    sparse_.insert(at, update);
    if (sparse_.size() > kMaxSparse) densify();
}

void ClientSketch::densify() {
    dense_ = std::make_unique<Registers>();
    dense_->fill(0);
    for (const std::uint16_t update : sparse_) {
        std::uint8_t& reg = (*dense_)[update >> 6];
        reg = std::max<std::uint8_t>(reg, static_cast<std::uint8_t>(update & 63));
    }
    sparse_.clear();
    sparse_.shrink_to_fit();
}

void ClientSketch::merge(const ClientSketch& other) {
    if (other.dense_) {
        if (!dense_) densify();
        for (std::size_t i = 0; i < kRegisters; ++i)
            (*dense_)[i] = std::max((*dense_)[i], (*other.dense_)[i]);
        return;
    }
    if (dense_) {
        for (const std::uint16_t update : other.sparse_) {
            std::uint8_t& reg = (*dense_)[update >> 6];
            reg = std::max<std::uint8_t>(reg, static_cast<std::uint8_t>(update & 63));
        }
        return;
    }
    for (const std::uint16_t update : other.sparse_) {
        if (dense_) {
            std::uint8_t& reg = (*dense_)[update >> 6];
            reg = std::max<std::uint8_t>(reg, static_cast<std::uint8_t>(update & 63));
        } else {
            add_sparse(update);
        }
    }
}

double ClientSketch::estimate() const {
    Registers registers{};
    if (dense_) {
        registers = *dense_;
    } else {
        for (const std::uint16_t update : sparse_)
            registers[update >> 6] = std::max<std::uint8_t>(registers[update >> 6],
                                                            static_cast<std::uint8_t>(update & 63));
    }
    constexpr double m = static_cast<double>(kRegisters);
    double sum = 0;
    std::size_t zeros = 0;
    for (const std::uint8_t reg : registers) {
        sum += std::ldexp(1.0, -static_cast<int>(reg));
        zeros += reg == 0 ? 1 : 0;
    }
    const double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    // Few clients: linear counting over the empty registers is the better estimate.
    if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
    return raw;
}

std::string ClientSketch::serialize() const {
    std::string out;
    if (dense_) {
        out.reserve(1 + kRegisters);
        out.push_back('D');
        out.append(reinterpret_cast<const char*>(dense_->data()), kRegisters);
        return out;
    }
    out.push_back('S');
    for (const std::uint16_t update : sparse_) {
        out.push_back(static_cast<char>(update & 0xff));
        out.push_back(static_cast<char>(update >> 8));
    }
    return out;
}

std::optional<ClientSketch> ClientSketch::parse(std::string_view bytes) {
    ClientSketch sketch;
    if (bytes.size() == 1 + kRegisters && bytes[0] == 'D') {
        sketch.dense_ = std::make_unique<Registers>();
        for (std::size_t i = 0; i < kRegisters; ++i) {
            const auto reg = static_cast<std::uint8_t>(bytes[1 + i]);
            if (reg > 64 - kIndexBits + 1) return std::nullopt;
            (*sketch.dense_)[i] = reg;
        }
        return sketch;
    }
    if (bytes.empty() || bytes[0] != 'S' || bytes.size() % 2 != 1) return std::nullopt;
    for (std::size_t i = 1; i < bytes.size(); i += 2) {
        const auto update = static_cast<std::uint16_t>(
            static_cast<std::uint8_t>(bytes[i]) | static_cast<std::uint8_t>(bytes[i + 1]) << 8);
        if ((update & 63) > 64 - kIndexBits + 1) return std::nullopt;
        sketch.add_sparse(update);
    }
    return sketch;
}

}  // namespace roja::stats
