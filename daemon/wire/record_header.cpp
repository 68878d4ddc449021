// Resource-record and OPT parsing with every length checked before it is used.
#include "daemon/wire/record_header.hpp"

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/dns_constants.hpp"

namespace roja::wire {

namespace {

constexpr std::size_t kRecordFixedSize = 10;  // type, class, ttl, rdlength

}  // namespace

Result<RecordHeader> read_record(std::span<const std::uint8_t> message, std::size_t pos,
                                 NameOutput owner_output) noexcept {
    auto owner = read_name(message, pos, Compression::backwards, owner_output);
    if (!owner) return owner.error();
    RecordHeader record;
    record.owner = pos;
    record.owner_is_root = owner->wire_length == 1;
    const std::size_t fixed = owner->next;
    if (message.size() - fixed < kRecordFixedSize) return WireError::truncated;
    const std::uint8_t* p = message.data() + fixed;
    record.type = load_u16(p);
    record.klass = load_u16(p + 2);
    record.ttl_offset = fixed + 4;
    record.ttl = load_u32(p + 4);
    record.rdlength = load_u16(p + 8);
    record.rdata = fixed + kRecordFixedSize;
    if (message.size() - record.rdata < record.rdlength) return WireError::truncated;
    record.next = record.rdata + record.rdlength;
    return record;
}

Result<void> read_opt(std::span<const std::uint8_t> message, const RecordHeader& opt,
                      EdnsInfo& edns) noexcept {
    if (!opt.owner_is_root) return WireError::misplaced_opt;
    edns.present = true;
    edns.udp_size = opt.klass < kMinUdpPayload ? kMinUdpPayload : opt.klass;
    edns.extended_rcode = static_cast<std::uint8_t>(opt.ttl >> 24);
    edns.version = static_cast<std::uint8_t>(opt.ttl >> 16);
    edns.dnssec_ok = (opt.ttl & kEdnsDoBit) != 0;
    std::size_t pos = opt.rdata;
    while (pos < opt.next) {
        if (opt.next - pos < 4) return WireError::bad_option;
        const std::uint16_t code = load_u16(message.data() + pos);
        const std::uint16_t length = load_u16(message.data() + pos + 2);
        pos += 4;
        if (opt.next - pos < length) return WireError::bad_option;
        if (code == option::kExtendedError && !edns.has_extended_error) {
            edns.has_extended_error = true;
            if (length >= 2) edns.extended_error_code = load_u16(message.data() + pos);
        }
        if (code == option::kClientSubnet) edns.has_client_subnet = true;
        pos += length;
    }
    return {};
}

}  // namespace roja::wire
