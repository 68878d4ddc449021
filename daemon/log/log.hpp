// The one logging facade: a level, an event name and key=value fields, one line to stderr
// (journald adds the time). The core (filter/) never logs; per-query lines only at debug.
#pragma once

#include <initializer_list>
#include <string_view>

namespace roja::log {

enum class Level { debug, info, warning, error };

struct Field {
    std::string_view key;
    std::string_view value;
};

void set_min_level(Level level) noexcept;
bool enabled(Level level) noexcept;
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void debug(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::debug, event, f);
}
inline void info(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::info, event, f);
}
inline void warning(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::warning, event, f);
}
inline void error(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::error, event, f);
}

}  // namespace roja::log
