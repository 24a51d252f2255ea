// The complaint summary over a period (complaint_summary.h): a complaint's facts, the recurrence index, the
// tally, and the summary at once.
#include "core/app/complaint_summary.h"

#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

Json ComplaintSummary::toJson() const {
    Json stages = Json::object();
    for (size_t i = 0; i < avgStageHours.size(); ++i)
        stages[kComplaintStageKeys[i + 1]] = {{"avgHours", avgStageHours[i]}, {"n", stageSamples[i]}};
    return Json{{"total", total},
                {"byCategory", byCategory},
                {"byRootCause", byRootCause},
                {"byDepartment", byDepartment},
                {"stages", stages},
                {"deadlinesMet", deadlinesMet},
                {"deadlinesJudged", deadlinesJudged},
                {"onTimeShare", onTimeShare()},
                {"recurringCustomer", recurringCustomer},
                {"recurringVehicle", recurringVehicle},
                {"recurringIds", recurringIds}};
}

// ---- a complaint's facts -----------------------------------------------------------------------------------
std::optional<ComplaintFacts> complaintFacts(std::string id, const Json& complaint, const WorkingTime& time) {
    std::optional<int64_t> received = parseIsoMs(stringField(complaint, "received_at"));
    if (!received) return std::nullopt;
    ComplaintFacts f;
    f.id = std::move(id);
    f.receivedMs = *received;
    f.customerId = stringField(complaint, "customer_id");
    f.category = stringField(complaint, "category");
    if (std::string vehicle = stringField(complaint, "vehicle_id"); !vehicle.empty()) f.vehicleFault = vehicle + '\n' + f.category;
    f.rootCause = stringField(complaint, "root_cause");
    f.department = stringField(complaint, "department");
    // Whether a deadline was reached in time is fixed by its stored instants; one not reached is overdue from its
    // due instant on (judgeAt), so the facts keep that instant and a tally compares it with its own.
    int64_t stageStart = *received;
    for (const StageDeadline& d : deadlinesAt(complaint, 0)) {
        const size_t i = size_t(*parseStage(d.stage)) - 1;
        if (d.reachedMs) {
            f.stageWorkingMs[i] = time.workingBetween(stageStart, *d.reachedMs);
            f.stagesReached |= uint8_t(1u << i);
            stageStart = *d.reachedMs;
            ++f.reachedJudged;
            if (!d.late) ++f.reachedMet;
        } else if (d.dueMs) {
            f.unreachedDueMs.push_back(*d.dueMs);
        }
    }
    return f;
}

// ---- recurrence --------------------------------------------------------------------------------------------
namespace {
// Complaints that name no customer (no vehicle) are never a recurrence of one another, so they are not indexed.
void addInstant(std::unordered_map<std::string, std::vector<int64_t>>& index, const std::string& key, int64_t at) {
    if (key.empty()) return;
    std::vector<int64_t>& times = index[key];
    times.insert(std::upper_bound(times.begin(), times.end(), at), at);
}

void removeInstant(std::unordered_map<std::string, std::vector<int64_t>>& index, const std::string& key, int64_t at) {
    auto it = key.empty() ? index.end() : index.find(key);
    if (it == index.end()) return;
    std::vector<int64_t>& times = it->second;
    if (auto place = std::lower_bound(times.begin(), times.end(), at); place != times.end() && *place == at) times.erase(place);
    if (times.empty()) index.erase(it);
}

// Whether the key's sorted instants hold one in [at - 90 days, at).
bool earlierWithin(const std::unordered_map<std::string, std::vector<int64_t>>& index, const std::string& key, int64_t at) {
    auto it = key.empty() ? index.end() : index.find(key);
    if (it == index.end()) return false;
    const std::vector<int64_t>& sorted = it->second;
    auto first = std::lower_bound(sorted.begin(), sorted.end(), at - int64_t(kRecurrenceDays) * 24 * kHourMs);
    return first != sorted.end() && *first < at;
}
}  // namespace

void RecurrenceIndex::add(const ComplaintFacts& f) {
    addInstant(m_byCustomer, f.customerId, f.receivedMs);
    addInstant(m_byVehicleFault, f.vehicleFault, f.receivedMs);
}

