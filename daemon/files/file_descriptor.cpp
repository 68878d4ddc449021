#include "daemon/files/file_descriptor.hpp"

#include <unistd.h>

#include <cerrno>

namespace roja::files {

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
}

bool FileDescriptor::close() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
}

boost::system::error_code last_error() noexcept {
    return {errno, boost::system::system_category()};
}

boost::system::error_code from_std(const std::error_code& code) noexcept {
    return {code.value(), boost::system::system_category()};
}

Result<void> write_all(int fd, std::string_view bytes) noexcept {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return last_error();
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

}  // namespace roja::files
