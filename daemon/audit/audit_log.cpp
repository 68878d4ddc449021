#include "daemon/audit/audit_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/feed/sha256.hpp"
#include "filter/feed_manifest.hpp"

namespace roja::audit {

namespace {

// Records are small (a feed record caps its lists of rejected entries), so the last complete
// line always fits in this window at the end of the file.
constexpr std::size_t kTailWindow = std::size_t{8} * 1024 * 1024;

boost::system::error_code last_error() {
    return {errno, boost::system::system_category()};
}

Result<void> write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return last_error();
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

Result<std::string> read_tail(int fd, std::size_t& file_size) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return last_error();
    file_size = static_cast<std::size_t>(info.st_size);
    const std::size_t length = std::min(file_size, kTailWindow);
    std::string tail(length, '\0');
    std::size_t done = 0;
    while (done < length) {
        const ssize_t got = ::pread(fd, tail.data() + done, length - done,
                                    static_cast<off_t>(file_size - length + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return got < 0 ? last_error() : make_error_code(boost::system::errc::io_error);
        done += static_cast<std::size_t>(got);
    }
    return tail;
}

struct ChainTail {
    std::uint64_t last_seq = 0;
    std::string last_hash{kGenesisHash};
};

Result<ChainTail> parse_last_record(std::string_view line) {
    boost::system::error_code error;
    const boost::json::value record = boost::json::parse(line, error);
    const auto* object = error ? nullptr : record.if_object();
    const auto* seq = object ? object->if_contains("seq") : nullptr;
    if (!seq || !seq->is_number()) return make_error_code(boost::system::errc::illegal_byte_sequence);
    const auto value = seq->to_number<std::uint64_t>(error);
    if (error) return error;
    return ChainTail{value, feed::sha256_hex(line)};
}

}  // namespace

std::string format_utc(std::chrono::system_clock::time_point time) {
    return filter::format_feed_time(std::chrono::floor<std::chrono::seconds>(time));
}

AuditLog::AuditLog(std::filesystem::path path, int fd, WallClock clock)
    : path_(std::move(path)), fd_(fd), clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }) {}

AuditLog::~AuditLog() {
    ::close(fd_);
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(std::filesystem::path path, WallClock clock) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return last_error();
    std::unique_ptr<AuditLog> log(new AuditLog(std::move(path), fd, std::move(clock)));
    std::size_t size = 0;
    auto tail = read_tail(fd, size);
    if (!tail) return tail.error();
    const std::string_view text = *tail;
    const std::size_t end = text.rfind('\n');
    const std::size_t complete = end == std::string_view::npos ? 0 : end + 1;
    if (complete == 0 && size > text.size()) return make_error_code(boost::system::errc::file_too_large);
    const std::string_view cut = text.substr(complete);
    if (!cut.empty() && ::ftruncate(fd, static_cast<off_t>(size - cut.size())) != 0) return last_error();
    if (complete > 0) {
        const std::size_t start = text.rfind('\n', complete - 2);
        const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
        auto chain = parse_last_record(text.substr(from, complete - 1 - from));
        if (!chain) return chain.error();
        log->next_seq_ = chain->last_seq + 1;
        log->prev_hash_ = std::move(chain->last_hash);
    }
    if (!cut.empty()) {
        boost::json::object details{{"dropped_bytes", cut.size()}, {"dropped_sha256", feed::sha256_hex(cut)}};
        if (auto appended = log->append("audit_tail_repaired", std::move(details)); !appended) return appended.error();
    }
    return log;
}

Result<std::uint64_t> AuditLog::append(std::string_view type, boost::json::object details) {
    std::lock_guard lock(mutex_);
    boost::json::object record;
    record["seq"] = next_seq_;
    record["time"] = format_utc(clock_());
    record["type"] = type;
    record["details"] = std::move(details);
    record["prev"] = prev_hash_;
    std::string line = boost::json::serialize(record);
    std::string hash = feed::sha256_hex(line);
    line.push_back('\n');
    // A failed write (a full disk) is rolled back, so the next record does not follow half a line.
    const off_t before = ::lseek(fd_, 0, SEEK_END);
    if (auto written = write_all(fd_, line); !written) {
        if (before >= 0 && ::ftruncate(fd_, before) != 0) return last_error();
        return written.error();
    }
    if (::fdatasync(fd_) != 0) return last_error();
    prev_hash_ = std::move(hash);
    return next_seq_++;
}

std::uint64_t AuditLog::next_seq() const {
    std::lock_guard lock(mutex_);
    return next_seq_;
}

}  // namespace roja::audit
