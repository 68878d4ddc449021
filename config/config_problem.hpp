// One thing wrong with a config file, located precisely enough for an editor to jump to it.
#pragma once

#include <string>

namespace roja::config {

struct ConfigProblem {
    std::string file;
    int line = 0;         // 1-based; 0 when the problem is the file as a whole (cannot be read)
    int column = 0;       // 1-based; 0 with line 0
    std::string path;     // where in the document: "lists[2].action"; empty for syntax errors
    std::string message;  // what was found and what is expected
};

// "FILE:LINE:COLUMN: PATH: MESSAGE" (LINE:COLUMN and PATH left out when unknown), the form
// compilers use, so editors and `rojad --check-config` users get clickable locations.
std::string format_problem(const ConfigProblem& problem);

}  // namespace roja::config
