// Local records built from the config and hosts entries, and their answers: the asked type,
// a CNAME chain through local names, NODATA, generated PTRs.
#include "daemon/server/local_records.hpp"

#include <doctest/doctest.h>

#include "../wire/wire_packet.hpp"
#include "daemon/wire/reply_view.hpp"

using namespace roja;
using config::LocalRecordType;

namespace {

config::LocalRecordConfig record(std::string name, LocalRecordType type, std::string value) {
    config::LocalRecordConfig r;
    r.name = std::move(name);
    r.type = type;
    if (type == LocalRecordType::a || type == LocalRecordType::aaaa)
        r.address = boost::asio::ip::make_address(value);
    else
        r.target = std::move(value);
    return r;
}

server::LocalRecordsLoad school() {
    config::LocalRecordsConfig config;
    config.records.push_back(record("intranet.school.local", LocalRecordType::a, "10.0.0.80"));
    config.records.push_back(
        record("www.school.local", LocalRecordType::cname, "web.school.local"));
    config.records.push_back(
        record("web.school.local", LocalRecordType::cname, "intranet.school.local"));
    config.records.push_back(
        record("out.school.local", LocalRecordType::cname, "elsewhere.example"));
    std::vector<filter::LocalHost> hosts{
        {boost::asio::ip::make_address("10.0.0.81"), "nas.school.local"},
        {boost::asio::ip::make_address("10.0.0.81"), "files.school.local"},
        {boost::asio::ip::make_address("10.0.0.82"), "www.school.local"}};  // beside a CNAME
    return server::build_local_records(config, hosts);
}

wire::ReplyView answer(const server::LocalRecords& records, std::string_view qname,
                       std::uint16_t qtype, std::vector<std::uint8_t>& bytes) {
    const auto packet = wire::test::simple_query(qname, qtype);
    wire::QueryView query;
    wire::decode_query(packet.bytes(), query);
    const auto* name = records.find(query.qname());
    REQUIRE(name != nullptr);
    std::vector<std::uint8_t> out(1232);
    const auto written = server::write_local_answer(out, out.size(), query, records, *name);
    REQUIRE(written.has_value());
    bytes.assign(written->begin(), written->end());
    wire::ReplyView view;
    REQUIRE(wire::walk_message(bytes, view));
    return view;
}

}  // namespace

TEST_CASE("a hosts entry beside a CNAME is left out and counted") {
    const auto load = school();
    CHECK(load.skipped == 1);
    CHECK(load.records.find("nas.school.local") != nullptr);
}

TEST_CASE("a PTR is generated for the first name of an address") {
    const auto load = school();
    std::vector<std::uint8_t> bytes;
    const auto view = answer(load.records, "81.0.0.10.in-addr.arpa", 12, bytes);
    CHECK(view.answer_count == 1);
    const auto* ptr = load.records.find("81.0.0.10.in-addr.arpa");
    REQUIRE(ptr != nullptr);
    CHECK(ptr->records.front().rdata == load.records.find("nas.school.local")->wire);
}

TEST_CASE("a CNAME chain through local names ends in the asked records") {
    const auto load = school();
    std::vector<std::uint8_t> bytes;
    const auto view = answer(load.records, "www.school.local", 1, bytes);
    CHECK(view.rcode == 0);
    CHECK(view.answer_count == 3);  // two CNAMEs and the A
}

TEST_CASE("a CNAME to a name that is not local is answered alone") {
    const auto load = school();
    std::vector<std::uint8_t> bytes;
    CHECK(answer(load.records, "out.school.local", 1, bytes).answer_count == 1);
}

TEST_CASE("a local name without the asked type is NODATA with an SOA") {
    const auto load = school();
    std::vector<std::uint8_t> bytes;
    const auto view = answer(load.records, "intranet.school.local", 28, bytes);
    CHECK(view.rcode == 0);
    CHECK(view.answer_count == 0);
    CHECK(view.has_soa);
    CHECK((bytes[2] & 0x04) == 0);  // AA clear
}
