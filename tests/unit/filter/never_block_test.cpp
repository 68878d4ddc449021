// Guard 10: entries that would block a protected name are found, entries below it are not.
#include "filter/never_block.hpp"

#include <doctest/doctest.h>

using namespace roja::filter;

namespace {

ListEntry entry(EntryType type, std::string_view value, bool subdomains_only = false) {
    ListEntry out;
    out.type = type;
    out.value = value;
    out.subdomains_only = subdomains_only;
    return out;
}

NeverBlock protecting(std::initializer_list<std::string_view> names) {
    NeverBlock guard;
    for (const auto name : names) guard.add(name);
    return guard;
}

}  // namespace

TEST_CASE("an entry naming a protected name, or a parent of one, is a conflict") {
    const NeverBlock guard = protecting({"www.google.com", "mail.isp.al"});
    CHECK(guard.conflict(entry(EntryType::domain, "www.google.com")) == "www.google.com");
    CHECK(guard.conflict(entry(EntryType::domain, "google.com")) == "www.google.com");
    CHECK(guard.conflict(entry(EntryType::domain, "com")) == "www.google.com");
    CHECK(guard.conflict(entry(EntryType::exact, "mail.isp.al")) == "mail.isp.al");
    CHECK(guard.conflict(entry(EntryType::sni, "mail.isp.al")) == "mail.isp.al");
    CHECK(guard.conflict(entry(EntryType::domain, "isp.al", true)) == "mail.isp.al");
}

TEST_CASE("entries below, beside or only at a parent's own name are not conflicts") {
    const NeverBlock guard = protecting({"blogspot.com"});
    CHECK_FALSE(guard.conflict(entry(EntryType::domain, "evil.blogspot.com")));
    CHECK_FALSE(guard.conflict(entry(EntryType::domain, "blogspot.co")));
    CHECK_FALSE(guard.conflict(entry(EntryType::exact, "com")));  // blocks "com" alone
    CHECK_FALSE(guard.conflict(entry(EntryType::domain, "blogspot.com", true)));  // only below it
    CHECK_FALSE(guard.conflict(entry(EntryType::url, "blogspot.com/some/path")));
    ListEntry allow = entry(EntryType::domain, "blogspot.com");
    allow.disposition = Disposition::allow;
    CHECK_FALSE(guard.conflict(allow));
}

TEST_CASE("an empty guard protects nothing") {
    const NeverBlock guard;
    CHECK(guard.empty());
    CHECK_FALSE(guard.conflict(entry(EntryType::domain, "com")));
}
