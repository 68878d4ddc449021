#include "daemon/audit/signed_document.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/crypto/sha256.hpp"

namespace roja::audit {

namespace {

namespace json = boost::json;

constexpr std::string_view kFormat = "roja-signed/1";

std::string message_of(std::string_view document) {
    return "roja-signed-document v1\n" + crypto::sha256_hex(document) + "\n";
}

std::string text_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

std::string sign_document(std::string_view document, const CheckpointSigner& key) {
    const json::object envelope{{"format", kFormat},
                                {"algorithm", "ed25519"},
                                {"key_id", key.key_id()},
                                {"signature", key.sign(message_of(document))},
                                {"document", document}};
    return json::serialize(envelope) + "\n";
}

DocumentCheck verify_document(std::string_view envelope, const CheckpointVerifier& key) {
    DocumentCheck check;
    boost::system::error_code ec;
    const json::value value = json::parse(envelope, ec);
    const json::object* object = ec ? nullptr : value.if_object();
    if (!object) return check.failure = "not a signed document (not JSON)", check;
    if (object->size() != 5 || text_of(*object, "format") != kFormat ||
        text_of(*object, "algorithm") != "ed25519")
        return check.failure = "not a roja-signed/1 ed25519 document", check;
    check.key_id = text_of(*object, "key_id");
    if (check.key_id != key.key_id())
        return check.failure = "signed by key " + check.key_id + ", not " + key.key_id(), check;
    const auto* document = object->if_contains("document");
    if (!document || !document->is_string()) return check.failure = "no document", check;
    if (!key.verify(message_of(document->get_string()), text_of(*object, "signature")))
        return check.failure = "the signature does not verify", check;
    check.document = std::string(document->get_string());
    return check;
}

}  // namespace roja::audit
