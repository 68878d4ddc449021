#include "daemon/audit/audit_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/audit/audit_files.hpp"
#include "daemon/audit/checkpoint_key.hpp"
#include "daemon/crypto/sha256.hpp"
#include "daemon/files/file_descriptor.hpp"
#include "daemon/metrics/daemon_counters.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/utc_time.hpp"

namespace roja::audit {

namespace {

// Records are small (a feed record caps its lists of rejected entries), so the last complete
// line always fits in this window at the end of the file.
constexpr std::size_t kTailWindow = std::size_t{8} * 1024 * 1024;

Result<std::string> read_at(int fd, std::size_t offset, std::size_t length) {
    std::string bytes(length, '\0');
    std::size_t done = 0;
    while (done < length) {
        const ssize_t got =
            ::pread(fd, bytes.data() + done, length - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0)
            return got < 0 ? files::last_error() : make_error_code(boost::system::errc::io_error);
        done += static_cast<std::size_t>(got);
    }
    return bytes;
}

Result<std::size_t> file_size(int fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return files::last_error();
    return static_cast<std::size_t>(info.st_size);
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
    if (!seq || !seq->is_number())
        return make_error_code(boost::system::errc::illegal_byte_sequence);
    const auto value = seq->to_number<std::uint64_t>(error);
    if (error) return error;
    return ChainTail{value, crypto::sha256_hex(line)};
}

// The last complete record of the file's tail (`text`), and the bytes after it (a cut line).
Result<std::optional<ChainTail>> last_record(std::string_view text, std::size_t size,
                                             std::string_view& cut) {
    const std::size_t end = text.rfind('\n');
    const std::size_t complete = end == std::string_view::npos ? 0 : end + 1;
    if (complete == 0 && size > text.size())
        return make_error_code(boost::system::errc::file_too_large);
    cut = text.substr(complete);
    if (complete == 0) return std::optional<ChainTail>{};
    const std::size_t start = text.rfind('\n', complete - 2);
    const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
    auto chain = parse_last_record(text.substr(from, complete - 1 - from));
    if (!chain) return chain.error();
    return std::optional<ChainTail>(std::move(*chain));
}

// The chain's tail in the newest rotated file, when the current one is empty.
Result<std::optional<ChainTail>> rotated_tail(const std::filesystem::path& current) {
    const auto files = audit_files(current);
    for (auto file = files.rbegin(); file != files.rend(); ++file) {
        if (file->path == current) continue;
        const int fd = ::open(file->path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return files::last_error();
        auto size = file_size(fd);
        auto tail =
            size ? read_at(fd, *size - std::min(*size, kTailWindow), std::min(*size, kTailWindow))
                 : Result<std::string>(size.error());
        ::close(fd);
        if (!tail) return tail.error();
        std::string_view cut;
        return last_record(*tail, *size, cut);
    }
    return std::optional<ChainTail>{};
}

std::uint64_t first_seq_of(std::string_view head, std::uint64_t fallback) {
    constexpr std::string_view kPrefix = "{\"seq\":";
    std::uint64_t seq = fallback;
    if (head.starts_with(kPrefix))
        std::from_chars(head.data() + kPrefix.size(), head.data() + head.size(), seq);
    return seq;
}

}  // namespace

AuditLog::AuditLog(std::filesystem::path path, int fd, WallClock clock, AuditOptions options)
    : path_(std::move(path)),
      fd_(fd),
      clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }),
      options_(std::move(options)) {}

AuditLog::~AuditLog() {
    ::close(fd_);
}

Result<void> AuditLog::read_chain() {
    auto size = file_size(fd_);
    if (!size) return size.error();
    auto tail = read_at(fd_, *size - std::min(*size, kTailWindow), std::min(*size, kTailWindow));
    if (!tail) return tail.error();
    std::string_view cut;
    auto chain = last_record(*tail, *size, cut);
    if (!chain) return chain.error();
    if (!cut.empty() && ::ftruncate(fd_, static_cast<off_t>(*size - cut.size())) != 0)
        return files::last_error();
    cut_tail_ = std::string(cut);
    file_bytes_ = *size - cut.size();
    if (!*chain)
        chain = rotated_tail(path_);  // an empty file: the chain goes on from the last rotated one
    if (!chain) return chain.error();
    if (*chain) {
        next_seq_ = (*chain)->last_seq + 1;
        prev_hash_ = std::move((*chain)->last_hash);
    }
    auto head = read_at(fd_, 0, std::min<std::size_t>(file_bytes_, 32));
    file_first_seq_ = head ? first_seq_of(*head, next_seq_) : next_seq_;
    return {};
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(std::filesystem::path path, WallClock clock,
                                                 AuditOptions options) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return files::last_error();
    std::unique_ptr<AuditLog> log(
        new AuditLog(std::move(path), fd, std::move(clock), std::move(options)));
    if (auto chain = log->read_chain(); !chain) return chain.error();
    log->last_checkpoint_ = log->clock_();
    if (!log->cut_tail_.empty()) {
        boost::json::object details{{"dropped_bytes", log->cut_tail_.size()},
                                    {"dropped_sha256", crypto::sha256_hex(log->cut_tail_)}};
        if (auto appended = log->append("audit_tail_repaired", std::move(details)); !appended)
            return appended.error();
    }
    return log;
}

