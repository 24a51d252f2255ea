// The complaints board's model (complaint_board.h).
#include "core/app/complaint_board.h"

#include "core/json_field.h"

#include <algorithm>
#include <set>

namespace crm::core {

bool ComplaintFilter::matches(const ComplaintCard& c) const {
    return (category.empty() || c.category == category) && (severity.empty() || c.severity == severity) &&
           (owner.empty() || c.owner == owner) && (!overdueOnly || c.overdue());
}

void ComplaintBoard::refresh(int64_t nowMs, bool paced) {
    const uint64_t seq = m_session.store().updateSeq();
    const int64_t minute = nowMs / kMinuteMs;
    if (seq == m_seenSeq && minute == m_seenMinute) return;
    if (paced && minute == m_seenMinute && nowMs - m_builtAt < kPaceMs) return;
    m_builtAt = nowMs;
    m_seenSeq = seq;
    m_seenMinute = minute;
    m_settings = loadComplaintSettings(m_session.store());
    m_cards.clear();
    m_overdue = 0;
    std::set<std::string> owners;
    m_session.store().forEachDoc([&](const std::string& id, const Json& doc) {
        ComplaintCard c;
        c.id = id;
        c.customerId = stringField(doc, "customer_id");
        if (const CustomerRow* row = m_session.customers().find(c.customerId)) c.customerName = row->name;
        c.stage = stageKey(stageOf(doc));
        c.stageIndex = int(stageOf(doc));
        c.severity = stringField(doc, "severity");
        c.owner = stringField(doc, "owner");
        c.category = stringField(doc, "category");
        c.matter = stringField(doc, "matter");
        if (c.matter.empty()) c.matter = stringField(doc, "description");  // older records
        c.receivedAt = stringField(doc, "received_at");
        c.paused = doc.value("paused", false);
        c.closed = c.stageIndex == kComplaintStages - 1;
        if (std::optional<StageDeadline> next = nextDeadline(doc, nowMs)) {
            c.state = next->state;
            c.warnLevel = next->warnLevel;
            if (next->dueMs) {
                c.hasDue = true;
                c.leftMs = nowMs <= *next->dueMs ? m_settings.time.workingBetween(nowMs, *next->dueMs)
                                                 : -m_settings.time.workingBetween(*next->dueMs, nowMs);
            }
        }
        if (c.overdue()) ++m_overdue;
        owners.insert(c.owner);
        m_cards.push_back(std::move(c));
        return true;
    }, "complaint");
    std::stable_sort(m_cards.begin(), m_cards.end(),
                     [](const ComplaintCard& a, const ComplaintCard& b) { return a.receivedAt > b.receivedAt; });
    m_owners.assign(owners.begin(), owners.end());
}

std::vector<const ComplaintCard*> ComplaintBoard::filtered(const ComplaintFilter& filter) const {
    std::vector<const ComplaintCard*> out;
    for (const ComplaintCard& c : m_cards) {
        if (filter.matches(c)) out.push_back(&c);
    }
    return out;
}

std::vector<const ComplaintCard*> ComplaintBoard::escalationsFor(const std::string& user) const {
    // No service manager named: every user sees every overdue complaint (a small shop).
    const std::string& managerName = m_settings.deadlines.serviceManager;
    const bool manager = managerName.empty() || user == managerName;
    std::vector<const ComplaintCard*> out;
    for (const ComplaintCard& c : m_cards) {
        if (c.overdue() && (manager || c.owner == user)) out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const ComplaintCard* a, const ComplaintCard* b) { return a->leftMs < b->leftMs; });
    return out;
}

const ComplaintCard* ComplaintBoard::find(const std::string& id) const {
    for (const ComplaintCard& c : m_cards) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

}  // namespace crm::core
