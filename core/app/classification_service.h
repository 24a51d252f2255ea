// Classification and reminders of every customer in the store, kept current lazily: the change listener
// marks the touched customers, refresh() rebuilds only their facts, then re-ranks. A few changed customers
// are re-ranked incrementally: their spend moves in a sorted list of everyone's spend, the class thresholds
// (population percentiles) are recomputed from it, and only customers whose class changed get new reminders
// and agenda entries. Many changes, a new day or new settings re-rank everyone.
#pragma once
#include "core/app/frame_budget.h"
#include "core/app/packed_facts.h"
#include "core/app/store_id_ref.h"
#include "core/domain/classification.h"
#include "core/domain/followup_rules.h"
#include "core/store/document_store.h"
#include "core/store/secondary_index.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace crm::core {

// Settings documents (normal ids, so they sync between the devices of a dealership).
inline constexpr const char* kClassificationSettingsId = "settings:classification";
inline constexpr const char* kFollowupSettingsId = "settings:followup";

// The key a follow-up stores in its "resolves" field to close a reminder: "kind|vehicleId|YYYY-MM-DD".
std::string reminderKey(const Reminder& reminder);

// Today's date in China Standard Time (UTC+8), the dealership's calendar.
CivilDate chinaToday(int64_t nowMs);

// One reminder in the agenda as the service keeps it (16 bytes, where a Reminder with its id and detail strings
// took ~130 in wasm): whose, which vehicle, when, what; ClassificationService::reminderOf gives the Reminder.
struct AgendaEntry {
    StoreIdRef customer = kNoStoreId;
    StoreIdRef vehicle = kNoStoreId;  // none for customer-level reminders
    int32_t dueDays = 0;              // CivilDate::toDays
    ReminderKind kind = ReminderKind::Revisit;
    uint8_t ordinal = 0;  // its place in remindersFor's list for the customer (the detail is computed again)
};
struct AgendaEntries {  // Agenda's buckets, in its order
    std::vector<AgendaEntry> overdue;
    std::vector<AgendaEntry> today;
    std::vector<AgendaEntry> thisWeek;
};

class ClassificationService {
public:
    explicit ClassificationService(DocumentStore& store);
    ~ClassificationService();
    ClassificationService(const ClassificationService&) = delete;
    ClassificationService& operator=(const ClassificationService&) = delete;

    // Brings everything up to date for `today`; does nothing when no relevant document changed and the
    // day is the same. Returns true when results changed.
    // `budget` > 0 limits how many customers' facts are rebuilt in this call (a full rebuild is then
    // spread over calls, and results change once all are done); 0 rebuilds everything at once.
    bool refresh(const CivilDate& today, size_t budget = 0);
    // For the frame loop: rebuilds at most kFrameBudget customers' facts a call (ranks follow in a later
    // call once all are rebuilt). Once ranked, a full re-rank waits while documents keep changing (less than
    // kSettleMs since facts were last rebuilt, for up to kMaxStaleMs) and customers / 100 ms after the
    // previous one (1 s at 100,000), so neither loading nor a sync streaming in keeps it busy; it then runs
    // in steps of kRankPerStep customers a call into a second set of results, which replaces the first when
    // complete (facts wait meanwhile). An incremental re-rank runs at once.
    static constexpr size_t kFrameBudget = 300;
    static constexpr size_t kRankPerStep = 250;
    static constexpr int64_t kSettleMs = 1500;
    static constexpr int64_t kMaxStaleMs = 15000;
    // Up to this many changed customers are re-ranked incrementally; more re-rank everyone.
    static constexpr size_t kIncrementalLimit = 64;
    // `factsBudget`: customers' facts rebuilt in this call (the frame loop asks again while it has time).
    // True when results changed.
    bool refreshPaced(const CivilDate& today, int64_t nowMs, size_t factsBudget = kFrameBudget);
    // The frame loop's: as above, with the facts rebuilt a customer at a time while `budget` allows (at least
    // one), so a step is as long as the allowance whatever the load, not a count of customers.
    bool refreshPaced(const CivilDate& today, int64_t nowMs, FrameBudget& budget);
    // refreshPaced has work it would do now: facts to rebuild or a full re-rank under way.
    bool busy() const { return queueing() || !m_dirty.empty() || m_ranking.has_value(); }
    bool dirty() const { return m_allDirty || queueing() || !m_dirty.empty() || m_ranksDirty; }
    // Facts still to rebuild (while every customer is being queued, at least the customers not yet rebuilt).
    size_t pendingCustomers() const {
        return queueing() ? std::max<size_t>({m_dirty.size(), m_facts.size(), 1}) : m_dirty.size();
    }
    // Entries of the store that queueing every customer looks through a step (the allowance is checked between).
    static constexpr size_t kQueueEntriesPerStep = 4096;
    // How far a rebuild of every customer's facts (after a load, new settings) has come, 0..1, for a progress
    // indicator; nullopt when none is under way (a few edited customers do not count).
    std::optional<double> rebuildProgress() const;
    // Forgets all cached facts (the next refresh rebuilds them from every document).
    void invalidateAll();
    // Bumped whenever results change (views cache on it).
    uint64_t generation() const { return m_generation; }

