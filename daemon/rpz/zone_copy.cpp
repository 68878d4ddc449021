#include "daemon/rpz/zone_copy.hpp"

#include <charconv>

#include "daemon/rpz/zone_text.hpp"
#include "daemon/wire/wire_error.hpp"

namespace roja::rpz {

namespace {

using wire::WireError;

// Splits "a\tb\tc..." into exactly `n` fields (the last keeps any further tabs).
template <std::size_t N>
bool split_tabs(std::string_view line, std::array<std::string_view, N>& fields) {
    for (std::size_t i = 0; i + 1 < N; ++i) {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos) return false;
        fields[i] = line.substr(0, tab);
        line.remove_prefix(tab + 1);
    }
    fields[N - 1] = line;
    return true;
}

bool parse_u32(std::string_view text, std::uint32_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

// The five counters at the end of SOA RDATA text.
bool parse_soa_fields(std::string_view rdata, SoaFields& fields) {
    std::array<std::uint32_t, 5> values{};
    for (std::size_t i = values.size(); i-- > 0;) {
        const auto space = rdata.rfind(' ');
        if (space == std::string_view::npos || !parse_u32(rdata.substr(space + 1), values[i]))
            return false;
        rdata = rdata.substr(0, space);
    }
    fields = {values[0], values[1], values[2], values[3], values[4]};
    return true;
}

}  // namespace

void ZoneCopy::set_soa(const ResponseRecord& soa) {
    soa_ = ZoneSoa{soa.ttl, soa.rdata, soa.soa ? soa.soa->fields : SoaFields{}};
}

std::string ZoneCopy::key_of(const ResponseRecord& record) {
    return zone_file_name(record.owner) + '\t' + type_text(record.type) + '\t' + record.rdata;
}

void ZoneCopy::add(const ResponseRecord& record, UndoLog& undo) {
    std::string key = key_of(record);
    const auto found = records_.find(key);
    undo.emplace_back(
        key, found == records_.end() ? std::nullopt : std::optional<std::uint32_t>(found->second));
    records_[std::move(key)] = record.ttl;
}

bool ZoneCopy::remove(const ResponseRecord& record, UndoLog& undo) {
    const auto found = records_.find(key_of(record));
    if (found == records_.end()) return false;
    undo.emplace_back(found->first, found->second);
    records_.erase(found);
    return true;
}

void ZoneCopy::undo(UndoLog& undo) {
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
        if (it->second)
            records_[it->first] = *it->second;
        else
            records_.erase(it->first);
    }
    undo.clear();
}

std::string ZoneCopy::zone_text() const {
    std::string text;
    text.reserve(64 + records_.size() * 48);
    if (soa_)
        text += zone_file_name(apex_) + '\t' + std::to_string(soa_->ttl) + "\tIN\tSOA\t" +
                soa_->rdata + '\n';
    for (const auto& [key, ttl] : records_) {
        const auto tab = key.find('\t');
        text.append(key, 0, tab);
        text += '\t' + std::to_string(ttl) + "\tIN";
        text.append(key, tab);
        text += '\n';
    }
    return text;
}

Result<ZoneCopy> ZoneCopy::from_zone_text(std::string apex, std::string_view text) {
    ZoneCopy copy(std::move(apex));
    const std::string apex_name = zone_file_name(copy.apex_);
    while (!text.empty()) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos) return WireError::truncated;  // not ours: no last \n
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        std::array<std::string_view, 5> f;  // owner, TTL, IN, type, rdata
        std::uint32_t ttl = 0;
        if (!split_tabs(line, f) || !parse_u32(f[1], ttl) || f[2] != "IN")
            return WireError::bad_rdata;
        if (!copy.soa_) {
            ZoneSoa soa{ttl, std::string(f[4]), {}};
            if (f[0] != apex_name || f[3] != "SOA" || !parse_soa_fields(f[4], soa.fields))
                return WireError::bad_rdata;
            copy.soa_ = std::move(soa);
            continue;
        }
        std::string key(f[0]);
        ((key += '\t') += f[3]) += '\t';
        key += f[4];
        copy.records_[std::move(key)] = ttl;
    }
    if (!copy.soa_) return WireError::truncated;
    return copy;
}

}  // namespace roja::rpz
