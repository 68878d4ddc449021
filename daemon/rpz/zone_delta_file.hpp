// The kept IXFR differences of a zone in <state_dir>/rpz/<zone>.ixfr, so a consumer a few
// versions behind still gets an incremental transfer after rojad restarts. Text, one record a
// line ("- owner target ip?" / "+ ..."), each difference opened by "delta FROM TO".
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "daemon/rpz/zone_delta.hpp"

namespace roja::rpz {

// Written beside and renamed over; false when the file could not be written.
bool save_deltas(const std::filesystem::path& file,
                 const std::vector<std::shared_ptr<const ZoneDelta>>& deltas);
// Empty when the file is missing or any line is not as save_deltas writes it (a full transfer
// is then the answer, never a wrong difference).
std::vector<ZoneDelta> load_deltas(const std::filesystem::path& file);

}  // namespace roja::rpz