    // nullptr for a customer not (yet) ranked: the views show no class rather than a default one.
    const CustomerClassification* classOf(const std::string& customerId) const;
    // Unpacked from the packed facts kept for every customer (see packed_facts.h); nullopt for none.
    std::optional<CustomerFacts> factsOf(const std::string& customerId) const;
    // Open reminders due by the end of the agenda's week (overdue included), by due date (computed on each call
    // from the cached facts and class).
    std::vector<Reminder> remindersOf(const std::string& customerId) const;
    std::optional<CivilDate> nextFollowupOf(const std::string& customerId) const;
    // The agenda as kept (views draw the rows they show with reminderOf) ...
    const AgendaEntries& agendaEntries() const { return m_agenda; }
    // ... one entry as a Reminder (its detail computed again from the customer's facts; empty when the facts
    // changed since it was ranked and it is gone from them) ...
    Reminder reminderOf(const AgendaEntry& entry) const;
    // ... and all of it as Reminders (tests, benches: at 100,000 customers ~100,000 of them).
    Agenda agenda() const;
    size_t customerCount() const { return m_facts.size(); }
    // customer_id -> ids of the documents about that customer (vehicles, service records, follow-ups, ...).
    const SecondaryIndex& byCustomer() const { return m_byCustomer; }

    // Bytes held by each part, estimated from sizes and capacities (each heap block a string or vector owns, hash
    // nodes and buckets; allocator overhead not counted), and what they hold: for the memory bench (issue 14).
    struct MemoryStats {
        size_t facts = 0, classes = 0, customerIndex = 0, agenda = 0, queues = 0;  // bytes
        size_t customers = 0, vehicles = 0, visits = 0, readings = 0, reminders = 0;
    };
    MemoryStats memoryStats() const;

    const ClassificationSettings& classificationSettings() const { return m_classSettings; }
    const FollowupSettings& followupSettings() const { return m_followupSettings; }

private:
    void onChange(const Change& change);
    void removeAt(size_t index);
    void loadSettings();
    void rebuildAllFacts();
    // Queues every customer for a rebuild of facts: those known at once, the store's customers by table position in
    // steps (queueSomeCustomers; one pass over 880,000 entries inserting 100,000 was an 80 ms task).
    void queueAllCustomers();
    bool queueing() const { return m_queueFrom.has_value(); }
    // Goes on queueing the store's customers while `time` allows (at least one step; all of them without `time`);
    // true once every one is queued.
    bool queueSomeCustomers(FrameBudget* time);
    void rebuildFacts(StoreIdRef customer);
    StoreIdRef ref(const std::string& id) const { return m_store.idRef(id); }
    void markDirty(const std::string& customerId);  // a customer the store has (others are ignored)
    std::optional<size_t> indexOf(const std::string& customerId) const;
    // refresh() in steps: settings and "everything changed" first, then the queued facts (false while some
    // remain), then classes and reminders (true when results changed).
    void applyPendingInvalidation(bool allAtOnce);
    bool rebuildDirtyFacts(size_t budget, FrameBudget* time = nullptr);  // time: also stop once it is spent
    bool refreshPacedWithin(const CivilDate& today, int64_t nowMs, size_t factsBudget, FrameBudget* time);
    bool rerankIfNeeded(const CivilDate& today);
    void rerank(const CivilDate& today);
    // A full re-rank in steps (see Ranking); true once it is complete and its results are in place.
    void startRanking(const CivilDate& today);
    bool continueRanking();
    void releaseRetired(size_t limit);
    void rerankChanged(const CivilDate& today);
    void rerankIncrementally(const CivilDate& today);  // rerankChanged, then the bookkeeping of a re-rank
    bool needsFullRerank(const CivilDate& today) const;
    std::vector<Reminder> openReminders(size_t index, const CustomerClassification& c, const CivilDate& today) const;
    std::vector<AgendaEntry> openEntries(size_t index, const CustomerClassification& c, const CivilDate& today) const;
    UnpackedFacts unpack(size_t index) const;
    void store(size_t index, const CustomerFacts& facts, const std::vector<std::string>& resolved);
    void retractSpend(size_t index);
    void retractReminders(const std::vector<size_t>& customers);  // their reminders leave the agenda
    void addToAgenda(std::vector<AgendaEntry> entries);
    std::vector<AgendaEntry>* agendaBucket(int32_t dueDays);

