// The complaints board's model (complaint_board.h).
//
// Sections: 1. filters  2. keeping up (listener, refresh)  3. cards and their order  4. time  5. queries
#include "core/app/complaint_board.h"

#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

// ---- 1. Filters --------------------------------------------------------------------------------------------
bool ComplaintFilter::matches(const ComplaintCard& c) const {
    return (category.empty() || c.category == category) && (severity.empty() || c.severity == severity) &&
           (owner.empty() || c.owner == owner) && (!overdueOnly || c.overdue());
}

// ---- 2. Keeping up -----------------------------------------------------------------------------------------
ComplaintBoard::ComplaintBoard(CrmSession& session, size_t entriesPerStep)
    : m_session(session), m_entriesPerStep(entriesPerStep) {
    m_listener = m_session.store().addListener([this](const Change& change) { onChange(change); });
}

ComplaintBoard::~ComplaintBoard() { m_session.store().removeListener(m_listener); }

void ComplaintBoard::onChange(const Change& change) {
    if (m_stale) return;  // everything is built at the next refresh anyway
    if (change.reloaded || change.id == kWorkingTimeSettingsId || change.id == kComplaintDeadlinesSettingsId) {
        m_stale = true;
    } else if (change.type == "complaint" || m_index.count(change.id)) {  // a new, changed or deleted complaint
        m_changedComplaints.insert(change.id);
    } else if (m_customerCards.count(change.id)) {  // a renamed customer (or one that arrived after its complaints)
        m_changedCustomers.insert(change.id);
    }
}

void ComplaintBoard::refresh(int64_t nowMs, bool paced) { refreshWithin(nowMs, paced, nullptr); }

void ComplaintBoard::refreshInSteps(int64_t nowMs, FrameBudget& budget) { refreshWithin(nowMs, true, &budget); }

void ComplaintBoard::refreshWithin(int64_t nowMs, bool paced, FrameBudget* budget) {
    if (m_building && !m_stale) {  // a build under way goes on (unpaced: it is already spread over frames)
        if (budget && !budget->allows()) return;
        if (buildSome(budget)) finishBuild(nowMs);
        return;
    }
    const int64_t minute = nowMs / kMinuteMs;
    const bool changed = m_stale || !m_changedComplaints.empty() || !m_changedCustomers.empty();
    if (!changed && minute == m_seenMinute) return;
    if (paced && minute == m_seenMinute && nowMs - m_refreshedAt < kPaceMs) return;
    if (budget && !budget->allows()) return;
    m_refreshedAt = nowMs;
    m_seenMinute = minute;
    if (m_stale) {
        startBuild(nowMs);
        if (buildSome(budget)) finishBuild(nowMs);
        return;
    }
    if (changed) {
        ++m_generation;
        applyChanges(nowMs);
    }
    retime(nowMs);
}

void ComplaintBoard::startBuild(int64_t nowMs) {
    ++m_counters.rebuilds;
    ++m_generation;
    m_stale = false;
    m_building = true;
    m_nextEntry = 0;
    m_changedComplaints.clear();
    m_changedCustomers.clear();
    m_settings = loadComplaintSettings(m_session.store());
    m_anchor = nowMs;  // every card of the build is judged at this instant; finishBuild retimes them to its own
    m_cards.clear();
    m_order.clear();
    m_index.clear();
    m_customerCards.clear();
    m_ownerCards.clear();
    m_owners.clear();
    m_overdue = 0;
}

bool ComplaintBoard::buildSome(FrameBudget* budget) {
    const DocumentStore& store = m_session.store();
    // Entry numbers only grow, and a document written since the build started is also noted by the listener
    // (a complaint, or one the cards already hold): whatever the scan reads, the changes applied at the end win.
    while (m_nextEntry < store.entryCount()) {
        m_nextEntry = store.forEachLiveEntry(m_nextEntry, m_entriesPerStep, "complaint", [&](DocIndex doc) {
            if (std::optional<Json> body = store.entryBody(doc)) addCard(makeCard(std::string(store.idOf(doc)), *body, m_anchor));
        });
        if (budget && !budget->allows()) return false;  // (complete or not: finishing is the next call's step)
    }
    return true;
}

