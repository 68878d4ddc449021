#include "daemon/rpz/zone_delta.hpp"

#include <unordered_set>

namespace roja::rpz {

namespace {

// Answers "does this version hold this record": names through the version's rule set, rpz-ip
// owners through a set made once (ip entries are few next to names).
class VersionLookup {
  public:
    explicit VersionLookup(const ZoneVersion& version) : version_(version) {
        const auto& policy = *version.state->policy;
        for (std::size_t i = 0; i < policy.ip_entry_count(); ++i) {
            const auto entry = policy.ip_entry(i);
            if (version.shape.lists.test(entry.list)) has_ips_ = true;
        }
        if (!has_ips_) return;
        // Collect the version's rpz-ip records with one walk limited to them.
        struct IpSink final : RecordSink {
            std::unordered_set<std::string>& out;
            explicit IpSink(std::unordered_set<std::string>& o) : out(o) {}
            bool has_room(std::size_t) const noexcept override { return true; }
            void add(const RpzRecord& r) noexcept override {
                if (r.is_ip) out.insert(key_of(r));
            }
        } sink(ip_records_);
        ZoneWalk walk(policy, version.shape);
        walk.fill(sink);
    }

    bool contains(const RpzRecord& record) const {
        if (record.is_ip) return ip_records_.count(key_of(record)) != 0;
        const bool is_wildcard = record.owner.starts_with("*.");
        const std::string_view name = is_wildcard ? record.owner.substr(2) : record.owner;
        bool found = false;
        struct OneName final : RecordSink {
            const RpzRecord& wanted;
            bool& found;
            OneName(const RpzRecord& w, bool& f) : wanted(w), found(f) {}
            bool has_room(std::size_t) const noexcept override { return true; }
            void add(const RpzRecord& r) noexcept override {
                found = found || (r.owner == wanted.owner && r.target == wanted.target);
            }
        } sink(record, found);
        ZoneWalk::visit_one(*version_.state->policy, version_.shape, name, sink);
        return found;
    }

    static std::string key_of(const RpzRecord& r) {
        return std::string(r.owner) + '\0' + static_cast<char>(r.target);
    }

  private:
    const ZoneVersion& version_;
    bool has_ips_ = false;
    std::unordered_set<std::string> ip_records_;
};

// The records of `from` that `other` lacks, up to `max_records` (false when over).
bool missing_from(const ZoneVersion& from, const VersionLookup& other, std::size_t max_records,
                  std::vector<StoredRecord>& out) {
    struct Sink final : RecordSink {
        const VersionLookup& other;
        std::vector<StoredRecord>& out;
        std::size_t max;
        bool over = false;
        Sink(const VersionLookup& o, std::vector<StoredRecord>& v, std::size_t m)
            : other(o), out(v), max(m) {}
        bool has_room(std::size_t) const noexcept override { return !over; }
        void add(const RpzRecord& r) noexcept override {
            if (other.contains(r)) return;
            if (out.size() == max) {
                over = true;
                return;
            }
            out.push_back({std::string(r.owner), r.target, r.is_ip});
        }
    } sink(other, out, max_records);
    ZoneWalk walk(*from.state->policy, from.shape);
    while (!walk.fill(sink) && !sink.over) {
    }
    return !sink.over;
}

}  // namespace

std::optional<ZoneDelta> diff_versions(const ZoneVersion& older, const ZoneVersion& newer,
                                       std::size_t max_records) {
    ZoneDelta delta{older.serial, newer.serial, {}, {}};
    const VersionLookup in_older(older), in_newer(newer);
    if (!missing_from(older, in_newer, max_records, delta.removed)) return std::nullopt;
    if (!missing_from(newer, in_older, max_records - delta.removed.size(), delta.added))
        return std::nullopt;
    return delta;
}

}  // namespace roja::rpz