    DocumentStore& m_store;
    // Registered before m_byCustomer's own listener, so onChange still finds there the customer a changed
    // document belonged to before the change (no map of its own from related documents to customers).
    int m_listener = 0;
    SecondaryIndex m_byCustomer;  // customer_id -> related document ids
    std::unordered_set<StoreIdRef> m_dirty;  // customers whose facts are to be rebuilt
    size_t m_rebuildTotal = 0;  // customers queued by the rebuild of everyone under way (0: none)
    std::optional<DocIndex> m_queueFrom;  // queueing every customer: the store's entry to go on from
    bool m_allDirty = true;
    bool m_ranksDirty = true;
    bool m_settingsDirty = true;
    std::optional<CivilDate> m_today;

    // Every customer's facts, packed (~90 B where the structs took ~600 B in wasm): unpacked when it is ranked,
    // its reminders are listed, or a view asks. Its importance mark is kept beside them, for re-ranks that only
    // move class thresholds.
    struct StoredFacts {
        StoreIdRef customer = kNoStoreId;
        bool markedImportant = false;
        std::string packed;  // packFacts: the facts and the reminder keys closed by follow-ups
    };
    std::vector<StoredFacts> m_facts;
    std::unordered_map<StoreIdRef, size_t> m_index;  // customer -> position in m_facts
    std::vector<CustomerClassification> m_classes;   // aligned with m_facts
    // Incremental re-ranking: m_classes, m_spends and m_agenda agree with each other for m_today and the
    // settings (except the customers in m_pendingRank, whose facts changed since). A customer's open reminders
    // are its entries in m_agenda (remindersOf computes them again from its facts and class: no copy is kept).
    bool m_ranked = false;
    std::vector<double> m_spends;  // every ranked customer's spend in the window, descending
    ValueThresholds m_thresholds;
    std::unordered_set<StoreIdRef> m_pendingRank;
    AgendaEntries m_agenda;
    // A full re-rank under way: everyone's classes and spends, then the class thresholds, then everyone's
    // reminders (sorted a step at a time), then the agenda (merged from them into its buckets), a step at a
    // time; m_facts stays as it is until it is done.
    struct Ranking {
        enum class Phase { Classes, Thresholds, Reminders, Agenda };
        CivilDate today;
        Phase phase = Phase::Classes;
        size_t next = 0;  // customers done in this phase
        std::vector<CustomerClassification> classes;
        std::vector<double> spends;
        ValueThresholds thresholds;
        std::vector<std::vector<AgendaEntry>> runs;    // each step's reminders, in agenda order
        std::vector<std::pair<size_t, size_t>> heap;  // merging them: (run, position), smallest on top
        AgendaEntries agenda;                         // merged so far
    };
    std::optional<Ranking> m_ranking;
    // Results a full re-rank replaced, destroyed a few thousand items a call (releaseRetired).
    struct Retired {
        std::vector<CustomerClassification> classes;
        AgendaEntries agenda;
    };
    std::vector<Retired> m_retired;
    ClassificationSettings m_classSettings;
    FollowupSettings m_followupSettings;
    uint64_t m_generation = 1;
    int64_t m_lastFactsMs = INT64_MIN / 2;  // refreshPaced: facts last rebuilt
    int64_t m_lastRankMs = INT64_MIN / 2;   // refreshPaced: last re-rank
};

}  // namespace crm::core
