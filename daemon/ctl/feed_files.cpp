#include "daemon/ctl/feed_files.hpp"
#include "daemon/files/file_descriptor.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>

namespace roja::ctl {

namespace {

// Writes all of `content` to `fd`, then fsync; closes `fd` in every case.
roja::Result<void> write_and_close(int fd, std::string_view content) {
    files::FileDescriptor file(fd);
    if (auto written = files::write_all(fd, content); !written) return written;
    if (::fsync(fd) != 0) return files::last_error();
    if (!file.close()) return files::last_error();
    return {};
}

}  // namespace

roja::Result<void> write_file_atomically(const std::string& path, std::string_view content,
                                         mode_t mode) {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return files::last_error();
    if (auto written = write_and_close(fd, content); !written) {
        ::unlink(temporary.c_str());
        return written;
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const auto error = files::last_error();
        ::unlink(temporary.c_str());
        return error;
    }
    return {};
}

roja::Result<void> write_new_file(const std::string& path, std::string_view content, mode_t mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return files::last_error();
    return write_and_close(fd, content);
}

}  // namespace roja::ctl
