// The complaint summary over a period (投诉汇总, to prevent recurrence): counts by cause category, root cause
// and responsible department; the average working time each stage took; the share of stage deadlines met;
// recurrence (the same customer again, or the same vehicle with the same kind of fault, within 90 days).
// Built from each complaint's facts (read once from its document), an index of receipt instants for recurrence
// and a tally a complaint at a time: summarizeComplaints does it all at once, ComplaintSummaryJob
// (complaint_summary_job.h) keeps the facts and tallies in slices over frames.
#pragma once
#include "core/domain/civil_date.h"
#include "core/domain/complaint_workflow.h"
#include "core/store/document_store.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::core {

inline constexpr int kRecurrenceDays = 90;

struct ComplaintSummary {
    int total = 0;
    std::map<std::string, int> byCategory, byRootCause, byDepartment;
    std::array<double, 4> avgStageHours{};  // working hours to reach registered … followed_up from the stage before
    std::array<int, 4> stageSamples{};
    int deadlinesMet = 0, deadlinesJudged = 0;  // judged: reached, or overdue and not reached
    int recurringCustomer = 0, recurringVehicle = 0;
    std::vector<std::string> recurringIds;  // sorted
    double onTimeShare() const { return deadlinesJudged ? double(deadlinesMet) / deadlinesJudged : 1.0; }
    Json toJson() const;
};

// What the summary needs from one complaint, read once from its document: all of it but the state of the
// deadlines not reached yet, which depends on the instant (each tally judges them at its own).
struct ComplaintFacts {
    std::string id, customerId, vehicleFault;  // vehicleFault: vehicle id '\n' cause category ("" with no vehicle)
    std::string category, rootCause, department;
    int64_t receivedMs = 0;
    std::array<int64_t, 4> stageWorkingMs{};  // working time the stage reached took from the one before
    uint8_t stagesReached = 0;                // bit i: stage i + 1 reached (a sample of its average)
    int reachedJudged = 0, reachedMet = 0;    // deadlines reached, and those reached in time
    std::vector<int64_t> unreachedDueMs;      // due instants of the deadlines not reached (overdue from then on)
};
// nullopt when the complaint has no readable receipt time (the summary leaves it out). `time`: the working time
// the stage times are measured in.
std::optional<ComplaintFacts> complaintFacts(std::string id, const Json& complaint, const WorkingTime& time);

// Receipt instants by customer and by (vehicle, cause), each kept sorted (added and removed by binary search):
// whether an earlier complaint falls in the 90 days before one is a binary search, so a summary is O(n log n)
// and a changed complaint costs no sort.
class RecurrenceIndex {
public:
    void add(const ComplaintFacts& facts);
    void remove(const ComplaintFacts& facts);  // facts added before
    void clear();
    bool sameCustomer(const ComplaintFacts& facts) const;  // an earlier complaint of the customer within 90 days
    bool sameVehicleFault(const ComplaintFacts& facts) const;  // … of the vehicle with the same cause

private:
    std::unordered_map<std::string, std::vector<int64_t>> m_byCustomer, m_byVehicleFault;
};

// A summary of the complaints received from `from` to `to` (inclusive, shop dates), added up a complaint at a
// time; deadlines not reached are judged at `nowMs`. `index` holds every complaint (an earlier one outside the
// period still makes one inside it a recurrence).
class SummaryTally {
public:
    SummaryTally(const CivilDate& from, const CivilDate& to, const WorkingTime& time, int64_t nowMs);
    void add(const ComplaintFacts& facts, const RecurrenceIndex& index);
    ComplaintSummary finish();  // averages; the recurring ids sorted
    // The first due instant after nowMs among the counted complaints' deadlines not reached: from then on the
    // summary counts one more overdue (nullopt: none).
    std::optional<int64_t> nextDueMs() const { return m_nextDueMs; }

private:
    CivilDate m_from, m_to;
    int64_t m_offsetMs, m_nowMs;
    ComplaintSummary m_summary;
    std::array<int64_t, 4> m_stageWorkingMs{};
    std::optional<int64_t> m_nextDueMs;
};

// Every complaint in the store, each body with its "_id" (what summarizeComplaints takes).
std::vector<Json> storedComplaints(const DocumentStore& store);

// Complaints received from `from` to `to` (inclusive, shop dates) among `complaints` (all of them: an earlier
// complaint outside the period still makes one inside it a recurrence), at once.
ComplaintSummary summarizeComplaints(const std::vector<Json>& complaints, const CivilDate& from, const CivilDate& to,
                                     const WorkingTime& time, int64_t nowMs);

}  // namespace crm::core
