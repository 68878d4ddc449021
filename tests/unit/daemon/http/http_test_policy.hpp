// A small policy for the HTTP side's tests: one CSV list of orders (with a child-protection
// entry and URL and sni entries) for the default group, URL filtering on.
#pragma once

#include <memory>

#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace roja::http::test {

inline constexpr std::string_view kOrdersCsv =
    "id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires\n"
    "akep-1,domain,casino.test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni "
    "12,gambling,2025-03-01,\n"
    "akep-2,domain,harm.test,Agjencia <b>,124/2025,2025-03-02,\"Ligji \"\"x\"\" & "
    "y\",child-protection,2025-03-02,\n"
    "akep-3,url,news.test/secret/page,AKEP,125/2025,2025-03-03,Ligji 1,gambling,2025-03-03,\n"
    "akep-4,sni,tls-only.test,AKEP,126/2025,2025-03-04,Ligji 1,gambling,2025-03-04,\n";

inline std::shared_ptr<const filter::Policy> orders_policy(bool url_filter = true) {
    filter::PolicyBuilder builder;
    filter::ListInfo info;
    info.id = "orders";
    info.title = "AKEP orders";
    info.reason = filter::ReasonClass::censored;
    info.has_records = true;
    const filter::ListIndex list = builder.add_list(info);
    filter::ListLoader loader = builder.loader(list);
    filter::parse_list(filter::ListFormat::csv, kOrdersCsv, "orders.csv", loader);
    filter::ClientGroup group;
    group.name = "default";
    group.lists.set(list);
    group.url_filter = url_filter;
    builder.set_default_group(group);
    return std::move(builder).build();
}

}  // namespace roja::http::test
