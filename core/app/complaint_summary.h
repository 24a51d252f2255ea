// The complaint summary over a period (投诉汇总, to prevent recurrence): counts by cause category, root cause
// and responsible department; the average working time each stage took; the share of stage deadlines met;
// recurrence (the same customer again, or the same vehicle with the same kind of fault, within 90 days).
#pragma once
#include "core/domain/civil_date.h"
#include "core/domain/complaint_workflow.h"
#include "core/store/document_store.h"

#include <array>
#include <map>
#include <string>
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
    std::vector<std::string> recurringIds;
    double onTimeShare() const { return deadlinesJudged ? double(deadlinesMet) / deadlinesJudged : 1.0; }
    Json toJson() const;
};

// Every complaint in the store, each body with its "_id" (what summarizeComplaints takes).
std::vector<Json> storedComplaints(const DocumentStore& store);

// Complaints received from `from` to `to` (inclusive, shop dates) among `complaints` (all of them: an earlier
// complaint outside the period still makes one inside it a recurrence).
ComplaintSummary summarizeComplaints(const std::vector<Json>& complaints, const CivilDate& from, const CivilDate& to,
                                     const WorkingTime& time, int64_t nowMs);

}  // namespace crm::core
