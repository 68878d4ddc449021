#include "daemon/feed/feed_store_files.hpp"
#include "daemon/files/file_descriptor.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/system/errc.hpp>
#include <cerrno>

namespace roja::feed {

namespace {

std::filesystem::path with_tmp_suffix(const std::filesystem::path& path) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    return tmp;
}

}  // namespace

Result<void> write_new_file_synced(const std::filesystem::path& path, std::string_view bytes) {
    files::FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (file.get() < 0) return files::last_error();
    if (auto written = files::write_all(file.get(), bytes); !written) return written;
    if (::fsync(file.get()) != 0) return files::last_error();
    if (!file.close()) return files::last_error();
    return {};
}

Result<void> sync_directory(const std::filesystem::path& dir) {
    files::FileDescriptor handle(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (handle.get() < 0) return files::last_error();
    if (::fsync(handle.get()) != 0) return files::last_error();
    return {};
}

Result<void> replace_file_durably(const std::filesystem::path& path, std::string_view bytes) {
    const std::filesystem::path tmp = with_tmp_suffix(path);
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);  // a leftover of an earlier crash
    if (auto written = write_new_file_synced(tmp, bytes); !written) return written;
    if (::rename(tmp.c_str(), path.c_str()) != 0) return files::last_error();
    return sync_directory(path.parent_path());
}

Result<void> replace_symlink_durably(const std::filesystem::path& link, const std::string& target) {
    const std::filesystem::path tmp = with_tmp_suffix(link);
    std::error_code code;
    std::filesystem::remove(tmp, code);
    std::filesystem::create_symlink(target, tmp, code);
    if (code) return files::from_std(code);
    if (::rename(tmp.c_str(), link.c_str()) != 0) return files::last_error();
    return sync_directory(link.parent_path());
}

Result<std::string> read_whole_file(const std::filesystem::path& path, std::size_t max_bytes) {
    files::FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0) return files::last_error();
    struct stat info {};
    if (::fstat(file.get(), &info) != 0) return files::last_error();
    if (static_cast<std::uintmax_t>(info.st_size) > max_bytes)
        return boost::system::errc::make_error_code(boost::system::errc::file_too_large);
    std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = ::read(file.get(), bytes.data() + filled, bytes.size() - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return files::last_error();
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    bytes.resize(filled);
    return bytes;
}

}  // namespace roja::feed
