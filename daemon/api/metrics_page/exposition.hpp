// Prometheus text exposition format 0.0.4: one # HELP and # TYPE per family, then its samples.
// Label values are escaped here, so a list id or group name can never break the page.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace roja::metrics {

struct Label {
    std::string_view name;
    std::string_view value;
};

class Exposition {
  public:
    // `type`: counter, gauge or histogram. A family's samples follow it, before the next family.
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value);
    void sample(std::string_view name, std::initializer_list<Label> labels, double value);
    // A family with one unlabelled sample.
    void single(std::string_view name, std::string_view type, std::string_view help,
                std::uint64_t value);
    void single(std::string_view name, std::string_view type, std::string_view help, double value);

    const std::string& text() const noexcept { return text_; }
    std::string take() noexcept { return std::move(text_); }

  private:
    void start_sample(std::string_view name, std::initializer_list<Label> labels);

    std::string text_;
};

// The HTTP Content-Type of the format.
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace roja::metrics
