// The Complaints summary computed in the background (issue 14: a derived view never blocks a frame). Each
// complaint's facts (complaint_summary.h) are read from the store a slice of entries a step, then kept up to
// date by a store listener: a changed complaint document is read again alone, and only a change to the working
// time (which the stage times are measured in) or a bulk load reads them all again. A tally of the facts for the
// period asked for runs a slice of complaints a step; the last finished summary stays readable meanwhile.
//
// When a tally runs again: when the period asked for changes (the view's choice, or the turn of the day), at most
// once a second after complaint documents changed (a sync or the demo fill writes every frame), and — for the
// deadlines not reached, which count as overdue from their due instant on — at most every 5 minutes once such an
// instant has passed (the board's minute tick re-judging a card changes no document and restarts nothing here).
#pragma once
#include "core/app/complaint_summary.h"
#include "core/app/crm_session.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace crm::core {

class ComplaintSummaryJob {
public:
    static constexpr size_t kEntriesPerStep = 1024;  // store entries a read step scans (most are not complaints)
    static constexpr size_t kFactsPerStep = 1024;    // complaints a tally step adds up
    static constexpr size_t kChangesPerStep = 64;    // changed complaints read again a step (a sync writes many)
    static constexpr int64_t kPaceMs = 1000;         // changed complaints wait this long after the last tally
    static constexpr int64_t kOverdueRecountMs = 5 * kMinuteMs;  // a passed due instant waits this long

    explicit ComplaintSummaryJob(CrmSession& session, size_t entriesPerStep = kEntriesPerStep,
                                 size_t factsPerStep = kFactsPerStep);
    ~ComplaintSummaryJob();
    ComplaintSummaryJob(const ComplaintSummaryJob&) = delete;
    ComplaintSummaryJob& operator=(const ComplaintSummaryJob&) = delete;

    // The period to summarize (inclusive shop dates). Nothing is read before the first request; a new period
    // drops a tally under way for another.
    void request(const CivilDate& from, const CivilDate& to);
    // The frame loop: whether a step is due at `nowMs`, and one step (a slice of the store read, of the changed
    // complaints read again, or of the tally).
    bool hasWork(int64_t nowMs) const;
    void step(int64_t nowMs);

    // The last finished summary (nullopt before the first), and whether it is for the period asked for.
    const std::optional<ComplaintSummary>& summary() const { return m_summary; }
    bool answersRequest() const { return m_summary && m_summaryFrom == m_from && m_summaryTo == m_to; }
    double progress() const;  // of the read and tally under way, 0 … 1
    uint64_t generation() const { return m_generation; }  // bumped when summary() changes

    // What the job did so far (tests and the benchmark): full reads, complaints read, tallies finished, and
    // complaint documents changed (as the listener saw them).
    struct Counters {
        int reads = 0, factsRead = 0, tallies = 0;
        uint64_t complaintChanges = 0;
    };
    const Counters& counters() const { return m_counters; }

private:
    void onChange(const Change& change);
    bool tallyDue(int64_t nowMs) const;
    void startRead();
    void readSome();
    void startApplying();  // the complaints changed so far: read again before the tally
    void applySome(int64_t nowMs);
    void startTally(int64_t nowMs);
    void tallySome();
    void putFacts(const std::string& id, const Json& complaint);  // replaces the complaint's facts, if any
    void removeFacts(const std::string& id);

    CrmSession& m_session;
    int m_listener = 0;
    size_t m_entriesPerStep, m_factsPerStep;
    bool m_requested = false;
    CivilDate m_from, m_to;
    // A round: every complaint read (after a load or a working-time change: m_stale), or the changed ones read
    // again, then the tally. Changes noted during a round wait for the next.
    enum class Phase { Idle, Reading, Applying, Tallying } m_phase = Phase::Idle;
    bool m_stale = true;
    DocIndex m_nextEntry = 0;  // Reading: the store entry to go on from
    WorkingTime m_time = WorkingTime::defaults();
    std::vector<ComplaintFacts> m_facts;                  // in no order: a removed one's place takes the last
    std::unordered_map<std::string, size_t> m_slots;      // complaint id -> place in m_facts
    RecurrenceIndex m_recurrence;
    std::unordered_set<std::string> m_changed;            // complaint ids whose facts are to be read again
    std::vector<std::string> m_applying;                  // Applying: those of this round
    size_t m_nextChange = 0;
    std::optional<SummaryTally> m_tally;                  // Tallying (the facts stand still meanwhile)
    size_t m_nextFact = 0;
    int64_t m_talliedAt = 0;  // the instant of the last tally started
    std::optional<ComplaintSummary> m_summary;
    CivilDate m_summaryFrom, m_summaryTo;
    std::optional<int64_t> m_nextDueMs;  // of the summary shown (SummaryTally::nextDueMs)
    uint64_t m_generation = 0;
    Counters m_counters;
};

}  // namespace crm::core
