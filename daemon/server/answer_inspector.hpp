// Looks inside an upstream answer before it is used: a CNAME pointing at a listed name, or an
// address an `ip` entry lists, turns the answer into that entry's blocked answer (RPZ-style).
// It also notes whether ANY client group would block it: such an answer is never cached,
// because the cache is shared by every group and a hit is not inspected again.
#pragma once

#include "daemon/wire/reply_view.hpp"
#include "filter/policy.hpp"

namespace roja::server {

class AnswerInspector final : public wire::RecordVisitor {
  public:
    AnswerInspector(const filter::Policy& policy, filter::GroupIndex group,
                    std::uint16_t qtype) noexcept
        : policy_(policy), group_(group), qtype_(qtype) {}

    void on_cname(std::string_view owner, std::string_view target) noexcept override;
    void on_address(std::string_view owner,
                    std::span<const std::uint8_t> address) noexcept override;

    bool blocked() const noexcept { return verdict_.is_blocked(); }
    const filter::Verdict& verdict() const noexcept { return verdict_; }
    bool by_address() const noexcept { return by_address_; }
    bool blocked_for_some_group() const noexcept { return any_group_; }

  private:
    void consider(const filter::Verdict& verdict, filter::GroupIndex group, bool address) noexcept;

    const filter::Policy& policy_;
    filter::GroupIndex group_;
    std::uint16_t qtype_;
    filter::Verdict verdict_;
    bool by_address_ = false;
    bool any_group_ = false;
};

}  // namespace roja::server
