// The local-directory source: the same FetchResult as HTTPS, read with the same size cap.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "daemon/feed/fetcher.hpp"
#include "daemon/files/file_descriptor.hpp"

namespace roja::feed {

namespace {

FetchResult failure(FetchOutcome outcome, const std::filesystem::path& path, std::string why) {
    FetchResult result;
    result.outcome = outcome;
    result.reason = path.string() + ": " + std::move(why);
    return result;
}

// mtime as "seconds.nanoseconds": a validator the updater can compare like an ETag.
std::string mtime_text(const struct stat& info) {
    return std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

}  // namespace

FetchResult fetch_local(const std::filesystem::path& path, std::size_t max_bytes) {
    files::FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
    if (file.get() < 0) {
        const int error = errno;
        if (error != ENOENT)
            return failure(FetchOutcome::network_error, path, std::strerror(error));
        FetchResult missing = failure(FetchOutcome::http_error, path, "no such file");
        missing.http_status = 404;
        return missing;
    }
    struct stat info {};
    if (::fstat(file.get(), &info) != 0)
        return failure(FetchOutcome::network_error, path, std::strerror(errno));
    if (!S_ISREG(info.st_mode))
        return failure(FetchOutcome::network_error, path, "not a regular file");
    if (static_cast<std::uintmax_t>(info.st_size) > max_bytes)
        return failure(FetchOutcome::too_large, path,
                       "larger than " + std::to_string(max_bytes) + " bytes");

    // Read at most max_bytes + 1: a file that grows while we read still cannot pass the cap.
    FetchResult result;
    result.body.resize(static_cast<std::size_t>(info.st_size));
    std::size_t filled = 0;
    char probe = 0;
    for (;;) {
        char* into = filled < result.body.size() ? result.body.data() + filled : &probe;
        const std::size_t room = filled < result.body.size() ? result.body.size() - filled : 1;
        const ssize_t got = ::read(file.get(), into, room);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return failure(FetchOutcome::network_error, path, std::strerror(errno));
        if (got == 0) break;
        if (into == &probe)
            return failure(FetchOutcome::network_error, path, "changed while being read");
        filled += static_cast<std::size_t>(got);
    }
    result.body.resize(filled);
    result.outcome = FetchOutcome::ok;
    result.last_modified = mtime_text(info);
    return result;
}

}  // namespace roja::feed
