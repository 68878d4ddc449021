// Stable metric slots for lists and client groups. A list keeps its slot across reloads (keyed by
// its labels: id, authority, reason), so a worker's per-slot counter never changes meaning and a
// Prometheus series never jumps. The table is bounded; a newcomer past the end shares the last
// slot, whose labels say "_other": label sets stay bounded whatever the configuration does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace roja::metrics {

inline constexpr std::size_t kMaxListSlots = 1024;  // filter::kMaxLists lists per policy
inline constexpr std::size_t kMaxGroupSlots = 256;
inline constexpr std::string_view kOverflowLabel = "_other";

using Slot = std::uint16_t;
using Labels = std::vector<std::string>;

class LabelSlots {
  public:
    // `overflow` is the label set of the last slot.
    LabelSlots(std::size_t capacity, Labels overflow);

    // Thread-safe; called when a worker meets a new policy (once per reload), never per query.
    Slot slot(const Labels& labels);
    // The label sets by slot; an unused slot has an empty set.
    std::vector<Labels> labels() const;

  private:
    mutable std::mutex mutex_;
    Labels overflow_;
    std::map<Labels, Slot> slots_;
    std::vector<Labels> by_slot_;  // capacity entries
    std::size_t next_ = 0;
};

struct MetricSlots {
    LabelSlots lists{kMaxListSlots,
                     {std::string(kOverflowLabel), "", ""}};           // id, authority, reason
    LabelSlots groups{kMaxGroupSlots, {std::string(kOverflowLabel)}};  // group name
};

// The process's slots: label values are process-wide, as Prometheus sees them.
MetricSlots& metric_slots();

}  // namespace roja::metrics
