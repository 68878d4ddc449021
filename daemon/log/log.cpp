#include "daemon/log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

namespace roja::log {

namespace {

std::atomic<Level> min_level{Level::info};

std::string_view level_name(Level level) {
    switch (level) {
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warning:
            return "warning";
        case Level::error:
            return "error";
    }
    return "info";
}

// Values with spaces, quotes or '=' are quoted so that lines stay machine-readable.
void append_value(std::string& line, std::string_view value) {
    const bool plain = !value.empty() && value.find_first_of(" \"=\n\t") == std::string_view::npos;
    if (plain) {
        line.append(value);
        return;
    }
    line.push_back('"');
    for (char c : value) {
        if (c == '"' || c == '\\') line.push_back('\\');
        line.push_back(c == '\n' ? ' ' : c);
    }
    line.push_back('"');
}

}  // namespace

void set_min_level(Level level) noexcept {
    min_level.store(level, std::memory_order_relaxed);
}

bool enabled(Level level) noexcept {
    return level >= min_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    if (!enabled(level)) return;
    std::string line;
    line.reserve(128);
    line.append("level=").append(level_name(level)).append(" event=").append(event);
    for (const Field& f : fields) {
        line.push_back(' ');
        line.append(f.key).push_back('=');
        append_value(line, f.value);
    }
    line.push_back('\n');
    // One write(2) per line keeps lines from different threads whole.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace roja::log
