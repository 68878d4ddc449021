// The few file-system steps the feed store needs to survive a crash at any instant: files and
// directories fsynced, replacements by rename, and nothing reported done before it is durable.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "filter/result.hpp"

namespace roja::feed {

// Creates `path` (it must not exist), writes `bytes`, fsyncs and closes it.
Result<void> write_new_file_synced(const std::filesystem::path& path, std::string_view bytes);

// fsync on a directory: makes its entries (creations, renames, removals) durable.
Result<void> sync_directory(const std::filesystem::path& dir);

// Writes `bytes` to "<path>.tmp", fsyncs, renames over `path` and fsyncs the directory: a reader
// (or a restart after a crash) sees the old content or the new, never a mix.
Result<void> replace_file_durably(const std::filesystem::path& path, std::string_view bytes);

// Points the symlink `link` at `target` the same way: "<link>.tmp" then rename, fsync directory.
Result<void> replace_symlink_durably(const std::filesystem::path& link, const std::string& target);

// The whole file, refused (file_too_large) past `max_bytes`.
Result<std::string> read_whole_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace roja::feed
