#include "daemon/rpz/xfr_records.hpp"

#include <array>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/wire_error.hpp"
#include "daemon/wire/wire_name.hpp"

namespace roja::rpz {

using wire::WireError;

Result<std::string> read_text_name(std::span<const std::uint8_t> message, std::size_t& pos) {
    std::array<char, wire::kMaxNameChars> text;
    auto extent = wire::read_name(message, pos, wire::Compression::backwards, {text.data()});
    if (!extent) return extent.error();
    pos = extent->next;
    return std::string(text.data(), extent->text_length);
}

Result<RecordView> read_record(std::span<const std::uint8_t> message, std::size_t pos) {
    RecordView r;
    r.start = pos;
    auto owner = wire::read_name(message, pos, wire::Compression::backwards);
    if (!owner) return owner.error();
    pos = owner->next;
    r.owner_end = pos;
    if (pos + 10 > message.size()) return WireError::truncated;
    r.type = wire::load_u16(&message[pos]);
    r.rclass = wire::load_u16(&message[pos + 2]);
    r.ttl = wire::load_u32(&message[pos + 4]);
    r.rdlength = wire::load_u16(&message[pos + 8]);
    r.rdata = pos + 10;
    r.next = r.rdata + r.rdlength;
    if (r.next > message.size()) return WireError::truncated;
    return r;
}

Result<SoaRdata> read_soa(std::span<const std::uint8_t> message, const RecordView& r) {
    SoaRdata soa;
    std::size_t pos = r.rdata;
    auto mname = read_text_name(message, pos);
    if (!mname) return mname.error();
    auto rname = read_text_name(message, pos);
    if (!rname) return rname.error();
    if (pos + 20 != r.next) return WireError::bad_rdata;
    soa.mname = std::move(*mname);
    soa.rname = std::move(*rname);
    soa.fields = {wire::load_u32(&message[pos]), wire::load_u32(&message[pos + 4]),
                  wire::load_u32(&message[pos + 8]), wire::load_u32(&message[pos + 12]),
                  wire::load_u32(&message[pos + 16])};
    return soa;
}

Result<TsigRecord> read_tsig(std::span<const std::uint8_t> message, const RecordView& r) {
    TsigRecord tsig;
    tsig.offset = r.start;
    std::size_t pos = r.start;
    auto key = read_text_name(message, pos);
    if (!key) return key.error();
    tsig.key_name = std::move(*key);
    pos = r.rdata;
    auto algorithm = read_text_name(message, pos);
    if (!algorithm) return algorithm.error();
    tsig.algorithm = std::move(*algorithm);
    if (pos + 10 > r.next) return WireError::bad_rdata;
    tsig.time_signed =
        (std::uint64_t{wire::load_u16(&message[pos])} << 32) | wire::load_u32(&message[pos + 2]);
    tsig.fudge = wire::load_u16(&message[pos + 6]);
    const std::uint16_t mac_size = wire::load_u16(&message[pos + 8]);
    pos += 10;
    if (pos + mac_size + 6 > r.next) return WireError::bad_rdata;
    tsig.mac = message.subspan(pos, mac_size);
    pos += mac_size;
    tsig.original_id = wire::load_u16(&message[pos]);
    tsig.error = wire::load_u16(&message[pos + 2]);
    const std::uint16_t other_size = wire::load_u16(&message[pos + 4]);
    pos += 6;
    if (pos + other_size != r.next) return WireError::bad_rdata;
    tsig.other = message.subspan(pos, other_size);
    return tsig;
}

}  // namespace roja::rpz
