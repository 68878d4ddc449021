#include "daemon/feed/feed_store.hpp"

#include <algorithm>
#include <boost/system/errc.hpp>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <string_view>

#include "daemon/feed/feed_store_files.hpp"

namespace roja::feed {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifest = "manifest.json";
constexpr std::string_view kMinisig = "manifest.json.minisig";
constexpr std::string_view kP7s = "manifest.json.p7s";
constexpr std::string_view kSerialFile = "serial";
constexpr std::string_view kCurrent = "current";
constexpr std::string_view kTmpSuffix = ".tmp";
// Read-back limits: the caps of docs/feed.md for what the verifier gets; payloads are ours.
constexpr std::size_t kMaxManifest = 4u << 20;
constexpr std::size_t kMaxMinisig = 16u << 10;
constexpr std::size_t kMaxP7s = 1u << 20;
constexpr std::size_t kMaxPayload = std::size_t{1} << 30;
constexpr std::size_t kMaxPathBytes = 255;

boost::system::error_code invalid_argument() {
    return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
}

boost::system::error_code from_std(const std::error_code& code) {
    return {code.value(), boost::system::system_category()};
}

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool is_valid_feed_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && id != "." && id != ".." &&
           std::all_of(id.begin(), id.end(), is_id_char);
}

bool is_reserved_name(std::string_view name) {
    return name == kManifest || name == kMinisig || name == kP7s;
}

// The manifest's path rules (docs/feed.md), so a stored payload can never leave its directory.
bool is_safe_payload_path(std::string_view path) {
    if (path.empty() || path.size() > kMaxPathBytes || path.front() == '/' ||
        is_reserved_name(path))
        return false;
    const bool has_bad_byte = std::any_of(path.begin(), path.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\';
    });
    if (has_bad_byte) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        start = end + 1;
    }
    return true;
}

std::string version_name(std::uint64_t serial) {
    return "v" + std::to_string(serial);
}

// "v42" -> 42; anything else (including "v042", "v42.tmp") is not a version directory.
std::optional<std::uint64_t> parse_version_name(std::string_view name) {
    if (name.size() < 2 || name.front() != 'v') return std::nullopt;
    std::uint64_t serial = 0;
    const auto [end, error] = std::from_chars(name.data() + 1, name.data() + name.size(), serial);
    if (error != std::errc() || end != name.data() + name.size()) return std::nullopt;
    if (version_name(serial) != name) return std::nullopt;
    return serial;
}

std::optional<std::uint64_t> parse_serial_text(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    std::uint64_t serial = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), serial);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return serial;
}

std::vector<std::uint64_t> version_serials(const fs::path& dir) {
    std::vector<std::uint64_t> serials;
    std::error_code code;
    for (const auto& entry : fs::directory_iterator(dir, code))
        if (const auto serial = parse_version_name(entry.path().filename().string()))
            serials.push_back(*serial);
    std::sort(serials.begin(), serials.end());
    return serials;
}

Result<std::optional<std::string>> read_optional(const fs::path& path, std::size_t max_bytes) {
    std::error_code code;
    if (!fs::exists(path, code)) return std::optional<std::string>();
    auto bytes = read_whole_file(path, max_bytes);
    if (!bytes) return bytes.error();
    return std::optional<std::string>(std::move(*bytes));
}

Result<std::vector<StoredFile>> read_payloads(const fs::path& version_dir) {
    std::vector<StoredFile> payloads;
    std::error_code code;
    for (fs::recursive_directory_iterator it(version_dir, code), end; !code && it != end;
         it.increment(code)) {
        if (!it->is_regular_file()) continue;
        const std::string relative = it->path().lexically_relative(version_dir).generic_string();
        if (is_reserved_name(relative)) continue;
        auto bytes = read_whole_file(it->path(), kMaxPayload);
        if (!bytes) return bytes.error();
        payloads.push_back(StoredFile{relative, std::move(*bytes)});
    }
    if (code) return from_std(code);
    std::sort(payloads.begin(), payloads.end(),
              [](const StoredFile& a, const StoredFile& b) { return a.path < b.path; });
    return payloads;
}

// The current symlink's version, if it names an existing version directory.
std::optional<std::uint64_t> read_current(const fs::path& dir) {
    std::error_code code;
    const fs::path target = fs::read_symlink(dir / kCurrent, code);
    if (code) return std::nullopt;
    const auto serial = parse_version_name(target.string());
    if (!serial || !fs::is_directory(dir / target, code)) return std::nullopt;
    return serial;
}

void remove_tmp_leftovers(const fs::path& dir) {
    std::error_code code;
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(dir, code))
        if (entry.path().filename().string().ends_with(kTmpSuffix))
            leftovers.push_back(entry.path());
    for (const fs::path& leftover : leftovers) fs::remove_all(leftover, code);
}

}  // namespace

FeedStore::FeedStore(fs::path state_dir, std::string feed_id) {
    if (!is_valid_feed_id(feed_id))
        throw std::invalid_argument("feed id '" + feed_id + "' is not [a-z0-9._-]{1,64}");
    dir_ = std::move(state_dir) / feed_id;
}

