// Fuzzes what the RPZ listener does with one message from a client: parsing the XFR/SOA request
// and, when it carries TSIG, verifying it against a key of that name; then signs an answer with
// the result, as the session would. Nothing may read past the message or abort.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_message.hpp"
#include "daemon/rpz/xfr_request.hpp"

namespace {

using namespace roja::rpz;

const TsigKeyring& keys() {
    static const TsigKeyring kKeys({TsigKey{"xfr-key", "hmac-sha256", {1, 2, 3, 4, 5, 6, 7, 8}},
                                    TsigKey{"other", "hmac-sha256", {9}}});
    return kKeys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> message(data, size);
    const auto request = parse_xfr_request(message);
    if (!request || !request->tsig) return 0;
    if (request->tsig->offset > size) std::abort();
    const TsigCheck check = check_tsig(message, *request->tsig, keys(), request->tsig->time_signed);
    static const ZoneWireForm kZone{{0}, 60, {}, {}};
    auto answer = std::make_unique<XfrMessage>(kZone);
    answer->start(request->id, request->qtype, kRcodeNotAuth);
    if (check.key) {
        TsigSigner signer(check, *request->tsig);
        signer.sign(*answer, 1);
    } else {
        append_unsigned_tsig(*answer, *request->tsig, check.error, 1);
    }
    if (answer->bytes().size() > 65535) std::abort();
    return 0;
}
