// File writes for `rojactl feed`: a reader of the feed directory never sees half a file, and a
// secret key is created private and never silently replaced.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "filter/result.hpp"

namespace roja::ctl {

// Writes `content` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`. The file gets `mode` (before the umask).
roja::Result<void> write_file_atomically(const std::string& path, std::string_view content,
                                         mode_t mode);

// Creates `path` with `mode` and writes `content`; fails with EEXIST when it exists.
roja::Result<void> write_new_file(const std::string& path, std::string_view content, mode_t mode);

}  // namespace roja::ctl
