#include "daemon/server/cached_answer_check.hpp"

#include "daemon/server/answer_inspector.hpp"
#include "daemon/wire/reply_view.hpp"

namespace roja::server {

bool passes_policy(std::span<const std::uint8_t> message, const filter::Policy& policy,
                   std::uint16_t qtype) noexcept {
    wire::ReplyView view;
    AnswerInspector inspector(policy, filter::GroupIndex{0}, qtype);
    if (!wire::walk_message(message, view, &inspector)) return false;
    return !inspector.blocked_for_some_group();
}

}  // namespace roja::server
