#include "config/problem_list.hpp"

#include <algorithm>

namespace roja::config {

void ProblemList::add(const YAML::Mark& mark, std::string path, std::string message) {
    ConfigProblem problem{file_, 0, 0, std::move(path), std::move(message)};
    if (!mark.is_null()) {
        problem.line = mark.line + 1;
        problem.column = mark.column + 1;
    }
    problems_.push_back(std::move(problem));
}

std::vector<ConfigProblem> ProblemList::take_sorted() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return std::move(problems_);
}

}  // namespace roja::config
