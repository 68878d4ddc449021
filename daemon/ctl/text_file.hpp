// Reads a whole file into memory for the I/O-free parsers (lists are at most tens of MiB).
#pragma once

#include <string>

#include "filter/result.hpp"

namespace roja::ctl {

roja::Result<std::string> read_text_file(const std::string& path);

}  // namespace roja::ctl
