// Hand-built upstream replies for the cache tests: the cache never parses, so the tests only need
// a plausible header and to know where each record's TTL sits.
#pragma once

#include "daemon/cache/answer_cache.hpp"

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roja::cache::test {

struct Answer {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint16_t> ttl_offsets;
};

inline void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

inline void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    put_u16(out, static_cast<std::uint16_t>(v >> 16));
    put_u16(out, static_cast<std::uint16_t>(v));
}

inline std::uint32_t get_u32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

// A reply (QR set, given rcode and TC) with one A record per TTL, padded to at least min_size.
inline Answer make_answer(std::string_view name, std::initializer_list<std::uint32_t> ttls,
                          std::uint8_t rcode = 0, bool truncated = false,
                          std::size_t min_size = 0) {
    Answer a;
    put_u16(a.bytes, 0xbeef);
    a.bytes.push_back(static_cast<std::uint8_t>(0x80 | (truncated ? 0x02 : 0)));
    a.bytes.push_back(rcode);
    put_u16(a.bytes, 1);
    put_u16(a.bytes, static_cast<std::uint16_t>(ttls.size()));
    put_u32(a.bytes, 0);
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t dot = std::min(name.find('.', start), name.size());
        a.bytes.push_back(static_cast<std::uint8_t>(dot - start));
        a.bytes.insert(a.bytes.end(), name.begin() + start, name.begin() + dot);
        start = dot + 1;
    }
    a.bytes.push_back(0);
    put_u32(a.bytes, 0x00010001);  // QTYPE A, QCLASS IN
    std::uint8_t last = 1;
    for (std::uint32_t ttl : ttls) {
        put_u32(a.bytes, 0xc00c0001);  // pointer to the question name, TYPE A
        put_u16(a.bytes, 1);
        a.ttl_offsets.push_back(static_cast<std::uint16_t>(a.bytes.size()));
        put_u32(a.bytes, ttl);
        put_u16(a.bytes, 4);
        put_u32(a.bytes, 0xc0000200u | last++);
    }
    if (a.bytes.size() < min_size) a.bytes.resize(min_size, 0);  // stands in for more records
    return a;
}

inline CacheKey key_for(std::string_view name, std::uint16_t qtype = 1) {
    return CacheKey{name, qtype, 1, false, false};
}

inline TimePoint t0() {
    return TimePoint{} + std::chrono::hours(1000);
}

inline InsertOutcome store(AnswerCache& cache, const CacheKey& key, const Answer& a,
                           std::uint32_t ttl, TimePoint now,
                           AnswerKind kind = AnswerKind::positive) {
    return cache.insert(key, a.bytes, a.ttl_offsets, ttl, kind, now);
}

}  // namespace roja::cache::test
