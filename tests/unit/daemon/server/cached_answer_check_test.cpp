// The check a cached answer passes again after a policy change (issue 17): what is inside the
// answer — CNAME targets, addresses — is judged by the new policy, for every client group.
#include "daemon/server/cached_answer_check.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "../../filter/policy_test_support.hpp"
#include "../wire/wire_packet.hpp"

namespace roja::server {
namespace {

using filter::test::add_list;
using filter::test::blocks;
using filter::test::entry;
using filter::test::group_with;
using filter::test::list_info;
using filter::test::prefix;

constexpr std::uint16_t kA = 1;

// www.example. CNAME target.example. / target.example. A 198.51.100.7, as the cache holds it.
std::vector<std::uint8_t> chain_answer() {
    wire::test::Packet p;
    p.header(0x1234, 0x8180, 1, 2, 0, 0).question("www.example", kA);
    p.pointer(12).u16(5).u16(1).u32(300).u16(16).name("target.example");
    p.name("target.example").u16(kA).u16(1).u32(300).u16(4).raw({198, 51, 100, 7});
    return p.bytes();
}

std::shared_ptr<const filter::Policy> policy_listing(std::initializer_list<filter::ListEntry> e) {
    filter::PolicyBuilder builder;
    add_list(builder, list_info("orders", filter::ReasonClass::censored), e);
    return std::move(builder).build();
}

TEST_CASE("a cached answer passes when neither its CNAME target nor its address is listed") {
    const auto policy = policy_listing({blocks("elsewhere.example")});
    CHECK(passes_policy(chain_answer(), *policy, kA));
}

TEST_CASE("a cached answer whose CNAME target became listed does not pass") {
    const auto policy = policy_listing({blocks("target.example")});
    CHECK_FALSE(passes_policy(chain_answer(), *policy, kA));
}

TEST_CASE("a cached answer whose address became listed does not pass") {
    const auto policy = policy_listing({entry(filter::EntryType::ip, "198.51.100.0/24")});
    CHECK_FALSE(passes_policy(chain_answer(), *policy, kA));
}

TEST_CASE("a target listed for one group only fails the check: the cache serves every group") {
    filter::PolicyBuilder builder;
    const auto list = add_list(builder, list_info("school", filter::ReasonClass::blocked),
                               {blocks("target.example")});
    builder.set_default_group(group_with("default", {}));
    const auto school = prefix("10.1.0.0/16");
    builder.add_group(group_with("school", {list}), std::span(&school, 1));
    const auto policy = std::move(builder).build();
    CHECK_FALSE(passes_policy(chain_answer(), *policy, kA));
}

TEST_CASE("a cached message that does not parse does not pass") {
    const auto policy = policy_listing({blocks("elsewhere.example")});
    std::vector<std::uint8_t> cut = chain_answer();
    cut.resize(cut.size() - 3);
    CHECK_FALSE(passes_policy(cut, *policy, kA));
}

}  // namespace
}  // namespace roja::server
