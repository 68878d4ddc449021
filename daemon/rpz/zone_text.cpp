#include "daemon/rpz/zone_text.hpp"

#include <array>
#include <cstdio>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_error.hpp"

namespace roja::rpz {

namespace {

using wire::WireError;

constexpr std::uint16_t kTypeA = 1, kTypeNs = 2, kTypeCname = 5, kTypePtr = 12, kTypeMx = 15,
                        kTypeAaaa = 28, kTypeDname = 39;

bool is_plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '*' || c == '/' || c == '.' || c == '\\';
}

// RDATA that is one name (CNAME, DNAME, NS, PTR), possibly compressed.
Result<std::string> name_rdata(std::span<const std::uint8_t> message, const RecordView& r) {
    std::size_t pos = r.rdata;
    auto name = read_text_name(message, pos);
    if (!name) return name.error();
    if (pos != r.next) return WireError::bad_rdata;
    return zone_file_name(*name);
}

Result<std::string> mx_rdata(std::span<const std::uint8_t> message, const RecordView& r) {
    if (r.rdlength < 3) return WireError::bad_rdata;
    std::size_t pos = r.rdata + 2;
    auto name = read_text_name(message, pos);
    if (!name) return name.error();
    if (pos != r.next) return WireError::bad_rdata;
    return std::to_string(wire::load_u16(&message[r.rdata])) + " " + zone_file_name(*name);
}

std::string generic_rdata(std::span<const std::uint8_t> message, const RecordView& r) {
    std::string text = "\\# " + std::to_string(r.rdlength);
    if (r.rdlength > 0) text += ' ';
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = r.rdata; i < r.next; ++i) {
        text += kHex[message[i] >> 4];
        text += kHex[message[i] & 0xf];
    }
    return text;
}

}  // namespace

std::string zone_file_name(std::string_view canonical) {
    std::string out;
    out.reserve(canonical.size() + 1);
    for (const char c : canonical) {
        if (is_plain(c)) {
            out += c;
            continue;
        }
        std::array<char, 5> escape{};
        std::snprintf(escape.data(), escape.size(), "\\%03u", static_cast<unsigned char>(c));
        out += escape.data();
    }
    out += '.';
    return out;
}

std::string type_text(std::uint16_t type) {
    switch (type) {
        case kTypeA:
            return "A";
        case kTypeNs:
            return "NS";
        case kTypeCname:
            return "CNAME";
        case kTypePtr:
            return "PTR";
        case kTypeMx:
            return "MX";
        case kTypeAaaa:
            return "AAAA";
        case kTypeDname:
            return "DNAME";
        case wire::type::kSoa:
            return "SOA";
        default:
            return "TYPE" + std::to_string(type);
    }
}

Result<std::string> rdata_text(std::span<const std::uint8_t> message, const RecordView& r) {
    switch (r.type) {
        case kTypeA: {
            if (r.rdlength != 4) return WireError::bad_rdata;
            boost::asio::ip::address_v4::bytes_type bytes;
            std::copy_n(&message[r.rdata], 4, bytes.begin());
            return boost::asio::ip::address_v4(bytes).to_string();
        }
        case kTypeAaaa: {
            if (r.rdlength != 16) return WireError::bad_rdata;
            boost::asio::ip::address_v6::bytes_type bytes;
            std::copy_n(&message[r.rdata], 16, bytes.begin());
            return boost::asio::ip::address_v6(bytes).to_string();
        }
        case kTypeCname:
        case kTypeDname:
        case kTypeNs:
        case kTypePtr:
            return name_rdata(message, r);
        case kTypeMx:
            return mx_rdata(message, r);
        case wire::type::kSoa:
            return WireError::bad_rdata;  // soa_text
        default:
            return generic_rdata(message, r);
    }
}

std::string soa_text(const SoaRdata& soa) {
    const SoaFields& f = soa.fields;
    return zone_file_name(soa.mname) + " " + zone_file_name(soa.rname) + " " +
           std::to_string(f.serial) + " " + std::to_string(f.refresh) + " " +
           std::to_string(f.retry) + " " + std::to_string(f.expire) + " " +
           std::to_string(f.minimum);
}

}  // namespace roja::rpz
