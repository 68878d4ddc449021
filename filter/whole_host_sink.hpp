// An authority's URL entries as whole-host blocks too (http_filter.whole_host_authorities):
// inside TLS only the server name is visible, so for the authorities that ask for it a listed URL
// blocks its host rather than going unenforced over HTTPS. Sits between a parser and the policy.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "filter/list_entry.hpp"
#include "filter/never_block.hpp"

namespace roja::filter {

class WholeHostSink final : public EntrySink {
  public:
    // `list_authority` stands for entries that name none; `never_block` (may be null) keeps a
    // derived host block off a protected name, as for any other entry of a feed.
    WholeHostSink(EntrySink& next, const std::vector<std::string>& authorities,
                  std::string_view list_authority, const NeverBlock* never_block = nullptr);

    // Passes every entry on; a block URL entry of a listed authority is followed by an `exact`
    // entry for its host, with the same order metadata.
    void on_entry(const ListEntry& entry) override;

    std::size_t derived() const noexcept { return derived_; }

  private:
    EntrySink& next_;
    const std::vector<std::string>& authorities_;
    std::string list_authority_;
    const NeverBlock* never_block_;
    std::size_t derived_ = 0;
};

// "host" of a normalised URL entry ("host[:port]/path?query"); empty for an IP literal in
// brackets, which names no host to block.
std::string_view url_entry_host(std::string_view url) noexcept;

}  // namespace roja::filter
