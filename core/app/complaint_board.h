// The complaints board's model (投诉看板): one card per complaint with its customer, stage, severity, owner
// and the time left to the next stage's deadline (working time), filters, the overdue count of the status
// bar and the escalation items of the agenda (the owner's overdue complaints; all of them for the service
// manager named in settings:complaint_deadlines). Rebuilt when the store changes or the minute turns.
#pragma once
#include "core/app/complaint_service.h"

#include <string>
#include <vector>

namespace crm::core {

struct ComplaintCard {
    std::string id, customerId, customerName, stage, severity, owner, category, matter, receivedAt;
    int stageIndex = 0;
    DeadlineState state = DeadlineState::Ok;
    int warnLevel = 0;
    bool paused = false, closed = false;
    bool hasDue = false;
    int64_t leftMs = 0;  // working time to the next deadline; negative once overdue
    bool overdue() const { return state == DeadlineState::Overdue; }
};

struct ComplaintFilter {
    std::string category, severity, owner;  // empty: any
    bool overdueOnly = false;
    bool matches(const ComplaintCard& card) const;
};

class ComplaintBoard {
public:
    explicit ComplaintBoard(CrmSession& session) : m_session(session) {}
    // Rebuilds when the store changed or the minute turned; `paced`: a store change waits until kPaceMs after
    // the last rebuild (a sync or the demo fill changes the store every frame).
    static constexpr int64_t kPaceMs = 1000;
    void refresh(int64_t nowMs, bool paced = false);

    const std::vector<ComplaintCard>& cards() const { return m_cards; }  // newest received first
    std::vector<const ComplaintCard*> filtered(const ComplaintFilter& filter) const;
    const std::vector<std::string>& owners() const { return m_owners; }  // sorted, "" (unassigned) first
    int overdueCount() const { return m_overdue; }
    // Overdue complaints to raise in `user`'s agenda: those they own; every one for the service manager (for
    // everyone while settings name no service manager).
    std::vector<const ComplaintCard*> escalationsFor(const std::string& user) const;
    const ComplaintSettings& settings() const { return m_settings; }
    const ComplaintCard* find(const std::string& id) const;

private:
    CrmSession& m_session;
    uint64_t m_seenSeq = UINT64_MAX;
    int64_t m_seenMinute = -1;
    int64_t m_builtAt = 0;
    ComplaintSettings m_settings;
    std::vector<ComplaintCard> m_cards;
    std::vector<std::string> m_owners;
    int m_overdue = 0;
};

}  // namespace crm::core