void RecurrenceIndex::remove(const ComplaintFacts& f) {
    removeInstant(m_byCustomer, f.customerId, f.receivedMs);
    removeInstant(m_byVehicleFault, f.vehicleFault, f.receivedMs);
}

void RecurrenceIndex::clear() {
    m_byCustomer.clear();
    m_byVehicleFault.clear();
}

bool RecurrenceIndex::sameCustomer(const ComplaintFacts& f) const { return earlierWithin(m_byCustomer, f.customerId, f.receivedMs); }

bool RecurrenceIndex::sameVehicleFault(const ComplaintFacts& f) const {
    return earlierWithin(m_byVehicleFault, f.vehicleFault, f.receivedMs);
}

// ---- the tally ---------------------------------------------------------------------------------------------
SummaryTally::SummaryTally(const CivilDate& from, const CivilDate& to, const WorkingTime& time, int64_t nowMs)
    : m_from(from), m_to(to), m_offsetMs(time.utcOffsetMinutes * kMinuteMs), m_nowMs(nowMs) {}

void SummaryTally::add(const ComplaintFacts& f, const RecurrenceIndex& index) {
    const CivilDate day = CivilDate::fromDays((f.receivedMs + m_offsetMs) / (24 * kHourMs));
    if (day < m_from || m_to < day) return;
    ComplaintSummary& s = m_summary;
    ++s.total;
    for (auto [value, counts] : {std::pair{&f.category, &s.byCategory}, std::pair{&f.rootCause, &s.byRootCause},
                                 std::pair{&f.department, &s.byDepartment}}) {
        if (!value->empty()) ++(*counts)[*value];
    }
    for (size_t i = 0; i < m_stageWorkingMs.size(); ++i) {
        if (!(f.stagesReached & (1u << i))) continue;
        m_stageWorkingMs[i] += f.stageWorkingMs[i];
        ++s.stageSamples[i];
    }
    s.deadlinesJudged += f.reachedJudged;
    s.deadlinesMet += f.reachedMet;
    for (int64_t due : f.unreachedDueMs) {
        if (m_nowMs >= due) ++s.deadlinesJudged;  // overdue and not reached (judgeAt)
        else if (!m_nextDueMs || due < *m_nextDueMs) m_nextDueMs = due;
    }
    const bool sameCustomer = index.sameCustomer(f), sameVehicle = index.sameVehicleFault(f);
    s.recurringCustomer += sameCustomer;
    s.recurringVehicle += sameVehicle;
    if (sameCustomer || sameVehicle) s.recurringIds.push_back(f.id);
}

ComplaintSummary SummaryTally::finish() {
    ComplaintSummary& s = m_summary;
    // Working time is summed in whole milliseconds, so the averages do not depend on the order of the complaints.
    for (size_t i = 0; i < m_stageWorkingMs.size(); ++i)
        s.avgStageHours[i] = s.stageSamples[i] ? double(m_stageWorkingMs[i]) / double(kHourMs) / s.stageSamples[i] : 0.0;
    std::sort(s.recurringIds.begin(), s.recurringIds.end());
    return std::move(s);
}

// ---- at once -----------------------------------------------------------------------------------------------
std::vector<Json> storedComplaints(const DocumentStore& store) {
    std::vector<Json> all;
    store.forEachDoc([&](const std::string& id, const Json& body) {
        all.push_back(body);
        all.back()["_id"] = id;
        return true;
    }, "complaint");
    return all;
}

ComplaintSummary summarizeComplaints(const std::vector<Json>& complaints, const CivilDate& from, const CivilDate& to,
                                     const WorkingTime& time, int64_t nowMs) {
    std::vector<ComplaintFacts> facts;
    RecurrenceIndex index;
    for (const Json& c : complaints) {
        if (std::optional<ComplaintFacts> f = complaintFacts(stringField(c, "_id"), c, time)) {
            index.add(*f);
            facts.push_back(std::move(*f));
        }
    }
    SummaryTally tally(from, to, time, nowMs);
    for (const ComplaintFacts& f : facts) tally.add(f, index);
    return tally.finish();
}

}  // namespace crm::core
