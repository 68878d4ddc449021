#include "daemon/api/csv_table.hpp"

namespace roja::api {

void CsvTable::row(std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (const std::string_view field : fields) {
        if (!first) text_.push_back(',');
        first = false;
        if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
            text_.append(field);
            continue;
        }
        text_.push_back('"');
        for (const char c : field) {
            if (c == '"') text_.push_back('"');
            text_.push_back(c);
        }
        text_.push_back('"');
    }
    text_.append("\r\n");
}

}  // namespace roja::api
