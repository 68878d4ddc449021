#include "daemon/rpz/xfr_failure.hpp"

#include <string>

namespace roja::rpz {

std::string_view to_string(XfrFailure failure) noexcept {
    switch (failure) {
        case XfrFailure::unreachable:
            return "unreachable";
        case XfrFailure::timeout:
            return "timeout";
        case XfrFailure::refused:
            return "refused";
        case XfrFailure::bad_tsig:
            return "bad_tsig";
        case XfrFailure::garbled:
            return "garbled";
        case XfrFailure::truncated:
            return "truncated";
        case XfrFailure::oversized:
            return "oversized";
        case XfrFailure::serial_backwards:
            return "serial_backwards";
        case XfrFailure::ixfr_mismatch:
            return "ixfr_mismatch";
        case XfrFailure::not_applied:
            return "not_applied";
    }
    return "unknown";
}

namespace {

class XfrFailureCategory final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "rpz_transfer"; }
    std::string message(int value) const override {
        return std::string(to_string(static_cast<XfrFailure>(value)));
    }
};

}  // namespace

const boost::system::error_category& xfr_failure_category() noexcept {
    static const XfrFailureCategory category;
    return category;
}

}  // namespace roja::rpz
