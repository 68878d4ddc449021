#include "config/config_problem.hpp"

namespace roja::config {

std::string format_problem(const ConfigProblem& problem) {
    std::string text = problem.file;
    if (problem.line > 0) {
        text += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column);
    }
    text += ": ";
    if (!problem.path.empty()) text += problem.path + ": ";
    text += problem.message;
    return text;
}

}  // namespace roja::config
