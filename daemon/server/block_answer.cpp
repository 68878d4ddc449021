#include "daemon/server/block_answer.hpp"

#include <algorithm>

namespace roja::server {

namespace {

// Appends to a fixed buffer, silently stopping at its end: the text is informative, and a
// cut-off text beats an allocation on the blocked-answer path.
class TextBuilder {
  public:
    explicit TextBuilder(std::span<char> buffer) : buffer_(buffer) {}
    TextBuilder& add(std::string_view text) {
        const std::size_t n = std::min(text.size(), buffer_.size() - used_);
        std::copy_n(text.data(), n, buffer_.data() + used_);
        used_ += n;
        return *this;
    }
    // JSON string contents: quotes, backslashes and control characters escaped.
    TextBuilder& add_json(std::string_view text) {
        for (char c : text) {
            if (c == '"' || c == '\\') {
                add("\\").add(std::string_view(&c, 1));
            } else if (static_cast<unsigned char>(c) < 0x20) {
                add(" ");
            } else {
                add(std::string_view(&c, 1));
            }
        }
        return *this;
    }
    std::string_view view() const { return {buffer_.data(), used_}; }

  private:
    std::span<char> buffer_;
    std::size_t used_ = 0;
};

void add_order(TextBuilder& out, const filter::EntryView& entry, bool json) {
    const auto add = [&](std::string_view s) { json ? out.add_json(s) : out.add(s); };
    add(entry.authority.empty() ? entry.list_title : entry.authority);
    if (!entry.decision.empty()) {
        out.add(" ");
        add(entry.decision);
    }
    if (json && !entry.legal_basis.empty()) {
        out.add(", ");
        add(entry.legal_basis);
    }
}

}  // namespace

std::string_view BlockAnswerWriter::extra_text(const wire::QueryView& query,
                                               const filter::Verdict& verdict,
                                               const ServingState& state) noexcept {
    const filter::EntryView entry = state.policy->entry_view(verdict);
    TextBuilder out(text_);
    if (!query.edns.has_extended_error) {
        add_order(out, entry, false);
        return out.view();
    }
    const BlockSettings& b = state.blocking;
    out.add("{");
    if (!b.contact.empty()) out.add("\"c\":[\"").add_json(b.contact).add("\"],");
    out.add("\"j\":\"");
    add_order(out, entry, true);
    out.add("\"");
    if (!b.organisation.empty()) out.add(",\"o\":\"").add_json(b.organisation).add("\"");
    if (!b.language.empty()) out.add(",\"l\":\"").add_json(b.language).add("\"");
    out.add("}");
    return out.view();
}

std::span<const std::uint8_t> BlockAnswerWriter::write(std::span<std::uint8_t> out,
                                                       std::size_t limit,
                                                       const wire::QueryView& query,
                                                       const filter::Verdict& verdict,
                                                       const ServingState& state) noexcept {
    const BlockSettings& b = state.blocking;
    wire::BlockedAnswer answer;
    answer.ttl = b.ttl;
    answer.ipv4 = b.ipv4;
    answer.ipv6 = b.ipv6;
    const auto local = state.policy->local_data(verdict);
    if (!local.empty()) {  // RPZ local data: the entry's own redirect targets
        std::size_t v4 = 0, v6 = 0;
        for (const auto& address : local) {
            if (address.is_v4() && v4 < kMaxRedirects) local_v4_[v4++] = address.to_v4().to_bytes();
            if (address.is_v6() && v6 < kMaxRedirects) local_v6_[v6++] = address.to_v6().to_bytes();
        }
        answer.ipv4 = {local_v4_.data(), v4};
        answer.ipv6 = {local_v6_.data(), v6};
    }
    if (b.ede && query.edns.present)
        answer.extended_error = wire::ExtendedError{filter::ede_code(verdict.reason),
                                                    extra_text(query, verdict, state)};
    Result<std::span<const std::uint8_t>> written = std::span<const std::uint8_t>{};
    switch (verdict.action) {
        case filter::BlockAction::redirect:
            written = wire::write_redirect(out, limit, query, answer);
            break;
        case filter::BlockAction::nxdomain:
            written = wire::write_nxdomain(out, limit, query, answer);
            break;
        case filter::BlockAction::nodata:
            written = wire::write_nodata(out, limit, query, answer);
            break;
        case filter::BlockAction::refuse:
            written = wire::write_rcode_only(out, limit, query, wire::Rcode::Refused,
                                             answer.extended_error);
            break;
    }
    return written ? *written : std::span<const std::uint8_t>{};
}

}  // namespace roja::server