void ComplaintBoard::finishBuild(int64_t nowMs) {
    m_building = false;
    ++m_generation;
    // Small keys in one contiguous array, not the cards (sorting 15,000 cards themselves took 26 ms in wasm).
    std::sort(m_order.begin(), m_order.end(), NewerFirst{this});
    listOwners();
    if (!m_changedComplaints.empty() || !m_changedCustomers.empty()) applyChanges(nowMs);
    retime(nowMs);
}

void ComplaintBoard::applyChanges(int64_t nowMs) {
    for (const std::string& id : m_changedComplaints) {
        std::optional<Json> doc = m_session.store().winningBody(id);
        const bool isComplaint = doc && stringField(*doc, "type") == "complaint";
        auto at = m_index.find(id);
        if (at != m_index.end()) removeCard(at->second);  // (a changed one is added again below)
        if (isComplaint) {
            addCard(makeCard(id, *doc, nowMs));
            placeLastCard();
        }
    }
    for (ComplaintCard& c : m_cards) {
        if (!m_changedCustomers.count(c.customerId)) continue;
        const CustomerRow* row = m_session.customers().find(c.customerId);
        c.customerName = row ? row->name : std::string();
    }
    m_changedComplaints.clear();
    m_changedCustomers.clear();
    listOwners();
}

// ---- 3. Cards ----------------------------------------------------------------------------------------------
void ComplaintBoard::addCard(ComplaintCard card) {
    const auto slot = uint32_t(m_cards.size());
    m_index[card.id] = slot;
    countCard(card, +1);
    m_cards.push_back(std::move(card));
    m_order.push_back(orderKey(slot));
}

void ComplaintBoard::placeLastCard() {
    const OrderKey key = m_order.back();
    m_order.pop_back();
    m_order.insert(std::upper_bound(m_order.begin(), m_order.end(), key, NewerFirst{this}), key);
}

void ComplaintBoard::removeCard(uint32_t slot) {
    m_order.erase(orderPlaceOf(slot));
    countCard(m_cards[slot], -1);
    m_index.erase(m_cards[slot].id);
    const auto last = uint32_t(m_cards.size() - 1);
    if (slot != last) {
        orderPlaceOf(last)->slot = slot;
        m_index[m_cards[last].id] = slot;
        m_cards[slot] = std::move(m_cards[last]);
    }
    m_cards.pop_back();
}

void ComplaintBoard::countCard(const ComplaintCard& card, int by) {
    if (card.overdue()) m_overdue += by;
    auto countIn = [by](auto& counts, const std::string& key) {
        if (by > 0) {
            ++counts[key];
        } else if (auto it = counts.find(key); it != counts.end() && --it->second == 0) {
            counts.erase(it);
        }
    };
    countIn(m_customerCards, card.customerId);
    countIn(m_ownerCards, card.owner);
}

void ComplaintBoard::listOwners() {
    m_owners.clear();
    for (const auto& [owner, cards] : m_ownerCards) m_owners.push_back(owner);
}

ComplaintBoard::OrderKey ComplaintBoard::orderKey(uint32_t slot) const {
    // Big-endian, padded with zero bytes: the numbers compare as the strings' first 16 bytes do (a shorter
    // string's padding sorts before any byte but a zero, and equal numbers go on to compare the strings).
    const std::string& received = m_cards[slot].receivedAt;
    OrderKey key;
    key.slot = slot;
    for (size_t i = 0; i < 16; ++i) {
        const uint64_t byte = i < received.size() ? uint8_t(received[i]) : 0;
        (i < 8 ? key.receivedHigh : key.receivedLow) |= byte << (8 * (7 - i % 8));
    }
    return key;
}

