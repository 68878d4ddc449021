#include "daemon/rpz/zone_walk.hpp"

#include <array>

#include "daemon/rpz/rpz_ip_owner.hpp"
#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

namespace {

constexpr std::size_t kTooLongNamesKept = 5;

using filter::Disposition;
using filter::MatchScope;
using filter::RuleHit;

// What the zone's lists say about one name: whether `name` and `*.name` are triggers, and
// whether an allow entry covers each. The leader is the one entry of the name that emits it.
struct NameTriggers {
    bool has_self = false, self_allow = false;
    bool has_below = false, below_allow = false;
    std::uint32_t leader = UINT32_MAX;
};

std::uint32_t key_of(const RuleHit& hit) {
    return (std::uint32_t{hit.list} << 8) | (static_cast<std::uint32_t>(hit.disposition) << 4) |
           static_cast<std::uint32_t>(hit.scope);
}

NameTriggers triggers_of(const filter::RuleSet& rules, std::string_view name,
                         const filter::ListSet& lists) {
    NameTriggers t;
    rules.for_each_entry_named(name, [&](const RuleHit& hit) {
        if (!lists.test(hit.list)) return;
        const bool allow = hit.disposition == Disposition::allow;
        if (hit.scope != MatchScope::below) {
            t.has_self = true;
            t.self_allow = t.self_allow || allow;
        }
        if (hit.scope != MatchScope::exact) {
            t.has_below = true;
            t.below_allow = t.below_allow || allow;
        }
        t.leader = std::min(t.leader, key_of(hit));
    });
    return t;
}

void emit(const NameTriggers& t, std::string_view name, RpzTarget block, RecordSink& sink,
          std::string& wildcard) {
    if (t.has_self) sink.add({name, t.self_allow ? RpzTarget::passthru : block, false});
    if (t.has_below) {
        wildcard.assign("*.").append(name);
        sink.add({wildcard, t.below_allow ? RpzTarget::passthru : block, false});
    }
}

}  // namespace

bool ZoneWalk::fill(RecordSink& sink) {
    if (phase_ == Phase::names) {
        const filter::RuleSet& rules = policy_.name_rules();
        position_ = rules.walk_entries(position_, [&](std::string_view name, const RuleHit& hit) {
            return visit_name(name, hit, sink);
        });
        if (position_ < rules.slot_count()) return false;
        phase_ = Phase::ips;
        position_ = 0;
    }
    while (phase_ == Phase::ips) {
        if (position_ == policy_.ip_entry_count()) {
            phase_ = Phase::done;
            break;
        }
        if (!visit_ip(sink)) return false;
    }
    return true;
}

bool ZoneWalk::fits(std::string_view relative, std::size_t extra) const noexcept {
    std::array<std::uint8_t, wire::kMaxNameOctets> buffer;
    const auto octets = wire::encode_name(relative, buffer);
    // Relative wire length without its root label, plus the apex with its own.
    return octets && *octets - 1 + extra + shape_.apex_octets <= wire::kMaxNameOctets;
}

bool ZoneWalk::visit_name(std::string_view name, const RuleHit& hit, RecordSink& sink) {
    if (!shape_.lists.test(hit.list)) return true;
    const NameTriggers t = triggers_of(policy_.name_rules(), name, shape_.lists);
    if (key_of(hit) != t.leader) return true;  // another entry of this name emits it
    const std::size_t count = std::size_t{t.has_self} + std::size_t{t.has_below};
    if (!fits(name, t.has_below ? 2 : 0)) {
        if (too_long_++ < kTooLongNamesKept) too_long_names_.emplace_back(name);
        return true;
    }
    if (!sink.has_room(count)) return false;
    emit(t, name, shape_.block, sink, wildcard_);
    return true;
}

void ZoneWalk::visit_one(const filter::Policy& policy, const ZoneShape& shape,
                         std::string_view name, RecordSink& sink) {
    std::string wildcard;
    emit(triggers_of(policy.name_rules(), name, shape.lists), name, shape.block, sink, wildcard);
}

// One prefix (equal prefixes of several lists sit side by side and make one trigger).
bool ZoneWalk::visit_ip(RecordSink& sink) {
    const auto first = policy_.ip_entry(position_);
    std::size_t end = position_;
    bool in_zone = false, allow = false;
    for (; end < policy_.ip_entry_count(); ++end) {
        const auto entry = policy_.ip_entry(end);
        if (!(entry.prefix == first.prefix)) break;
        if (!shape_.lists.test(entry.list)) continue;
        in_zone = true;
        allow = allow || entry.disposition == Disposition::allow;
    }
    if (in_zone) {
        if (!sink.has_room(1)) return false;
        owner_.clear();
        append_rpz_ip_owner(first.prefix, owner_);
        sink.add({owner_, allow ? RpzTarget::passthru : shape_.block, true});
    }
    position_ = end;
    return true;
}

}  // namespace roja::rpz
