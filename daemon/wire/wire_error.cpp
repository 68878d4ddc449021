// Messages for WireError, used in logs and test failures.
#include "daemon/wire/wire_error.hpp"

#include <string>

namespace roja::wire {

namespace {

class WireErrorCategory final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "roja.wire"; }
    std::string message(int code) const override {
        switch (static_cast<WireError>(code)) {
            case WireError::short_header:
                return "message shorter than a DNS header";
            case WireError::not_a_response:
                return "QR bit clear in a reply";
            case WireError::truncated:
                return "message ends inside a name or record";
            case WireError::bad_label:
                return "bad label type or label longer than 63 octets";
            case WireError::name_too_long:
                return "name longer than 255 octets";
            case WireError::pointer_not_allowed:
                return "compression pointer where none is allowed";
            case WireError::bad_pointer:
                return "compression pointer not strictly backwards";
            case WireError::bad_rdata:
                return "RDLENGTH does not match the record type";
            case WireError::misplaced_opt:
                return "OPT record outside additional or not at root";
            case WireError::duplicate_opt:
                return "more than one OPT record";
            case WireError::bad_option:
                return "EDNS option runs past the OPT record";
            case WireError::trailing_garbage:
                return "bytes after the last record";
            case WireError::bad_question_count:
                return "QDCOUNT is not 1";
            case WireError::output_too_small:
                return "output buffer too small";
            case WireError::bad_name_text:
                return "text is not a canonical domain name";
            case WireError::records_in_query:
                return "answer or authority records in a query";
            case WireError::bad_question:
                return "reply question does not match the query";
        }
        return "unknown wire error";
    }
};

}  // namespace

const boost::system::error_category& wire_error_category() noexcept {
    static const WireErrorCategory category;
    return category;
}

}  // namespace roja::wire
