#include "daemon/rpz/zone_serials.hpp"

#include <fstream>
#include <system_error>

namespace roja::rpz {

std::filesystem::path ZoneSerials::file_of(const std::string& zone) const {
    return directory_ / (zone + ".serial");
}

ZoneSerials::Stored ZoneSerials::load(const std::string& zone) const {
    Stored stored;
    if (directory_.empty()) return stored;
    std::ifstream in(file_of(zone));
    std::uint64_t serial = 0;
    if (in >> serial >> std::hex >> stored.digest)
        stored.serial = static_cast<std::uint32_t>(serial);
    return stored;
}

// Written beside and renamed over, so a crash leaves the old serial or the new, never half.
bool ZoneSerials::save(const std::string& zone, const Stored& stored) const {
    if (directory_.empty()) return true;
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    const auto path = file_of(zone);
    const auto temporary = std::filesystem::path(path).concat(".new");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << stored.serial << ' ' << std::hex << stored.digest << '\n';
        out.flush();
        if (!out) return false;
    }
    std::filesystem::rename(temporary, path, ec);
    return !ec;
}

std::uint32_t ZoneSerials::serial_for(const std::string& zone, std::uint64_t digest,
                                      bool& persisted, std::optional<std::uint32_t> floor) {
    persisted = true;
    auto found = known_.find(zone);
    if (found == known_.end()) found = known_.emplace(zone, load(zone)).first;
    Stored& stored = found->second;
    if (stored.serial != 0 && stored.digest == digest) return stored.serial;
    const bool is_floor_newer =
        floor && (stored.serial == 0 || static_cast<std::int32_t>(*floor - stored.serial) > 0);
    stored.serial = is_floor_newer ? *floor : stored.serial + 1 == 0 ? 1 : stored.serial + 1;
    stored.digest = digest;
    persisted = save(zone, stored);
    return stored.serial;
}

}  // namespace roja::rpz