bool ComplaintBoard::NewerFirst::operator()(const OrderKey& a, const OrderKey& b) const {
    if (a.receivedHigh != b.receivedHigh) return a.receivedHigh > b.receivedHigh;
    if (a.receivedLow != b.receivedLow) return a.receivedLow > b.receivedLow;
    const ComplaintCard& x = board->m_cards[a.slot];
    const ComplaintCard& y = board->m_cards[b.slot];
    if (x.receivedAt != y.receivedAt) return x.receivedAt > y.receivedAt;
    return x.id < y.id;  // the same receipt time in id order
}

std::vector<ComplaintBoard::OrderKey>::iterator ComplaintBoard::orderPlaceOf(uint32_t slot) {
    // Ids are unique, so the order is total and the card's own key is found exactly.
    return std::lower_bound(m_order.begin(), m_order.end(), orderKey(slot), NewerFirst{this});
}

ComplaintCard ComplaintBoard::makeCard(const std::string& id, const Json& doc, int64_t nowMs) {
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
    c.next = nextDeadline(doc, nowMs);
    if (c.next) {
        c.judgedAt = nowMs;
        c.judgeAgainAt = nextStateChange(*c.next, nowMs);
        c.state = c.next->state;
        c.warnLevel = c.next->warnLevel;
        if (c.next->dueMs) {
            c.hasDue = true;
            c.dueFromAnchorMs = workingSince(m_anchor, *c.next->dueMs);
        }
    }
    ++m_counters.cardsBuilt;
    return c;
}

// ---- 4. Time -----------------------------------------------------------------------------------------------
int64_t ComplaintBoard::workingSince(int64_t anchor, int64_t ms) const {
    return ms >= anchor ? m_settings.time.workingBetween(anchor, ms) : -m_settings.time.workingBetween(ms, anchor);
}

void ComplaintBoard::retime(int64_t nowMs) {
    // Working time is additive: left = working(now → due) = working(anchor → due) − working(anchor → now),
    // signed, so one interval a refresh serves every card (negative once overdue, as before).
    const int64_t elapsed = workingSince(m_anchor, nowMs);
    m_overdue = 0;
    for (ComplaintCard& c : m_cards) {
        if (c.next) {
            // A state changes only when the clock crosses a stored instant (or runs back, in tests and demos).
            if (nowMs < c.judgedAt || (c.judgeAgainAt && nowMs >= *c.judgeAgainAt)) {
                ++m_counters.judged;
                ++m_generation;
                judgeAt(*c.next, nowMs);
                c.judgedAt = nowMs;
                c.judgeAgainAt = nextStateChange(*c.next, nowMs);
                c.state = c.next->state;
                c.warnLevel = c.next->warnLevel;
            }
            if (c.hasDue) c.leftMs = c.dueFromAnchorMs - elapsed;
        }
        if (c.overdue()) ++m_overdue;
    }
}

// ---- 5. Queries --------------------------------------------------------------------------------------------
std::vector<const ComplaintCard*> ComplaintBoard::filtered(const ComplaintFilter& filter) const {
    std::vector<const ComplaintCard*> out;
    for (const OrderKey& key : m_order) {
        if (filter.matches(m_cards[key.slot])) out.push_back(&m_cards[key.slot]);
    }
    return out;
}

std::vector<const ComplaintCard*> ComplaintBoard::escalationsFor(const std::string& user) const {
    // No service manager named: every user sees every overdue complaint (a small shop).
    const std::string& managerName = m_settings.deadlines.serviceManager;
    const bool manager = managerName.empty() || user == managerName;
    std::vector<const ComplaintCard*> out;
    for (const OrderKey& key : m_order) {
        const ComplaintCard& c = m_cards[key.slot];
        if (c.overdue() && (manager || c.owner == user)) out.push_back(&c);
    }
    std::stable_sort(out.begin(), out.end(), [](const ComplaintCard* a, const ComplaintCard* b) { return a->leftMs < b->leftMs; });
    return out;
}

const ComplaintCard* ComplaintBoard::find(const std::string& id) const {
    auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_cards[it->second];
}

}  // namespace crm::core
