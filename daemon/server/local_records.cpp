#include "daemon/server/local_records.hpp"

#include <algorithm>
#include <array>

#include "daemon/wire/answer_writer.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::server {

namespace {

using config::LocalRecordType;

constexpr std::uint16_t kTypePtr = 12, kTypeMx = 15, kTypeTxt = 16, kTypeSrv = 33, kTypeAny = 255;
constexpr int kMaxCnameHops = 8;
constexpr std::array<std::uint16_t, 7> kTypeCodes{
    wire::type::kA, wire::type::kAaaa, wire::type::kCname, kTypePtr, kTypeTxt, kTypeMx, kTypeSrv};

std::vector<std::uint8_t> name_wire(std::string_view name) {
    std::array<std::uint8_t, wire::kMaxNameOctets> buffer{};
    const std::size_t length = wire::encode_name(name, buffer).value();
    return {buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(length)};
}

void append_u16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

std::vector<std::uint8_t> address_rdata(const boost::asio::ip::address& address) {
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        return {bytes.begin(), bytes.end()};
    }
    const auto bytes = address.to_v6().to_bytes();
    return {bytes.begin(), bytes.end()};
}

// TXT: the text as character-strings of at most 255 octets each.
std::vector<std::uint8_t> txt_rdata(std::string_view text) {
    std::vector<std::uint8_t> out;
    do {
        const std::size_t chunk = std::min<std::size_t>(text.size(), 255);
        out.push_back(static_cast<std::uint8_t>(chunk));
        out.insert(out.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(chunk));
        text.remove_prefix(chunk);
    } while (!text.empty());
    return out;
}

std::vector<std::uint8_t> rdata_of(const config::LocalRecordConfig& record) {
    std::vector<std::uint8_t> out;
    switch (record.type) {
        case LocalRecordType::a:
        case LocalRecordType::aaaa:
            return address_rdata(record.address);
        case LocalRecordType::txt:
            return txt_rdata(record.text);
        case LocalRecordType::srv:
            append_u16(out, record.priority);
            append_u16(out, record.weight);
            append_u16(out, record.port);
            break;
        case LocalRecordType::mx:
            append_u16(out, record.priority);
            break;
        case LocalRecordType::cname:
        case LocalRecordType::ptr:
            break;
    }
    const auto target = name_wire(record.target);
    out.insert(out.end(), target.begin(), target.end());
    return out;
}

// in-addr.arpa / ip6.arpa name of an address (RFC 1035 3.5, RFC 3596 2.5).
std::string reverse_name(const boost::asio::ip::address& address) {
    std::string name;
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) name += std::to_string(*it) + '.';
        return name + "in-addr.arpa";
    }
    constexpr char kHex[] = "0123456789abcdef";
    const auto bytes = address.to_v6().to_bytes();
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
        name += kHex[*it & 0xF];
        name += '.';
        name += kHex[*it >> 4];
        name += '.';
    }
    return name + "ip6.arpa";
}

struct Addressed {
    boost::asio::ip::address address;
    std::string_view name;
    std::uint32_t ttl;
};

// In the order the addresses were given (records, then hosts files): the first name given for
// an address is its PTR, as in a hosts file; a written PTR beats a generated one.
void add_generated_ptrs(LocalRecordsLoad& load, const std::vector<Addressed>& addressed) {
    for (const Addressed& item : addressed) {
        const std::string owner = reverse_name(item.address);
        const LocalRecords::Name* existing = load.records.find(owner);
        const bool has_ptr =
            existing && std::any_of(existing->records.begin(), existing->records.end(),
                                    [](const auto& r) { return r.type == kTypePtr; });
        if (has_ptr) continue;  // expected for every further name of an address: not a conflict
        if (!load.records.add(owner, {kTypePtr, item.ttl, name_wire(item.name)}, false))
            ++load.skipped;
    }
}

}  // namespace

const LocalRecords::Name* LocalRecords::find(std::string_view qname) const noexcept {
    const auto found = names_.find(qname);
    return found == names_.end() ? nullptr : &found->second;
}

