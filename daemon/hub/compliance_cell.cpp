#include "daemon/hub/compliance_cell.hpp"

namespace roja::hub {

CellState classify_cell(const CellFacts& facts) noexcept {
    if (facts.status == "applied") return CellState::applied;
    if (facts.has_later_applied) return CellState::superseded;
    if (facts.status == "rejected") return CellState::rejected;
    if (facts.issued_at && facts.now > *facts.issued_at + facts.deadline_seconds)
        return CellState::late;
    return CellState::not_yet;
}

}  // namespace roja::hub
