// Collects every problem found while reading one document, so a check reports all of them at
// once instead of stopping at the first. Internal to config/.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/mark.h>

#include "config/config_problem.hpp"

namespace roja::config {

class ProblemList {
  public:
    explicit ProblemList(std::string file) : file_(std::move(file)) {}

    // `mark` is yaml-cpp's 0-based position; a null mark becomes line 0.
    void add(const YAML::Mark& mark, std::string path, std::string message);
    bool empty() const noexcept { return problems_.empty(); }
    std::size_t size() const noexcept { return problems_.size(); }
    // The problems in document order.
    std::vector<ConfigProblem> take_sorted();

  private:
    std::string file_;
    std::vector<ConfigProblem> problems_;
};

}  // namespace roja::config
