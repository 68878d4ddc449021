// RPZ record → policy: which CNAME targets and local-data types Roja enforces, and why not others.
#include "filter/rpz_record.hpp"

#include <array>
#include <cstring>

#include "filter/domain_name.hpp"

namespace roja::filter {

namespace {

using boost::asio::ip::address;

bool cname_policy(const ldns_rr* rr, RpzPolicy& out, std::string& reason) {
    const ldns_rdf* target = ldns_rr_rdf(rr, 0);
    if (target == nullptr || ldns_rdf_get_type(target) != LDNS_RDF_TYPE_DNAME) {
        reason = "CNAME without a target name";
        return false;
    }
    std::string text;
    if (!canonical_dname(target, text)) {
        reason = "CNAME target is not a valid name";
        return false;
    }
    if (text.empty()) {
        out = {Disposition::block, EntryAction::nxdomain};
    } else if (text == "*") {
        out = {Disposition::block, EntryAction::nodata};
    } else if (text == "rpz-passthru") {
        out = {Disposition::allow, EntryAction::list_default};
    } else if (text == "rpz-drop") {
        out = {Disposition::block,
               EntryAction::refuse};  // Roja answers REFUSED rather than staying silent
    } else if (text == "rpz-tcp-only") {
        reason = "rpz-tcp-only action not supported";
        return false;
    } else {
        reason = "CNAME rewrite to '" + text + "' (local data) not supported";
        return false;
    }
    return true;
}

bool address_policy(const ldns_rr* rr, RpzRecordPolicy& out, std::string& reason) {
    const ldns_rdf* data = ldns_rr_rdf(rr, 0);
    const bool is_v4 = record_type(rr) == LDNS_RR_TYPE_A;
    const std::size_t size = is_v4 ? 4 : 16;
    if (data == nullptr || ldns_rdf_size(data) != size) {
        reason = is_v4 ? "A record without an IPv4 address" : "AAAA record without an IPv6 address";
        return false;
    }
    out.policy = {Disposition::block, EntryAction::redirect};
    if (is_v4) {
        boost::asio::ip::address_v4::bytes_type bytes;
        std::memcpy(bytes.data(), ldns_rdf_data(data), bytes.size());
        out.address = address(boost::asio::ip::address_v4(bytes));
    } else {
        boost::asio::ip::address_v6::bytes_type bytes;
        std::memcpy(bytes.data(), ldns_rdf_data(data), bytes.size());
        out.address = address(boost::asio::ip::address_v6(bytes));
    }
    return true;
}

// A name written in UTF-8: the same IDNA conversion as every other list format (canonicalize()),
// so that it matches the A-labels queries carry.
Result<void> canonical_utf8_dname(const std::uint8_t* data, std::size_t size, std::string& out) {
    std::string text;
    for (std::size_t pos = 0; pos < size && data[pos] != 0 && pos + 1 + data[pos] <= size;) {
        if (!text.empty()) text.push_back('.');
        for (std::size_t i = 0; i < data[pos]; ++i) {
            const std::uint8_t c = data[pos + 1 + i];
            if (c == '.' || c == '\\' || c < 0x21 || c == 0x7f) {
                const char escape[] = {'\\', static_cast<char>('0' + c / 100),
                                       static_cast<char>('0' + (c / 10) % 10),
                                       static_cast<char>('0' + c % 10)};
                text.append(escape, sizeof escape);
            } else {
                text.push_back(static_cast<char>(c));
            }
        }
        pos += 1 + data[pos];
    }
    return canonicalize(text, out);
}

std::string type_name(std::uint32_t type) {
    const ldns_rr_descriptor* descriptor = ldns_rr_descript(static_cast<std::uint16_t>(type));
    if (descriptor != nullptr && descriptor->_name != nullptr) return descriptor->_name;
    return "TYPE" + std::to_string(type);
}

}  // namespace

std::uint32_t record_type(const ldns_rr* rr) noexcept {
    return static_cast<std::uint32_t>(ldns_rr_get_type(rr));
}

Result<void> canonical_dname(const ldns_rdf* dname, std::string& out) {
    out.clear();
    const std::uint8_t* data = ldns_rdf_data(dname);
    const std::size_t size = ldns_rdf_size(dname);
    std::array<char, 4 * kMaxLabelOctets> spelled{};
    bool non_ascii = false;
    for (std::size_t pos = 0; pos < size;) {
        const std::size_t length = data[pos];
        // Compression pointers and truncated labels cannot come from text; stop rather than
        // overread.
        if (length == 0 || length > kMaxLabelOctets || pos + 1 + length > size) break;
        if (!out.empty()) out.push_back('.');
        out.append(spelled.data(), append_canonical_label(data + pos + 1, length, spelled.data()));
        for (std::size_t i = 0; i < length; ++i) non_ascii = non_ascii || data[pos + 1 + i] >= 0x80;
        pos += 1 + length;
    }
    return non_ascii ? canonical_utf8_dname(data, size, out) : Result<void>();
}

std::string_view unsupported_trigger_zone(std::string_view trigger) noexcept {
    const auto dot = trigger.rfind('.');
    const std::string_view top = dot == std::string_view::npos ? trigger : trigger.substr(dot + 1);
    for (std::string_view zone : {"rpz-ip", "rpz-nsdname", "rpz-nsip", "rpz-client-ip"})
        if (top == zone) return zone;
    return {};
}

bool policy_of_record(const ldns_rr* rr, RpzRecordPolicy& out, std::string& reason) {
    out = {};
    switch (record_type(rr)) {
        case LDNS_RR_TYPE_CNAME:
            return cname_policy(rr, out.policy, reason);
        case LDNS_RR_TYPE_A:
        case LDNS_RR_TYPE_AAAA:
            return address_policy(rr, out, reason);
        default:
            reason = "local data of type " + type_name(record_type(rr)) + " not supported";
            return false;
    }
}

}  // namespace roja::filter
