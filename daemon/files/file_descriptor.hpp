// POSIX file helpers shared by every area that writes files (the audit log, the feed store,
// rojactl): one owned descriptor, errno as an error code, and a write that finishes.
#pragma once

#include <string_view>
#include <system_error>
#include <utility>

#include <boost/system/error_code.hpp>

#include "filter/result.hpp"

namespace roja::files {

// Closes on destruction; close() is offered because it reports write-back errors on some file
// systems, so its result counts where the data matters.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    ~FileDescriptor();
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&&) = delete;

    int get() const noexcept { return fd_; }
    bool is_open() const noexcept { return fd_ >= 0; }
    bool close() noexcept;

  private:
    int fd_;
};

// errno now, as an error code.
boost::system::error_code last_error() noexcept;
// A std::filesystem error as the error code the rest of the daemon carries.
boost::system::error_code from_std(const std::error_code& code) noexcept;

// Writes every byte, retrying short writes and EINTR.
Result<void> write_all(int fd, std::string_view bytes) noexcept;

}  // namespace roja::files
