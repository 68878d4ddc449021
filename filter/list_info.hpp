// A list as the policy knows it: who ordered it, what a block looks like, and its scope.
//
// Scope: an allow entry overrides block entries only of lists with the same scope. The default
// scope is the reason class name ("censored", "blocked", "filtered"), so a school's allowlist in
// scope "filtered" can unblock a category hit but never an AKEP order in scope "censored"; an
// operator who wants an allowlist to reach further names that scope explicitly.
#pragma once

#include <bitset>
#include <cstddef>
#include <string>

#include "filter/verdict.hpp"

namespace roja::filter {

inline constexpr std::size_t kMaxLists = 1024;
inline constexpr std::size_t kMaxScopes = 32;  // distinct scope names in one policy

struct ListInfo {
    std::string id{};         // stable, short ("akep-2026-014"); shown in entry ids and metrics
    std::string authority{};  // who ordered it ("AKEP"); entries may name their own
    std::string title{};
    std::string category{};     // e.g. "gambling"; entries may name their own
    std::string legal_basis{};  // e.g. "Law 54/2024 Art. 12"; entries may name their own
    BlockAction action = BlockAction::redirect;
    ReasonClass reason = ReasonClass::blocked;
    std::string scope{};       // empty = to_string(reason)
    bool has_records = false;  // keep per-entry metadata (CSV); else the record is the line
};

// The scope a list's allow entries act in.
inline std::string_view effective_scope(const ListInfo& info) noexcept {
    return info.scope.empty() ? to_string(info.reason) : std::string_view(info.scope);
}

using ListSet = std::bitset<kMaxLists>;

// A set of clients (by address prefix) and the lists and features that apply to them.
struct ClientGroup {
    std::string name{};
    ListSet lists{};
    bool safesearch = false;
    bool url_filter = false;  // answer hosts with URL entries with the HTTP filter's address
};

}  // namespace roja::filter
