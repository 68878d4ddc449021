// Layout and byte work of a cache entry: the only place that knows where the parts sit.
#include "daemon/cache/cache_entry.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

namespace roja::cache {
namespace {

// RFC 2181 §8: a TTL with the top bit set is treated as zero.
constexpr std::uint32_t kMaxWireTtl = 0x7fffffffu;

std::uint32_t read_u32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

void write_u32(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

void write_id(std::uint8_t* out, std::uint16_t query_id) {
    out[0] = static_cast<std::uint8_t>(query_id >> 8);
    out[1] = static_cast<std::uint8_t>(query_id);
}

std::size_t allocation_size(std::size_t name_length, std::size_t offset_count,
                            std::size_t message_length) {
    return sizeof(CacheEntry) + 2 * offset_count + name_length + message_length;
}

}  // namespace

std::uint16_t CacheEntry::ttl_offset(std::size_t i) const {
    std::uint16_t offset;
    std::memcpy(&offset, payload() + 2 * i, sizeof offset);
    return offset;
}

void CacheEntryDeleter::operator()(CacheEntry* entry) const noexcept {
    static_assert(std::is_trivially_destructible_v<CacheEntry>);
    ::operator delete(entry);
}

std::size_t entry_charge(std::size_t name_length, std::size_t offset_count,
                         std::size_t message_length) noexcept {
    // glibc: chunk = request + 8-byte size header, rounded up to 16; count a whole 16 for safety.
    std::size_t size = allocation_size(name_length, offset_count, message_length) + 16;
    return (size + 15) & ~std::size_t{15};
}

CacheEntryPtr make_entry(const EntryFacts& facts) {
    const std::size_t name_length = facts.key.qname.size();
    const std::size_t count = facts.ttl_offsets.size();
    void* raw = ::operator new(allocation_size(name_length, count, facts.message.size()));
    CacheEntryPtr entry(new (raw) CacheEntry{});
    entry->hash = facts.hash;
    entry->fields = key_fields(facts.key);
    entry->inserted = facts.now;
    entry->policy_generation = facts.policy_generation;
    entry->ttl = facts.ttl;
    entry->name_length = static_cast<std::uint16_t>(name_length);
    entry->offset_count = static_cast<std::uint16_t>(count);
    entry->message_length = static_cast<std::uint16_t>(facts.message.size());
    entry->kind = facts.kind;
    std::byte* cursor = entry->payload();
    std::memcpy(cursor, facts.ttl_offsets.data(), 2 * count);
    cursor += 2 * count;
    std::memcpy(cursor, facts.key.qname.data(), name_length);
    cursor += name_length;
    auto* message = reinterpret_cast<std::uint8_t*>(cursor);
    std::memcpy(message, facts.message.data(), facts.message.size());
    for (std::uint16_t offset : facts.ttl_offsets) {
        std::uint32_t record_ttl = read_u32(message + offset);
        if (record_ttl > kMaxWireTtl) record_ttl = 0;
        write_u32(message + offset,
                  std::min(std::max(record_ttl, facts.min_record_ttl), facts.ttl));
    }
    return entry;
}

void copy_answer(const CacheEntry& entry, std::uint8_t* out, std::uint16_t query_id,
                 std::uint32_t elapsed_seconds) {
    std::memcpy(out, entry.message(), entry.message_length);
    write_id(out, query_id);
    for (std::size_t i = 0; i < entry.offset_count; ++i) {
        std::uint8_t* field = out + entry.ttl_offset(i);
        std::uint32_t stored = read_u32(field);
        write_u32(field, stored > elapsed_seconds ? stored - elapsed_seconds : 0);
    }
}

void copy_answer_with_ttl(const CacheEntry& entry, std::uint8_t* out, std::uint16_t query_id,
                          std::uint32_t fixed_ttl) {
    std::memcpy(out, entry.message(), entry.message_length);
    write_id(out, query_id);
    for (std::size_t i = 0; i < entry.offset_count; ++i) {
        write_u32(out + entry.ttl_offset(i), fixed_ttl);
    }
}

}  // namespace roja::cache
