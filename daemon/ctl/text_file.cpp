#include "daemon/ctl/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>

namespace roja::ctl {

namespace {
struct FileClose {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
}  // namespace

roja::Result<std::string> read_text_file(const std::string& path) {
    std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
    if (!file) return boost::system::error_code(errno, boost::system::system_category());
    std::string content;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) content.append(buffer, n);
    if (std::ferror(file.get()))
        return boost::system::error_code(EIO, boost::system::system_category());
    return content;
}

}  // namespace roja::ctl