Result<std::uint64_t> AuditLog::append(std::string_view type, boost::json::object details) {
    std::lock_guard lock(mutex_);
    auto appended = append_locked(type, std::move(details));
    if (!appended) {
        metrics::daemon_counters().audit_write_failures.add();
        return appended;
    }
    ++since_checkpoint_;
    checkpoint_if_due();
    if (options_.rotate_bytes > 0 && file_bytes_ >= options_.rotate_bytes) {
        if (auto rotated = rotate(); !rotated)
            metrics::daemon_counters().audit_write_failures.add();
    }
    return appended;
}

Result<std::uint64_t> AuditLog::append_locked(std::string_view type, boost::json::object details) {
    boost::json::object record;
    record["seq"] = next_seq_;
    record["time"] = filter::format_utc(clock_());
    record["type"] = type;
    record["details"] = std::move(details);
    record["prev"] = prev_hash_;
    std::string line = boost::json::serialize(record);
    std::string hash = crypto::sha256_hex(line);
    line.push_back('\n');
    // A failed write (a full disk) is rolled back, so the next record does not follow half a line.
    const off_t before = ::lseek(fd_, 0, SEEK_END);
    if (auto written = files::write_all(fd_, line); !written) {
        if (before >= 0 && ::ftruncate(fd_, before) != 0) return files::last_error();
        return written.error();
    }
    if (::fdatasync(fd_) != 0) return files::last_error();
    if (file_bytes_ == 0) file_first_seq_ = next_seq_;
    file_bytes_ += line.size();
    prev_hash_ = std::move(hash);
    metrics::daemon_counters().audit_records.add();
    return next_seq_++;
}

// The checkpoint signs the record just written (seq next_seq_ - 1, whose hash is prev_hash_).
void AuditLog::checkpoint_if_due() {
    if (!options_.signer) return;
    const auto now = clock_();
    const bool by_count =
        options_.checkpoint_records > 0 && since_checkpoint_ >= options_.checkpoint_records;
    const bool by_time = options_.checkpoint_interval.count() > 0 &&
                         now - last_checkpoint_ >= options_.checkpoint_interval;
    if (!by_count && !by_time) return;
    const std::uint64_t signed_seq = next_seq_ - 1;
    boost::json::object details{
        {"signed_seq", signed_seq},
        {"signed_sha256", prev_hash_},
        {"key_id", options_.signer->key_id()},
        {"algorithm", "ed25519"},
        {"signature", options_.signer->sign(checkpoint_message(signed_seq, prev_hash_))}};
    if (append_locked("audit_checkpoint", std::move(details))) {
        since_checkpoint_ = 0;
        last_checkpoint_ = now;
    }
}

// The full file becomes audit-<first seq>.jsonl; the next record starts a new file and follows it.
Result<void> AuditLog::rotate() {
    const auto rotated = rotated_name(path_, file_first_seq_);
    if (std::filesystem::exists(rotated)) return make_error_code(boost::system::errc::file_exists);
    if (::rename(path_.c_str(), rotated.c_str()) != 0) return files::last_error();
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return files::last_error();
    ::close(fd_);
    fd_ = fd;
    file_bytes_ = 0;
    file_first_seq_ = next_seq_;
    // The rename and the new file are made durable together: a crash leaves one or the other.
    const int dir = ::open(path_.parent_path().empty() ? "." : path_.parent_path().c_str(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

std::uint64_t AuditLog::next_seq() const {
    std::lock_guard lock(mutex_);
    return next_seq_;
}

}  // namespace roja::audit
