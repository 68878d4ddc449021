#include "daemon/app/state_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace roja::app {

StateDirectory::StateDirectory(std::filesystem::path path) : path_(std::move(path)) {
    std::error_code error;
    std::filesystem::create_directories(path_, error);
    if (error)
        throw std::runtime_error("state directory " + path_.string() + ": " + error.message());
    const std::filesystem::path lock = path_ / "rojad.lock";
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (lock_fd_ < 0)
        throw std::runtime_error("state directory " + path_.string() + ": " + std::strerror(errno));
    // The kernel drops the lock when the process dies, kill -9 included: no stale lock files.
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        const int saved = errno;
        ::close(lock_fd_);
        throw std::runtime_error("state directory " + path_.string() +
                                 (saved == EWOULDBLOCK ? ": another rojad is using it"
                                                       : ": " + std::string(std::strerror(saved))));
    }
}

void StateDirectory::hand_over(uid_t uid, gid_t gid) const {
    const auto change = [&](const std::filesystem::path& path) {
        // lchown: a symlink (the feed store's `current`) is changed itself, never what it names.
        if (::lchown(path.c_str(), uid, gid) != 0)
            throw std::runtime_error("state directory: cannot hand " + path.string() + " to uid " +
                                     std::to_string(uid) + ": " + std::strerror(errno));
    };
    change(path_);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path_))
        change(entry.path());
}

StateDirectory::~StateDirectory() {
    ::close(lock_fd_);
}

}  // namespace roja::app
