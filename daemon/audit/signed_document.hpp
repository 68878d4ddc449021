// A document signed with an Ed25519 key, checkable offline by anyone with the public key (the
// hub's compliance report, `rojactl report verify`). The exact text travels inside a JSON
// envelope beside its signature, so no canonical JSON is needed: the signature is over bytes.
//
//   {"format":"roja-signed/1","algorithm":"ed25519","key_id":"<16 hex>",
//    "signature":"<base64>","document":"<the text>"}
//   signed message: "roja-signed-document v1\n<SHA-256 hex of the text>\n"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/audit/checkpoint_key.hpp"

namespace roja::audit {

std::string sign_document(std::string_view document, const CheckpointSigner& key);

struct DocumentCheck {
    std::optional<std::string> failure;  // empty: the signature holds
    std::string document;                // the text, once verified
    std::string key_id;
};

// Never throws: any byte changed in the envelope is a failure that says what is wrong.
DocumentCheck verify_document(std::string_view envelope, const CheckpointVerifier& key);

}  // namespace roja::audit