Result<void> FeedStore::load() {
    std::error_code code;
    fs::create_directories(dir_, code);
    if (code) return from_std(code);
    remove_tmp_leftovers(dir_);
    applied_serial_ = read_current(dir_);
    highest_serial_ = applied_serial_;
    auto serial_text = read_optional(dir_ / kSerialFile, 64);
    if (!serial_text) return serial_text.error();
    if (*serial_text) {
        const auto persisted = parse_serial_text(**serial_text);
        if (!persisted)
            return boost::system::errc::make_error_code(boost::system::errc::illegal_byte_sequence);
        highest_serial_ = std::max(highest_serial_.value_or(0), *persisted);
    }
    remove_old_versions();
    return {};
}

Result<std::optional<FeedVersion>> FeedStore::last_good() const {
    if (!applied_serial_) return std::optional<FeedVersion>();
    const fs::path version_dir = dir_ / version_name(*applied_serial_);
    FeedVersion version;
    version.serial = *applied_serial_;
    auto manifest = read_whole_file(version_dir / kManifest, kMaxManifest);
    if (!manifest) return manifest.error();
    version.manifest = std::move(*manifest);
    auto minisig = read_optional(version_dir / kMinisig, kMaxMinisig);
    if (!minisig) return minisig.error();
    version.minisig = std::move(*minisig);
    auto p7s = read_optional(version_dir / kP7s, kMaxP7s);
    if (!p7s) return p7s.error();
    version.p7s = std::move(*p7s);
    auto payloads = read_payloads(version_dir);
    if (!payloads) return payloads.error();
    version.payloads = std::move(*payloads);
    return std::optional<FeedVersion>(std::move(version));
}

Result<void> FeedStore::store(const FeedVersion& version) {
    const bool is_newer = !applied_serial_ || version.serial > *applied_serial_;
    const bool is_below_highest = highest_serial_ && version.serial < *highest_serial_;
    const bool has_unsafe_path =
        std::any_of(version.payloads.begin(), version.payloads.end(),
                    [](const StoredFile& f) { return !is_safe_payload_path(f.path); });
    if (!is_newer || is_below_highest || has_unsafe_path) return invalid_argument();

    // 1. The rollback guard first: from here on no older serial is accepted, crash or not.
    if (!highest_serial_ || version.serial > *highest_serial_) {
        auto raised =
            replace_file_durably(dir_ / kSerialFile, std::to_string(version.serial) + "\n");
        if (!raised) return raised;
        highest_serial_ = version.serial;
    }
    // 2. The whole version, durable, under a name load() would discard.
    const std::string name = version_name(version.serial);
    const fs::path tmp = dir_ / (name + std::string(kTmpSuffix));
    std::error_code code;
    fs::remove_all(tmp, code);
    fs::remove_all(dir_ / name, code);  // a complete but never applied leftover
    if (auto written = write_version(version, tmp); !written) return written;
    // 3. Complete under its real name, then one rename of the symlink makes it current.
    if (::rename(tmp.c_str(), (dir_ / name).c_str()) != 0)
        return boost::system::error_code(errno, boost::system::system_category());
    if (auto synced = sync_directory(dir_); !synced) return synced;
    if (auto switched = replace_symlink_durably(dir_ / kCurrent, name); !switched) return switched;
    applied_serial_ = version.serial;
    remove_old_versions();  // best effort: an extra old version costs only disk space
    return {};
}

Result<void> FeedStore::write_version(const FeedVersion& version, const fs::path& tmp) const {
    std::error_code code;
    fs::create_directory(tmp, code);
    if (code) return from_std(code);
    std::set<fs::path> dirs{tmp};
    const auto write_file = [&](const fs::path& relative, std::string_view bytes) -> Result<void> {
        const fs::path path = tmp / relative;
        for (fs::path parent = path.parent_path(); parent != tmp; parent = parent.parent_path())
            dirs.insert(parent);
        fs::create_directories(path.parent_path(), code);
        if (code) return from_std(code);
        return write_new_file_synced(path, bytes);
    };
    if (auto r = write_file(kManifest, version.manifest); !r) return r;
    if (version.minisig)
        if (auto r = write_file(kMinisig, *version.minisig); !r) return r;
    if (version.p7s)
        if (auto r = write_file(kP7s, *version.p7s); !r) return r;
    for (const StoredFile& payload : version.payloads)
        if (auto r = write_file(payload.path, payload.bytes); !r) return r;
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it)  // deepest first
        if (auto r = sync_directory(*it); !r) return r;
    return {};
}

// Keeps the applied version and the newest one below it (to fall back to by hand); removes the
// rest, including versions above the applied one that a crash left before their switch.
void FeedStore::remove_old_versions() const {
    std::optional<std::uint64_t> previous;
    for (const std::uint64_t serial : version_serials(dir_))
        if (applied_serial_ && serial < *applied_serial_) previous = serial;
    std::error_code code;
    for (const std::uint64_t serial : version_serials(dir_))
        if (serial != applied_serial_ && serial != previous)
            fs::remove_all(dir_ / version_name(serial), code);
    static_cast<void>(sync_directory(dir_));
}

}  // namespace roja::feed
