// ldns for the RPZ parser: the one include (ldns/common.h otherwise #defines `false` and `true`
// in C++, which breaks <optional>'s operator<=>) and owners for its C handles.
#pragma once

#include <stdbool.h>  // defines __bool_true_false_are_defined first, so ldns keeps the C++ keywords

#include <cstdio>
#include <memory>

#include <ldns/ldns.h>

namespace roja::filter {

struct LdnsRrFree {
    void operator()(ldns_rr* rr) const noexcept { ldns_rr_free(rr); }
};
struct LdnsRdfFree {
    void operator()(ldns_rdf* rdf) const noexcept { ldns_rdf_deep_free(rdf); }
};
struct FileClose {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using LdnsRrPtr = std::unique_ptr<ldns_rr, LdnsRrFree>;
using LdnsRdfPtr = std::unique_ptr<ldns_rdf, LdnsRdfFree>;
using FilePtr = std::unique_ptr<std::FILE, FileClose>;

}  // namespace roja::filter
