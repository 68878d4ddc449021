#include "daemon/rpz/zone_delta_file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

namespace roja::rpz {

namespace {

void write_records(std::ostream& out, char sign, const std::vector<StoredRecord>& records) {
    for (const StoredRecord& r : records)
        out << sign << ' ' << r.owner << ' ' << static_cast<int>(r.target) << ' ' << r.is_ip
            << '\n';
}

bool read_record(std::istringstream& line, StoredRecord& record) {
    int target = -1, is_ip = -1;
    if (!(line >> record.owner >> target >> is_ip)) return false;
    if (target < 0 || target > static_cast<int>(RpzTarget::redirect) || is_ip < 0 || is_ip > 1)
        return false;
    record.target = static_cast<RpzTarget>(target);
    record.is_ip = is_ip == 1;
    return true;
}

}  // namespace

bool save_deltas(const std::filesystem::path& file,
                 const std::vector<std::shared_ptr<const ZoneDelta>>& deltas) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const auto temporary = std::filesystem::path(file).concat(".new");
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const auto& delta : deltas) {
            out << "delta " << delta->from_serial << ' ' << delta->to_serial << '\n';
            write_records(out, '-', delta->removed);
            write_records(out, '+', delta->added);
        }
        out.flush();
        if (!out) return false;
    }
    std::filesystem::rename(temporary, file, ec);
    return !ec;
}

std::vector<ZoneDelta> load_deltas(const std::filesystem::path& file) {
    std::vector<ZoneDelta> deltas;
    std::ifstream in(file);
    std::string text;
    while (std::getline(in, text)) {
        std::istringstream line(text);
        std::string word;
        line >> word;
        if (word == "delta") {
            ZoneDelta delta;
            if (!(line >> delta.from_serial >> delta.to_serial)) return {};
            deltas.push_back(std::move(delta));
            continue;
        }
        StoredRecord record;
        if (deltas.empty() || (word != "-" && word != "+") || !read_record(line, record)) return {};
        (word == "-" ? deltas.back().removed : deltas.back().added).push_back(std::move(record));
    }
    return deltas;
}

}  // namespace roja::rpz
