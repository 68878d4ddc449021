// Fuzzes what the RPZ secondary does with one message from a primary: parsing the answer,
// checking its TSIG against our key, reading its records as an AXFR and as an IXFR from serial
// 1, and writing a complete zone out as text and reading it back. Nothing may read past the
// message, abort, or make a zone text that does not read back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_reader.hpp"
#include "daemon/rpz/xfr_response.hpp"

namespace {

using namespace roja::rpz;

const TsigKey& key() {
    static const TsigKey kKey{"xfr-key", "hmac-sha256", {1, 2, 3, 4, 5, 6, 7, 8}};
    return kKey;
}

void read_as(std::optional<std::uint32_t> current, const XfrResponse& response) {
    auto answers = response.answers;
    XfrReader reader("rpz.test", current, 1000);
    auto done = reader.take(answers);
    if (!done || !*done || reader.shape() != XfrShape::full) return;
    const std::string text = reader.full_zone().zone_text();
    auto back = ZoneCopy::from_zone_text("rpz.test", text);
    if (!back || back->zone_text() != text) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> message(data, size);
    const auto response = parse_xfr_response(message);
    if (!response) return 0;
    if (response->tsig) {
        if (response->tsig->offset > size) std::abort();
        TsigVerifier verifier(key(), HmacSha256::Mac{});
        (void)verifier.verify(message, response->tsig, response->tsig->time_signed);
    }
    read_as(std::nullopt, *response);
    read_as(1, *response);
    return 0;
}