bool LocalRecords::add(std::string_view name, Record record, bool override,
                       std::string_view cname_target) {
    auto [it, is_new] = names_.try_emplace(std::string(name));
    Name& entry = it->second;
    if (is_new) entry.wire = name_wire(name);
    const bool is_cname = record.type == wire::type::kCname;
    if (!entry.cname_target.empty() || (is_cname && !entry.records.empty())) return false;
    for (const Record& existing : entry.records)
        if (existing.type == record.type && existing.rdata == record.rdata) return false;
    if (is_cname) entry.cname_target = std::string(cname_target);
    entry.override = entry.override || override;
    entry.records.push_back(std::move(record));
    return true;
}

LocalRecordsLoad build_local_records(const config::LocalRecordsConfig& config,
                                     std::span<const filter::LocalHost> hosts) {
    LocalRecordsLoad load;
    std::vector<Addressed> addressed;
    const auto ttl = static_cast<std::uint32_t>(config.ttl.count());
    for (const config::LocalRecordConfig& record : config.records) {
        const auto type = kTypeCodes[static_cast<std::size_t>(record.type)];
        const auto own_ttl = record.ttl ? static_cast<std::uint32_t>(record.ttl->count()) : ttl;
        if (!load.records.add(record.name, {type, own_ttl, rdata_of(record)}, record.override,
                              record.target))
            ++load.skipped;
        else if (type == wire::type::kA || type == wire::type::kAaaa)
            addressed.push_back({record.address, record.name, own_ttl});
    }
    for (const filter::LocalHost& host : hosts) {
        const auto type = host.address.is_v4() ? wire::type::kA : wire::type::kAaaa;
        if (!load.records.add(host.name, {type, ttl, address_rdata(host.address)}, false))
            ++load.skipped;
        else
            addressed.push_back({host.address, host.name, ttl});
    }
    if (config.generate_ptr) add_generated_ptrs(load, addressed);
    return load;
}

namespace {

// Records of `name` that answer `qtype`, owned by the query name (owner empty) or by `owner`.
bool write_records(wire::AnswerWriter& writer, const LocalRecords::Name& name, std::uint16_t qtype,
                   std::span<const std::uint8_t> owner) {
    bool wrote = false;
    for (const LocalRecords::Record& record : name.records) {
        if (record.type != qtype && qtype != kTypeAny) continue;
        if (owner.empty())
            writer.add_answer(record.type, record.ttl, record.rdata);
        else
            writer.add_answer(owner, record.type, record.ttl, record.rdata);
        wrote = true;
    }
    return wrote;
}

}  // namespace

Result<std::span<const std::uint8_t>> write_local_answer(std::span<std::uint8_t> out,
                                                         std::size_t limit,
                                                         const wire::QueryView& query,
                                                         const LocalRecords& records,
                                                         const LocalRecords::Name& name) noexcept {
    wire::AnswerWriter writer(out, limit);
    writer.start(query, wire::Rcode::NoError);
    const bool follows_aliases = query.qtype != wire::type::kCname && query.qtype != kTypeAny;
    bool answered = false;
    const LocalRecords::Name* current = &name;
    std::span<const std::uint8_t> owner;  // empty: the query name
    for (int hop = 0; hop <= kMaxCnameHops; ++hop) {
        if (current->cname_target.empty() || !follows_aliases) {
            answered = write_records(writer, *current, query.qtype, owner) || answered;
            break;
        }
        // An alias asked for another type: its CNAME, then on through other local names.
        answered = write_records(writer, *current, wire::type::kCname, owner) || answered;
        current = records.find(current->cname_target);
        if (!current) break;
        owner = current->wire;
    }
    if (!answered) {
        const std::uint32_t ttl = name.records.empty() ? 0 : name.records.front().ttl;
        writer.add_soa(ttl, ttl);
    }
    return writer.finish();
}

}  // namespace roja::server
