// The complaints board's model (投诉看板): one card per complaint with its customer, stage, severity, owner
// and the time left to the next stage's deadline (working time), filters, the overdue count of the status
// bar and the escalation items of the agenda (the owner's overdue complaints; all of them for the service
// manager named in settings:complaint_deadlines).
//
// Kept up to date without rebuilding: a store listener notes the complaints (and customers) that changed,
// and refresh() rebuilds only their cards (each card keeps its place; a separate order of small sort keys is
// mended by binary search, so an edit costs no sort and no re-index at any size); the turn of a minute re-judges a card only when the clock has
// crossed one of its stored instants (the next warning or the due instant) and moves every card's time left
// by the working time elapsed (one subtraction a card). Everything is built again only at the first refresh,
// after a load and when the working-time or deadline settings change; the frame loop does that in steps
// (refreshInSteps: a scan of the store's entries resumed from where the last step stopped), so a large store
// never holds a frame for the whole build.
#pragma once
#include "core/app/complaint_service.h"
#include "core/app/frame_budget.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
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

    // The board's bookkeeping: the next stage's stored deadline, and when its state must be judged again.
    std::optional<StageDeadline> next;
    int64_t judgedAt = 0;
    std::optional<int64_t> judgeAgainAt;
    int64_t dueFromAnchorMs = 0;  // working time from the board's anchor instant to the due instant (signed)
};

struct ComplaintFilter {
    std::string category, severity, owner;  // empty: any
    bool overdueOnly = false;
    bool matches(const ComplaintCard& card) const;
};

class ComplaintBoard {
public:
    static constexpr size_t kEntriesPerStep = 1024;  // store entries a build step scans (most are not complaints)
    explicit ComplaintBoard(CrmSession& session, size_t entriesPerStep = kEntriesPerStep);
    ~ComplaintBoard();
    ComplaintBoard(const ComplaintBoard&) = delete;
    ComplaintBoard& operator=(const ComplaintBoard&) = delete;

    // Brings the cards to `nowMs` when a complaint, its customer or the settings changed or the minute turned;
    // `paced`: changed documents wait until kPaceMs after the last refresh (a sync or the demo fill changes
    // the store every frame). The cards are then exactly what a rebuild from the documents at `nowMs` gives.
    static constexpr int64_t kPaceMs = 1000;
    void refresh(int64_t nowMs, bool paced = false);
    // The frame loop's refresh: paced, and a build of every card goes kEntriesPerStep store entries a step while
    // `budget` allows, resumed at the next call. Until the build completes the queries below answer from the
    // cards built so far (in no particular order; the overdue count is theirs), and refresh() completes it (the
    // views and the automation API, which want every card). Documents written between steps are noted by the
    // listener as usual and applied when the build completes, so the cards are then what a one-step build gives.
    void refreshInSteps(int64_t nowMs, FrameBudget& budget);
    bool building() const { return m_building; }  // a build of every card is under way

    size_t size() const { return m_cards.size(); }
    std::vector<const ComplaintCard*> filtered(const ComplaintFilter& filter) const;  // newest received first
    const std::vector<std::string>& owners() const { return m_owners; }  // sorted, "" (unassigned) first
    int overdueCount() const { return m_overdue; }
    // Overdue complaints to raise in `user`'s agenda: those they own; every one for the service manager (for
    // everyone while settings name no service manager).
    std::vector<const ComplaintCard*> escalationsFor(const std::string& user) const;
    const ComplaintSettings& settings() const { return m_settings; }
    const ComplaintCard* find(const std::string& id) const;
    // Bumped whenever a complaint changed or a card's deadline state was judged again (views cache on it).
    uint64_t generation() const { return m_generation; }

    // What the refreshes did so far (tests and the benchmark): full builds, cards built from a document, cards
    // whose state was judged again after the clock crossed one of their instants.
    struct Counters {
        int rebuilds = 0, cardsBuilt = 0, judged = 0;
    };
    const Counters& counters() const { return m_counters; }

private:
    void onChange(const Change& change);
    void refreshWithin(int64_t nowMs, bool paced, FrameBudget* budget);  // budget nullptr: no limit
    // The build of every card: started (everything cleared), continued a step at a time (true once every store
    // entry is scanned), then finished (the changes noted meanwhile applied, sorted, retimed).
    void startBuild(int64_t nowMs);
    bool buildSome(FrameBudget* budget);
    void finishBuild(int64_t nowMs);
    // A card's place in the newest-first order: its receipt time's first 16 bytes as two big-endian numbers (so
    // most comparisons touch no string), then the whole receipt time, then the id.
    struct OrderKey {
        uint64_t receivedHigh = 0, receivedLow = 0;
        uint32_t slot = 0;  // the card's place in m_cards
    };
    struct NewerFirst {  // the order's comparison
        const ComplaintBoard* board;
        bool operator()(const OrderKey& a, const OrderKey& b) const;
    };
    OrderKey orderKey(uint32_t slot) const;
    std::vector<OrderKey>::iterator orderPlaceOf(uint32_t slot);  // the card's key in m_order (which is sorted)
    void addCard(ComplaintCard card);  // appended, indexed and counted; its key goes at the end of m_order
    void placeLastCard();              // the card just added: its key moved to its sorted place
    void removeCard(uint32_t slot);    // the last card takes its place
    void countCard(const ComplaintCard& card, int by);  // overdue, owners and customers named, +1 or -1
    void applyChanges(int64_t nowMs);
    ComplaintCard makeCard(const std::string& id, const Json& doc, int64_t nowMs);
    void retime(int64_t nowMs);  // judges crossed instants, sets the time left, counts overdue
    void listOwners();           // m_owners from m_ownerCards
    int64_t workingSince(int64_t anchor, int64_t ms) const;  // signed working time from anchor to ms

    CrmSession& m_session;
    int m_listener = 0;
    bool m_stale = true;  // everything must be built again
    size_t m_entriesPerStep;
    bool m_building = false;   // a build is under way: store entries from m_nextEntry on are still to scan
    DocIndex m_nextEntry = 0;
    std::set<std::string> m_changedComplaints, m_changedCustomers;
    int64_t m_seenMinute = -1;
    int64_t m_refreshedAt = 0;
    int64_t m_anchor = 0;  // the instant the time left is measured from
    ComplaintSettings m_settings;
    std::vector<ComplaintCard> m_cards;               // in no order: a removed card's place takes the last card
    std::vector<OrderKey> m_order;                    // newest received first (unsorted while a build goes on)
    std::unordered_map<std::string, uint32_t> m_index;          // complaint id -> place in m_cards
    std::unordered_map<std::string, uint32_t> m_customerCards;  // customer id -> how many cards name it
    std::map<std::string, uint32_t> m_ownerCards;               // owner -> how many cards
    std::vector<std::string> m_owners;
    int m_overdue = 0;
    Counters m_counters;
    uint64_t m_generation = 0;
};

}  // namespace crm::core
